import Foundation
import Hummingbird
import HummingbirdTesting
import Ledger
import Rules
import Testing
import XGBoostKit

@testable import Portunus
@testable import PortunusCore
@testable import PortunusServer

@Suite("Every error reaches a client as a registered problem")
struct ProblemMiddlewareTests {
    @Test("every ledger code is registered under the same string and converts to it")
    func ledgerCodes() {
        for code in LedgerError.Code.allCases {
            #expect(PortunusError.Code.registered(code.rawValue) != nil, "\(code) is not in the registry")
            let converted = PortunusError(ledger: LedgerError(code, "a reason", line: 3))
            #expect(converted.code.rawValue == code.rawValue && converted.location?.line == 3, "\(code)")
        }
        #expect(Set(LedgerError.Code.allCases.map(\.rawValue)).count == LedgerError.Code.allCases.count)
        // An inconsistency inside the ledger may quote another library's error: it stays in the log.
        #expect(PortunusError(ledger: LedgerError(.internalError, "Error Domain=… /home/someone")).reason == "the ledger's state is inconsistent")
    }

    @Test("every refused proof converts to a registered code")
    func proofCases() {
        let refusals: [ProofError] = [
            .indexOutOfRange(index: 5, size: 3), .sizesOutOfOrder(first: 4, second: 2), .fromEmptyTree, .wrongLength(expected: 3, got: 2),
            .rootMismatch, .oldRootMismatch,
        ]
        for refusal in refusals {
            let converted = PortunusError(proof: refusal)
            #expect(PortunusError.Code.registered(converted.code.rawValue) != nil, "\(refusal)")
            #expect(converted.code == .ledgerInvalidProof && converted.reason == refusal.description)
        }
    }

    @Test("every rule-set code is registered under the same string; a refusal keeps its line, rule and field")
    func ruleSetCodes() throws {
        for code in RuleSetError.Code.allCases {
            #expect(PortunusError.Code.registered(code.rawValue) != nil, "\(code) is not in the registry")
        }
        let catalogue = FieldCatalogue(fields: ["origin": .init(.text, "country of origin")], lanes: ["red", "green"])
        do {
            _ = try RuleSetLoader.load(
                yaml: "rules:\n  - id: A\n    when: { colour: red }\n    then: { flag: x }\n    reason: r\n", catalogue: catalogue)
            Issue.record("an unknown field was accepted")
        } catch {
            let converted = PortunusError(ruleSet: error)
            #expect(converted.code == .rulesUnknownField && converted.code.status == 422)
            #expect(converted.field == "/fields/colour" && converted.location?.line == 3 && converted.reason.hasSuffix("(rule A)"))
        }
    }

    @Test("every XGBoost code is registered; a failed call keeps XGBoost's message out of the answer")
    func xgboostCodes() {
        for code in XGBoostError.Code.allCases {
            #expect(PortunusError.Code.registered(code.rawValue) != nil, "\(code) is not in the registry")
            let converted = PortunusError(xgboost: XGBoostError(code, function: "XGBoosterPredictFromDMatrix", message: "[10:42:01] /tmp/build"))
            #expect(converted.code.rawValue == code.rawValue)
        }
        #expect(
            PortunusError(xgboost: XGBoostError(.callFailed, function: "XGBoosterPredictFromDMatrix", message: "/tmp/x")).reason.contains("/tmp")
                == false)
        #expect(
            PortunusError(xgboost: XGBoostError(.invalidModel, function: "TreeEnsemble", message: "unsupported model: gblinear")).reason.contains(
                "gblinear"))
    }

    @Test("a state machine's refusal that escapes its use case is converted to its own error")
    func stateRefusal() throws {
        let refusal = CertificateStatus.Refusal.cannotBecome(from: .revoked, to: .granted)
        let converted = try #require(PortunusError(converting: refusal))
        #expect(converted == refusal.error && converted.code == .conflict && converted.code.status == 409)
        #expect(PortunusError(converting: CancellationError()) == nil, "a framework's error is not one of ours")
    }

    @Test("the API description lists the registry's codes as the problem code's values, in order")
    func openAPICodes() throws {
        let lines = OpenAPIDocument.yaml.split(separator: "\n", omittingEmptySubsequences: false)
        let start = try #require(lines.firstIndex(of: "    ProblemCode:"), "openapi.yaml has a ProblemCode schema")
        let enumLine = try #require(lines[start...].firstIndex(of: "      enum:"))
        let values = lines[(enumLine + 1)...].prefix { $0.hasPrefix("        - ") }.map { String($0.dropFirst(10)) }
        #expect(values == PortunusError.Code.registry.map(\.rawValue))
        // The problem document and each of its items name their code through that schema.
        let references = lines.filter { $0.contains("code: { $ref: \"#/components/schemas/ProblemCode\" }") }
        #expect(references.count == 2)
    }

    struct Unexpected: Error, CustomStringConvertible {
        var description: String { "passport P1234567 of Jane Doe" }
    }

    /// A router with the problem middleware and routes that throw what the modules throw.
    func application() -> some ApplicationProtocol {
        let router = Router()
        router.add(middleware: ProblemMiddleware())
        router.get("/unexpected") { _, _ -> String in throw Unexpected() }
        router.get("/ledger") { _, _ -> String in throw LedgerError(.missingCheckpoint, "the log has no checkpoint", resource: "checkpoint") }
        router.get("/proof") { _, _ -> String in throw ProofError.rootMismatch }
        router.get("/xgboost") { _, _ -> String in throw XGBoostError(.callFailed, function: "XGBoosterPredictFromDMatrix", message: "out of memory")
        }
        router.get("/portunus") { _, _ -> String in throw PortunusError(.unauthenticated, "an API key is required") }
        return Application(router: router)
    }

    struct Problem: Decodable {
        var type: String
        var status: Int
        var code: String
        var detail: String
    }

    @Test("an error of no module of ours is an RFC 9457 problem document with code internal and none of its text")
    func unexpectedError() async throws {
        try await application().test(.router) { client in
            try await client.execute(uri: "/unexpected", method: .get) { response in
                #expect(response.status == .internalServerError)
                #expect(response.headers[.contentType] == "application/problem+json")
                let problem = try JSONDecoder().decode(Problem.self, from: Data(buffer: response.body))
                #expect(problem.code == "internal" && problem.status == 500 && problem.type.hasSuffix(":internal"))
                #expect(!String(buffer: response.body).contains("Jane") && !String(buffer: response.body).contains("P1234567"))
            }
        }
    }

    @Test("another module's error is converted once, with the status its code is registered with")
    func moduleErrors() async throws {
        let expected: [(String, String, Int)] = [
            ("/ledger", "checkpoint.missing", 404), ("/proof", "proof.invalid", 422), ("/xgboost", "xgboost.failed", 500),
            ("/portunus", "auth.missing", 401),
        ]
        try await application().test(.router) { client in
            for (path, code, status) in expected {
                try await client.execute(uri: path, method: .get) { response in
                    let problem = try JSONDecoder().decode(Problem.self, from: Data(buffer: response.body))
                    #expect(response.status.code == status && problem.status == status && problem.code == code, "\(path)")
                    #expect(response.headers[.contentType] == "application/problem+json")
                }
            }
            try await client.execute(uri: "/xgboost", method: .get) { response in
                #expect(!String(buffer: response.body).contains("out of memory"))
            }
            try await client.execute(uri: "/portunus", method: .get) { response in
                #expect(response.headers[.wwwAuthenticate] == "Bearer")
            }
        }
    }
}
