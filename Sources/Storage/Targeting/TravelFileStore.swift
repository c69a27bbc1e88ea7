import Foundation
import GRDB
import PortunusCore
import Travel

/// Received API and PNR files (EDIFACT, as parsed) and what intake made of them.
public struct TravelFileStore: AggregateStore {
    let engine: PortunusStore
}

extension TravelFileStore {
    /// Stores a received file and what reading it gave; the same bytes received again are
    /// recognised (`duplicate` true, the first record's id returned) and not stored twice.
    public func insertTravelFile(
        raw: Data, sha256: Data, source: String, status: TravelFileStatus, messages: [TravelMessage], diagnostics: [EDIFACTDiagnostic],
        parserVersion: Int
    ) throws(PortunusError) -> (id: Int64, duplicate: Bool) {
        try write { db in
            if let existing = try Int64.fetchOne(db, sql: "SELECT id FROM travel_message WHERE sha256 = ?", arguments: [sha256]) {
                return (existing, true)
            }
            try db.execute(
                sql: """
                    INSERT INTO travel_message (received_at, source, sha256, raw, status, messages, people, parsed_json, diagnostics_json, parser_version)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    ISO8601.format(Date()), source, sha256, raw, status.rawValue, messages.count, TravelFileStore.people(messages),
                    try TravelFileStore.parsedText(messages), try JSONColumn.text(diagnostics, column: "diagnostics_json", table: "travel_message"),
                    parserVersion,
                ])
            return (db.lastInsertedRowID, false)
        }
    }

    /// A stored file with what reading it gave, and its raw bytes (empty once depersonalised).
    public func travelFile(id: Int64) throws(PortunusError) -> (file: StoredTravelFile, raw: Data)? {
        try read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM travel_message WHERE id = ?", arguments: [id]).map {
                (try TravelFileStore.travelFile($0), $0["raw"])
            }
        }
    }

    /// A stored file's raw bytes alone: what reading it again starts from, whatever an older
    /// parser made of it.
    public func travelFileBytes(id: Int64) throws(PortunusError) -> Data? {
        try read { db in try Data.fetchOne(db, sql: "SELECT raw FROM travel_message WHERE id = ?", arguments: [id]) }
    }

    /// Ids of the files read by an older parser than `parserVersion`.
    public func travelFilesToReparse(before parserVersion: Int) throws(PortunusError) -> [Int64] {
        try read { db in try Int64.fetchAll(db, sql: "SELECT id FROM travel_message WHERE parser_version < ? ORDER BY id", arguments: [parserVersion])
        }
    }

    /// Replaces what reading a stored file gave (after a parser fix); the raw bytes stay.
    public func updateTravelFile(
        id: Int64, status: TravelFileStatus, messages: [TravelMessage], diagnostics: [EDIFACTDiagnostic], parserVersion: Int
    ) throws(PortunusError) {
        try write { db in
            try db.execute(
                sql: """
                    UPDATE travel_message SET status = ?, messages = ?, people = ?, parsed_json = ?, diagnostics_json = ?, parser_version = ? WHERE id = ?
                    """,
                arguments: [
                    status.rawValue, messages.count, TravelFileStore.people(messages), try TravelFileStore.parsedText(messages),
                    try JSONColumn.text(diagnostics, column: "diagnostics_json", table: "travel_message"), parserVersion, id,
                ])
        }
    }

    static func people(_ messages: [TravelMessage]) -> Int { messages.reduce(0) { $0 + $1.passengers.count } }

    static func parsedText(_ messages: [TravelMessage]) throws -> String {
        try JSONColumn.text(messages, column: "parsed_json", table: "travel_message")
    }

    static func travelFile(_ row: Row) throws -> StoredTravelFile {
        StoredTravelFile(
            id: row["id"], receivedAt: try row.time("received_at", in: "travel_message"), source: row["source"],
            status: try row.domainValue("status", in: "travel_message"),
            messages: try row.jsonValue("parsed_json", in: "travel_message"), people: row["people"],
            diagnostics: try row.jsonValue("diagnostics_json", in: "travel_message"), parserVersion: row["parser_version"])
    }
}
