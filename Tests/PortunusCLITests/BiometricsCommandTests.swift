import Foundation
import PortunusTestSupport
import Testing

@Suite("portunus biometrics", .offPool)
struct BiometricsCommandTests {
    @Test("gallery add (bad lines by line), calibrate, search --json (exact, then through a built index), verify, remove, list")
    func commands() throws {
        let directory = TestEnvironment.temporaryDirectory("biometrics-cli")
        defer { TestEnvironment.cleanUp(directory) }
        let data = ["--data-dir", directory.path]
        let format = ["--extractor", "face-x", "--extractor-version", "3", "--dimension", "16"]
        // 40 subjects, 3 samples each: a hashed direction per subject, a little noise per sample.
        func unit(_ n: Int) -> Double {
            // SplitMix64's finaliser: a value in [-1, 1) per n, unrelated across n.
            var z = UInt64(n) &+ 0x9E37_79B9_7F4A_7C15
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return Double((z ^ (z >> 31)) >> 11) / Double(1 << 53) * 2 - 1
        }
        func template(_ subject: Int, _ sample: Int) -> [Double] {
            (0..<16).map { axis in unit(subject * 16 + axis + 1) + 0.1 * unit(100_000 + subject * 1_000 + sample * 16 + axis) }
        }
        var lines: [String] = []
        for subject in 0..<40 {
            for sample in 0..<3 {
                lines.append(
                    #"{"subject": "WL-\#(subject)", "template": [\#(template(subject, sample).map { String($0) }.joined(separator: ", "))]}"#)
            }
        }
        lines.insert(#"{"subject": "WL-x", "template": [1, 2]}"#, at: 5)
        let file = directory.appendingPathComponent("templates.jsonl")
        try lines.joined(separator: "\n").write(to: file, atomically: true, encoding: .utf8)
        let added = try runPortunus(["biometrics", "gallery", "add", file.path, "--gallery", "watch"] + format + data)
        #expect(added.status == 1 && added.stdout.contains("enrolled 120 templates") && added.stderr.contains("line 6 field template"))
        #expect(!added.stderr.contains("WL-x"), "a refused line is named by number, not content")

        let probe = directory.appendingPathComponent("probe.json")
        try #"{"extractor": "face-x", "version": "3", "template": [\#(template(7, 9).map { String($0) }.joined(separator: ", "))]}"#
            .write(to: probe, atomically: true, encoding: .utf8)
        let exact = try runPortunus(
            ["biometrics", "search", "--gallery", "watch", "--probe", probe.path, "--top", "3", "--json", "--dimension", "16"] + data)
        #expect(exact.status == 0, "\(exact.stderr)")
        let result = try #require(try JSONSerialization.jsonObject(with: Data(exact.stdout.utf8)) as? [String: Any])
        let candidates = try #require(result["candidates"] as? [[String: Any]])
        #expect(candidates.count == 3 && candidates.allSatisfy { $0["subject"] as? String == "WL-7" })
        #expect(result["method"] as? String == "exact" && result["decision"] as? String == "uncalibrated")

        let calibrated = try runPortunus(
            ["biometrics", "calibrate", "--gallery", "watch", "--false-match-rate", "0.001", "--pairs", "20000"] + format + data)
        #expect(calibrated.status == 0 && calibrated.stdout.contains("threshold"), "\(calibrated.stderr)")
        let built = try runPortunus(["biometrics", "gallery", "build", "--gallery", "watch", "--m", "8", "--ef-construction", "50"] + format + data)
        #expect(built.status == 0 && built.stdout.contains("of 120 templates"), "\(built.stderr)")
        let approximate = try runPortunus(
            ["biometrics", "search", "--gallery", "watch", "--probe", probe.path, "--json", "--dimension", "16"] + data)
        let decided = try #require(try JSONSerialization.jsonObject(with: Data(approximate.stdout.utf8)) as? [String: Any])
        #expect(decided["method"] as? String == "hnsw" && decided["decision"] as? String == "match")
        let template = try #require((decided["candidates"] as? [[String: Any]])?.first?["template"] as? Int)
        let verified = try runPortunus(["biometrics", "verify", "--template", String(template), "--probe", probe.path, "--dimension", "16"] + data)
        #expect(verified.status == 0 && verified.stdout.hasPrefix("match"))
        #expect(try runPortunus(["biometrics", "gallery", "remove", "--gallery", "watch", "--subject", "WL-7"] + data).stdout.contains("removed 3"))
        let after = try runPortunus(["biometrics", "search", "--gallery", "watch", "--probe", probe.path, "--json", "--dimension", "16"] + data)
        #expect(!after.stdout.contains("WL-7\""))
        #expect(try runPortunus(["biometrics", "gallery", "list"] + data).stdout.contains("117 templates"))
    }
}
