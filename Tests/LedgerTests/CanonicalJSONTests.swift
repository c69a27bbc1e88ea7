import Foundation
import PortunusTestSupport
import Testing

@testable import Ledger

@Suite("Canonical JSON (RFC 8785)", .offPool)
struct CanonicalJSONTests {
    @Test("the RFC's own examples: numbers, string escapes and member order by UTF-16")
    func rfcExamples() {
        let numbers: CanonicalJSON = ["numbers": [333333333.33333329, 1e30, 4.50, 2e-3, 0.000000000000000000000000001]]
        #expect(numbers.text == #"{"numbers":[333333333.3333333,1e+30,4.5,0.002,1e-27]}"#)
        let string: CanonicalJSON = .string("\u{20ac}$\u{000F}\u{000a}A'\u{0042}\u{0022}\u{005c}\\\"/")
        #expect(string.text == #""€$\u000f\nA'B\"\\\\\"/""#)
        let sorting: CanonicalJSON = [
            "\u{20ac}": "Euro Sign", "\r": "Carriage Return", "\u{fb33}": "Hebrew Letter Dalet With Dagesh",
            "1": "One", "\u{1F600}": "Emoji: Grinning Face", "\u{0080}": "Control", "\u{00f6}": "Latin Small Letter O With Diaeresis",
        ]
        #expect(
            sorting.text
                == #"{"\r":"Carriage Return","1":"One","\#u{80}":"Control","ö":"Latin Small Letter O With Diaeresis","€":"Euro Sign","😀":"Emoji: Grinning Face","דּ":"Hebrew Letter Dalet With Dagesh"}"#
        )
    }

    @Test("ECMAScript number forms at every boundary")
    func numberForms() {
        let cases: [(Double, String)] = [
            (0, "0"), (-0.0, "0"), (1, "1"), (-1, "-1"), (0.1, "0.1"), (-1.5, "-1.5"), (100, "100"),
            (5e-324, "5e-324"), (1.7976931348623157e308, "1.7976931348623157e+308"), (9_007_199_254_740_992, "9007199254740992"),
            (1e20, "100000000000000000000"), (1e21, "1e+21"), (123e20, "1.23e+22"), (0.000001, "0.000001"), (1e-7, "1e-7"),
            (1.5e-7, "1.5e-7"), (295_147_905_179_352_830_000, "295147905179352830000"), (0.82, "0.82"), (12345.678, "12345.678"),
        ]
        for (value, expected) in cases { #expect(CanonicalJSON.format(value) == expected, "\(value)") }
    }

    @Test("100,000 random doubles and nested values print as the rfc8785 Python package prints them")
    func agreesWithPython() throws {
        guard let python = TestEnvironment.python(".venv") else { return }
        var generator = SplitMix(seed: 8785)
        var values: [Double] = []
        while values.count < 100_000 {
            let value = Double(bitPattern: generator.next())
            if value.isFinite { values.append(value) }
        }
        // Also the shapes real entries have: small decimals and integers.
        values += (0..<2_000).map { Double($0) / 1000 } + (0..<100).map { Double($0 * 1_000_003) }
        let directory = TestEnvironment.temporaryDirectory("jcs")
        defer { TestEnvironment.cleanUp(directory) }
        let input = directory.appendingPathComponent("bits.txt")
        try values.map { String($0.bitPattern) }.joined(separator: "\n").write(to: input, atomically: true, encoding: .utf8)
        let script = """
            import rfc8785, struct, sys
            for line in open(sys.argv[1]):
                print(rfc8785.dumps(struct.unpack('<d', struct.pack('<Q', int(line)))[0]).decode())
            print(rfc8785.dumps({"b": [True, None, "\\u00e9\\u0007"], "a": {"\\u00f6": 1, "z": 0.5, "\\U0001F600": -2e-9}}).decode())
            """
        let run = try TestEnvironment.run(python, ["-c", script, input.path])
        #expect(run.status == 0)
        let lines = run.output.split(separator: "\n").map(String.init)
        try #require(lines.count == values.count + 1)
        var mismatches = 0
        for (value, expected) in zip(values, lines) where CanonicalJSON.format(value) != expected {
            mismatches += 1
            if mismatches < 5 { Issue.record("\(value.bitPattern): \(CanonicalJSON.format(value)) vs \(expected)") }
        }
        #expect(mismatches == 0)
        let nested: CanonicalJSON = ["b": [true, nil, "\u{e9}\u{07}"], "a": ["\u{f6}": 1, "z": 0.5, "\u{1F600}": -2e-9]]
        #expect(nested.text == lines.last)
    }
}

/// A small seeded generator for reproducible test inputs.
struct SplitMix: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
