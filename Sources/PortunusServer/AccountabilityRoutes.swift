import Foundation
import Hummingbird
import Ledger
import Portunus
import PortunusCore

/// Certificates (`/api/v1/certificates/aeo`, `/api/v1/certificates/origin`) and laboratory
/// samples (`/api/v1/lab/samples`): each change is stored with its ledger entry in one
/// transaction, and appended to the log right after, so the reply can say where it is.
struct AccountabilityRoutes: Sendable {
    let runtime: LedgerRuntime
    let certificates: CertificateService
    let lab: LabCustodyService

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

    /// Appends what the act enqueued, when this server writes the ledger; a failure leaves
    /// the entries in the outbox for the ledger worker to retry.
    func publish() async {
        _ = try? await runtime.publish()
    }

    // MARK: Certificates

    func issue(_ kind: CertificateService.Kind, _ request: Request, _ context: PortunusRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal(for: .issueCertificates)
        let issued = try certificates.issue(kind, request: try await request.data(.jsonDocument), by: principal)
        await publish()
        let view = try certificates.current(issued)
        return try Response.json(view, status: .created, headers: [.location: "/api/v1/certificates/\(kind.rawValue)/\(view.id)"])
    }

    func list(_ kind: CertificateService.Kind, _ request: Request, _ context: PortunusRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        let query = try request.query(allowed: ["holder", "limit"])
        struct Body: Encodable { var certificates: [CertificateService.View] }
        let found = try certificates.list(kind, holder: query["holder"], limit: try query.limit(), by: principal)
        return try Response.json(Body(certificates: found.map(CertificateService.View.init)), status: .ok)
    }

    func show(_ kind: CertificateService.Kind, _ request: Request, _ context: PortunusRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        let id = try context.parameters.require("id")
        return try Response.json(CertificateService.View(try certificates.certificate(kind, id: id, by: principal)), status: .ok)
    }

    struct StatusRequest: Decodable {
        var status: String
        var reason: String?
    }

    func change(_ kind: CertificateService.Kind, _ request: Request, _ context: PortunusRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal(for: .issueCertificates)
        let id = try context.parameters.require("id")
        let body = try await request.json(StatusRequest.self)
        _ = try certificates.change(kind, id: id, to: body.status, reason: body.reason, by: principal)
        await publish()
        return try Response.json(CertificateService.View(try certificates.certificate(kind, id: id, by: principal)), status: .ok)
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

    @Sendable func take(_ request: Request, context: PortunusRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal(for: .recordCustody)
        let sample = try lab.take(try await request.data(.jsonDocument), by: principal)
        await publish()
        return try Response.json(try lab.current(sample), status: .created, headers: [.location: "/api/v1/lab/samples/\(sample.id)"])
    }

    @Sendable func sample(_ request: Request, context: PortunusRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        return try Response.json(LabCustodyService.View(try lab.sample(try context.parameters.require("id"), by: principal)), status: .ok)
    }

    @Sendable func custodyEvent(_ request: Request, context: PortunusRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal(for: .recordCustody)
        let id = try context.parameters.require("id")
        _ = try lab.record(sample: id, try await request.data(.jsonDocument), by: principal)
        await publish()
        return try Response.json(LabCustodyService.View(try lab.sample(id, by: principal)), status: .ok)
    }
}
