import Foundation
import GRDB
import PortunusCore
import Travel

/// A received travel file as stored.
public struct StoredTravelFile: Sendable, Hashable {
    public var id: Int64
    public var receivedAt: String
    public var source: String
    public var status: TravelFileStatus
    public var messages: Int
    public var people: Int
    public var parsedJSON: String
    public var diagnosticsJSON: String
    public var parserVersion: Int
}

extension PortunusStore {
    /// Stores a received file and what reading it gave; the same bytes received again are
    /// recognised (`duplicate` true, the first record's id returned) and not stored twice.
    public func insertTravelFile(
        raw: Data, sha256: Data, source: String, status: TravelFileStatus, messages: Int, people: Int, parsedJSON: String,
        diagnosticsJSON: String, parserVersion: Int
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
                    ISO8601.format(Date()), source, sha256, raw, status.rawValue, messages, people, parsedJSON, diagnosticsJSON, parserVersion,
                ])
            return (db.lastInsertedRowID, false)
        }
    }

    public func travelFile(id: Int64) throws(PortunusError) -> (file: StoredTravelFile, raw: Data)? {
        try read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM travel_message WHERE id = ?", arguments: [id]).map { (try Self.travelFile($0), $0["raw"]) }
        }
    }

    /// Ids of the files read by an older parser than `parserVersion`.
    public func travelFilesToReparse(before parserVersion: Int) throws(PortunusError) -> [Int64] {
        try read { db in try Int64.fetchAll(db, sql: "SELECT id FROM travel_message WHERE parser_version < ? ORDER BY id", arguments: [parserVersion])
        }
    }

    /// Replaces what reading a stored file gave (after a parser fix); the raw bytes stay.
    public func updateTravelFile(
        id: Int64, status: TravelFileStatus, messages: Int, people: Int, parsedJSON: String, diagnosticsJSON: String,
        parserVersion: Int
    ) throws(PortunusError) {
        try write { db in
            try db.execute(
                sql: """
                    UPDATE travel_message SET status = ?, messages = ?, people = ?, parsed_json = ?, diagnostics_json = ?, parser_version = ? WHERE id = ?
                    """, arguments: [status.rawValue, messages, people, parsedJSON, diagnosticsJSON, parserVersion, id])
        }
    }

    static func travelFile(_ row: Row) throws -> StoredTravelFile {
        StoredTravelFile(
            id: row["id"], receivedAt: row["received_at"], source: row["source"], status: try row.domainValue("status", in: "travel_message"),
            messages: row["messages"],
            people: row["people"], parsedJSON: row["parsed_json"], diagnosticsJSON: row["diagnostics_json"], parserVersion: row["parser_version"])
    }
}
