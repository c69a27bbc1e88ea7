import Foundation
import Hummingbird
import IdentityDocuments
import Portunus
import PortunusCore

/// Identity documents over HTTP: `POST /api/v1/documents/mrz` reads and checks a
/// machine-readable zone; `POST /api/v1/documents/chip` runs passive authentication. Nothing is stored and nothing is logged: the caller holds the
/// document; the answer is for them.
struct DocumentRoutes: Sendable {
    /// CSCAs the server trusts (its data directory's `reference/csca/`), loaded at start.
    var trust: TrustStore?

    func register(in group: RouterGroup<PortunusRequestContext>) {
        group.post("documents/mrz", use: mrz)
        group.post("documents/chip", use: chip)
    }

    /// CSCA files (ICAO master lists, PEM bundles, DER certificates) and CRLs (`*.crl`) in a folder.
    static func trust(directory: URL) -> TrustStore? {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory.path), !names.isEmpty else { return nil }
        let store = TrustStore()
        for name in names.sorted() {
            guard let data = FileManager.default.contents(atPath: directory.appendingPathComponent(name).path) else { continue }
            if name.hasSuffix(".crl") { try? store.addCRL(Array(data)) } else { _ = try? store.add(Array(data)) }
        }
        return store.certificates.isEmpty ? nil : store
    }

    /// `{"sod": base64, "data_groups": [base64, …], "document_signer": base64?}`: passive
    /// authentication against the server's CSCAs.
    @Sendable func chip(_ request: Request, context: PortunusRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        try AccessPolicy.require(.checkDocuments, principal)
        struct Body: Decodable {
            var sod: String
            var dataGroups: [String]
            var documentSigner: String?
            enum CodingKeys: String, CodingKey { case sod, dataGroups = "data_groups", documentSigner = "document_signer" }
        }
        let body = try await RiskRoutes.decode(Body.self, request)
        func bytes(_ text: String, _ field: String) throws -> [UInt8] {
            guard let data = Data(base64Encoded: text) else { throw PortunusError(.invalidArgument, "not base64", field: field) }
            return Array(data)
        }
        var signer: Certificate?
        if let text = body.documentSigner {
            guard let certificate = Certificate(der: try bytes(text, "/document_signer")) else {
                throw PortunusError(.invalidChipData, "not a DER certificate", field: "/document_signer")
            }
            signer = certificate
        }
        let groups = try body.dataGroups.enumerated().map { try bytes($0.element, "/data_groups/\($0.offset)") }
        let result = PassiveAuthentication.verify(sod: try bytes(body.sod, "/sod"), dataGroups: groups, documentSigner: signer, trust: trust)
        return try RiskRoutes.json(result, status: .ok)
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
