import Foundation
import PortunusTestSupport
import Testing
@testable import Travel

/// A property test in place of a fuzzer run in CI: every sample, mutated thousands of ways
/// (bytes flipped, dropped, duplicated, separators inserted, cut short), is read without a
/// crash, and every diagnostic points inside the input.
@Suite("Mutated messages", .enabled(if: Samples.available))
struct MutationTests {
    @Test("2,000 mutations per sample kind read without a crash; diagnostics stay inside the input")
    func mutations() throws {
        var generator = SystemRandomNumberGenerator()
        let seedFiles = ["paxlst/gtas_crew_d02b_oneline.edi", "paxlst/gtas_pax_d02b_custom_separators.edi", "pnrgov/gtas_pnr10_message.edi",
                         "pnrgov/gtas_pnr11_infant_curly_una.edi", "paxlst/smooks_paxlst_d03b_ace_release_chars.edi"]
        let special: [UInt8] = Array("'+:?*$\n\r UNAUNHUNTUNZ\u{00}".utf8) + [0xE2, 0x80, 0x99, 0xFF]
        var mutated = 0
        for file in seedFiles {
            let original = Array(try Data(contentsOf: TestEnvironment.dataset("api-pnr/" + file)))
            for _ in 0..<400 {
                var bytes = original
                for _ in 0..<Int.random(in: 1...8, using: &generator) where !bytes.isEmpty {
                    let index = Int.random(in: 0..<bytes.count, using: &generator)
                    switch Int.random(in: 0..<5, using: &generator) {
                    case 0: bytes[index] = UInt8.random(in: 0...255, using: &generator)
                    case 1: bytes.remove(at: index)
                    case 2: bytes.insert(special.randomElement(using: &generator)!, at: index)
                    case 3: bytes.insert(contentsOf: bytes[index..<min(bytes.count, index + 40)], at: index)
                    default: bytes.removeSubrange(index...)
                    }
                }
                let messages = TravelReader.read(Data(bytes))
                for diagnostic in messages.flatMap(\.diagnostics) {
                    #expect(diagnostic.byteOffset >= 0 && diagnostic.byteOffset <= bytes.count)
                }
                mutated += 1
            }
        }
        #expect(mutated == 2_000)
    }
}
