import Foundation
import PortunusTestSupport
import Testing

@testable import Portunus
@testable import PortunusCore
@testable import Storage

/// Runs the built `portunus` executable and collects its output.
/// Starts `portunus` in the background with its output in `log`, its tracker listeners on
/// free ports and `environment` added; the caller waits, signals and reads the log.
func launchPortunus(_ arguments: [String], environment: [String: String] = [:], log: URL) throws -> Process {
    let process = Process()
    process.executableURL = TestEnvironment.executable
    process.arguments = arguments
    process.environment = ProcessInfo.processInfo.environment.merging(
        ["PORTUNUS_TELTONIKA_PORT": "0", "PORTUNUS_OSMAND_PORT": "0"].merging(environment) { $1 }
    ) { $1 }
    FileManager.default.createFile(atPath: log.path, contents: nil)
    let output = try FileHandle(forWritingTo: log)
    process.standardOutput = output
    process.standardError = output
    try process.run()
    return process
}

func runPortunus(_ arguments: [String], environment: [String: String] = [:]) throws -> (status: Int32, stdout: String, stderr: String) {
    let process = Process()
    process.executableURL = TestEnvironment.executable
    process.arguments = arguments
    var merged = ProcessInfo.processInfo.environment
    for (key, value) in environment { merged[key] = value }
    process.environment = merged
    let out = Pipe()
    let err = Pipe()
    process.standardOutput = out
    process.standardError = err
    try process.run()
    let outData = out.fileHandleForReading.readDataToEndOfFile()
    let errData = err.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (process.terminationStatus, String(decoding: outData, as: UTF8.self), String(decoding: errData, as: UTF8.self))
}

@Suite("The portunus command", .serialized, .offPool)
struct CommandLineTests {
    @Test("--version and --help on every command")
    func versionAndHelp() throws {
        let version = try runPortunus(["--version"])
        #expect(version.status == 0)
        #expect(version.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == PortunusVersion.current)
        let commands = [
            ["--help"], ["import", "--help"], ["import", "declarations", "--help"], ["demo", "generate", "--help"], ["run", "--help"],
            ["serve", "--help"], ["keys", "--help"], ["keys", "create", "--help"], ["keys", "list", "--help"], ["keys", "revoke", "--help"],
            ["status", "--help"],
        ]
        for command in commands {
            let help = try runPortunus(command)
            #expect(help.status == 0, "\(command)")
            #expect(help.stdout.contains("USAGE:"), "\(command)")
        }
        #expect(try runPortunus(["import", "declarations", "--help"]).stdout.contains("--mapping"))
    }

    @Test("errors go to stderr with their code, and the exit status is non-zero")
    func errors() throws {
        let directory = TestEnvironment.temporaryDirectory()
        defer { TestEnvironment.cleanUp(directory) }
        let missing = try runPortunus(["import", "declarations", "/nonexistent.csv", "--data-dir", directory.path])
        #expect(missing.status != 0)
        #expect(missing.stderr.contains("error: [io.failed]"))
        #expect(missing.stdout.isEmpty)
        let usage = try runPortunus(["import", "declarations", "x.csv", "--format", "csv", "--data-dir", directory.path])
        #expect(usage.status != 0)
        #expect(usage.stderr.contains("--mapping"))
    }

    @Test("demo generate, import and status work end to end, with PORTUNUS_DATA_DIR honoured")
    func endToEnd() throws {
        let directory = TestEnvironment.temporaryDirectory()
        defer { TestEnvironment.cleanUp(directory) }
        let data = directory.appendingPathComponent("data").path
        let generated = try runPortunus(["demo", "generate", "--declarations", "400", "--seed", "3"], environment: ["PORTUNUS_DATA_DIR": data])
        #expect(generated.status == 0)
        #expect(generated.stdout.contains("generated 400 declarations"))
        #expect(generated.stdout.contains("imported 400, already present 0, rejected 0"))
        let again = try runPortunus(["import", "declarations", data + "/demo/declarations.csv", "--format", "portunus", "--data-dir", data])
        #expect(again.status == 0)
        #expect(again.stdout.contains("imported 0, already present 400, rejected 0, warned 0"))
        let status = try runPortunus(["status", "--data-dir", data])
        #expect(status.stdout.contains("declarations: 400"))
    }

    @Test("keys create prints the key once; list shows ids and roles but no secret; revoke ends it")
    func keys() throws {
        let directory = TestEnvironment.temporaryDirectory()
        defer { TestEnvironment.cleanUp(directory) }
        let data = directory.path
        let created = try runPortunus(["keys", "create", "--role", "trader", "--party", "IMP-PRIVATE", "--grant", "unmask", "--data-dir", data])
        #expect(created.status == 0)
        let token = created.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(token.hasPrefix("ptn_"))
        let id = String(token.split(separator: "_")[1])
        #expect(created.stderr.contains("created key \(id)"))

        let listed = try runPortunus(["keys", "list", "--data-dir", data])
        #expect(listed.stdout.contains(id))
        #expect(listed.stdout.contains("trader"))
        #expect(!listed.stdout.contains(String(token.split(separator: "_", maxSplits: 2)[2])), "the secret is never shown again")
        #expect(!listed.stdout.contains("IMP-PRIVATE"), "party ids are not printed")

        #expect(try runPortunus(["keys", "revoke", id, "--data-dir", data]).status == 0)
        let again = try runPortunus(["keys", "revoke", id, "--data-dir", data])
        #expect(again.status != 0)
        #expect(again.stderr.contains("argument.invalid"))
        let store = try PortunusStore(dataDirectory: data)
        #expect(try APIKeys(store: store).authenticate(token) == nil)

        let noParty = try runPortunus(["keys", "create", "--role", "trader", "--data-dir", data])
        #expect(noParty.status != 0)
        let badRole = try runPortunus(["keys", "create", "--role", "emperor", "--data-dir", data])
        #expect(badRole.status != 0)
    }

    @Test("an import killed with SIGKILL midway leaves a consistent database, and a re-run completes it without duplicates")
    func crashMidway() throws {
        let directory = TestEnvironment.temporaryDirectory()
        defer { TestEnvironment.cleanUp(directory) }
        let data = directory.appendingPathComponent("data").path
        let file = directory.appendingPathComponent("big.csv").path
        let report = try DemoGenerator().generate(.init(declarations: 60_000, seed: 11), to: file)

        let process = Process()
        process.executableURL = TestEnvironment.executable
        process.arguments = ["import", "declarations", file, "--format", "portunus", "--data-dir", data, "--batch-size", "200"]
        let err = Pipe()
        process.standardError = err
        process.standardOutput = Pipe()
        try process.run()
        // Wait until batches have been committed, then kill without warning.
        var seen = ""
        while !seen.contains("progress:") {
            let chunk = err.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            seen += String(decoding: chunk, as: UTF8.self)
        }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        #expect(process.terminationReason == .uncaughtSignal)

        do {
            let store = try PortunusStore(dataDirectory: data)
            #expect(try store.declarations.integrityCheck() == [])
            let landed = try store.declarations.count()
            #expect(landed > 0, "some batches were committed before the kill")
            #expect(landed < report.declarations, "the kill came before the end")
            #expect(landed % 200 == 0, "only whole batches landed")
            #expect(try store.declarations.summary().unfinishedImportRuns == 1)
        }

        let rerun = try runPortunus(["import", "declarations", file, "--format", "portunus", "--data-dir", data])
        #expect(rerun.status == 0)
        let store = try PortunusStore(dataDirectory: data)
        #expect(try store.declarations.count() == report.declarations)
        #expect(try store.declarations.summary().goodsItems == report.goodsItems)
        #expect(try store.declarations.integrityCheck() == [])
        // The summary line accounts for every declaration exactly once.
        let numbers = rerun.stdout.split(separator: "\n")[0].split(whereSeparator: { !$0.isNumber }).compactMap { Int($0) }
        #expect(numbers.count >= 2 && numbers[0] + numbers[1] == report.declarations)
    }
}
