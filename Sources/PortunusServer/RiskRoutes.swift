import Foundation
import Hummingbird
import Ledger
import Portunus
import PortunusCore
import RiskEngine
import Rules
import Travel

/// Risk decisions over HTTP: run a day's assessment, read a declaration's assessment,
/// worklists, re-routes with reasons, outcomes, and the models and rule sets analysts manage.
struct RiskRoutes: Sendable {
    let service: RiskDecisionService
    /// Airport time zones for travel files (times in UTC), when the data directory has them.
    var airports: AirportTimeZones? = nil

    /// `/api/v1/…` routes of their own.
    func register(in group: RouterGroup<PortunusRequestContext>) {
        group.post("assessments", use: assess)
        group.get("worklist", use: worklist)
        group.get("models", use: models)
        group.post("models/rollback", use: rollBackModel)
        group.post("models/{id}/activate", use: activateModel)
        group.get("rule-sets", use: ruleSets)
        group.post("rule-sets", use: uploadRules)
        group.post("rule-sets/validate", use: validateRules)
        group.post("rule-sets/{version}/activate", use: activateRules)
    }

    /// Routes under `/api/v1/declarations/{id}/…`.
    func registerDeclarationRoutes(in group: RouterGroup<PortunusRequestContext>) {
        group.get("{id}/assessment", use: assessment)
        group.post("{id}/reroute", use: reroute)
        group.post("{id}/outcome", use: outcome)
    }

    // MARK: Assessments

    /// A decision as `GET …/assessment` and the worklists show it: the ``Assessment`` in its
    /// own shape (the same fields and reasons as the lodgement answer) with the lane in force,
    /// then the assessed lane, the re-routes and, for one declaration read, what opens its
    /// ledger entry.
    struct DecisionBody: Encodable {
        var decision: RiskDecision
        /// The assessment as stored, canonical: with `assessment_salt` it opens the decision's
        /// ledger entry's `assessment_commitment`, SHA-256(salt ‖ record) (only when one
        /// declaration is read).
        var record: CanonicalJSON? = nil
        /// The commitment's salt (base64): given to those who may read the assessment, so
        /// that they, or a partner they show it to, can check it against the public log.
        var assessmentSalt: String? = nil
        /// Where the decision's entry is in the ledger (nil while it waits to be appended).
        var ledgerIndex: UInt64? = nil

        init(_ decision: RiskDecision) { self.decision = decision }

        init(_ disclosed: RiskDecisionService.Disclosed) {
            decision = disclosed.decision
            record = disclosed.record
            assessmentSalt = disclosed.assessmentSalt
            ledgerIndex = disclosed.ledgerIndex
        }

        struct Reroute: Encodable {
            var at: String
            var by: String
            var from: Lane
            var to: Lane
            var reason: String
        }

        enum CodingKeys: String, CodingKey {
            case assessedLane = "assessed_lane", reroutes, record, assessmentSalt = "assessment_salt", ledgerIndex = "ledger_index"
        }

        func encode(to encoder: any Encoder) throws {
            try decision.assessment.encode(to: encoder, lane: decision.laneInForce)
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(decision.assessment.lane, forKey: .assessedLane)
            try container.encode(
                decision.routing.reroutes.map { Reroute(at: ISO8601.format($0.at), by: $0.by, from: $0.from, to: $0.to, reason: $0.reason) },
                forKey: .reroutes)
            try container.encodeIfPresent(record, forKey: .record)
            try container.encodeIfPresent(assessmentSalt, forKey: .assessmentSalt)
            try container.encodeIfPresent(ledgerIndex, forKey: .ledgerIndex)
        }
    }

    static let assessParameters: Set<String> = ["day", "office", "budget", "budget_count", "exploration", "seed"]

    @Sendable func assess(_ request: Request, context: PortunusRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        let query = try request.query(allowed: Self.assessParameters)
        guard let day = query["day"] else { throw PortunusError(.missingField, "give the lodgement day: ?day=YYYY-MM-DD", field: "day") }
        var policy = SelectivityPolicy()
        if let budget = query["budget"] {
            guard let percent = Double(budget), percent >= 0, percent <= 100 else {
                throw PortunusError(.invalidArgument, "budget is a percentage", field: "budget")
            }
            policy.budget = .percent(percent)
        }
        if let count = query["budget_count"] {
            guard let value = Int(count), value >= 0 else { throw PortunusError(.invalidArgument, "budget_count is a count", field: "budget_count") }
            policy.budget = .count(value)
        }
        if let exploration = query["exploration"] {
            guard let percent = Double(exploration), percent >= 0, percent <= 100 else {
                throw PortunusError(.invalidArgument, "exploration is a percentage", field: "exploration")
            }
            policy.explorationPercent = percent
        }
        let seed =
            try query["seed"].map { value -> UInt64 in
                guard let seed = UInt64(value) else { throw PortunusError(.invalidArgument, "seed is an unsigned integer", field: "seed") }
                return seed
            } ?? 0
        let assessments = try service.assess(day: day, office: query["office"], policy: policy, seed: seed, by: principal)
        struct Summary: Encodable {
            var day: String
            var assessed: Int
            var lanes: [String: Int]
            var exploration: Int
            var byRule: Int
        }
        var lanes: [String: Int] = [:]
        for lane in Lane.allCases { lanes[lane.rawValue] = assessments.count { $0.lane == lane } }
        return try Response.json(
            Summary(
                day: day, assessed: assessments.count, lanes: lanes, exploration: assessments.count { $0.selection == .exploration },
                byRule: assessments.count { $0.selection == .rule }), status: .ok)
    }

    @Sendable func assessment(_ request: Request, context: PortunusRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        let id = try context.parameters.require("id")
        return try Response.json(DecisionBody(try service.disclosedDecision(id, by: principal)), status: .ok)
    }

    static let worklistParameters: Set<String> = ["office", "lane", "day", "limit"]

    @Sendable func worklist(_ request: Request, context: PortunusRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        let query = try request.query(allowed: Self.worklistParameters)
        let limit = try query.limit()
        let lane = try query["lane"].map { text throws(PortunusError) in
            guard let lane = Lane(rawValue: text) else { throw PortunusError(.invalidArgument, "lane is red, yellow, blue or green", field: "lane") }
            return lane
        }
        let decisions = try service.worklist(office: query["office"], lane: lane, day: query["day"], limit: limit, by: principal)
        struct Body: Encodable { var declarations: [DecisionBody] }
        return try Response.json(Body(declarations: decisions.map(DecisionBody.init)), status: .ok)
    }

    struct RerouteRequest: Decodable {
        var lane: String
        var reason: String
    }

    @Sendable func reroute(_ request: Request, context: PortunusRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal(for: .reroute)
        let id = try context.parameters.require("id")
        let body = try await request.json(RerouteRequest.self)
        guard let lane = Lane(rawValue: body.lane) else {
            throw PortunusError(.invalidArgument, "lane is red, yellow, blue or green", field: "/lane")
        }
        return try Response.json(DecisionBody(try service.reroute(id, to: lane, reason: body.reason, by: principal)), status: .ok)
    }

    struct OutcomeRequest: Decodable {
        var result: String
        var fraud: Bool
        var critical: Bool?
    }

    @Sendable func outcome(_ request: Request, context: PortunusRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal(for: .recordOutcome)
        let id = try context.parameters.require("id")
        let body = try await request.json(OutcomeRequest.self)
        guard let result = InspectionOutcome.Result(rawValue: body.result) else {
            throw PortunusError(.invalidArgument, "result is irregularity or no_irregularity", field: "/result")
        }
        try service.recordOutcome(id, InspectionOutcome(result: result, fraud: body.fraud, critical: body.critical ?? false), by: principal)
        return Response(status: .noContent)
    }

    // MARK: Models

    @Sendable func models(_ request: Request, context: PortunusRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        struct Model: Encodable {
            var id: Int64
            var createdAt: String
            var label: String
            var active: Bool
            var validation: InspectionMetrics?
            var bestRound: Int?
            enum CodingKeys: String, CodingKey { case id, createdAt = "created_at", label, active, validation, bestRound = "best_round" }
        }
        let entries = try service.models(by: principal).map {
            Model(
                id: $0.id, createdAt: $0.createdAt, label: $0.label, active: $0.active, validation: $0.metadata?.validation,
                bestRound: $0.metadata?.bestRound)
        }
        struct Body: Encodable { var models: [Model] }
        return try Response.json(Body(models: entries), status: .ok)
    }

    @Sendable func activateModel(_ request: Request, context: PortunusRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        guard let id = Int64(try context.parameters.require("id")) else { throw PortunusError(.notFound, "no such model", field: "id") }
        try service.activateModel(id, by: principal)
        return Response(status: .noContent)
    }

    @Sendable func rollBackModel(_ request: Request, context: PortunusRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        struct Body: Encodable { var active: Int64 }
        return try Response.json(Body(active: try service.rollBackModel(by: principal)), status: .ok)
    }

    // MARK: Rule sets

    @Sendable func ruleSets(_ request: Request, context: PortunusRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        struct Version: Encodable {
            var version: Int64
            var createdAt: String
            var createdBy: String
            var note: String
            var active: Bool
            var yaml: String
            enum CodingKeys: String, CodingKey { case version, createdAt = "created_at", createdBy = "created_by", note, active, yaml }
        }
        struct Body: Encodable {
            var ruleSets: [Version]
            enum CodingKeys: String, CodingKey { case ruleSets = "rule_sets" }
        }
        let versions = try service.ruleSets(by: principal).map {
            Version(
                version: $0.version, createdAt: ISO8601.format($0.createdAt), createdBy: $0.createdBy, note: $0.note, active: $0.active, yaml: $0.yaml
            )
        }
        return try Response.json(Body(ruleSets: versions), status: .ok)
    }

    @Sendable func validateRules(_ request: Request, context: PortunusRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal(for: .manageRules)
        do {
            let set = try service.validateRules(try await request.text(.ruleSet), by: principal)
            struct Body: Encodable {
                var valid: Bool
                var rules: [String]
            }
            return try Response.json(Body(valid: true, rules: set.rules.map(\.id)), status: .ok)
        } catch let error as RuleSetError {
            throw RejectedDocument(problems: [PortunusError(ruleSet: error)])
        }
    }

    @Sendable func uploadRules(_ request: Request, context: PortunusRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal(for: .manageRules)
        let query = try request.query(allowed: ["note", "activate"])
        do {
            let version = try service.uploadRules(
                try await request.text(.ruleSet), note: query["note"] ?? "", activate: query["activate"] == "true", by: principal)
            struct Body: Encodable {
                var version: Int64
                var active: Bool
            }
            return try Response.json(
                Body(version: version, active: query["activate"] == "true"), status: .created,
                headers: [.location: "/api/v1/rule-sets/\(version)"])
        } catch let error as RuleSetError {
            throw RejectedDocument(problems: [PortunusError(ruleSet: error)])
        }
    }

    @Sendable func activateRules(_ request: Request, context: PortunusRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        guard let version = Int64(try context.parameters.require("version")) else {
            throw PortunusError(.notFound, "no such rule set", field: "version")
        }
        try service.activateRules(version, by: principal)
        return Response(status: .noContent)
    }
}
