import Foundation
import Hummingbird
import Portunus
import PortunusCore
import Tariff

/// The Harmonized System over HTTP (`/api/v1/tariff/…`): browse and search an edition,
/// correlate a code between editions, convert the declaration history for statistics.
struct TariffRoutes: Sendable {
    let service: TariffService

    func register(in group: RouterGroup<PortunusRequestContext>) {
        group.get("tariff/codes", use: chapters)
        group.get("tariff/codes/{code}", use: code)
        group.get("tariff/search", use: search)
        group.get("tariff/correlate/{code}", use: correlate)
        group.get("tariff/history", use: history)
    }

    static func edition(_ query: [String: String], _ name: String, default fallback: HSEdition? = .hs2022) throws -> HSEdition {
        guard let text = query[name] else {
            guard let fallback else { throw PortunusError(.missingField, "an edition is required", field: name) }
            return fallback
        }
        guard let edition = HSEdition(text: text) else { throw PortunusError(.invalidArgument, "an edition is 2012, 2017 or 2022", field: name) }
        return edition
    }

    @Sendable func chapters(_ request: Request, context: PortunusRequestContext) async throws -> Response {
        try AccessPolicy.require(.readTariff, try context.requirePrincipal())
        let query = try RiskRoutes.query(request, allowed: ["edition"])
        return try RiskRoutes.json(try service.browse(nil, edition: try Self.edition(query, "edition")), status: .ok)
    }

    @Sendable func code(_ request: Request, context: PortunusRequestContext) async throws -> Response {
        try AccessPolicy.require(.readTariff, try context.requirePrincipal())
        let query = try RiskRoutes.query(request, allowed: ["edition"])
        return try RiskRoutes.json(try service.browse(try context.parameters.require("code"), edition: try Self.edition(query, "edition")), status: .ok)
    }

    @Sendable func search(_ request: Request, context: PortunusRequestContext) async throws -> Response {
        try AccessPolicy.require(.readTariff, try context.requirePrincipal())
        let query = try RiskRoutes.query(request, allowed: ["q", "edition", "level", "limit"])
        guard let text = query["q"], !text.trimmingCharacters(in: .whitespaces).isEmpty else { throw PortunusError(.missingField, "q is the words to search", field: "q") }
        let level = try query["level"].map { value throws -> Int in
            guard let level = Int(value), [2, 4, 6].contains(level) else { throw PortunusError(.invalidArgument, "level is 2, 4 or 6", field: "level") }
            return level
        }
        let limit = try RiskRoutes.limit(query, maximum: 200)
        return try RiskRoutes.json(["codes": try service.search(text, edition: try Self.edition(query, "edition"), level: level, limit: limit)], status: .ok)
    }

    @Sendable func correlate(_ request: Request, context: PortunusRequestContext) async throws -> Response {
        try AccessPolicy.require(.readTariff, try context.requirePrincipal())
        let query = try RiskRoutes.query(request, allowed: ["from", "to"])
        let links = try service.correlate(try context.parameters.require("code"), from: try Self.edition(query, "from", default: nil), to: try Self.edition(query, "to"))
        return try RiskRoutes.json(["links": links], status: .ok)
    }

    @Sendable func history(_ request: Request, context: PortunusRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        let query = try RiskRoutes.query(request, allowed: ["to", "from", "until"])
        for name in ["from", "until"] where query[name].map({ ISO8601.parse($0) == nil && ISO8601.parse($0 + "T00:00:00Z") == nil }) ?? false {
            throw PortunusError(.invalidDate, "\(name) is an ISO 8601 date", field: name)
        }
        return try RiskRoutes.json(try service.convertHistory(to: try Self.edition(query, "to"), from: query["from"], until: query["until"], by: principal), status: .ok)
    }
}
