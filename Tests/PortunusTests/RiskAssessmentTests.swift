import Foundation
import PortunusTestSupport
import Testing

@testable import Portunus
@testable import PortunusCore
@testable import RiskEngine
@testable import Rules
@testable import Storage

@Suite("Risk decisions", .serialized, .offPool)
struct RiskAssessmentTests {
    /// A store holding demo declarations, an active model trained on them and an active rule set.
    static func fixture(_ directory: URL) throws -> (PortunusStore, [Declaration]) {
        let store = try PortunusStore(dataDirectory: directory.path)
        let path = directory.appendingPathComponent("demo.csv").path
        _ = try DemoGenerator().generate(.init(declarations: 3000, seed: 21), to: path)
        _ = try DeclarationImport(store: store).run(.init(path: path, mapping: .portunus))
        let model = try RiskModelRegistryTests.model(seed: 0, directory: directory)
        _ = try RiskModelRegistry(store: store).register(model)
        let declarations = try DeclarationFile.read(path: path, mapping: .portunus).declarations
        return (store, declarations)
    }

    static let rules = """
        rules:
          - id: NEW-IMPORTER
            when: { importer_days_seen: { below: 1 } }
            then: { add_score: 0.1, flag: new-importer }
            reason: "Importer first seen {importer_days_seen} days ago"
          - id: CHAPTER-93
            when: { hs_chapter: "93" }
            then: { lane: red }
            reason: "Arms and ammunition (chapter {hs_chapter}) are always examined"
        """

    @Test("a day's queue gets exact lanes, stored with model, rule set, seed and reasons; the stored day re-derives")
    func assessAndRederive() throws {
        let directory = TestEnvironment.temporaryDirectory("assess")
        defer { TestEnvironment.cleanUp(directory) }
        let (store, declarations) = try Self.fixture(directory)
        _ = try RuleSetLoader.load(yaml: Self.rules, catalogue: DeclarationFacts.catalogue)
        let version = try store.decisions.insertRuleSet(yaml: Self.rules, by: "analyst-1", note: "first rules")
        try store.decisions.activateRuleSet(version: version, by: "analyst-1")
        #expect(try store.decisions.ruleSets().first?.createdBy == "analyst-1")

        // The busiest office-day of the demo data.
        let days = Dictionary(grouping: declarations) { "\($0.office) \(RiskAssessor.day($0.lodgedAt))" }
        let (_, queue) = days.max { $0.value.count < $1.value.count }!
        var policy = SelectivityPolicy()
        policy.budget = .count(4)
        policy.explorationPercent = 25
        let assessor = try RiskAssessor.active(store: store, policy: policy, seed: 99)
        #expect(assessor.model != nil && assessor.rules?.version == version)
        let assessments = try assessor.assess(queue)
        #expect(assessments.count == queue.count)
        let forced = assessments.count { $0.forcedBy == "CHAPTER-93" }
        #expect(assessments.count { $0.lane.inspects } == max(4, forced))
        #expect(assessments.count { $0.selection == .exploration } == min(1, max(0, 4 - forced)))
        for assessment in assessments where assessment.lane.inspects && assessment.selection != .rule {
            #expect(assessment.explanation != nil, "red and yellow carry the model's reasons")
            #expect(!assessment.reasons.isEmpty)
        }
        #expect(assessments.allSatisfy { $0.modelID != nil && $0.ruleSetVersion == version })

        // Stored, re-derivable, and a tampered record is caught.
        let office = queue[0].office
        let day = RiskAssessor.day(queue[0].lodgedAt)
        #expect(try RiskAssessor.rederive(store: store, office: office, day: day).isEmpty)
        let stored = try #require(try store.decisions.decision(declarationID: assessments[0].id))
        #expect(stored.assessment.lane == assessments[0].lane && stored.assessment.seed == assessments[0].seed)
        var tampered = stored
        tampered.assessment.lane = stored.assessment.lane == .green ? .red : .green
        try store.decisions.saveDecisions([tampered])
        #expect(try RiskAssessor.rederive(store: store, office: office, day: day).map(\.id) == [stored.declarationID])
    }

    @Test("re-routing keeps the reason and who; worklists follow the lane in force; outcomes are recorded and teach the next model")
    func rerouteOutcomeRetrain() throws {
        let directory = TestEnvironment.temporaryDirectory("assess")
        defer { TestEnvironment.cleanUp(directory) }
        let (store, declarations) = try Self.fixture(directory)
        let assessor = try RiskAssessor.active(store: store, seed: 1)
        let queue = Array(declarations.filter { $0.outcome == nil }.prefix(200))
        let assessments = try assessor.assess(queue)
        let green = try #require(assessments.first { $0.lane == .green })
        func reroute(_ id: String, to lane: Lane, reason: String, by: String) throws -> LaneRouting {
            try store.decisions.reroute(declarationID: id) { current throws(LaneRouting.Refusal) in
                try current.applying(.reroute(to: lane, reason: reason, by: by, at: Date()))
            }
        }
        #expect(throws: PortunusError.self) { try reroute("NO-SUCH", to: .red, reason: "x", by: "officer-7") }
        let routing = try reroute(green.id, to: .red, reason: "tip-off from the port authority", by: "officer-7")
        #expect(routing.reroutes.last?.from == .green)
        let decision = try #require(try store.decisions.decision(declarationID: green.id))
        #expect(decision.laneInForce == .red)
        #expect(
            decision.routing.reroutes.first?.reason == "tip-off from the port authority" && decision.routing.reroutes.first?.by == "officer-7")
        #expect(try store.decisions.worklist(office: green.office, lane: .red, day: nil).contains { $0.declarationID == green.id })
        #expect(try !store.decisions.worklist(office: green.office, lane: .green, day: nil).contains { $0.declarationID == green.id })

        // The officer records the outcome; the declaration is now labelled for retraining.
        let before = try store.declarations.summary().inspected
        try store.decisions.recordOutcome(declarationID: green.id, InspectionOutcome(result: .irregularity, fraud: true))
        #expect(try store.declarations.summary().inspected == before + 1)
        let from2025 = try #require(ISO8601.parse("2025-01-01"))
        let to2026 = try #require(ISO8601.parse("2026-01-01"))
        let retrained = try RiskTraining().train(store: store, from: from2025, to: to2026, threads: 1, output: directory.appendingPathComponent("m"))
        #expect(retrained.metadata.trainingRows + retrained.metadata.validationRows == before + 1, "the new outcome is in the training data")

        // The loop as `risk retrain` and the server's schedule run it: registered, and active
        // unless the active model validates better.
        let registry = RiskModelRegistry(store: store)
        let models = try registry.list().count
        let outcome = try RiskTraining.retrain(store: store, days: 365, now: to2026, threads: 1)
        #expect(try registry.list().count == models + 1)
        #expect(
            try registry.list().first { $0.active }?.id
                == (outcome.activated ? outcome.id : registry.list().first { $0.id != outcome.id && $0.active }?.id))
        let metadata = try #require(try registry.list().first { $0.id == outcome.id }?.metadata)
        #expect(metadata.trainingRows + metadata.validationRows == before + 1)
    }
}
