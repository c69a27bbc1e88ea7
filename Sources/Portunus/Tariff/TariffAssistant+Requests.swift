import PortunusCore
import SentenceEmbedding
import Tariff

extension TariffAssistant {
    /// Whether the assistant can answer, from which index and model, under which policy.
    public struct Status: Sendable, Encodable {
        var ready: Bool
        var index: IndexReport?
        var modelDirectory: String
        var modelInstalled: Bool
        var blasCore: String
        var minimumScore: Float
        var singleGap: Float
    }

    public func status(by principal: Principal) throws(PortunusError) -> Status {
        try AccessPolicy.require(.readTariff, principal)
        let report = lastReport
        return Status(
            ready: report != nil, index: report, modelDirectory: modelDirectory.lastPathComponent, modelInstalled: modelInstalled,
            blasCore: SentenceEncoder.blasCore, minimumScore: policy.minimumScore, singleGap: policy.singleGap)
    }
}

extension TariffAssistant {
    /// Suggestions for a goods description (`top` 1 to 50), from the index as it is now:
    /// `tariff.assistant_unavailable` while the first one is being built.
    public func classify(_ text: String, top: Int, by principal: Principal) throws(PortunusError) -> HSClassifier.Classification {
        try AccessPolicy.require(.classifyGoods, principal)
        guard (1...50).contains(top) else { throw PortunusError(.invalidArgument, "top is 1 to 50", field: "/top") }
        return try classify(text, top: top, wait: false)
    }
}
