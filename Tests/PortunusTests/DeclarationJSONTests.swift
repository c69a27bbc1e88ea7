import Foundation
import Testing

@testable import Portunus
@testable import PortunusCore

@Suite("Declaration JSON keys")
struct DeclarationJSONTests {
    static let document = """
        {"id":"J-1","lodged_at":"2025-03-01T10:00:00Z","office":"SEA01",
         "procedure":{"process_type":"B","import_type":"11","import_use":"21","payment_type":"11","mode_of_transport":"10"},
         "parties":{"declarant":"DCL-1","importer":"IMP-A"},
         "items":[{"sequence":1,"hs_code":"847130","country_of_origin":"CN","country_of_departure":"HK","origin_marking":"G",
                   "net_mass":"12.5","customs_value":{"amount":"1000.50","currency":"USD"},"duty_rate":"8","tax_type":"A"}],
         "timeline":{"assessed":"2025-03-01T10:05:00Z"},
         "outcome":{"result":"irregularity","fraud":true,"critical":false,"revenue_recovered":{"amount":"12","currency":"USD"}}}
        """

    /// Every key of a JSON value, at any depth.
    static func keys(_ value: Any) -> Set<String> {
        if let object = value as? [String: Any] { return object.reduce(into: Set(object.keys)) { $0.formUnion(keys($1.value)) } }
        if let array = value as? [Any] { return array.reduce(into: []) { $0.formUnion(keys($1)) } }
        return []
    }

    @Test("a snake_case document reads, and encodes back with the same keys")
    func roundTrip() throws {
        let (declaration, _) = try DeclarationJSON.decode(Data(Self.document.utf8)).get()
        #expect(declaration.items[0].customsValue.amount == FixedDecimal("1000.5"))
        #expect(declaration.outcome?.revenueRecovered?.amount == FixedDecimal("12"))
        let encoded = try JSONSerialization.jsonObject(with: DeclarationJSON.encoder().encode(declaration))
        let written = Self.keys(encoded)
        #expect(written == Self.keys(try JSONSerialization.jsonObject(with: Data(Self.document.utf8))).union(["lodged"]))
        #expect(written.allSatisfy { $0 == $0.lowercased() })
    }

    @Test("each camelCase key of earlier versions is refused at its pointer, naming the key to send")
    func camelCaseRefused() throws {
        var camel = Self.document
        for (old, new) in DeclarationJSON.renamedKeys { camel = camel.replacingOccurrences(of: "\"\(new)\"", with: "\"\(old)\"") }
        guard case .failure(let failure) = DeclarationJSON.decode(Data(camel.utf8)) else {
            Issue.record("a camelCase declaration was accepted")
            return
        }
        let unknown = failure.problems.filter { $0.code == .unknownField }
        #expect(Set(unknown.compactMap { $0.field?.split(separator: "/").last.map(String.init) }) == Set(DeclarationJSON.renamedKeys.keys))
        for problem in unknown {
            let old = String(problem.field?.split(separator: "/").last ?? "")
            #expect(problem.reason.contains("send '\(DeclarationJSON.renamedKeys[old] ?? "?")'"), "\(problem.reason)")
        }
    }
}
