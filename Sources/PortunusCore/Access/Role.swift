/// What an API key may do, by the job of the person or system holding it.
///
/// Roles are a closed-but-growable set: a struct over a private enum, so that adding a role
/// later breaks no caller that switches over the known ones with a default.
public struct Role: Hashable, Sendable, Comparable, CustomStringConvertible {
    private enum Backing: String, CaseIterable {
        case admin, analyst, officer, trader, partner
    }

    private let backing: Backing

    /// Runs the system: keys, imports, everything an analyst can do.
    public static let admin = Role(.admin)
    /// Risk analyst or targeting centre: reads and queries all declarations.
    public static let analyst = Role(.analyst)
    /// Frontline officer: reads declarations to act on them.
    public static let officer = Role(.officer)
    /// Trader, broker or express carrier: lodges declarations and reads its own, bound to one party id.
    public static let trader = Role(.trader)
    /// Partner administration: reads what is shared with it (the ledger, later).
    public static let partner = Role(.partner)

    public static let all: [Role] = Backing.allCases.map(Role.init)

    private init(_ backing: Backing) { self.backing = backing }

    public init?(rawValue: String) {
        guard let backing = Backing(rawValue: rawValue.lowercased()) else { return nil }
        self.backing = backing
    }

    public var rawValue: String { backing.rawValue }
    public var description: String { backing.rawValue }

    public static func < (lhs: Role, rhs: Role) -> Bool {
        Backing.allCases.firstIndex(of: lhs.backing)! < Backing.allCases.firstIndex(of: rhs.backing)!
    }
}

/// A permission given to a key on top of its role.
public struct Grant: Hashable, Sendable, Comparable, CustomStringConvertible {
    private enum Backing: String, CaseIterable {
        case unmask
    }

    private let backing: Backing

    /// See personal data (party identifiers) unmasked; every unmasked read is recorded.
    public static let unmask = Grant(.unmask)

    public static let all: [Grant] = Backing.allCases.map(Grant.init)

    private init(_ backing: Backing) { self.backing = backing }

    public init?(rawValue: String) {
        guard let backing = Backing(rawValue: rawValue.lowercased()) else { return nil }
        self.backing = backing
    }

    public var rawValue: String { backing.rawValue }
    public var description: String { backing.rawValue }
    public static func < (lhs: Grant, rhs: Grant) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// Who is calling: the key that authenticated, its role, grants and, for a trader, the party
/// it acts for.
public struct Principal: Hashable, Sendable {
    /// The key's public identifier (never the secret).
    public var keyID: String
    public var role: Role
    public var grants: Set<Grant>
    /// The importer or declarant id a trader key is bound to.
    public var party: String?

    public init(keyID: String, role: Role, grants: Set<Grant> = [], party: String? = nil) {
        self.keyID = keyID
        self.role = role
        self.grants = grants
        self.party = party
    }

    public func has(_ grant: Grant) -> Bool { grants.contains(grant) }
}
