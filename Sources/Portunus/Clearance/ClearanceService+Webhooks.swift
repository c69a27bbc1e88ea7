import Clearance
import Crypto
import Foundation
import PortunusCore
import Storage

extension ClearanceService {
    /// Registers a webhook that tells a trader of its declarations' milestones (by default when
    /// documents are asked for and when the goods are released). A trader registers for its own
    /// party; an administrator names the party. The URL must pass the destination policy (no
    /// private or loopback addresses unless the operator allows them), the secret signs each
    /// delivery.
    public func addWebhook(
        url: String, secret: String, codes: [String]?, party: String?, destinations: DestinationPolicy, by principal: Principal
    ) throws(PortunusError) -> ClearanceWebhook {
        try AccessPolicy.require(.clearanceWebhooks, principal)
        let owner = try Self.party(party, of: principal)
        _ = try destinations.check(url: url, field: "/url")
        guard secret.utf8.count >= 16, secret.utf8.count <= 256 else {
            throw PortunusError(.invalidArgument, "the secret is 16 to 256 bytes", field: "/secret")
        }
        var chosen: [MilestoneCode] = []
        for (index, text) in (codes ?? ["DOCS_REQUESTED", "RELEASED"]).enumerated() {
            guard let code = MilestoneCode(rawValue: text), ClearanceStore.notifiedCodes.contains(code) else {
                throw PortunusError(
                    .invalidArgument, "a code is one of \(ClearanceStore.notifiedCodes.map(\.rawValue).joined(separator: ", "))",
                    field: "/codes/\(index)")
            }
            if !chosen.contains(code) { chosen.append(code) }
        }
        guard !chosen.isEmpty else { throw PortunusError(.invalidArgument, "a webhook follows at least one code", field: "/codes") }
        guard try store.clearance.webhooks(party: owner).count < 10 else {
            throw PortunusError(.conflict, "a party has at most 10 webhooks", field: "/url")
        }
        return try store.clearance.addWebhook(party: owner, url: url, secret: secret, codes: chosen, by: principal.keyID)
    }

    /// A trader's webhooks (an administrator's: of a party, or all).
    public func webhooks(party: String?, by principal: Principal) throws(PortunusError) -> [ClearanceWebhook] {
        try AccessPolicy.require(.clearanceWebhooks, principal)
        return try store.clearance.webhooks(party: principal.role == .trader ? try Self.party(nil, of: principal) : party)
    }

    /// Stops a webhook (a trader's own only); false when there is no such active webhook.
    public func removeWebhook(_ id: Int64, by principal: Principal) throws(PortunusError) -> Bool {
        try AccessPolicy.require(.clearanceWebhooks, principal)
        return try store.clearance.removeWebhook(
            id: id, party: principal.role == .trader ? try Self.party(nil, of: principal) : nil, by: principal.keyID)
    }

    /// The party a webhook is for: a trader's own (it may not name another), or the one an
    /// administrator names.
    static func party(_ named: String?, of principal: Principal) throws(PortunusError) -> String {
        if principal.role == .trader {
            guard let own = principal.party else { throw PortunusError(.forbidden, "this trader key is bound to no party") }
            if let named, named != own { throw PortunusError(.forbidden, "a trader registers webhooks for its own party", field: "/party") }
            return own
        }
        guard let named else { throw PortunusError(.missingField, "party is the trader whose declarations the webhook follows", field: "/party") }
        return try InputLimits.identifier(named, field: "/party")
    }

    /// What a trader's webhook receives for a milestone: the declaration (and the trader's own
    /// reference), the code, when, where, and the attributes a trader may see — never an
    /// officer's id, a score or a lane.
    public static func webhookBody(_ delivery: DueClearanceDelivery) -> Data {
        var attributes: [String: String] = [:]
        for (key, value) in delivery.milestone.attributes where ["documents", "total", "currency"].contains(key) { attributes[key] = value }
        var body: [String: Any] = [
            "event": "clearance.milestone", "id": delivery.milestoneID, "declaration": delivery.declarationID,
            "code": delivery.milestone.code.rawValue, "at": ISO8601.format(delivery.milestone.at), "attributes": attributes,
        ]
        if let reference = delivery.reference { body["reference"] = reference }
        if let office = delivery.milestone.office { body["office"] = office }
        return (try? JSONSerialization.data(withJSONObject: body, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data()
    }
}
