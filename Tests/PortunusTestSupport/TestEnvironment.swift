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
