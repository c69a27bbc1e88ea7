import Crypto
import Foundation
import PortunusCore
import Storage

/// API keys: created with a role, stored hashed, checked on every request, revoked at once.
///
/// A key reads `ptn_<id>_<secret>`: the id is public (lists, logs, audit), the secret is 32
/// random bytes shown once at creation. Only SHA-256 of the secret is stored; secrets are
/// random, so a fast hash is safe here (there is no password to guess). Comparison is in
/// constant time.
///
/// ```swift
/// let created = try APIKeys(store: store).create(role: .trader, party: "IMP000123")
/// print(created.token)   // give it to the trader; it is not shown again
/// ```
public struct APIKeys: Sendable {
    /// The label of the key that `make run` rotates on every start.
    public static let demoLabel = "demo"

    let store: PortunusStore

    public init(store: PortunusStore) { self.store = store }

    /// A newly created key: the token is shown once.
    public struct Created: Sendable {
        public let id: String
        public let token: String
        public let principal: Principal
    }

    /// A key as listed: never the secret.
    public struct Listed: Sendable, Hashable {
        public let id: String
        public let role: Role
        public let grants: Set<Grant>
        public let party: String?
        public let label: String
        public let createdAt: Date
        public let revokedAt: Date?
    }

    public func create(role: Role, grants: Set<Grant> = [], party: String? = nil, label: String = "") throws(PortunusError) -> Created {
        if role == .trader && (party ?? "").isEmpty {
            throw PortunusError(.invalidArgument, "a trader key must be bound to a party (importer or declarant id)", field: "party")
        }
        if role != .trader && role != .partner && party != nil {
            throw PortunusError(
                .invalidArgument, "only trader keys (to a party) and partner keys (to the agency, port or bank they speak for) are bound",
                field: "party")
        }
        if let party, !InputLimits.isIdentifier(party) {
            throw PortunusError(
                .invalidIdentifier, "a party is 1 to \(InputLimits.maximumIdentifierLength) letters, digits and - _ . :", field: "party")
        }
        var generator = SystemRandomNumberGenerator()  // getrandom(2) on Linux: cryptographically secure
        let id = "k" + String((0..<12).map { _ in APIKeys.idAlphabet.randomElement(using: &generator)! })
        let secret = Data((0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) })
        let secretText = APIKeys.base64URL(secret)
        let token = "ptn_\(id)_\(secretText)"
        try store.keys.insertKey(
            StoredKey(
                id: id, secretSHA256: APIKeys.digest(secretText), role: role.rawValue, grants: grants.map(\.rawValue).sorted(),
                party: party, label: label, createdAt: Date()))
        return Created(id: id, token: token, principal: Principal(keyID: id, role: role, grants: grants, party: party))
    }

    /// The principal of a live key, or nil for anything else (unknown, revoked, malformed).
    public func authenticate(_ token: String) throws(PortunusError) -> Principal? {
        let parts = token.split(separator: "_", maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0] == "ptn", parts[1].utf8.count == 13, parts[2].utf8.count == 43 else { return nil }
        guard let key = try store.keys.key(id: String(parts[1])), key.revokedAt == nil else { return nil }
        let presented = APIKeys.digest(String(parts[2]))
        guard APIKeys.constantTimeEqual(presented, key.secretSHA256), let role = Role(rawValue: key.role) else { return nil }
        return Principal(keyID: key.id, role: role, grants: Set(key.grants.compactMap(Grant.init(rawValue:))), party: key.party)
    }

    public func list() throws(PortunusError) -> [Listed] {
        try store.keys.keys().compactMap { key in
            guard let role = Role(rawValue: key.role) else { return nil }
            return Listed(
                id: key.id, role: role, grants: Set(key.grants.compactMap(Grant.init(rawValue:))), party: key.party,
                label: key.label, createdAt: key.createdAt, revokedAt: key.revokedAt)
        }
    }

    public func revoke(id: String) throws(PortunusError) {
        guard try store.keys.revokeKey(id: id) else {
            throw PortunusError(.invalidArgument, "no live key with id '\(id.prefix(20))'", field: "id")
        }
    }

    /// Revokes the previous demo key and creates a new one (an admin key with `unmask`), so
    /// that a demo key never outlives the run that printed it.
    public func rotateDemoKey() throws(PortunusError) -> Created {
        _ = try store.keys.revokeKeys(label: APIKeys.demoLabel)
        return try create(role: .admin, grants: [.unmask], label: APIKeys.demoLabel)
    }

    static let idAlphabet = Array("abcdefghijkmnpqrstuvwxyz23456789")

    static func digest(_ secret: String) -> Data { Data(SHA256.hash(data: Data(secret.utf8))) }

    static func constantTimeEqual(_ a: Data, _ b: Data) -> Bool {
        guard a.count == b.count else { return false }
        var difference: UInt8 = 0
        for (x, y) in zip(a, b) { difference |= x ^ y }
        return difference == 0
    }

    static func base64URL(_ data: Data) -> String {
        data.base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }
}
