import Foundation
import Hummingbird
import Portunus
import PortunusCore
import Tariff

/// The national tariff over HTTP: its measures on a code (`GET /api/v1/tariff/measures?code=…`),
/// its lines (`GET …/tariff/lines?code=…`), the exchange rates (`GET …/tariff/exchange-rates`),
/// and an estimate of the duties on a declaration document without lodging it
/// (`POST …/tariff/duties`).
struct NationalTariffRoutes: Sendable {
    let service: TariffService

    func register(in group: RouterGroup<PortunusRequestContext>) {
        group.get("tariff/measures", use: measures)
        group.get("tariff/lines", use: lines)
        group.get("tariff/exchange-rates", use: exchangeRates)
        group.post("tariff/duties", use: estimate)
    }

    struct MeasureBody: Encodable {
        var id: String
        var code: String
        var type: String
        var origins: [String]
        var excluded: [String]
        var additionalCode: String?
        var agreement: String?
        var expression: String
        var notation: String
        var from: String
        var through: String?
        var legalBasis: String

        enum CodingKeys: String, CodingKey {
            case id, code, type, origins, excluded, agreement, expression, notation, from, through
            case additionalCode = "additional_code", legalBasis = "legal_basis"
        }

        init(_ measure: TariffMeasure) {
            id = measure.id
            code = measure.code
            type = measure.kind.rawValue
            switch measure.origins {
            case .any: origins = ["*"]
            case .only(let countries): origins = countries
            }
            excluded = measure.excluded
            additionalCode = measure.additionalCode
            agreement = measure.agreement
            expression = measure.expressionText
            notation = measure.notation.rawValue
            from = measure.from.description
            through = measure.through?.description
            legalBasis = measure.legalBasis
        }
    }

    @Sendable func measures(_ request: Request, context: PortunusRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        let query = try request.query(allowed: ["code", "type", "limit"])
        let kind = try query["type"].map { text throws(PortunusError) -> TariffMeasure.Kind in
            guard let kind = TariffMeasure.Kind(rawValue: text) else {
                throw PortunusError(
                    .invalidArgument, "type is one of \(TariffMeasure.Kind.allCases.map(\.rawValue).joined(separator: ", "))", field: "type")
            }
            return kind
        }
        let list = try service.nationalMeasures(code: query["code"], kind: kind, limit: try query.limit(maximum: 1000), by: principal)
        return try Response.json(["measures": list.map(MeasureBody.init)], status: .ok)
    }

    struct LineBody: Encodable {
        var code: String
        var description: String
        var units: [String]
    }

    @Sendable func lines(_ request: Request, context: PortunusRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        let query = try request.query(allowed: ["code", "limit"])
        guard let code = query["code"] else { throw PortunusError(.missingField, "code is the code to list under", field: "code") }
        let list = try service.nationalLines(under: code, limit: try query.limit(maximum: 1000), by: principal)
        return try Response.json(["lines": list.map { LineBody(code: $0.code, description: $0.description, units: $0.units) }], status: .ok)
    }

    struct RatesBody: Encodable {
        struct Period: Encodable {
            var currency: String
            var from: String
            var through: String?
            var rate: String
        }
        var currency: String?
        var rates: [Period]
    }

    @Sendable func exchangeRates(_ request: Request, context: PortunusRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        _ = try request.query(allowed: [])
        let table = try service.exchangeRates(by: principal)
        return try Response.json(
            RatesBody(
                currency: table?.currency.code,
                rates: table?.periods.map {
                    .init(currency: $0.currency.code, from: $0.from.description, through: $0.through?.description, rate: $0.rate.description)
                } ?? []), status: .ok)
    }

    @Sendable func estimate(_ request: Request, context: PortunusRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        let data = try await request.data(.jsonCommand)
        switch DeclarationJSON.decode(data) {
        case .failure(let failure):
            throw failure.problems.first ?? PortunusError(.invalidJSON, "the body is not a declaration")
        case .success(let (declaration, _)):
            let calculation = try service.estimateDuties(declaration, by: principal)
            return try Response.json(DutyRoutes.CalculationBody(calculation), status: .ok)
        }
    }
}
