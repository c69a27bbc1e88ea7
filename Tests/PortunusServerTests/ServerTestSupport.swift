import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import PortunusTestSupport
import ServiceLifecycle
import Testing

@testable import Portunus
@testable import PortunusCore
@testable import PortunusServer
@testable import Storage

/// A store in a temporary directory with keys for each role, and the application over it.
struct ServerFixture {
    let directory: URL
    let store: PortunusStore
    let configuration: ServerConfiguration
    var keys: [String: String] = [:]

    init(maximumBodyBytes: Int = 1 << 20) throws {
        directory = TestEnvironment.temporaryDirectory("portunus-server")
        store = try PortunusStore(dataDirectory: directory.path)
        var configuration = ServerConfiguration()
        configuration.dataDirectory = directory.path
        configuration.maximumBodyBytes = maximumBodyBytes
        configuration.tariffModel = TestEnvironment.repositoryRoot.appendingPathComponent(".venv-hs/models/all-minilm-l6-v2").path
        self.configuration = configuration
        let apiKeys = APIKeys(store: store)
        keys["admin"] = try apiKeys.create(role: .admin, grants: [.unmask]).token
        keys["analyst"] = try apiKeys.create(role: .analyst).token
        keys["officer"] = try apiKeys.create(role: .officer).token
        keys["partner"] = try apiKeys.create(role: .partner).token
        // Partner keys bound to the organisation they speak for: a port, an agency, a bank.
        keys["port"] = try apiKeys.create(role: .partner, party: "port-msa").token
        keys["kebs"] = try apiKeys.create(role: .partner, party: "KEBS").token
        keys["bank"] = try apiKeys.create(role: .partner, party: "bank-1").token
        keys["traderA"] = try apiKeys.create(role: .trader, party: "IMP-A").token
        keys["traderB"] = try apiKeys.create(role: .trader, party: "IMP-B").token
    }

    func application() throws -> some ApplicationProtocol { try application(configuration: configuration) }

    /// The application with another configuration (a selectivity policy, a limit) over the same store.
    func application(configuration: ServerConfiguration) throws -> some ApplicationProtocol {
        let router = try PortunusServer.router(store: store, metrics: ServerMetrics(), configuration: configuration, logger: Logger(label: "test"))
        return Application(router: router)
    }

    func cleanUp() { TestEnvironment.cleanUp(directory) }
}

/// A declaration document as JSON text, with fields replaced.
func declarationJSON(
    id: String, importer: String = "IMP-A", office: String = "SEA01", lodgedAt: String = "2025-03-01T10:00:00Z",
    hsCode: String = "847130", origin: String = "CN", mass: String = "12.5", currency: String = "USD",
    extra: String = ""
) -> String {
    """
    {"id":"\(id)","lodged_at":"\(lodgedAt)","office":"\(office)",\(extra)\
    "procedure":{"process_type":"B","import_type":"11","import_use":"21","payment_type":"11","mode_of_transport":"10"},\
    "parties":{"declarant":"DCL-1","importer":"\(importer)","seller":"SLR-1"},\
    "items":[{"hs_code":"\(hsCode)","country_of_origin":"\(origin)","country_of_departure":"CN","net_mass":\(mass),\
    "customs_value":{"amount":"1000.50","currency":"\(currency)"},"duty_rate":"8","tax_type":"A"}]}
    """
}

extension TestClientProtocol {
    func send(_ method: HTTPRequest.Method, _ uri: String, key: String?, contentType: String = "application/json", body: String? = nil) async throws
        -> TestResponse
    {
        var headers: HTTPFields = [:]
        if let key { headers[.authorization] = "Bearer \(key)" }
        if body != nil { headers[.contentType] = contentType }
        return try await execute(uri: uri, method: method, headers: headers, body: body.map { ByteBuffer(string: $0) })
    }
}

extension TestResponse {
    var json: [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(buffer: body))) as? [String: Any] ?? [:]
    }
    var text: String { String(buffer: body) }
}

/// Runs services in a group until the body is done, then shuts them down gracefully.
func running<T>(_ services: [any Service], _ body: () async throws -> T) async throws -> T {
    let group = ServiceGroup(configuration: .init(services: services.map { .init(service: $0) }, logger: Logger(label: "test")))
    let task = Task { try await group.run() }
    defer { task.cancel() }
    let result = try await body()
    await group.triggerGracefulShutdown()
    _ = await task.result
    return result
}

/// Runs services, one of which listens on port 0 and reports the port it bound to `port`,
/// and gives `body` that port once it is listening.
func running<T>(_ services: [any Service], listeningOn port: Delivered<Int>, _ body: (Int) async throws -> T) async throws -> T {
    try await running(services) { try await body(try #require(await port.value())) }
}

/// A value a callback delivers once (a bound port).
final class Delivered<Value: Sendable>: Sendable {
    let stream: AsyncStream<Value>
    let continuation: AsyncStream<Value>.Continuation
    init() { (stream, continuation) = AsyncStream.makeStream() }
    func deliver(_ value: Value) { continuation.yield(value) }
    func value() async -> Value? { await stream.first { _ in true } }
}
