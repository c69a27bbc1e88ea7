import Foundation
import PortunusTestSupport
import Testing

/// The architecture's rules that the file tree itself can show (docs/architecture.md): checked
/// on every test run, so that a change that breaks one says so at once.
@Suite("House rules of the source tree")
struct HouseRulesTests {
    static let root = TestEnvironment.repositoryRoot

    /// The Swift files under a folder of the repository, with their text.
    static func sources(_ folder: String) throws -> [(path: String, text: String)] {
        let base = root.appendingPathComponent(folder)
        guard let walker = FileManager.default.enumerator(at: base, includingPropertiesForKeys: nil) else { return [] }
        var files: [(String, String)] = []
        for case let url as URL in walker where url.pathExtension == "swift" {
            files.append((String(url.path.dropFirst(root.path.count + 1)), try String(contentsOf: url, encoding: .utf8)))
        }
        return files.sorted { $0.0 < $1.0 }
    }

    static func imports(_ text: String) -> Set<String> {
        Set(
            text.split(separator: "\n").compactMap { line -> String? in
                let words = line.split(separator: " ")
                guard let index = words.firstIndex(of: "import"), index + 1 < words.count,
                    words[..<index].allSatisfy({ $0.hasPrefix("@") || ["public", "package", "internal"].contains($0) })
                else { return nil }
                return String(words[index + 1])
            })
    }

    @Test("routes only translate: the HTTP server imports neither Storage nor GRDB")
    func serverImportsNoStorage() throws {
        let files = try Self.sources("Sources/PortunusServer")
        #expect(!files.isEmpty)
        for file in files {
            let found = Self.imports(file.text).intersection(["Storage", "GRDB", "GRDBSQLite"])
            #expect(found.isEmpty, "\(file.path) imports \(found.sorted())")
        }
    }

    @Test("domain modules are logic over values: no store, no database, no HTTP, no application module")
    func domainModulesImportNoFrameworks() throws {
        let domains = [
            "PortunusCore", "Rules", "RiskEngine", "Ledger", "Travel", "Screening", "IdentityDocuments", "Biometrics", "Tracking", "Tariff",
            "Clearance",
            "SentenceEmbedding", "XGBoostKit",
        ]
        let forbidden: Set<String> = [
            "Storage", "GRDB", "GRDBSQLite", "Hummingbird", "HummingbirdCore", "NIOCore", "NIOPosix", "Portunus", "PortunusServer", "Logging",
        ]
        for domain in domains {
            for file in try Self.sources("Sources/\(domain)") {
                let found = Self.imports(file.text).intersection(forbidden)
                #expect(found.isEmpty, "\(file.path) imports \(found.sorted())")
            }
        }
    }

    @Test("no two folders differ only by case (a case-insensitive disk would merge them)")
    func noCaseOnlyFolders() throws {
        for parent in ["Sources", "Tests"] {
            let names = try FileManager.default.contentsOfDirectory(atPath: Self.root.appendingPathComponent(parent).path)
            let groups = Dictionary(grouping: names, by: { $0.lowercased() }).filter { $0.value.count > 1 }
            #expect(groups.isEmpty, "\(parent): \(groups.values.map { $0.sorted() })")
        }
    }

    @Test("stores keep the domain's states and lanes as its types: no Stored… struct holds a state, status or lane as String")
    func noStringStatesInStores() throws {
        let pattern = try Regex(#"(?m)^\s*(public\s+)?(var|let)\s+(state|status|lane|raisedLane|laneInForce|assessedLane)\s*:\s*String\??\s*$"#)
        for line in try Self.storedFieldLines(matching: pattern) { Issue.record("\(line)") }
    }

    @Test("stores keep instants as Date: no Stored… struct holds a time (…At, deadline) as String")
    func noStringTimesInStores() throws {
        // Calendar values from travel messages (a date of birth, a flight's local departure date and
        // time) are not instants and stay as the message gave them.
        let pattern = try Regex(#"(?m)^\s*(public\s+)?(var|let)\s+(\w+At|deadline|at)\s*:\s*String\??\s*$"#)
        for line in try Self.storedFieldLines(matching: pattern) { Issue.record("\(line)") }
    }

    /// The lines inside the public structs of `Sources/Storage` (the `Stored…` values and the others a
    /// store returns) that match, as `path: line`.
    static func storedFieldLines(matching pattern: Regex<AnyRegexOutput>) throws -> [String] {
        var found: [String] = []
        for file in try sources("Sources/Storage") {
            var inStored = false
            for line in file.text.split(separator: "\n", omittingEmptySubsequences: false) {
                if line.contains("public struct ") { inStored = true }
                if line.hasPrefix("}") { inStored = false }
                if inStored, line.contains(pattern) { found.append("\(file.path): \(line.trimmingCharacters(in: .whitespaces))") }
            }
        }
        return found
    }

    @Test("every JSON encoder of the use cases, the server and the CLI writes times as ISO 8601 (.portunus), never seconds since 2001")
    func encodersWriteISOTimes() throws {
        for folder in ["Sources/Portunus", "Sources/PortunusServer", "Sources/PortunusCLI"] {
            for file in try Self.sources(folder) {
                let lines = file.text.split(separator: "\n", omittingEmptySubsequences: false)
                for (index, line) in lines.enumerated() where line.contains("= JSONEncoder()") {
                    let following = lines[index..<min(index + 4, lines.count)].joined(separator: "\n")
                    #expect(following.contains("dateEncodingStrategy = .portunus"), "\(file.path):\(index + 1)")
                }
            }
        }
    }
}
