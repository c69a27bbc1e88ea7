import Clearance
import Foundation
import Hummingbird
import Portunus
import PortunusCore

/// The acts of clearance on `/api/v1/declarations/{id}`: `POST …/milestones` takes an officer's
/// or a trader's step (`{"code": "DOCS_REQUESTED", "attributes": {"documents": "…"}}`), and
/// `POST …/events` records another system's event with its idempotency key. Both answer the
/// state the declaration is in; a step the state does not allow is a 409 that names it.
struct ClearanceRoutes {
    let service: ClearanceService
    /// What an event's time must satisfy (how far ahead of the server's clock it may lie).
    let limits: InputLimits

    func register(in group: RouterGroup<PortunusRequestContext>) {
        group.post("{id}/milestones", use: act)
        group.post("{id}/events", use: report)
    }

    struct Act: Decodable {
        var code: MilestoneCode
        var attributes: [String: String]?
        var office: String?
    }

    struct Event: Decodable {
        var code: MilestoneCode
        var at: String
        var source: String
        var actorKind: Milestone.Actor.Kind
        var attributes: [String: String]?
        var office: String?
        var idempotencyKey: String?
        enum CodingKeys: String, CodingKey {
            case code, at, source, attributes, office
            case actorKind = "actor_kind", idempotencyKey = "idempotency_key"
        }
    }

    /// The state after a step, as the API shows it.
    struct StateBody: Encodable {
        var id: String
        var state: String
        var arrived: Bool
        var agencyHolds: [String]
        var version: Int
        var replayed: Bool?
        enum CodingKeys: String, CodingKey {
            case id, state, arrived, version, replayed
            case agencyHolds = "agency_holds"
        }

        init(id: String, _ state: ClearanceState, replayed: Bool? = nil) {
            self.id = id
            self.state = state.stage.rawValue
            arrived = state.arrived
            agencyHolds = state.agencyHolds
            version = state.version
            self.replayed = replayed
        }
    }

    @Sendable func act(_ request: Request, context: PortunusRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        let id = try context.parameters.require("id")
        let body = try await request.json(Act.self)
        let state = try service.act(body.code, on: id, attributes: body.attributes ?? [:], office: body.office, by: principal)
        return try Response.json(StateBody(id: id, state), status: .created)
    }

    @Sendable func report(_ request: Request, context: PortunusRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        let id = try context.parameters.require("id")
        let body = try await request.json(Event.self)
        guard let at = ISO8601.parse(body.at) else { throw PortunusError(.invalidDate, "at is an ISO 8601 time", field: "/at") }
        let outcome = try service.report(
            body.code, on: id, at: at, source: body.source, actorKind: body.actorKind, attributes: body.attributes ?? [:], office: body.office,
            idempotencyKey: body.idempotencyKey, limits: limits, by: principal)
        return try Response.json(StateBody(id: id, outcome.state, replayed: outcome.replayed), status: outcome.replayed ? .ok : .created)
    }
}
