import Crypto
import Foundation
import PortunusCore
import Storage
import Travel

/// Receives API/PNR files: reads them, keeps the raw bytes with what reading gave (status,
/// counts, diagnostics), recognises a file received before, and reads stored files again
/// after a parser change. Nothing is refused for being messy: a file whose messages could not
/// be read at all is kept with status `failed`.
public struct TravelIntake: Sendable {
    /// Bumped whenever the parsers change what they read, so stored files can be read again.
    /// 2: contacts, agency, seats, check-ins, history, codeshares; times in UTC.
    /// 3: checked bags from API lists (MEA).
    public static let parserVersion = 3

    let store: PortunusStore
    /// Airport time zones, for UTC times; without them times stay local, as sent.
    let airports: AirportTimeZones?

    public init(store: PortunusStore, airports: AirportTimeZones? = nil) {
        self.store = store
        self.airports = airports
    }

    public struct Receipt: Sendable, Hashable, Encodable {
        public var id: Int64
        public var duplicate: Bool
        public var status: TravelFileStatus
        public var messages: Int
        public var passengers: Int
        public var bookings: Int
        public var diagnostics: [EDIFACTDiagnostic]
    }

    func read(_ data: Data) -> (status: TravelFileStatus, messages: [TravelMessage], diagnostics: [EDIFACTDiagnostic]) {
        let messages = TravelReader.read(data, airports: airports).filter { !$0.type.isEmpty || !$0.diagnostics.isEmpty }
        let diagnostics = messages.flatMap(\.diagnostics)
        let readable = messages.filter { !$0.type.isEmpty }
        let status = TravelFileStatus(readableMessages: readable.count, diagnostics: diagnostics.count)
        return (status, readable, diagnostics)
    }

    /// Reads and stores one file.
    public func receive(_ data: Data, source: String) throws -> Receipt {
        let (status, messages, diagnostics) = read(data)
        let stored = try store.travelFiles.insertTravelFile(
            raw: data, sha256: Data(SHA256.hash(data: data)), source: source, status: status, messages: messages, diagnostics: diagnostics,
            parserVersion: Self.parserVersion)
        return Receipt(
            id: stored.id, duplicate: stored.duplicate, status: status, messages: messages.count,
            passengers: messages.reduce(0) { $0 + $1.passengers.count }, bookings: messages.reduce(0) { $0 + $1.bookings.count },
            diagnostics: diagnostics)
    }

    /// Reads again every stored file read by an older parser than `version`; returns how many.
    /// Only the raw bytes are read back: what an older parser stored need not decode today.
    public func reparse(olderThan version: Int = TravelIntake.parserVersion) throws -> Int {
        let ids = try store.travelFiles.travelFilesToReparse(before: version)
        for id in ids {
            guard let raw = try store.travelFiles.travelFileBytes(id: id) else { continue }
            let (status, messages, diagnostics) = read(raw)
            try store.travelFiles.updateTravelFile(id: id, status: status, messages: messages, diagnostics: diagnostics, parserVersion: version)
        }
        return ids.count
    }
}
