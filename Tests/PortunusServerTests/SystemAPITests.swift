import Foundation
import Hummingbird
import HummingbirdTesting
import Ledger
import Logging
import PortunusTestSupport
import Testing

@testable import Portunus
@testable import PortunusCore
@testable import PortunusServer
@testable import Storage

@Suite("Health, metrics, landing page and the API description")
struct SystemAPITests {
    @Test("every registered route appears in openapi.yaml with its method")
    func openAPICoversRoutes() throws {
        let fixture = try ServerFixture()
        defer { fixture.cleanUp() }
        let router = try PortunusServer.router(
            store: fixture.store, metrics: ServerMetrics(), configuration: fixture.configuration, logger: Logger(label: "test"))
        let yaml = OpenAPIDocument.yaml
        let lines = yaml.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(router.routes.count >= 6)
        for route in router.routes {
            // Hummingbird writes a capture as {id}; OpenAPI does too.
            var path = route.path.description
            if !path.hasPrefix("/") { path = "/" + path }
            // A trailing ** (the rest of the path, slashes included) is {path} in OpenAPI.
            path = path.replacingOccurrences(of: "**", with: "{path}")
            guard let start = lines.firstIndex(of: "  \(path):") else {
                Issue.record("route \(route.method) \(path) is missing from openapi.yaml")
                continue
            }
            let end = lines[(start + 1)...].firstIndex { $0.hasPrefix("  /") || !$0.hasPrefix(" ") } ?? lines.count
            let method = route.method.rawValue.lowercased()
            #expect(lines[start..<end].contains("    \(method):"), "\(method) \(path) is missing from openapi.yaml")
        }
        #expect(yaml.hasPrefix("openapi: 3.1.0"))
    }

    @Test("the role table in the API description and in docs/operations.md matches the access policy")
    func roleTableDocumented() throws {
        let operationsPage = try String(contentsOf: TestEnvironment.repositoryRoot.appendingPathComponent("docs/operations.md"), encoding: .utf8)
        // The access table alone: the page's error table also has rows named like operations.
        let accessTable = operationsPage.split(separator: "\n").drop { !$0.hasPrefix("| operation | admin |") }.prefix { $0.hasPrefix("|") }
        #expect(!accessTable.isEmpty, "the access table is missing from docs/operations.md")
        for (operation, roles) in AccessPolicy.table {
            let names = Role.all.filter { roles.contains($0) }.map(\.rawValue)
            let line = OpenAPIDocument.yaml.split(separator: "\n").first { $0.contains("| \(operation.name) |") }
            #expect(line.map { row in names.allSatisfy { row.contains($0) } } == true, "\(operation) in openapi.yaml")
            let documentedRow = accessTable.first { $0.contains("| `\(operation.name)` |") }
            let cells = documentedRow?.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) } ?? []
            for role in Role.all {
                let column = 1 + Role.all.firstIndex(of: role)!
                let mark = cells.count > column ? cells[column] : ""
                #expect((mark != "–" && !mark.isEmpty) == roles.contains(role), "\(operation) / \(role) in docs/operations.md")
            }
        }
    }

    @Test("healthz, metrics and the landing page answer without a key")
    func publicRoutes() async throws {
        let fixture = try ServerFixture()
        defer { fixture.cleanUp() }
        try await fixture.application().test(.router) { client in
            _ = try await client.send(.post, "/api/v1/declarations", key: fixture.keys["admin"], body: declarationJSON(id: "S-1"))
            let health = try await client.send(.get, "/healthz", key: nil)
            #expect(health.status == .ok)
            #expect(health.json["declarations"] as? Int == 1)

            let landing = try await client.send(.get, "/", key: nil)
            #expect(landing.status == .ok)
            #expect(landing.text.contains("Portunus \(PortunusVersion.current)"))
            #expect(landing.text.contains("<tr><td>declarations</td><td>1</td></tr>"))
            #expect(landing.text.contains("href=\"/api/v1/openapi.yaml\""))

            let spec = try await client.send(.get, "/api/v1/openapi.yaml", key: nil)
            #expect(spec.text == OpenAPIDocument.yaml)

            let metrics = try await client.send(.get, "/metrics", key: nil)
            #expect(metrics.status == .ok)
            #expect(metrics.text.contains(#"portunus_http_requests_total{method="POST",route="/api/v1/declarations",status="201"} 1"#))
            #expect(metrics.text.contains(#"portunus_declarations_received_total{outcome="accepted"} 1"#))
            #expect(metrics.text.contains("portunus_http_request_duration_seconds_bucket"))
        }
    }

    @Test("server configuration: defaults, then file, then environment, then flags; unknown keys refused")
    func configuration() throws {
        let directory = TestEnvironment.temporaryDirectory()
        defer { TestEnvironment.cleanUp(directory) }
        let file = directory.appendingPathComponent("portunus.json")
        try Data(#"{"host": "0.0.0.0", "port": 9000, "maximumBodyBytes": 1000}"#.utf8).write(to: file)
        let resolved = try ServerConfiguration.resolve(.init(port: 9100, configurationFile: file.path), environment: ["PORTUNUS_HOST": "127.0.0.2"])
        #expect(resolved.host == "127.0.0.2")
        #expect(resolved.port == 9100)
        #expect(resolved.maximumBodyBytes == 1000)
        try Data(#"{"prot": 1}"#.utf8).write(to: file)
        #expect(throws: PortunusError(.invalidArgument, "", field: "/prot")) {
            try ServerConfiguration.resolve(.init(configurationFile: file.path), environment: [:])
        }
        #expect(throws: PortunusError(.invalidArgument, "", field: "PORTUNUS_PORT")) {
            try ServerConfiguration.resolve(.init(), environment: ["PORTUNUS_PORT": "eighty"])
        }
    }
}

@Suite("The ledger over HTTP")
struct LedgerHTTPTests {
    @Test("checkpoint and tiles are served as C2SP names them, publicly, with caching; other paths are 404")
    func tiles() async throws {
        let fixture = try ServerFixture()
        defer { fixture.cleanUp() }
        let noLedger = try await fixture.application().test(.router) { client in try await client.send(.get, "/ledger/checkpoint", key: nil) }
        #expect(noLedger.status == .notFound)
        // Written here, then closed: the server process is the log's one writer.
        let signed = try {
            let log = try TiledLog.create(dataDirectory: URL(fileURLWithPath: fixture.configuration.dataDirectory), origin: "customs.example/ledger")
            try log.append((0..<300).map { Data(#"{"n":\#($0)}"#.utf8) })
            return log.signedCheckpoint
        }()
        try await fixture.application().test(.router) { client in
            let checkpoint = try await client.send(.get, "/ledger/checkpoint", key: nil)
            #expect(checkpoint.status == .ok)
            #expect(checkpoint.text == signed)
            #expect(checkpoint.headers[.cacheControl] == "public, max-age=1")
            let full = try await client.send(.get, "/ledger/tile/0/000", key: nil)
            #expect(full.status == .ok)
            #expect(full.body.readableBytes == 8192)
            #expect(full.headers[.cacheControl]?.contains("immutable") == true)
            let partial = try await client.send(.get, "/ledger/tile/entries/001.p/44", key: nil)
            #expect(partial.status == .ok)
            #expect(try EntryBundle.entries(in: Data(buffer: partial.body), resource: "").count == 44)
            for bad in [
                "/ledger/tile/0/0", "/ledger/tile/0/001.p/45", "/ledger/tile/../ledger.key", "/ledger/tile/0/x000/000", "/ledger/tile/entries/002",
            ] {
                #expect(try await client.send(.get, bad, key: nil).status == .notFound, "\(bad)")
            }
        }
    }

    /// Writing requests run their handlers on the server's writer threads, reads on the pool;
    /// a real batch lands the same way.
    @Test("handlers of POST, PUT and DELETE run on the writer threads, GET on the pool; a batch of declarations lands from there")
    func writersOffPool() async throws {
        let fixture = try ServerFixture()
        defer { fixture.cleanUp() }
        let router = try PortunusServer.router(
            store: fixture.store, metrics: ServerMetrics(), configuration: fixture.configuration, logger: Logger(label: "test"))
        for method in [HTTPRequest.Method.get, .post, .put, .delete] {
            router.on("/test/where", method: method) { _, _ in BlockingExecutor.current ?? "pool" }
        }
        let admin = try #require(fixture.keys["admin"])
        try await Application(router: router).test(.router) { client in
            #expect(String(buffer: try await client.send(.get, "/test/where", key: nil).body) == "pool")
            for method in [HTTPRequest.Method.post, .put, .delete] {
                #expect(String(buffer: try await client.send(method, "/test/where", key: nil, body: "{}").body) == "portunus.http.write", "\(method)")
            }
            let batch = (1...50).map { declarationJSON(id: "WRITER-\($0)") }.joined(separator: "\n")
            let lodged = try await client.send(.post, "/api/v1/declarations", key: admin, contentType: "application/x-ndjson", body: batch)
            #expect(lodged.status == .ok && lodged.json["accepted"] as? Int == 50, "\(String(buffer: lodged.body))")
        }
    }
}
