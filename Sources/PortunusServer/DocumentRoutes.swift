import Foundation
import Hummingbird
import IdentityDocuments
import Portunus
import PortunusCore

/// Identity documents over HTTP: `POST /api/v1/documents/mrz` reads and checks a
/// machine-readable zone; `POST /api/v1/documents/chip` runs passive authentication. Nothing is
/// stored and nothing is logged: the caller holds the document; the answer is for them.
struct DocumentRoutes: Sendable {
    let service: DocumentCheckService

    func register(in group: RouterGroup<PortunusRequestContext>) {
        group.post("documents/mrz", use: mrz)
        group.post("documents/chip", use: chip)
    }

    /// `{"sod": base64, "data_groups": [base64, …], "document_signer": base64?}`: passive
    /// authentication against the server's CSCAs.
    @Sendable func chip(_ request: Request, context: PortunusRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal(for: DocumentCheckService.operation)
        struct Body: Decodable {
            var sod: String
            var dataGroups: [String]
            var documentSigner: String?
            enum CodingKeys: String, CodingKey { case sod, dataGroups = "data_groups", documentSigner = "document_signer" }
        }
        let body = try await request.json(Body.self)
        let result = try service.verifyChip(sod: body.sod, dataGroups: body.dataGroups, documentSigner: body.documentSigner, by: principal)
        return try Response.json(result, status: .ok)
    }

    /// `{"lines": ["…", "…"]}`, or the lines as `text/plain`.
    @Sendable func mrz(_ request: Request, context: PortunusRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal(for: DocumentCheckService.operation)
        let lines: [String]
        if request.headers[.contentType]?.lowercased().hasPrefix("text/plain") == true {
            lines = String(decoding: try await request.data(.mrzText), as: UTF8.self).split(whereSeparator: \.isNewline).map(String.init)
        } else {
            struct Body: Decodable { var lines: [String] }
            lines = try await request.json(Body.self).lines
        }
        return try Response.json(try service.readMRZ(lines, by: principal), status: .ok)
    }
}
