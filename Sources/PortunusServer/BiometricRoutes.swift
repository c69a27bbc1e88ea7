import Biometrics
import Foundation
import Hummingbird
import Portunus
import PortunusCore

/// Biometrics over HTTP (`/api/v1/biometrics/…`): enrolment into galleries, removal, 1:N
/// search and 1:1 verification. Templates go in and never come out: responses carry
/// template ids, subject references and scores. Every search and verification is recorded.
struct BiometricRoutes: Sendable {
    let service: BiometricService

    func register(in group: RouterGroup<PortunusRequestContext>) {
        group.get("biometrics/galleries", use: galleries)
        group.post("biometrics/galleries/{gallery}/templates", use: enroll)
        group.delete("biometrics/templates/{id}", use: remove)
        group.post("biometrics/search", use: search)
        group.post("biometrics/verify", use: verify)
    }

    struct Template: Decodable {
        var subject: String
        var template: [Float]
    }

    struct Enrolment: Decodable {
        var extractor: String
        var version: String
        var templates: [Template]
    }

    @Sendable func enroll(_ request: Request, context: PortunusRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal(for: .enrollBiometrics)
        let gallery = try context.parameters.require("gallery")
        let body = try await request.json(Enrolment.self, .enrolment)
        guard let first = body.templates.first, !first.template.isEmpty else {
            throw PortunusError(.missingField, "templates holds at least one template", field: "/templates")
        }
        let format = TemplateFormat(extractor: body.extractor, version: body.version, dimension: first.template.count)
        // All or nothing: a refused template is named by its JSON pointer.
        let ids = try service.enroll(gallery: gallery, format: format, templates: body.templates.map { ($0.subject, $0.template) }, by: principal)
        struct Body: Encodable {
            var gallery: String
            var templates: [Int64]
        }
        return try Response.json(Body(gallery: gallery, templates: ids), status: .created)
    }

    @Sendable func remove(_ request: Request, context: PortunusRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        let removed = try service.remove(gallery: nil, ids: [try context.id()], subject: nil, by: principal)
        guard !removed.isEmpty else { throw PortunusError(.notFound, "no such template", field: "id") }
        return Response(status: .noContent)
    }

    @Sendable func galleries(_ request: Request, context: PortunusRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        return try Response.json(["galleries": try service.galleries(by: principal)], status: .ok)
    }

    struct Search: Decodable {
        var gallery: String
        var extractor: String
        var version: String
        var probe: [Float]
        var top: Int?
        var exact: Bool?
    }

    @Sendable func search(_ request: Request, context: PortunusRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal(for: .searchBiometrics)
        let body = try await request.json(Search.self)
        let format = TemplateFormat(extractor: body.extractor, version: body.version, dimension: body.probe.count)
        let decision = try service.search(
            gallery: body.gallery, probe: body.probe, format: format, k: body.top ?? 10, exact: body.exact ?? false, by: principal)
        return try Response.json(decision, status: .ok)
    }

    struct Verify: Decodable {
        var template: Int64
        var extractor: String
        var version: String
        var probe: [Float]
    }

    @Sendable func verify(_ request: Request, context: PortunusRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal(for: .searchBiometrics)
        let body = try await request.json(Verify.self)
        let format = TemplateFormat(extractor: body.extractor, version: body.version, dimension: body.probe.count)
        return try Response.json(try service.verify(template: body.template, probe: body.probe, format: format, by: principal), status: .ok)
    }
}
