import Foundation

/// What the tests need from outside the repository, and the rule for when it is missing:
/// skip with a visible message, or fail when `PORTUNUS_STRICT=1` (CI), where nothing skips.
public enum TestEnvironment {
    /// True when `PORTUNUS_STRICT=1`: missing data or tools fail tests instead of skipping them.
    public static var strict: Bool { ProcessInfo.processInfo.environment["PORTUNUS_STRICT"] == "1" }

    /// The repository root, found from this file's location.
    public static let repositoryRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The public data sets: `PORTUNUS_DATASETS`, else `../shared/data` beside the repository.
    public static var datasets: URL {
        if let path = ProcessInfo.processInfo.environment["PORTUNUS_DATASETS"], !path.isEmpty {
            return URL(fileURLWithPath: path)
        }
        return repositoryRoot.deletingLastPathComponent().appendingPathComponent("shared/data")
    }

    /// A file of the data sets, by path relative to the data sets directory.
    public static func dataset(_ relativePath: String) -> URL {
        datasets.appendingPathComponent(relativePath)
    }

    /// Whether a test needing these data set files should run: yes when they exist, and
    /// always in strict mode (so that their absence fails). Prints why when it skips.
    public static func hasDatasets(_ relativePaths: String...) -> Bool {
        let missing = relativePaths.filter { !FileManager.default.fileExists(atPath: dataset($0).path) }
        if missing.isEmpty || strict { return true }
        print("SKIPPED: data set files missing under \(datasets.path): \(missing.joined(separator: ", ")) (set PORTUNUS_DATASETS)")
        return false
    }

    /// The Python interpreter of a virtual environment that `scripts/bootstrap` made in the
    /// repository (`.venv`, `.venv-xgb17`), or nil — with a printed reason — when it is absent
    /// and not in strict mode. In strict mode the path is returned regardless, so that a
    /// missing environment fails the test that needs it.
    public static func python(_ environment: String) -> URL? {
        let url = repositoryRoot.appendingPathComponent(environment).appendingPathComponent("bin/python")
        if FileManager.default.isExecutableFile(atPath: url.path) || strict { return url }
        print("SKIPPED: Python environment \(environment) is missing; run scripts/bootstrap")
        return nil
    }

    /// Whether the Python environments exist (for `.enabled(if:)`; true in strict mode).
    public static func hasPython(_ environments: String...) -> Bool {
        environments.allSatisfy { python($0) != nil }
    }

    /// The airport time-zone table (`airportsdata`'s airports.csv) that `scripts/bootstrap`
    /// installs in `.venv`, or `PORTUNUS_AIRPORTS`; nil — with a printed reason — when absent
    /// and not in strict mode (in strict mode a missing table fails the test).
    public static var airportTable: URL? {
        if let path = ProcessInfo.processInfo.environment["PORTUNUS_AIRPORTS"] { return URL(fileURLWithPath: path) }
        let lib = repositoryRoot.appendingPathComponent(".venv/lib")
        let versions = (try? FileManager.default.contentsOfDirectory(atPath: lib.path)) ?? []
        for version in versions.sorted() {
            let url = lib.appendingPathComponent(version).appendingPathComponent("site-packages/airportsdata/airports.csv")
            if FileManager.default.fileExists(atPath: url.path) { return url }
        }
        if strict { return lib.appendingPathComponent("python3/site-packages/airportsdata/airports.csv") }
        print("SKIPPED: the airport time-zone table (airportsdata in .venv) is missing; run scripts/bootstrap")
        return nil
    }

    /// The HS assistant's downloaded files (`scripts/bootstrap` puts them in `.venv-hs/models`,
    /// or `PORTUNUS_TARIFF_MODELS`): the MiniLM folder `all-minilm-l6-v2`, the CN texts
    /// `cn2023-en.csv`. Nil — with a printed reason — when absent and not in strict mode.
    public static func tariffModel(_ relativePath: String) -> URL? {
        let root =
            ProcessInfo.processInfo.environment["PORTUNUS_TARIFF_MODELS"].map { URL(fileURLWithPath: $0) }
            ?? repositoryRoot.appendingPathComponent(".venv-hs/models")
        let url = root.appendingPathComponent(relativePath)
        if FileManager.default.fileExists(atPath: url.path) || strict { return url }
        print("SKIPPED: \(relativePath) is missing under \(root.path); run scripts/bootstrap")
        return nil
    }

    /// Whether a program outside the repository (the `openssl` command, …) exists; true in
    /// strict mode, so that its absence fails. Prints why when it skips.
    public static func hasTool(_ path: String) -> Bool {
        if FileManager.default.isExecutableFile(atPath: path) || strict { return true }
        print("SKIPPED: \(path) is missing; run scripts/bootstrap")
        return false
    }

    /// Runs a program, returning its status and combined output.
    public static func run(_ executable: URL, _ arguments: [String]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    /// A fresh temporary directory, removed by the caller with `cleanUp`.
    public static func temporaryDirectory(_ name: String = "portunus-test") -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("\(name)-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    public static func cleanUp(_ url: URL) {
        try? FileManager.default.removeItem(at: url)
    }

    /// The built `portunus` executable, beside the test bundle in the build products folder.
    public static var executable: URL {
        var candidates: [URL] = []
        if let argument = CommandLine.arguments.first {
            candidates.append(URL(fileURLWithPath: argument).deletingLastPathComponent().appendingPathComponent("portunus"))
        }
        candidates.append(Bundle.main.bundleURL.deletingLastPathComponent().appendingPathComponent("portunus"))
        candidates.append(repositoryRoot.appendingPathComponent(".build/debug/portunus"))
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) } ?? candidates.last!
    }
}
