import PortunusCore
import Storage

/// Upkeep of the store while a server runs, and the figures it reports: WAL checkpoints taken
/// aside (commits never stop to checkpoint), how many declarations are stored, what file
/// imports recorded, and what the store holds for the landing page.
public struct StoreMaintenance: Sendable {
    let store: PortunusStore

    public init(store: PortunusStore) { self.store = store }

    /// Checkpoints are taken by ``checkpoint()`` from here on, not by the committing connection.
    public func takeOverCheckpoints() throws(PortunusError) { try store.disableAutomaticCheckpoints() }

    /// A WAL checkpoint on a connection of its own.
    public func checkpoint() throws(PortunusError) { try store.checkpointAside() }

    /// How many declarations are stored; a health check's query.
    public func declarationCount() throws(PortunusError) -> Int { try store.declarations.count() }

    /// Totals over every recorded file import (the CLI's), for metrics.
    public struct ImportTotals: Sendable, Hashable {
        public var runs = 0
        public var imported = 0
        public var alreadyPresent = 0
        public var rejected = 0
    }

    public func importTotals() throws(PortunusError) -> ImportTotals {
        let totals = try store.declarations.importTotals()
        return ImportTotals(runs: totals.runs, imported: totals.imported, alreadyPresent: totals.alreadyPresent, rejected: totals.rejected)
    }

    /// What the store holds, in figures (never a record).
    public struct Holdings: Sendable {
        public var declarations: Int
        public var goodsItems: Int
        public var firstLodged: String?
        public var lastLodged: String?
        public var offices: Int
        public var importers: Int
        public var inspected: Int
        public var fraud: Int
        /// Customs value per currency, summed exactly, as text.
        public var valueByCurrency: [String: String]
    }

    public func holdings() throws(PortunusError) -> Holdings {
        let summary = try store.declarations.summary()
        return Holdings(
            declarations: summary.declarations, goodsItems: summary.goodsItems, firstLodged: summary.firstLodged, lastLodged: summary.lastLodged,
            offices: summary.offices, importers: summary.importers, inspected: summary.inspected, fraud: summary.fraud,
            valueByCurrency: summary.valueByCurrency.mapValues { "\($0)" })
    }
}
