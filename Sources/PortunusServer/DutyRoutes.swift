import Clearance
import Foundation
import Hummingbird
import Portunus
import PortunusCore
import Tariff

/// Duties and taxes: `GET /api/v1/declarations/{id}/duties` (the calculation on the latest
/// assessed version, with what is paid, secured and outstanding), `POST …/{id}/payments` (a
/// receipt), and `GET`/`POST /api/v1/guarantees` (traders' guarantees and deferment accounts).
struct DutyRoutes {
    let service: DutyService

    func register(declarations: RouterGroup<PortunusRequestContext>, api: RouterGroup<PortunusRequestContext>) {
        declarations.get("{id}/duties", use: duties)
        declarations.post("{id}/payments", use: pay)
        api.get("guarantees", use: guarantees)
        api.post("guarantees", use: addGuarantee)
    }

    struct MoneyBody: Codable {
        var amount: String
        var currency: String

        init(_ money: Money) {
            amount = money.amount.description
            currency = money.currency.code
        }

        func money(field: String) throws(PortunusError) -> Money {
            guard let value = FixedDecimal(amount) else {
                throw PortunusError(.invalidNumber, "amount is a decimal number", field: field + "/amount")
            }
            return Money(value, try Currency(currency, field: field + "/currency"))
        }
    }

    /// A calculation: `{"day", "currency", "total": {"amount", "currency"}, "lines": [{"type", "basis", "amount": {…}}, …]}`.
    struct CalculationBody: Encodable {
        var day: String
        var currency: String
        var total: MoneyBody
        var lines: [DutiesBody.Line]
        var exchangeRates: [String: String]

        enum CodingKeys: String, CodingKey {
            case day, currency, total, lines
            case exchangeRates = "exchange_rates"
        }

        init(_ calculation: DutyCalculation) {
            day = calculation.day.description
            currency = calculation.currency.code
            total = MoneyBody(calculation.total)
            lines = calculation.lines.map {
                DutiesBody.Line(
                    item: $0.item, type: $0.kind.rawValue, basis: $0.basis, measure: $0.measure, rate: $0.rate, base: MoneyBody($0.base),
                    amount: MoneyBody($0.amount), note: $0.note)
            }
            var rates: [String: String] = [:]
            for (currency, rate) in calculation.exchangeRates { rates[currency.code] = rate.description }
            exchangeRates = rates
        }
    }

    /// The contract: `{"total": {"amount", "currency"}, "lines": [{"type", "basis", "amount": {…}}, …]}`, and more.
    struct DutiesBody: Encodable {
        struct Line: Encodable {
            var item: Int
            var type: String
            var basis: String
            var measure: String
            var rate: String
            var base: MoneyBody
            var amount: MoneyBody
            var note: String?
        }
        struct Settlement: Encodable {
            var kind: String
            var amount: MoneyBody
            var reference: String
            var guarantee: String?
            var at: String
        }
        struct Problem: Encodable {
            var code: String
            var detail: String
            var field: String?
        }
        var declarationID: String
        var version: Int
        var calculatedAt: String
        var day: String?
        var currency: String?
        var total: MoneyBody?
        var lines: [Line]
        var exchangeRates: [String: String]?
        var paid: MoneyBody?
        var secured: MoneyBody?
        var outstanding: MoneyBody?
        var settlements: [Settlement]
        var problem: Problem?

        enum CodingKeys: String, CodingKey {
            case version, day, currency, total, lines, paid, secured, outstanding, settlements, problem
            case declarationID = "declaration_id", calculatedAt = "calculated_at", exchangeRates = "exchange_rates"
        }

        init(_ assessment: DutyAssessment) {
            declarationID = assessment.declarationID
            version = assessment.version
            calculatedAt = ISO8601.format(assessment.calculatedAt)
            settlements = assessment.settlements.map {
                Settlement(
                    kind: $0.kind.rawValue, amount: MoneyBody($0.amount), reference: $0.reference, guarantee: $0.guarantee, at: ISO8601.format($0.at))
            }
            if let calculation = assessment.calculation {
                let body = CalculationBody(calculation)
                day = body.day
                currency = body.currency
                total = body.total
                lines = body.lines
                exchangeRates = body.exchangeRates
                paid = MoneyBody(Money(assessment.paid, calculation.currency))
                secured = MoneyBody(Money(assessment.secured, calculation.currency))
                outstanding = MoneyBody(Money(assessment.outstanding, calculation.currency))
            } else {
                lines = []
                problem = assessment.problem.map { Problem(code: $0.code.rawValue, detail: $0.reason, field: $0.field) }
            }
        }
    }

    @Sendable func duties(_ request: Request, context: PortunusRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        let id = try context.parameters.require("id")
        return try Response.json(DutiesBody(try service.duties(id, by: principal)), status: .ok)
    }

    struct Payment: Decodable {
        var amount: MoneyBody
        var reference: String
        var account: String?
        var idempotencyKey: String?
        enum CodingKeys: String, CodingKey {
            case amount, reference, account
            case idempotencyKey = "idempotency_key"
        }
    }

    /// A payment's answer. A bank or payment system (a partner key, which may not read
    /// declarations) is told the state and what is still outstanding, not the calculation.
    struct PaymentBody: Encodable {
        var state: String
        var replayed: Bool
        var outstanding: MoneyBody?
        var duties: DutiesBody?
    }

    @Sendable func pay(_ request: Request, context: PortunusRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        let id = try context.parameters.require("id")
        let body = try await request.json(
            Payment.self, members: ["": ["amount", "reference", "account", "idempotency_key"], "/amount": ["amount", "currency"]])
        let outcome = try service.pay(
            id, amount: try body.amount.money(field: "/amount"), reference: body.reference, account: body.account,
            idempotencyKey: body.idempotencyKey,
            by: principal)
        let full = DutiesBody(outcome.assessment)
        return try Response.json(
            PaymentBody(
                state: outcome.state.stage.rawValue, replayed: outcome.replayed, outstanding: full.outstanding,
                duties: principal.role == .partner ? nil : full),
            status: outcome.replayed ? .ok : .created)
    }

    struct GuaranteeBody: Codable {
        var reference: String
        var holder: String
        var kind: String
        var amount: MoneyBody
        var used: String?
        var available: String?
        var from: String
        var through: String?

        init(_ guarantee: DutyGuarantee) {
            reference = guarantee.reference
            holder = guarantee.holder
            kind = guarantee.kind.rawValue
            amount = MoneyBody(guarantee.amount)
            used = guarantee.used.description
            available = guarantee.available.description
            from = guarantee.from.description
            through = guarantee.through?.description
        }
    }

    @Sendable func guarantees(_ request: Request, context: PortunusRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        let holder = try request.query(allowed: ["holder"])["holder"]
        let list = try service.guarantees(holder: holder, by: principal)
        return try Response.json(["guarantees": list.map(GuaranteeBody.init)], status: .ok)
    }

    @Sendable func addGuarantee(_ request: Request, context: PortunusRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        let body = try await request.json(
            GuaranteeBody.self, members: ["": ["reference", "holder", "kind", "amount", "from", "through"], "/amount": ["amount", "currency"]])
        guard let kind = DutyGuarantee.Kind(rawValue: body.kind) else {
            throw PortunusError(.invalidArgument, "kind is comprehensive or deferment", field: "/kind")
        }
        guard let from = CalendarDay(body.from) else { throw PortunusError(.invalidDate, "from is a day YYYY-MM-DD", field: "/from") }
        var through: CalendarDay? = nil
        if let text = body.through {
            guard let day = CalendarDay(text) else { throw PortunusError(.invalidDate, "through is a day YYYY-MM-DD", field: "/through") }
            through = day
        }
        let guarantee = try service.addGuarantee(
            DutyGuarantee(
                reference: body.reference, holder: body.holder, kind: kind, amount: try body.amount.money(field: "/amount"), from: from,
                through: through),
            by: principal)
        return try Response.json(GuaranteeBody(guarantee), status: .created)
    }
}
