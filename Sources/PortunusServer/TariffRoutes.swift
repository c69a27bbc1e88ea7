import Foundation
import Hummingbird
import Portunus
import PortunusCore
import Tariff

/// The Harmonized System over HTTP (`/api/v1/tariff/…`): browse and search an edition,
/// correlate a code between editions, convert the declaration history for statistics; the
/// classification assistant, and the classifications officers confirm for it to learn from.
struct TariffRoutes: Sendable {
    let service: TariffService
    let assistant: TariffAssistant

    func register(in group: RouterGroup<PortunusRequestContext>) {
        group.post("tariff/classify", use: classify)
        group.get("tariff/assistant", use: status)
        group.post("tariff/classifications", use: confirm)
        group.get("tariff/classifications", use: classifications)
        group.delete("tariff/classifications/{id}", use: withdraw)
        group.get("tariff/codes", use: chapters)
        group.get("tariff/codes/{code}", use: code)
        group.get("tariff/search", use: search)
        group.get("tariff/correlate/{code}", use: correlate)
        group.get("tariff/history", use: history)
    }

    static func edition(_ query: QueryParameters, _ name: String, default fallback: HSEdition? = .hs2022) throws -> HSEdition {
        guard let edition = try query.value(name, "an edition is 2012, 2017 or 2022", parse: HSEdition.init(text:)) ?? fallback else {
            throw PortunusError(.missingField, "an edition is required", field: name)
        }
        return edition
    }

    @Sendable func chapters(_ request: Request, context: PortunusRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        let query = try request.query(allowed: ["edition"])
        return try Response.json(try service.browse(nil, edition: try Self.edition(query, "edition"), by: principal), status: .ok)
    }

    @Sendable func code(_ request: Request, context: PortunusRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        let query = try request.query(allowed: ["edition"])
        return try Response.json(
            try service.browse(try context.parameters.require("code"), edition: try Self.edition(query, "edition"), by: principal), status: .ok)
    }

    @Sendable func search(_ request: Request, context: PortunusRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        let query = try request.query(allowed: ["q", "edition", "level", "limit"])
        guard let text = query["q"], !text.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw PortunusError(.missingField, "q is the words to search", field: "q")
        }
        let level = try query["level"].map { value throws -> Int in
            guard let level = Int(value), [2, 4, 6].contains(level) else {
                throw PortunusError(.invalidArgument, "level is 2, 4 or 6", field: "level")
            }
            return level
        }
        let limit = try query.limit(maximum: 200)
        return try Response.json(
            ["codes": try service.search(text, edition: try Self.edition(query, "edition"), level: level, limit: limit, by: principal)], status: .ok)
    }

    @Sendable func correlate(_ request: Request, context: PortunusRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        let query = try request.query(allowed: ["from", "to"])
        let links = try service.correlate(
            try context.parameters.require("code"), from: try Self.edition(query, "from", default: nil), to: try Self.edition(query, "to"),
            by: principal)
        return try Response.json(["links": links], status: .ok)
    }

    @Sendable func history(_ request: Request, context: PortunusRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        let query = try request.query(allowed: ["to", "from", "until"])
        for name in ["from", "until"] where query[name].map({ ISO8601.parse($0) == nil && ISO8601.parse($0 + "T00:00:00Z") == nil }) ?? false {
            throw PortunusError(.invalidDate, "\(name) is an ISO 8601 date", field: name)
        }
        return try Response.json(
            try service.convertHistory(to: try Self.edition(query, "to"), from: query["from"], until: query["until"], by: principal), status: .ok)
    }

    struct ClassifyBody: Decodable {
        var text: String
        var top: Int?
    }

    /// Suggestions for a goods description. Answers from the current index; while the first
    /// index is being built, 503 `tariff.assistant_unavailable` with Retry-After.
    @Sendable func classify(_ request: Request, context: PortunusRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal(for: .classifyGoods)
        let body = try await request.json(ClassifyBody.self, .classification)
        // A POST: the query is encoded on the server's writer threads (OffPoolMiddleware), off
        // the cooperative pool.
        do {
            return try Response.json(try assistant.classify(body.text, top: body.top ?? 5, by: principal), status: .ok)
        } catch let error as PortunusError where error.code == .assistantUnavailable {
            return ProblemDetails(error, status: .serviceUnavailable).response(headers: [.retryAfter: "30"])
        }
    }

    @Sendable func status(_ request: Request, context: PortunusRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        _ = try request.query(allowed: [])
        return try Response.json(try assistant.status(by: principal), status: .ok)
    }

    struct ConfirmBody: Decodable {
        var text: String
        var code: String
        var source: String?
        var reference: String?
        var declarationID: String?

        enum CodingKeys: String, CodingKey { case text, code, source, reference, declarationID = "declaration_id" }
    }

    @Sendable func confirm(_ request: Request, context: PortunusRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal(for: .confirmClassification)
        let body = try await request.json(ConfirmBody.self, .classification)
        let stored = try assistant.confirm(
            text: body.text, code: body.code, source: body.source ?? "officer", reference: body.reference,
            declarationID: body.declarationID, by: principal)
        return try Response.json(stored, status: .created)
    }

    @Sendable func classifications(_ request: Request, context: PortunusRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        let query = try request.query(allowed: ["limit", "withdrawn"])
        let found = try service.classifications(includeWithdrawn: query["withdrawn"] == "true", limit: try query.limit(maximum: 1_000), by: principal)
        return try Response.json(["classifications": found], status: .ok)
    }

    @Sendable func withdraw(_ request: Request, context: PortunusRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        guard let id = Int64(try context.parameters.require("id")) else { throw PortunusError(.invalidArgument, "the id is a number", field: "id") }
        try service.withdrawClassification(id, by: principal)
        return Response(status: .noContent)
    }
}
