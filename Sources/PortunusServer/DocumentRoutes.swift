import Foundation
import Hummingbird
import IdentityDocuments
import Portunus
import PortunusCore

/// Identity documents over HTTP: `POST /api/v1/documents/mrz` reads and checks a
/// machine-readable zone. Nothing is stored and nothing is logged: the caller holds the
/// document; the answer is for them.
struct DocumentRoutes: Sendable {
    func register(in group: RouterGroup<PortunusRequestContext>) {
        group.post("documents/mrz", use: mrz)
    }

    /// `{"lines": ["…", "…"]}`, or the lines as `text/plain`.
    @Sendable func mrz(_ request: Request, context: PortunusRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        try AccessPolicy.require(.checkDocuments, principal)
        let lines: [String]
        if request.headers[.contentType]?.lowercased().hasPrefix("text/plain") == true {
            let body = try await AccountabilityRoutes.body(request, limit: 4096)
            lines = String(decoding: body, as: UTF8.self).split(whereSeparator: \.isNewline).map(String.init)
        } else {
            struct Body: Decodable { var lines: [String] }
            lines = try await RiskRoutes.decode(Body.self, request).lines
        }
        return try RiskRoutes.json(try MRZReader.read(lines), status: .ok)
    }
}
