/// Why a passenger row was linked to its traveller: the method and what agreed. Kept with the
/// row, shown to analysts, never containing the personal data itself.
public struct LinkEvidence: Codable, Sendable, Hashable {
    /// document, booking, name_and_birth_date or new.
    public var method: String
    /// The name score, for links that rest on a name.
    public var nameScore: Double?
    public var reasons: [String]

    public init(method: String, nameScore: Double?, reasons: [String]) {
        self.method = method
        self.nameScore = nameScore
        self.reasons = reasons
    }

    enum CodingKeys: String, CodingKey { case method, nameScore = "name_score", reasons }
}
