import Foundation
import Hummingbird
import Ledger
import Portunus
import PortunusCore
import RiskEngine
import Rules
import Storage
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

    struct DecisionBody: Encodable {
        var id: String
        var lane: String
        var assessedLane: String
        var selection: String
        var score: Double
        var riskScore: Double
        var forcedBy: String?
        var ruleHits: [RuleHit]
        var explanation: RiskExplanation?
        var reasons: [String]
        var modelID: Int64?
        var ruleSetVersion: Int64?
        var seed: String
        var aeo: Bool
        var office: String
        var day: String
        var reroutes: [Reroute]
        /// The assessment as stored, canonical: with `assessment_salt` it opens the decision's
        /// ledger entry's `assessment_commitment`, SHA-256(salt ‖ record) (only when one
        /// declaration is read).
        var record: CanonicalJSON?
        /// The commitment's salt (base64): given to those who may read the assessment, so
        /// that they, or a partner they show it to, can check it against the public log.
        var assessmentSalt: String?
        /// Where the decision's entry is in the ledger (nil while it waits to be appended).
        var ledgerIndex: UInt64?

        struct Reroute: Encodable {
            var at: String
            var by: String
            var from: String
            var to: String
            var reason: String
        }

        enum CodingKeys: String, CodingKey {
            case id, lane, assessedLane = "assessed_lane", selection, score, riskScore = "risk_score", forcedBy = "forced_by"
            case ruleHits = "rule_hits", explanation, reasons, modelID = "model_id", ruleSetVersion = "rule_set_version", seed, aeo, office, day,
                reroutes
            case record, assessmentSalt = "assessment_salt", ledgerIndex = "ledger_index"
        }

        init(_ decision: StoredDecision) {
            let hits = (try? JSONDecoder().decode([RuleHit].self, from: Data(decision.hitsJSON.utf8))) ?? []
            let explanation = decision.explanationJSON.flatMap { try? JSONDecoder().decode(RiskExplanation.self, from: Data($0.utf8)) }
            id = decision.declarationID
            lane = decision.laneInForce
            assessedLane = decision.lane
            selection = decision.selection
            score = decision.score
            riskScore = decision.riskScore
            forcedBy = decision.forcedBy
            ruleHits = hits
            self.explanation = explanation
            reasons = hits.map(\.reason) + (explanation?.factors.filter { $0.contribution > 0 }.map(\.sentence) ?? [])
            modelID = decision.modelID
            ruleSetVersion = decision.ruleSetVersion
            // A 64-bit seed is text in JSON: numbers above 2^53 do not survive every client.
            seed = String(decision.seed)
            aeo = decision.aeo
            office = decision.office
            day = decision.day
            reroutes = decision.reroutes.map { Reroute(at: $0.at, by: $0.by, from: $0.from, to: $0.to, reason: $0.reason) }
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
        let decision = try service.decision(id, by: principal)
        var body = DecisionBody(decision)
        body.record = AccountableEntry.assessmentRecord(decision)
        let entry = try service.store.ledgerEntries(type: AccountableEntry.Kind.decision, subject: id).last
        body.ledgerIndex = entry?.ledgerIndex
        body.assessmentSalt = try entry.flatMap { entry throws(PortunusError) in
            AccountableEntry.assessmentSalt(secrets: try service.store.ledgerSecrets(seq: entry.seq))
        }
        return try Response.json(body, status: .ok)
    }

    static let worklistParameters: Set<String> = ["office", "lane", "day", "limit"]

    @Sendable func worklist(_ request: Request, context: PortunusRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        let query = try request.query(allowed: Self.worklistParameters)
        let limit = try query.limit()
        let decisions = try service.worklist(office: query["office"], lane: query["lane"], day: query["day"], limit: limit, by: principal)
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
        try service.reroute(id, to: body.lane, reason: body.reason, by: principal)
        return try Response.json(DecisionBody(try service.decision(id, by: principal)), status: .ok)
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
            Version(version: $0.version, createdAt: $0.createdAt, createdBy: $0.createdBy, note: $0.note, active: $0.active, yaml: $0.yaml)
        }
        return try Response.json(Body(ruleSets: versions), status: .ok)
    }

    /// A rule-set problem as a problem document: its own code, the line, the rule and field.
    static func problem(_ error: RuleSetError) -> PortunusError {
        let rule = error.ruleID.map { " (rule \($0))" } ?? ""
        return PortunusError(
            PortunusError.Code(error.code), error.message + rule, field: error.field.map { "/fields/\($0)" },
            location: error.line.map { PortunusError.Location(line: $0) })
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
            throw RejectedDocument(problems: [Self.problem(error)])
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
            throw RejectedDocument(problems: [Self.problem(error)])
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
