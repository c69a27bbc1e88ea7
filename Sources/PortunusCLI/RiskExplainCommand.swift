import ArgumentParser
import Foundation
import Portunus
import PortunusCore
import RiskEngine

struct RiskExplainCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "explain", abstract: "Why a declaration got its lane: rules, model factors, re-routes.")
    @Argument(help: "The declaration id.") var id: String
    @OptionGroup var data: DataDirectoryOptions

    func run() async throws {
        CommandLogging.bootstrap()
        let (decision, explanation) = try data.withRiskStore { store -> (RiskDecision, RiskExplanation?) in
            guard let decision = try store.decisions.decision(declarationID: id) else {
                throw PortunusError(.notFound, "the declaration has not been assessed (portunus risk assess --day …)", field: "id")
            }
            var explanation = decision.assessment.explanation
            if explanation == nil, let model = try RiskModelRegistry(store: store).activeModel(threads: 1),
                let declaration = try store.declarations.declaration(id: DeclarationID(unchecked: id))
            {
                explanation = try model.model.explain([RiskRecord(declaration: declaration)]).first
            }
            return (decision, explanation)
        }
        let assessment = decision.assessment
        let reroutes = decision.routing.reroutes
        print(
            "declaration \(id): lane \(decision.laneInForce)\(reroutes.isEmpty ? "" : " (assessed \(assessment.lane))"), selected by \(assessment.selection)"
        )
        print(
            "score \(String(format: "%.3f", assessment.score)), risk score \(String(format: "%.3f", assessment.riskScore))\(assessment.aeo ? " (authorised economic operator)" : "")"
                + ", model \(assessment.modelID.map(String.init) ?? "none"), rule set \(assessment.ruleSetVersion.map(String.init) ?? "none")")
        for hit in assessment.ruleHits { print("  rule \(hit.ruleID): \(hit.reason)") }
        for factor in explanation?.factors ?? [] { print("  model: \(factor.sentence) [\(String(format: "%+.2f", factor.contribution))]") }
        for reroute in reroutes {
            print("  re-routed \(reroute.from) → \(reroute.to) by \(reroute.by) at \(ISO8601.format(reroute.at)): \(reroute.reason)")
        }
    }
}
