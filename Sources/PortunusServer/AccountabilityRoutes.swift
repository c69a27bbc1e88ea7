import Foundation
import Hummingbird
import Ledger
import Portunus
import PortunusCore
import Storage

/// Certificates (`/api/v1/certificates/aeo`, `/api/v1/certificates/origin`) and laboratory
/// samples (`/api/v1/lab/samples`): each change is stored with its ledger entry in one
/// transaction, and appended to the log right after, so the reply can say where it is.
struct AccountabilityRoutes: Sendable {
    let runtime: LedgerRuntime
    let store: PortunusStore

    var certificates: CertificateService { CertificateService(store: store, issuer: runtime.log?.origin) }
    var lab: LabCustodyService { LabCustodyService(store: store) }

    func register(in group: RouterGroup<PortunusRequestContext>) {
        for kind in CertificateService.Kind.allCases {
            let path = "certificates/\(kind.rawValue)"
            group.post(RouterPath(path)) { request, context in try await issue(kind, request, context) }
            group.get(RouterPath(path)) { request, context in try await list(kind, request, context) }
            group.get(RouterPath(path + "/{id}")) { request, context in try await show(kind, request, context) }
            group.post(RouterPath(path + "/{id}/status")) { request, context in try await change(kind, request, context) }
            group.get(RouterPath(path + "/{id}/bundle")) { request, context in try await bundle(kind, request, context) }
        }
        group.post("lab/samples", use: take)
        group.get("lab/samples/{id}", use: sample)
        group.post("lab/samples/{id}/events", use: custodyEvent)
    }

    static func body(_ request: Request, limit: Int = 64 << 10) async throws -> Data {
        do { return Data(buffer: try await request.body.collect(upTo: limit)) } catch {
            throw PortunusError(.bodyTooLarge, "the body is at most \(limit) bytes")
        }
    }

    /// Appends what the act enqueued, when this server writes the ledger; a failure leaves
    /// the entries in the outbox for the ledger service to retry.
    func publish() async {
        _ = try? await runtime.publish()
    }

    // MARK: Certificates

    struct CertificateBody: Encodable {
        var id: String
        var kind: String
        var status: String
        var holder: String
        var issuedAt: String
        var updatedAt: String
        var document: CanonicalJSON
        var documentSHA256: String
        var events: [Event]

        struct Event: Encodable {
            var status: String
            var at: String
            var by: String
            var reason: String?
            var ledgerIndex: UInt64?
            enum CodingKeys: String, CodingKey { case status, at, by, reason, ledgerIndex = "ledger_index" }
        }

        enum CodingKeys: String, CodingKey {
            case id, kind, status, holder, issuedAt = "issued_at", updatedAt = "updated_at", document, documentSHA256 = "document_sha256", events
        }

        init(_ certificate: StoredCertificate) {
            id = certificate.id
            kind = certificate.kind
            status = certificate.status
            holder = certificate.holder
            issuedAt = certificate.issuedAt
            updatedAt = certificate.updatedAt
            document = (try? CanonicalJSON.parse(Data(certificate.document.utf8))) ?? .null
            documentSHA256 = certificate.documentSHA256
            events = certificate.events.map { Event(status: $0.status, at: $0.at, by: $0.by, reason: $0.reason, ledgerIndex: $0.ledgerIndex) }
        }
    }

    func issue(_ kind: CertificateService.Kind, _ request: Request, _ context: PortunusRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal(for: .issueCertificates)
        let issued = try certificates.issue(kind, request: try await Self.body(request), by: principal)
        await publish()
        let stored = try store.certificate(id: issued.id) ?? issued
        return try RiskRoutes.json(
            CertificateBody(stored), status: .created,
            headers: [.location: "/api/v1/certificates/\(kind.rawValue)/\(stored.id)"])
    }

    func list(_ kind: CertificateService.Kind, _ request: Request, _ context: PortunusRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        let query = try RiskRoutes.query(request, allowed: ["holder", "limit"])
        let limit =
            try query["limit"].map { value -> Int in
                guard let limit = Int(value), (1...500).contains(limit) else {
                    throw PortunusError(.invalidArgument, "limit is 1–500", field: "limit")
                }
                return limit
            } ?? 100
        struct Body: Encodable { var certificates: [CertificateBody] }
        let found = try certificates.list(kind, holder: query["holder"], limit: limit, by: principal)
        return try RiskRoutes.json(Body(certificates: found.map(CertificateBody.init)), status: .ok)
    }

    func show(_ kind: CertificateService.Kind, _ request: Request, _ context: PortunusRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        let id = try context.parameters.require("id")
        return try RiskRoutes.json(CertificateBody(try certificates.certificate(kind, id: id, by: principal)), status: .ok)
    }

    struct StatusRequest: Decodable {
        var status: String
        var reason: String?
    }

    func change(_ kind: CertificateService.Kind, _ request: Request, _ context: PortunusRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal(for: .issueCertificates)
        let id = try context.parameters.require("id")
        let body = try await RiskRoutes.decode(StatusRequest.self, request)
        _ = try certificates.change(kind, id: id, to: body.status, reason: body.reason, by: principal)
        await publish()
        return try RiskRoutes.json(CertificateBody(try certificates.certificate(kind, id: id, by: principal)), status: .ok)
    }

    /// The offline bundle of the latest status: document, entry and tlog-proof.
    func bundle(_ kind: CertificateService.Kind, _ request: Request, _ context: PortunusRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        let id = try context.parameters.require("id")
        guard let log = runtime.log else { throw PortunusError(.notFound, "this server has no ledger (portunus ledger init)") }
        await publish()
        let certificate = try certificates.certificate(kind, id: id, by: principal)
        let data = try CertificateService.bundle(certificate, log: log)
        return Response(
            status: .ok, headers: [.contentType: "application/json", .contentDisposition: "attachment; filename=\"\(id).bundle.json\""],
            body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    // MARK: Laboratory samples

    struct SampleBody: Encodable {
        var id: String
        var declaration: String?
        var description: String
        var state: String
        var createdAt: String
        var events: [Event]

        struct Event: Encodable {
            var event: String
            var at: String
            var by: String
            var details: CanonicalJSON
            var ledgerIndex: UInt64?
            enum CodingKeys: String, CodingKey { case event, at, by, details, ledgerIndex = "ledger_index" }
        }

        enum CodingKeys: String, CodingKey { case id, declaration, description, state, createdAt = "created_at", events }

        init(_ sample: StoredSample) {
            id = sample.id
            declaration = sample.declarationID
            description = sample.description
            state = sample.state
            createdAt = sample.createdAt
            events = sample.events.map {
                Event(
                    event: $0.event, at: $0.at, by: $0.by, details: (try? CanonicalJSON.parse(Data($0.details.utf8))) ?? .null,
                    ledgerIndex: $0.ledgerIndex)
            }
        }
    }

    @Sendable func take(_ request: Request, context: PortunusRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal(for: .recordCustody)
        let sample = try lab.take(try await Self.body(request), by: principal)
        await publish()
        return try RiskRoutes.json(
            SampleBody(try store.sample(id: sample.id) ?? sample), status: .created,
            headers: [.location: "/api/v1/lab/samples/\(sample.id)"])
    }

    @Sendable func sample(_ request: Request, context: PortunusRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        return try RiskRoutes.json(SampleBody(try lab.sample(try context.parameters.require("id"), by: principal)), status: .ok)
    }

    @Sendable func custodyEvent(_ request: Request, context: PortunusRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal(for: .recordCustody)
        let id = try context.parameters.require("id")
        _ = try lab.record(sample: id, try await Self.body(request), by: principal)
        await publish()
        return try RiskRoutes.json(SampleBody(try lab.sample(id, by: principal)), status: .ok)
    }
}
