import Foundation
import IdentityDocuments
import PortunusCore

/// Checking identity documents an officer holds: reading and checking a machine-readable zone
/// (ICAO 9303-3), and passive authentication of a chip's data groups (ICAO 9303-11 §5.1)
/// against the CSCAs this instance trusts. Nothing is stored and nothing is logged: the caller
/// holds the document; the answer is for them.
///
/// ```swift
/// let checks = DocumentCheckService(dataDirectory: "portunus-data")  // CSCAs from reference/csca/
/// let mrz = try checks.readMRZ(lines, by: officer)
/// ```
public struct DocumentCheckService: Sendable {
    /// What checking a document needs (one operation for both checks).
    public static let operation = Operation.checkDocuments

    /// CSCAs the instance trusts; nil when it has none (a chain then cannot be checked).
    public let trust: TrustStore?

    public init(trust: TrustStore?) { self.trust = trust }

    /// With the CSCAs in the data directory's `reference/csca/`, loaded once, now.
    public init(dataDirectory: String) {
        self.init(trust: Self.trust(directory: URL(fileURLWithPath: dataDirectory).appendingPathComponent("reference/csca")))
    }

    /// CSCA files (ICAO master lists, PEM bundles, DER certificates) and CRLs (`*.crl`) in a
    /// folder; nil when it holds no certificate. Unreadable files are passed over.
    public static func trust(directory: URL) -> TrustStore? {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory.path), !names.isEmpty else { return nil }
        let store = TrustStore()
        for name in names.sorted() {
            guard let data = FileManager.default.contents(atPath: directory.appendingPathComponent(name).path) else { continue }
            if name.hasSuffix(".crl") { try? store.addCRL(Array(data)) } else { _ = try? store.add(Array(data)) }
        }
        return store.certificates.isEmpty ? nil : store
    }

    /// Reads and checks the lines of a machine-readable zone.
    public func readMRZ(_ lines: [String], by principal: Principal) throws(PortunusError) -> MRZ {
        try AccessPolicy.require(Self.operation, principal)
        return try MRZReader.read(lines)
    }

    /// Passive authentication of a chip read: its EF.SOD and data groups (and the document
    /// signer's certificate when the SOD does not carry it), each base64 as the API carries them.
    public func verifyChip(sod: String, dataGroups: [String], documentSigner: String?, by principal: Principal) throws(PortunusError)
        -> PassiveAuthentication.Result
    {
        try AccessPolicy.require(Self.operation, principal)
        func bytes(_ text: String, _ field: String) throws(PortunusError) -> [UInt8] {
            guard let data = Data(base64Encoded: text) else { throw PortunusError(.invalidArgument, "not base64", field: field) }
            return Array(data)
        }
        var signer: Certificate?
        if let documentSigner {
            guard let certificate = Certificate(der: try bytes(documentSigner, "/document_signer")) else {
                throw PortunusError(.invalidChipData, "not a DER certificate", field: "/document_signer")
            }
            signer = certificate
        }
        var groups: [[UInt8]] = []
        for (offset, group) in dataGroups.enumerated() { groups.append(try bytes(group, "/data_groups/\(offset)")) }
        return PassiveAuthentication.verify(sod: try bytes(sod, "/sod"), dataGroups: groups, documentSigner: signer, trust: trust)
    }
}
