import Foundation
import PortunusTestSupport
import Testing

@testable import PortunusCore

@Suite("The registry of error codes")
struct ErrorCodeRegistryTests {
    static let registry = PortunusError.Code.registry

    @Test("every registered code is spelled once, has a status in 400…599 and a one-line meaning")
    func wellFormed() {
        #expect(Set(Self.registry.map(\.rawValue)).count == Self.registry.count, "a code string is registered twice")
        for code in Self.registry {
            #expect((400...599).contains(code.status), "\(code): status \(code.status)")
            #expect(!code.meaning.isEmpty, "\(code) has no meaning")
            // The meaning is a cell of the manual's table: one line, no column separator.
            #expect(!code.meaning.contains("\n") && !code.meaning.contains("|"), "\(code)")
            #expect(code.rawValue.allSatisfy { $0.isLowercase || $0.isNumber || $0 == "." || $0 == "_" }, "\(code) is not lower_case.dotted")
        }
    }

    @Test("every code declared in ErrorCodes.swift is in the registry, in the file's order")
    func declarationsAreListed() throws {
        let source = try String(
            contentsOf: TestEnvironment.repositoryRoot.appendingPathComponent("Sources/PortunusCore/ErrorCodes.swift"), encoding: .utf8)
        let declared = source.matches(of: #/public static let \w+ = Self\(\s*"([^"]+)"/#).map { String($0.output.1) }
        #expect(declared.count > 50)
        #expect(declared == Self.registry.map(\.rawValue))
    }

    @Test("no module declares a code of its own outside the registry")
    func noScatteredCodes() throws {
        let sources = TestEnvironment.repositoryRoot.appendingPathComponent("Sources")
        let files = try #require(FileManager.default.enumerator(at: sources, includingPropertiesForKeys: nil))
        var checked = 0
        for case let url as URL in files where url.pathExtension == "swift" && url.lastPathComponent != "ErrorCodes.swift" {
            let text = try String(contentsOf: url, encoding: .utf8)
            checked += 1
            #expect(!text.contains("PortunusError.Code(\""), "\(url.lastPathComponent) spells a code; declare it in ErrorCodes.swift")
            #expect(text.firstMatch(of: #/extension PortunusError\.Code\s*\{[^}]*static let/#) == nil, "\(url.lastPathComponent) declares a code")
        }
        #expect(checked > 100)
    }

    @Test("a code that travelled as text finds its registration; the statuses clients already rely on hold")
    func lookup() {
        #expect(PortunusError.Code("hs_code.invalid").status == 422)
        #expect(PortunusError.Code("hs_code.invalid") == .invalidHSCode)
        #expect(PortunusError.Code.registered("no.such_code") == nil)
        let expected: [(PortunusError.Code, Int)] = [
            (.unauthenticated, 401), (.forbidden, 403), (.notFound, 404), (.conflict, 409), (.bodyTooLarge, 413),
            (.unsupportedMediaType, 415), (.invalidArgument, 400), (.unknownParameter, 400), (.invalidJSON, 400), (.storage, 503),
            (.io, 503), (.assistantUnavailable, 503), (.internalError, 500), (.invalidHSCode, 422), (.missingField, 422),
        ]
        for (code, status) in expected { #expect(code.status == status, "\(code)") }
    }

    @Test("the error table in the manual is the registry")
    func manualTable() throws {
        let root = TestEnvironment.repositoryRoot
        var pages = [root.appendingPathComponent("README.md")]
        let docs = root.appendingPathComponent("docs")
        if let names = try? FileManager.default.contentsOfDirectory(atPath: docs.path) {
            pages += names.filter { $0.hasSuffix(".md") }.sorted().map { docs.appendingPathComponent($0) }
        }
        var tables: [(page: String, table: String)] = []
        for page in pages {
            let lines = try String(contentsOf: page, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
            guard let start = lines.firstIndex(of: Substring(Self.tableHeader)) else { continue }
            let end = lines[start...].firstIndex { !$0.hasPrefix("|") } ?? lines.endIndex
            tables.append((page.lastPathComponent, lines[start..<end].joined(separator: "\n") + "\n"))
        }
        #expect(tables.count == 1, "one page holds the error table: \(tables.map(\.page))")
        #expect(tables.first?.table == Self.markdownTable, "regenerate the table in \(tables.first?.page ?? "the manual") from the registry")
    }

    static let tableHeader = "| code | HTTP | meaning |"

    /// The manual's error table made from the registry: one row per code, in its order.
    static var markdownTable: String {
        var lines = [tableHeader, "| --- | --- | --- |"]
        for code in registry { lines.append("| `\(code.rawValue)` | \(code.status) | \(code.meaning) |") }
        return lines.joined(separator: "\n") + "\n"
    }
}
