/// A link between codes of two editions, as the UN Statistics Division's correlation tables
/// give it: `1:1` (the same goods), `n:1` (several old codes merged into one), `1:n` (one
/// split into several), `n:n` (goods moved between several codes both ways).
public struct HSLink: Sendable, Hashable {
    public var from: String
    public var to: String
    public var relationship: String
    /// Only part of the code's goods correspond (`ex` in the tables).
    public var partial: Bool

    public init(from: String, to: String, relationship: String, partial: Bool = false) {
        self.from = from
        self.to = to
        self.relationship = relationship
        self.partial = partial
    }

    /// The same link read the other way: n:1 becomes 1:n.
    public var reversed: HSLink {
        let sides = relationship.split(separator: ":").map(String.init)
        return HSLink(from: to, to: from, relationship: sides.count == 2 ? sides[1] + ":" + sides[0] : relationship, partial: partial)
    }
}
