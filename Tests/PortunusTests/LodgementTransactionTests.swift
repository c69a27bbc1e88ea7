import Foundation
import PortunusTestSupport
import Testing

@testable import Portunus
@testable import PortunusCore
@testable import RiskEngine
@testable import Storage

/// Lodgement is one act: the declarations, their decisions and their ledger outbox entries
/// are stored in one transaction, after everything was checked and assessed.
@Suite("Lodgement in one transaction")
struct LodgementTransactionTests {
    struct AssessmentFailed: Error {}

    /// An assessor whose assessment fails (a model that cannot score, a rule set that cannot load).
    struct FailingAssessor: LodgementAssessor {
        func prepare(_ declarations: [Declaration], explain: OnlineRiskAssessor.Explain) throws -> [RiskDecision] { throw AssessmentFailed() }
        func discard(_ decisions: [RiskDecision]) {}
    }

    static func document(_ id: String) -> Result<(Declaration, [PortunusError]), DeclarationJSON.DecodeFailure> {
        DeclarationJSON.decode(
            Data(
                """
                {"id":"\(id)","lodged_at":"2025-03-01T10:00:00Z","office":"SEA01",\
                "procedure":{"process_type":"B","import_type":"11","import_use":"21","payment_type":"11","mode_of_transport":"10"},\
                "parties":{"declarant":"DCL-1","importer":"IMP-A","seller":"SLR-1"},\
                "items":[{"hs_code":"847130","country_of_origin":"CN","country_of_departure":"CN","net_mass":12.5,\
                "customs_value":{"amount":"1000.50","currency":"USD"},"duty_rate":"8","tax_type":"A"}]}
                """.utf8))
    }

    static let officer = Principal(keyID: "k-officer", role: .admin)

    @Test("when the assessment fails, nothing is stored: no declaration, no decision, no ledger entry; the retry lodges and assesses")
    func assessmentFailureStoresNothing() throws {
        let directory = TestEnvironment.temporaryDirectory("lodgement")
        defer { TestEnvironment.cleanUp(directory) }
        let store = try PortunusStore(dataDirectory: directory.path)
        let service = try DeclarationService(store: store)
        let documents = [Self.document("T-1"), Self.document("T-2")]

        #expect(throws: PortunusError.self) { try service.lodge(documents, assessor: FailingAssessor(), by: Self.officer) }
        #expect(try store.declarations.count() == 0)
        #expect(try store.decisions.decision(declarationID: "T-1") == nil)
        #expect(try store.ledger.pendingCount() == 0)

        let assessor = OnlineRiskAssessor(store: store)
        let results = try service.lodge(documents, assessor: assessor, by: Self.officer)
        #expect(results.map(\.status) == [.accepted, .accepted])
        #expect(try store.declarations.count() == 2)
        for result in results {
            let id = try #require(result.id)
            let stored = try #require(try store.decisions.decision(declarationID: id))
            #expect(stored.assessment == result.assessment)
            #expect(try store.ledger.entries(type: AccountableEntry.Kind.decision, subject: stored.declarationID).count == 1)
        }
        // The same documents again: already present, not assessed twice, the day's count unchanged.
        let again = try service.lodge(documents, assessor: assessor, by: Self.officer)
        #expect(again.map(\.status) == [.alreadyPresent, .alreadyPresent] && again.allSatisfy { $0.assessment == nil })
        #expect(try store.decisions.dayCounters(office: "SEA01", day: "2025-03-01").assessed == 2)
        #expect(try store.ledger.pendingCount() == 2)
    }
}
