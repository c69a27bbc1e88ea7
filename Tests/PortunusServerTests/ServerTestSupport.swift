import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import PortunusTestSupport
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
