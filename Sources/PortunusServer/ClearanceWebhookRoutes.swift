import Clearance
import Foundation
import Hummingbird
import Portunus
import PortunusCore

/// Traders' webhooks for their declarations' milestones: `POST /api/v1/clearance/webhooks`
/// (`{"url", "secret", "codes": ["DOCS_REQUESTED", "RELEASED"], "party"}`), `GET` to list, and
/// `DELETE …/{id}` to stop one. Deliveries are signed as tracking's are (`Portunus-Signature`).
struct ClearanceWebhookRoutes {
    let service: ClearanceService
    let destinations: DestinationPolicy

    func register(in group: RouterGroup<PortunusRequestContext>) {
        group.post("clearance/webhooks", use: add)
        group.get("clearance/webhooks", use: list)
        group.delete("clearance/webhooks/{id}", use: remove)
    }

    struct Registration: Decodable {
        var url: String
        var secret: String
        var codes: [String]?
        var party: String?
    }

    struct WebhookBody: Encodable {
        var id: Int64
        var party: String
        var url: String
        var codes: [String]
        var createdAt: String
        enum CodingKeys: String, CodingKey {
            case id, party, url, codes
            case createdAt = "created_at"
        }

        init(_ webhook: ClearanceWebhook) {
            id = webhook.id
            party = webhook.party
            url = webhook.url
            codes = webhook.codes.map(\.rawValue)
            createdAt = ISO8601.format(webhook.createdAt)
        }
    }

    @Sendable func add(_ request: Request, context: PortunusRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        let body = try await request.json(Registration.self, members: ["": ["url", "secret", "codes", "party"]])
        let webhook = try service.addWebhook(
            url: body.url, secret: body.secret, codes: body.codes, party: body.party, destinations: destinations, by: principal)
        return try Response.json(WebhookBody(webhook), status: .created)
    }

    @Sendable func list(_ request: Request, context: PortunusRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        let query = try request.query(allowed: ["party"])
        return try Response.json(["webhooks": try service.webhooks(party: query["party"], by: principal).map(WebhookBody.init)], status: .ok)
    }

    @Sendable func remove(_ request: Request, context: PortunusRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        guard let id = Int64(try context.parameters.require("id")) else { throw PortunusError(.notFound, "no such webhook", field: "id") }
        guard try service.removeWebhook(id, by: principal) else { throw PortunusError(.notFound, "no such webhook", field: "id") }
        return Response(status: .noContent)
    }
}
