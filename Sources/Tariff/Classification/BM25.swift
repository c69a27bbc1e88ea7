import Foundation

/// Okapi BM25 over a fixed set of documents (k1 = 1.2, b = 0.75, the Lucene idf
/// log(1 + (N − df + ½)/(df + ½))), with an in-memory inverted index. Scores every document
/// for a query in one pass over the postings of the query's terms.
public struct BM25: Sendable {
    public let k1: Float
    public let b: Float
    let postings: [String: [(document: Int32, frequency: Float)]]
    let lengths: [Float]
    let averageLength: Float

    public var documentCount: Int { lengths.count }

    /// `documents[i]` is the list of terms of document i.
    public init(documents: [[String]], k1: Float = 1.2, b: Float = 0.75) {
        var postings: [String: [(document: Int32, frequency: Float)]] = [:]
        for (index, terms) in documents.enumerated() {
            var counts: [String: Int] = [:]
            for term in terms { counts[term, default: 0] += 1 }
            for (term, count) in counts { postings[term, default: []].append((Int32(index), Float(count))) }
        }
        self.postings = postings
        self.lengths = documents.map { Float($0.count) }
        self.averageLength = max(1, lengths.reduce(0, +) / Float(max(1, documents.count)))
        self.k1 = k1
        self.b = b
    }

    public func contains(_ term: String) -> Bool { postings[term] != nil }

    /// The score of every document; a term repeated in the query counts once per repeat.
    public func scores(_ query: [String]) -> [Float] {
        var scores = [Float](repeating: 0, count: lengths.count)
        let n = Float(lengths.count)
        for term in query {
            guard let list = postings[term] else { continue }
            let df = Float(list.count)
            let idf = log(1 + (n - df + 0.5) / (df + 0.5))
            for posting in list {
                let document = Int(posting.document)
                let tf = posting.frequency
                scores[document] += idf * tf * (k1 + 1) / (tf + k1 * (1 - b + b * lengths[document] / averageLength))
            }
        }
        return scores
    }
}
