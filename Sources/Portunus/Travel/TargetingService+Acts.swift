import Foundation
import PortunusCore
import Travel

/// The acts of the HTTP door, each one use case: a file received and screened, a watch-list
/// upload or entry with the flights still to come screened again, a rule set replaced.
extension TargetingService {
    /// The operation each kind of act needs. The acts check it; a door that reads a request
    /// body asks it here before reading, so which act needs what is written once.
    public enum Operations {
        /// Receiving an API or PNR file.
        public static let receiveFile = Operation.ingestTravel
        /// Creating lists, adding, loading and removing entries.
        public static let manageWatchLists = Operation.manageWatchLists
        /// Replacing the travel rule set.
        public static let replaceRules = Operation.manageTravelRules
    }

    /// A received file's receipt, and what targeting did with it.
    public struct Received: Sendable, Encodable {
        public var receipt: TravelIntake.Receipt
        public var targeting: Processed

        enum CodingKeys: String, CodingKey { case targeting }

        /// The receipt's members, with `targeting` beside them.
        public func encode(to encoder: any Encoder) throws {
            try receipt.encode(to: encoder)
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(targeting, forKey: .targeting)
        }
    }

    /// Stores an API or PNR file (a copy already received is a duplicate), links its people
    /// to travellers and screens its flights.
    public func receive(_ file: Data, source: String, airports: AirportTimeZones?, by principal: Principal) throws -> Received {
        try AccessPolicy.require(Operations.receiveFile, principal)
        let receipt = try TravelIntake(store: store, airports: airports).receive(file, source: source)
        return Received(receipt: receipt, targeting: try process(messageID: receipt.id))
    }

    /// A CSV upload into one list, and how many flights were screened again after it.
    public struct Upload: Sendable, Encodable {
        var added: Int, updated: Int, unchanged: Int, rejected: Int
        var problems: [Problem]
        var rescreenedFlights: Int

        struct Problem: Sendable, Encodable {
            var code: String
            var detail: String
            var line: Int?
            var column: String?
        }

        enum CodingKeys: String, CodingKey { case added, updated, unchanged, rejected, problems, rescreenedFlights = "rescreened_flights" }
    }

    /// Loads CSV rows into the list `name` (which must exist; see ``importCSV(_:list:createLists:by:)``),
    /// then screens the flights still to come again.
    public func upload(csv: [UInt8], list name: String, by principal: Principal) throws(PortunusError) -> Upload {
        try AccessPolicy.require(Operations.manageWatchLists, principal)
        guard try store.targeting.watchList(named: name) != nil else { throw PortunusError(.notFound, "no such watch list", field: "name") }
        let report = try importCSV(csv, list: name, by: principal)
        let rescreened = try rescreen()
        return Upload(
            added: report.added, updated: report.updated, unchanged: report.unchanged, rejected: report.rejected,
            problems: report.problems.map {
                Upload.Problem(code: $0.code.rawValue, detail: $0.reason, line: $0.location?.line, column: $0.location?.columnName)
            }, rescreenedFlights: rescreened.flights)
    }

    /// Adds one entry from JSON (see ``addEntry(list:_:by:)``), then screens the flights still
    /// to come again.
    public func enter(_ body: Data, list name: String, by principal: Principal) throws(PortunusError) -> EntryView {
        let entry = try addEntry(list: name, body, by: principal)
        _ = try rescreen()
        return EntryView(entry)
    }

    /// A rule set replaced, and what screening the flights still to come again found.
    public struct RulesReplaced: Sendable, Encodable {
        var version: Int64
        var rescreenedFlights: Int
        var hits: Int
        enum CodingKeys: String, CodingKey { case version, rescreenedFlights = "rescreened_flights", hits }
    }

    /// Stores a new version of the rule set (see ``setRules(yaml:by:)``; a `RuleSetError`
    /// names the line, rule and field) and screens the flights still to come again under it.
    public func replaceRules(yaml: String, by principal: Principal) throws -> RulesReplaced {
        let version = try setRules(yaml: yaml, by: principal)
        let rescreened = try rescreen()
        return RulesReplaced(version: version, rescreenedFlights: rescreened.flights, hits: rescreened.hits)
    }

    /// Watch lists as listed.
    public func listViews(by principal: Principal) throws(PortunusError) -> [WatchListView] {
        try lists(by: principal).map(WatchListView.init)
    }

    /// A new watch list.
    public func createListView(name: String, kind: String, description: String, by principal: Principal) throws(PortunusError) -> WatchListView {
        WatchListView(try createList(name: name, kind: kind, description: description, by: principal))
    }

    /// A page of a list's entries (masked) after the entry `after`, and where the next page starts.
    public struct EntryPage: Sendable, Encodable {
        var entries: [EntryView]
        var next: Int64?
    }

    public func entryPage(list name: String, after: Int64, limit: Int, by principal: Principal) throws(PortunusError) -> EntryPage {
        let found = try entries(list: name, after: after, limit: limit, by: principal)
        return EntryPage(entries: found.map(EntryView.init), next: found.count == limit ? found.last?.id : nil)
    }
}
