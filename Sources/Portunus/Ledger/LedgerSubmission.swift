import Foundation
import Ledger
import PortunusCore
import Storage

/// Entries that partner systems or other parts of an administration submit through
/// `POST /api/v1/ledger/entries`: a JSON object with a `type` of their own and a schema
/// version `v`. Portunus adds the envelope (`seq`, `at`, `by`: the submitting key),
/// canonicalises it (RFC 8785) and appends it through the same outbox as its own entries.
///
/// The `portunus.` types are Portunus's own and cannot be submitted. Submitters are
/// responsible for what they put in; the log is public, so personal data belongs in a
/// commitment (``AccountableEntry/commitment(to:)``), never in clear.
public enum LedgerSubmission {
    public static let maximumBytes = 16 << 10
    static let reserved: Set<String> = ["seq", "at", "by"]

    public static func validate(_ body: Data, by principal: Principal) throws(PortunusError) -> LedgerOutboxEntry {
        try AccessPolicy.require(.writeLedger, principal)
        guard body.count <= maximumBytes else { throw PortunusError(.bodyTooLarge, "an entry is at most \(maximumBytes) bytes") }
        guard case .object(var members) = try JSONValue.parse(body) else {
            throw PortunusError(.wrongType, "an entry is a JSON object", field: "")
        }
        guard case .string(let type)? = members["type"] else { throw PortunusError(.missingField, "an entry needs a type", field: "/type") }
        guard type.utf8.count <= 64, let first = type.utf8.first, (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(first),
            type.utf8.allSatisfy({
                (UInt8(ascii: "a")...UInt8(ascii: "z")).contains($0) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0)
                    || $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: "_")
            })
        else {
            throw PortunusError(.invalidArgument, "a type is 1–64 of a–z, 0–9, '.', '-', '_', starting with a letter", field: "/type")
        }
        guard !type.hasPrefix("portunus.") else {
            throw PortunusError(.invalidArgument, "portunus.* types are written by Portunus itself", field: "/type")
        }
        guard case .number(let versionText)? = members["v"], let version = Int(versionText), version >= 1 else {
            throw PortunusError(.missingField, "an entry needs its schema version v, an integer from 1", field: "/v")
        }
        for key in reserved.sorted() where members[key] != nil {
            throw PortunusError(.invalidArgument, "\(key) is set by Portunus", field: "/\(key)")
        }
        members.removeValue(forKey: "type")
        members.removeValue(forKey: "v")
        var fields: [String: CanonicalJSON] = [:]
        for (key, value) in members { fields[key] = try value.canonical(at: "/" + JSONValue.pointerToken(key)) }
        fields["by"] = .string(principal.keyID)
        fields["v"] = .integer(version)
        let entry = AccountableEntry.make(type: type, at: ISO8601.format(Date()), subject: nil, fields: fields)
        // The canonical form with a large seq must still fit one log entry.
        guard entry.make(Int64(Int32.max)).count <= min(EntryBundle.maximumEntrySize, maximumBytes + 256) else {
            throw PortunusError(.bodyTooLarge, "the canonical entry is larger than \(maximumBytes) bytes")
        }
        return entry
    }
}
