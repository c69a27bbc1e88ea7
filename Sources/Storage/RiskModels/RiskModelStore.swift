import Foundation
import GRDB
import PortunusCore

/// Trained risk models: the registry of versions, which one is active, and rollback.
public struct RiskModelStore: AggregateStore {
    let engine: PortunusStore
}

extension RiskModelStore {
    public func insert(label: String, modelJSON: Data, featuresJSON: Data, metadataJSON: Data) throws(PortunusError) -> Int64 {
        try write { db in
            try db.execute(
                sql: "INSERT INTO risk_model (created_at, label, model_json, features_json, metadata_json) VALUES (?, ?, ?, ?, ?)",
                arguments: [ISO8601.format(Date()), label, modelJSON, featuresJSON, metadataJSON])
            return db.lastInsertedRowID
        }
    }

    /// All models, newest first, without their (large) model documents' contents beyond metadata.
    public func all() throws(PortunusError) -> [StoredRiskModel] {
        try read { db in
            try Row.fetchAll(db, sql: "SELECT id, created_at, label, metadata_json FROM risk_model ORDER BY id DESC").map {
                StoredRiskModel(
                    id: $0["id"], createdAt: try $0.time("created_at", in: "risk_model"), label: $0["label"], modelJSON: Data(), featuresJSON: Data(),
                    metadataJSON: $0["metadata_json"])
            }
        }
    }

    public func model(id: Int64) throws(PortunusError) -> StoredRiskModel? {
        try read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM risk_model WHERE id = ?", arguments: [id]).map {
                StoredRiskModel(
                    id: $0["id"], createdAt: try $0.time("created_at", in: "risk_model"), label: $0["label"], modelJSON: $0["model_json"],
                    featuresJSON: $0["features_json"], metadataJSON: $0["metadata_json"])
            }
        }
    }

    /// Makes a model the active one, recording why.
    public func activateRiskModel(id: Int64, reason: String) throws(PortunusError) {
        try transaction { try $0.activateRiskModel(id: id, reason: reason) }
    }

    /// The active model's id: the latest activation.
    public func activeModelID() throws(PortunusError) -> Int64? {
        try read { db in try Int64.fetchOne(db, sql: "SELECT model_id FROM risk_model_activation ORDER BY id DESC LIMIT 1") }
    }

    /// Activates the model that was active before the current one; returns its id.
    public func rollBackRiskModel() throws(PortunusError) -> Int64 {
        try transaction { try $0.rollBackRiskModel() }
    }
}
