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
        group.post("{id}/inspection", use: inspect)
        group.post("{id}/amendments", use: amend)
        group.get("{id}/versions", use: versions)
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

    /// `POST …/{id}/inspection`: the examiner closes the examination with its act.
    @Sendable func inspect(_ request: Request, context: PortunusRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        let id = try context.parameters.require("id")
        let act = try InspectionActJSON.decode(try await request.data(.jsonCommand))
        let state = try service.closeExamination(id, act: act, by: principal)
        return try Response.json(StateBody(id: id, state), status: .created)
    }

    /// `POST …/{id}/amendments`: `{"items": [...], "reason": "…"}`, a new version of the goods items.
    @Sendable func amend(_ request: Request, context: PortunusRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        let id = try context.parameters.require("id")
        switch DeclarationJSON.decodeAmendment(try await request.data(.jsonCommand)) {
        case .failure(let failure):
            throw failure.problems.first ?? PortunusError(.invalidJSON, "the body is not an amendment")
        case .success(let (items, reason)):
            let state = try service.amend(id, items: items, reason: reason, by: principal)
            return try Response.json(StateBody(id: id, state), status: .created)
        }
    }

    struct VersionsBody: Encodable {
        struct Version: Encodable {
            var version: Int
            var items: [GoodsItem]
            var reason: String
            var amendedAt: String
            var actor: Milestone.Actor
            enum CodingKeys: String, CodingKey {
                case version, items, reason, actor
                case amendedAt = "amended_at"
            }
        }
        struct Act: Encodable {
            var id: Int64
            var version: Int
            var examinedAt: String
            var examiner: String
            var act: InspectionAct
            enum CodingKeys: String, CodingKey {
                case id, version, examiner, act
                case examinedAt = "examined_at"
            }
        }
        var versions: [Version]
        var inspectionActs: [Act]
        enum CodingKeys: String, CodingKey {
            case versions
            case inspectionActs = "inspection_acts"
        }
    }

    /// `GET …/{id}/versions`: the versions after the first (the declaration as lodged is version 1)
    /// and the inspection acts.
    @Sendable func versions(_ request: Request, context: PortunusRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        let id = try context.parameters.require("id")
        let history = try service.history(id, by: principal)
        return try Response.json(
            VersionsBody(
                versions: history.versions.map {
                    .init(version: $0.version, items: $0.items, reason: $0.reason, amendedAt: ISO8601.format($0.amendedAt), actor: $0.actor)
                },
                inspectionActs: history.acts.map {
                    .init(id: $0.id, version: $0.version, examinedAt: ISO8601.format($0.examinedAt), examiner: $0.examiner, act: $0.act)
                }), status: .ok)
    }
}
