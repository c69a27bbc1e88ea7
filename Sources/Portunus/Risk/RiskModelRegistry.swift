import Foundation
import PortunusCore
import RiskEngine
import Storage

/// Risk models versioned in the store: register, list with their validation metrics,
/// activate, roll back. The active model is the one scoring uses.
public struct RiskModelRegistry: Sendable {
    let store: PortunusStore

    public init(store: PortunusStore) { self.store = store }

    public struct Entry: Sendable, Hashable {
        public var id: Int64
        public var createdAt: String
        public var label: String
        public var metadata: RiskModel.Metadata?
        public var active: Bool
    }

    /// Stores a trained model; it becomes active when `activate` is true.
    public func register(_ model: RiskModel, label: String = "", activate: Bool = true) throws -> Int64 {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        encoder.dateEncodingStrategy = .portunus
        let id = try store.riskModels.insert(
            label: label, modelJSON: try model.booster.modelJSON(), featuresJSON: try model.pipeline.manifest.encoded(),
            metadataJSON: try encoder.encode(model.metadata))
        if activate { try store.riskModels.activateRiskModel(id: id, reason: "registered") }
        return id
    }

    public func list() throws -> [Entry] {
        let active = try store.riskModels.activeModelID()
        return try store.riskModels.all().map { stored in
            Entry(
                id: stored.id, createdAt: ISO8601.format(stored.createdAt), label: stored.label,
                metadata: try? JSONDecoder().decode(RiskModel.Metadata.self, from: stored.metadataJSON), active: stored.id == active)
        }
    }

    public func activate(_ id: Int64) throws { try store.riskModels.activateRiskModel(id: id, reason: "activated") }

    /// Returns to the previously active model.
    public func rollBack() throws -> Int64 { try store.riskModels.rollBackRiskModel() }

    /// The active model, loaded, or nil when none was activated yet.
    public func activeModel(threads: Int) throws -> (id: Int64, model: RiskModel)? {
        guard let id = try store.riskModels.activeModelID(), let stored = try store.riskModels.model(id: id) else { return nil }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("portunus-model-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try stored.modelJSON.write(to: directory.appendingPathComponent("model.json"))
        try stored.featuresJSON.write(to: directory.appendingPathComponent("features.json"))
        try stored.metadataJSON.write(to: directory.appendingPathComponent("metadata.json"))
        return (id, try RiskModel.load(from: directory, threads: threads))
    }
}
