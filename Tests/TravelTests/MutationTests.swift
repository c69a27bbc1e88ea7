import Foundation
import PortunusTestSupport
import Testing

@testable import Travel

/// The short fuzz run of `make test` (the long one is libFuzzer, `make fuzz`): every sample,
/// mutated many ways (bytes flipped, dropped, duplicated, separators inserted, cut short), is
/// read and encoded without a crash, and every diagnostic points inside the input. The run is
/// seeded and prints its seed; `PORTUNUS_FUZZ_SEED` replays one, `PORTUNUS_FUZZ_ITERATIONS`
/// sets the mutations per sample.
@Suite("Mutated messages", .enabled(if: Samples.available), .offPool)
struct MutationTests {
    /// SplitMix64: a seeded generator, so that a failure can be replayed.
    struct Generator: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    @Test("every sample mutated many ways reads and encodes without a crash; diagnostics stay inside the input")
    func mutations() throws {
        let environment = ProcessInfo.processInfo.environment
        let seed = environment["PORTUNUS_FUZZ_SEED"].flatMap { UInt64($0) } ?? UInt64.random(in: 0...UInt64.max)
        let iterations = environment["PORTUNUS_FUZZ_ITERATIONS"].flatMap { Int($0) } ?? 60
        print("mutation test: seed \(seed), \(iterations) mutations per sample (replay with PORTUNUS_FUZZ_SEED=\(seed))")
        var generator = Generator(state: seed)
        let seeds = Samples.files("paxlst") + Samples.files("pnrgov")
        #expect(seeds.count == 38)
        let airports = try AirportTimeZones(zones: ["FRA": "Europe/Berlin", "IAD": "America/New_York", "SIN": "Asia/Singapore"])
        let special: [UInt8] = Array("'+:?*$\n\r UNAUNHUNTUNZTVLTIFSSRABISACTRITBD/\u{00}".utf8) + [0xE2, 0x80, 0x99, 0xFF]
        let encoder = JSONEncoder()
        var mutated = 0
        for file in seeds {
            let original = Array(try Data(contentsOf: file))
            for _ in 0..<iterations {
                var bytes = original
                for _ in 0..<Int.random(in: 1...8, using: &generator) where !bytes.isEmpty {
                    let index = Int.random(in: 0..<bytes.count, using: &generator)
                    switch Int.random(in: 0..<6, using: &generator) {
                    case 0: bytes[index] = UInt8.random(in: 0...255, using: &generator)
                    case 1: bytes.remove(at: index)
                    case 2: bytes.insert(special.randomElement(using: &generator)!, at: index)
                    case 3: bytes.insert(contentsOf: bytes[index..<min(bytes.count, index + 40)], at: index)
                    case 4: bytes.insert(contentsOf: special.shuffled(using: &generator).prefix(6), at: index)
                    default: bytes.removeSubrange(index...)
                    }
                }
                let messages = TravelReader.read(Data(bytes), today: PAXLSTTests.today, airports: airports)
                for diagnostic in messages.flatMap(\.diagnostics) {
                    #expect(diagnostic.byteOffset >= 0 && diagnostic.byteOffset <= bytes.count, "seed \(seed), \(file.lastPathComponent)")
                }
                _ = try encoder.encode(messages)
                mutated += 1
            }
        }
        #expect(mutated == 38 * iterations)
    }
}
