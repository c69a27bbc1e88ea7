import Foundation
import PortunusTestSupport
import Testing

/// Numbers given on the command line are refused or bounded, never trapped on (issue #22).
/// A trap ends the process by a signal (status 4 or 5 here); a refusal exits 2 or 64.
@Suite("portunus: command-line numbers", .serialized, .offPool)
struct CommandHardeningTests {
    @Test("import --batch-size 9223372036854775807 imports as one batch instead of trapping in reserveCapacity")
    func hugeBatchSize() throws {
        let directory = TestEnvironment.temporaryDirectory("cli-batch")
        defer { TestEnvironment.cleanUp(directory) }
        let data = ["--data-dir", directory.path]
        let generated = try runPortunus(["demo", "generate", "--declarations", "20"] + data)
        #expect(generated.status == 0, "\(generated.stderr)")
        let file = directory.appendingPathComponent("demo/declarations.csv").path
        let imported = try runPortunus(["import", "declarations", file, "--format", "portunus", "--batch-size", String(Int.max)] + data)
        #expect(imported.status == 0, "\(imported.stderr)")
    }

    @Test("run --demo-declarations -1 and travel ingest --interval nan are refused as usage errors")
    func refusedUsage() throws {
        let directory = TestEnvironment.temporaryDirectory("cli-usage")
        defer { TestEnvironment.cleanUp(directory) }
        let data = ["--data-dir", directory.path]
        let run = try runPortunus(["run", "--demo-declarations", "-1"] + data)
        #expect(run.status == 64 && run.stderr.contains("--demo-declarations"), "\(run.status) \(run.stderr)")
        for interval in ["nan", "1e300", "-1", "inf"] {
            let ingest = try runPortunus(["travel", "ingest", directory.path, "--watch", "--interval", interval] + data)
            #expect(ingest.status == 64 && ingest.stderr.contains("--interval"), "\(interval): \(ingest.status) \(ingest.stderr)")
        }
    }

    @Test("biometrics search --dimension 2^63-1 is refused, and gallery build --threads 5000000000 builds with bounded threads")
    func biometricNumbers() throws {
        let directory = TestEnvironment.temporaryDirectory("cli-biometric-numbers")
        defer { TestEnvironment.cleanUp(directory) }
        let data = ["--data-dir", directory.path]
        let format = ["--extractor", "face-x", "--extractor-version", "1"]
        let lines = (0..<8).map { #"{"subject": "WL-\#($0)", "template": [\#(($0 + 1)), 1, \#($0 % 3), 2]}"# }
        let file = directory.appendingPathComponent("templates.jsonl")
        try lines.joined(separator: "\n").write(to: file, atomically: true, encoding: .utf8)
        let added = try runPortunus(["biometrics", "gallery", "add", file.path, "--gallery", "watch", "--dimension", "4"] + format + data)
        #expect(added.status == 0, "\(added.stderr)")
        let probe = directory.appendingPathComponent("probe.json")
        try "[1, 1, 0, 2]".write(to: probe, atomically: true, encoding: .utf8)
        for dimension in [String(Int.max), String(Int.max / 4 + 1), "3000000000"] {
            let search = try runPortunus(
                ["biometrics", "search", "--gallery", "watch", "--probe", probe.path, "--dimension", dimension] + format + data)
            #expect(search.status == 2 && search.stderr.contains("dimension"), "\(dimension): \(search.status) \(search.stderr)")
        }
        let built = try runPortunus(
            [
                "biometrics", "gallery", "build", "--gallery", "watch", "--m", "4", "--ef-construction", "8",
                "--threads", "5000000000", "--dimension", "4",
            ] + format + data)
        #expect(built.status == 0 && built.stdout.contains("of 8 templates"), "\(built.status) \(built.stderr)")
    }
}
