import Foundation
import Testing

@testable import RiskEngine

@Suite("Selectivity basis as stored")
struct SelectivityBasisTests {
    @Test("the two stored forms read back as what they are and are written as before")
    func forms() throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let policy = SelectivityPolicy()
        let day = SelectivityBasis.day(policy)
        #expect(try encoder.encode(day) == encoder.encode(policy))
        #expect(try JSONDecoder().decode(SelectivityBasis.self, from: encoder.encode(policy)) == day)

        let record = OnlineSelectivity.Record(
            policy: policy, thresholds: .init(inspect: 0.5, red: 0.8, blue: 0.3, exploration: 0.01), before: .init(assessed: 7, inspected: 1))
        let online = SelectivityBasis.online(record)
        let text = String(decoding: try encoder.encode(online), as: UTF8.self)
        #expect(text.contains(#""mode":"online""#))
        #expect(try JSONDecoder().decode(SelectivityBasis.self, from: Data(text.utf8)) == online)
        #expect(online.policy == policy)
    }
}
