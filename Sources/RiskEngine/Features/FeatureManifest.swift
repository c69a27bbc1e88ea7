import Foundation

/// Everything the feature pipeline learned from its training data, saved as JSON beside the
/// model so that new declarations are encoded exactly as the training ones were.
public struct FeatureManifest: Codable, Sendable, Hashable {
    /// Fraud count and row count of one category value in the training data.
    public struct Tally: Codable, Sendable, Hashable {
        public var fraud: Double
        public var count: Double
    }

    public var version = 1
    /// Share of fraud in the training data (the prior of every target encoding).
    public var prior: Double
    /// Pseudo-count pulling rare values towards the prior: (fraud + prior·m) / (count + m).
    public var smoothing: Double
    /// Per categorical field (by name), per value.
    public var tallies: [String: [String: Tally]]
    /// Median log unit value per HS6 × origin, per HS6, and overall (training data).
    public var unitValueMedianByHS6Origin: [String: Double]
    public var unitValueMedianByHS6: [String: Double]
    public var unitValueMedian: Double
    /// Day (since 1970) on which each importer was first seen in the training data.
    public var importerFirstSeen: [String: Int]
    /// The names of the columns of the feature matrix, in order.
    public var featureNames: [String]

    /// Reads a manifest saved with ``encoded()``.
    public static func decode(_ data: Data) throws -> FeatureManifest {
        try JSONDecoder().decode(FeatureManifest.self, from: data)
    }

    public func encoded() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return try encoder.encode(self)
    }
}
