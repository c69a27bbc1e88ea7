/// A candidate of a search: the template's label and its cosine similarity to the probe.
public struct Candidate: Sendable, Hashable {
    public var label: Int
    public var score: Float
}
