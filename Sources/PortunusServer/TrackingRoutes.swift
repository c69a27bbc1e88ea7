import Foundation
import Hummingbird
import Portunus
import PortunusCore
import ServiceLifecycle
import Tracking

/// Cargo tracking over HTTP (`/api/v1/tracking/…`): movements and their positions, the JSON
/// batches of integrators (positions, seal events, drone fixes), alerts (a list and a
/// server-sent event stream) and webhooks.
struct TrackingRoutes: Sendable {
    let service: TrackingService

    func register(in group: RouterGroup<PortunusRequestContext>) {
        group.get("tracking/movements", use: movements)
        group.post("tracking/movements", use: open)
        group.get("tracking/movements/{reference}", use: movement)
        group.post("tracking/movements/{reference}/state", use: transition)
        group.get("tracking/movements/{reference}/positions", use: positions)
        group.post("tracking/positions", use: report)
        group.post("tracking/seals", use: seals)
        group.get("tracking/alerts", use: alerts)
        group.get("tracking/alerts/stream", use: stream)
        group.get("tracking/drones", use: drones)
        group.post("tracking/drones", use: droneFixes)
        group.get("tracking/webhooks", use: webhooks)
        group.post("tracking/webhooks", use: addWebhook)
        group.delete("tracking/webhooks/{id}", use: removeWebhook)
    }

    @Sendable func open(_ request: Request, context: PortunusRequestContext) async throws -> Response {
        // Roles before bodies, on every route that reads one (the use case checks again).
        let principal = try context.requirePrincipal(for: .manageMovements)
        let movement = try service.open(try await request.json(TrackingJSON.Opening.self).movement, by: principal)
        return try Response.json(movement, status: .created, headers: [.location: "/api/v1/tracking/movements/\(movement.reference)"])
    }

    @Sendable func movements(_ request: Request, context: PortunusRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        let query = try request.query(allowed: ["state", "after", "limit"])
        let list = try service.movements(
            state: query["state"], after: query["after"], limit: try query.limit(maximum: 1_000), by: principal)
        return try Response.json(["movements": list], status: .ok)
    }

    @Sendable func movement(_ request: Request, context: PortunusRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        return try Response.json(try service.record(try context.parameters.require("reference"), by: principal), status: .ok)
    }

    struct Transition: Decodable {
        var state: String
        var destinationOffice: String?
        var reason: String?
        enum CodingKeys: String, CodingKey {
            case state, reason
            case destinationOffice = "destination_office"
        }
    }

    @Sendable func transition(_ request: Request, context: PortunusRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal(for: .manageMovements)
        let body = try await request.json(Transition.self)
        let moved = try service.transition(
            try context.parameters.require("reference"), to: body.state, destinationOffice: body.destinationOffice,
            reason: body.reason, by: principal)
        return try Response.json(moved, status: .ok)
    }

    @Sendable func positions(_ request: Request, context: PortunusRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        let query = try request.query(allowed: ["since", "limit"])
        let since = try query["since"].map { text throws -> Double in
            guard let date = ISO8601.parse(text) else { throw PortunusError(.invalidDate, "since is ISO 8601", field: "since") }
            return date.timeIntervalSince1970
        }
        let track = try service.track(
            try context.parameters.require("reference"), since: since, limit: try query.limit(maximum: 10_000), by: principal)
        return try Response.json(["positions": track], status: .ok)
    }

    /// Merges the problems of reading a batch with those of submitting it, by item index.
    static func answer(_ intake: TrackingService.Intake, read problems: [TrackingService.Problem], indices: [Int]) throws -> Response {
        var answer = intake
        answer.rejected =
            (problems
            + intake.rejected.map { problem in
                var problem = problem
                problem.index = indices[problem.index]
                problem.field = "/\(problem.index)/" + (problem.field ?? "")
                return problem
            }).sorted { $0.index < $1.index }
        return try Response.json(answer, status: answer.accepted == 0 && !answer.rejected.isEmpty ? .unprocessableContent : .ok)
    }

    @Sendable func report(_ request: Request, context: PortunusRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal(for: .reportTracking)
        let batch = try TrackingJSON.positions(try await request.data(.trackingBatch))
        let intake = try await service.report(batch.items.map(\.value), source: "json", by: principal)
        return try Self.answer(intake, read: batch.problems, indices: batch.items.map(\.index))
    }

    @Sendable func seals(_ request: Request, context: PortunusRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal(for: .reportTracking)
        let batch = try TrackingJSON.seals(try await request.data(.trackingBatch))
        let intake = try await service.seals(batch.items.map(\.value), source: "json", by: principal)
        return try Self.answer(intake, read: batch.problems, indices: batch.items.map(\.index))
    }

    @Sendable func droneFixes(_ request: Request, context: PortunusRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal(for: .reportTracking)
        let batch = try TrackingJSON.drones(try await request.data(.trackingBatch))
        let intake = try await service.drones(batch.items.map(\.value), by: principal)
        return try Self.answer(intake, read: batch.problems, indices: batch.items.map(\.index))
    }

    @Sendable func drones(_ request: Request, context: PortunusRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        let query = try request.query(allowed: ["hours"])
        guard let hours = Double(query["hours"] ?? "24"), hours > 0, hours <= 24 * 31 else {
            throw PortunusError(.invalidArgument, "hours is more than 0 and at most 744", field: "hours")
        }
        return try Response.json(["drones": try service.dronesSeen(hours: hours, by: principal)], status: .ok)
    }

    @Sendable func alerts(_ request: Request, context: PortunusRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        let query = try request.query(allowed: ["movement", "kind", "before", "limit"])
        let before = try query["before"].map { text throws -> Int64 in
            guard let id = Int64(text) else { throw PortunusError(.invalidArgument, "before is an alert id", field: "before") }
            return id
        }
        let list = try service.alerts(
            movement: query["movement"], kind: query["kind"], before: before, limit: try query.limit(maximum: 1_000), by: principal)
        return try Response.json(["alerts": list], status: .ok)
    }

    /// Server-sent events: each alert as `event: alert`, `id:` its id, `data:` its JSON; a
    /// comment line at every tick of the clock keeps proxies from closing the stream. With
    /// `Last-Event-ID` (or `?after=`), the alerts stored since that id come first.
    @Sendable func stream(_ request: Request, context: PortunusRequestContext) async throws -> Response {
        // The role before subscribing: a refused caller holds no subscription.
        let principal = try context.requirePrincipal(for: .readTracking)
        let query = try request.query(allowed: ["after", "kind"])
        let after = (request.headers.first { $0.name.canonicalName == "last-event-id" }?.value ?? query["after"]).flatMap { Int64($0) }
        let kind = query["kind"]
        if let kind, AlertKind(rawValue: kind) == nil { throw PortunusError(.invalidArgument, "unknown alert kind", field: "kind") }
        let subscription = service.broadcast.subscribe()
        let missed = try after.map { try service.alerts(after: $0, kind: kind, by: principal) } ?? []
        let broadcast = service.broadcast
        return Response(
            status: .ok, headers: [.contentType: "text/event-stream", .cacheControl: "no-cache"],
            body: .init { writer in
                defer { broadcast.unsubscribe(subscription.id) }
                var last = missed.last?.id ?? after ?? 0
                try await writer.write(ByteBuffer(string: ": portunus alerts\n\n"))
                for alert in missed { try await writer.write(ByteBuffer(string: TrackingService.serverSentEvent(alert))) }
                // The stream ends when the server shuts down (the subscription is finished).
                try await withGracefulShutdownHandler {
                    for await item in subscription.stream {
                        guard let alert = item else {
                            try await writer.write(ByteBuffer(string: ": tick\n\n"))
                            continue
                        }
                        guard alert.id > last, kind == nil || alert.kind.rawValue == kind else { continue }
                        last = alert.id
                        try await writer.write(ByteBuffer(string: TrackingService.serverSentEvent(alert)))
                    }
                } onGracefulShutdown: {
                    broadcast.unsubscribe(subscription.id)
                }
                try await writer.finish(nil)
            })
    }

    struct WebhookBody: Decodable {
        var url: String
        var secret: String
        var kinds: [String]?
    }

    @Sendable func addWebhook(_ request: Request, context: PortunusRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal(for: .manageWebhooks)
        let body = try await request.json(WebhookBody.self)
        return try Response.json(try service.addWebhook(url: body.url, secret: body.secret, kinds: body.kinds, by: principal), status: .created)
    }

    @Sendable func webhooks(_ request: Request, context: PortunusRequestContext) async throws -> Response {
        try Response.json(["webhooks": try service.webhooks(by: try context.requirePrincipal())], status: .ok)
    }

    @Sendable func removeWebhook(_ request: Request, context: PortunusRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        guard let id = Int64(try context.parameters.require("id")) else {
            throw PortunusError(.invalidArgument, "a webhook id is a number", field: "id")
        }
        guard try service.removeWebhook(id, by: principal) else { throw PortunusError(.notFound, "no such webhook", field: "id") }
        return Response(status: .noContent)
    }
}
