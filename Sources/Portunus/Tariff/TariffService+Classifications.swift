import PortunusCore
import Storage

extension TariffService {
    /// The classifications officers confirmed (withdrawn ones too with `includeWithdrawn`),
    /// newest first.
    public func classifications(includeWithdrawn: Bool, limit: Int, by principal: Principal) throws(PortunusError) -> [StoredHSClassification] {
        try AccessPolicy.require(.confirmClassification, principal)
        return try store.tariff.hsClassifications(includeWithdrawn: includeWithdrawn, limit: limit)
    }

    /// Withdraws a confirmed classification: the assistant stops learning from it.
    public func withdrawClassification(_ id: Int64, by principal: Principal) throws(PortunusError) {
        try AccessPolicy.require(.confirmClassification, principal)
        guard try store.tariff.withdrawHSClassification(id: id, by: principal.keyID) else {
            throw PortunusError(.notFound, "no confirmed classification \(id) in force", field: "id")
        }
    }
}
