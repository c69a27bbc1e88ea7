import COpenSSL
import PortunusCore

/// Country Signing CA certificates to trust, from ICAO master lists (CMS, `id-icao-cscaMasterList`),
/// PEM bundles or single DER certificates; and CRLs.
public final class TrustStore: @unchecked Sendable {
    public private(set) var certificates: [Certificate] = []
    /// Per certificate, whether it is self-signed (its own key verifies it): worked out once
    /// when it is added, not on every chain built.
    private(set) var selfSigned: [Bool] = []
    var crls: [OpaquePointer] = []

    func append(_ certificate: Certificate) {
        certificates.append(certificate)
        selfSigned.append(certificate.selfIssued && certificate.isSigned(by: certificate))
    }

    public init() {}
    deinit { for crl in crls { X509_CRL_free(crl) } }

    /// Adds every certificate of a file: a PEM bundle, a DER certificate, or a CMS master
    /// list. Returns how many were added.
    @discardableResult
    public func add(_ bytes: [UInt8]) throws(PortunusError) -> Int {
        let before = certificates.count
        if bytes.starts(with: Array("-----BEGIN".utf8)) || String(decoding: bytes.prefix(4096), as: UTF8.self).contains("-----BEGIN CERTIFICATE-----")
        {
            try bytes.withUnsafeBufferPointer { buffer throws(PortunusError) in
                guard let bio = BIO_new_mem_buf(buffer.baseAddress, Int32(buffer.count)) else {
                    throw PortunusError(.invalidChipData, "cannot read the bundle")
                }
                defer { BIO_free(bio) }
                while let certificate = PEM_read_bio_X509(bio, nil, nil, nil) { append(Certificate(taking: certificate)) }
                ERR_clear_error()
            }
        } else if let certificate = Certificate(der: bytes) {
            append(certificate)
        } else {
            ERR_clear_error()
            try addMasterList(bytes)
        }
        guard certificates.count > before else {
            throw PortunusError(.invalidChipData, "no certificate in the file (PEM, DER or an ICAO master list)")
        }
        return certificates.count - before
    }

    /// An ICAO master list: CMS SignedData whose content is `CscaMasterList ::= SEQUENCE {
    /// version INTEGER, certList SET OF Certificate }`. (The list's own signature is the
    /// publishing state's; trusting the file is the operator's decision.)
    func addMasterList(_ bytes: [UInt8]) throws(PortunusError) {
        let content = try PassiveAuthentication.signedContent(bytes, file: "master list").content
        let outer = try TLVReader.read(content, at: 0, file: "master list")
        let parts = try TLVReader.children(content, in: outer.value, file: "master list")
        guard parts.count >= 2, parts[1].tag == 0x31 else { throw PortunusError(.invalidChipData, "master list: no certificate list") }
        for element in try TLVReader.children(content, in: parts[1].value, file: "master list") {
            if let certificate = Certificate(der: Array(content[element.start..<element.end])) { append(certificate) }
        }
    }

    /// Adds a CRL (PEM or DER).
    public func addCRL(_ bytes: [UInt8]) throws(PortunusError) {
        let crl: OpaquePointer? = bytes.withUnsafeBufferPointer { buffer in
            if let bio = BIO_new_mem_buf(buffer.baseAddress, Int32(buffer.count)) {
                defer { BIO_free(bio) }
                if let crl = PEM_read_bio_X509_CRL(bio, nil, nil, nil) { return crl }
            }
            ERR_clear_error()
            var pointer: UnsafePointer<UInt8>? = buffer.baseAddress
            return d2i_X509_CRL(nil, &pointer, buffer.count)
        }
        guard let crl else { throw PortunusError(.invalidChipData, "not a CRL (PEM or DER)") }
        crls.append(crl)
    }

    /// How the certificates stand: self-signed roots whose signature verifies, link
    /// certificates (issued by another certificate of the store) that verify, and the rest.
    public func profile() -> (selfSigned: Int, linked: Int, unverified: Int) {
        var bySubject: [String: [Certificate]] = [:]
        for certificate in certificates { bySubject[certificate.subject, default: []].append(certificate) }
        var roots = 0
        var linked = 0
        var unverified = 0
        for (certificate, isRoot) in zip(certificates, selfSigned) {
            if isRoot {
                roots += 1
            } else if !certificate.selfIssued, (bySubject[certificate.issuer] ?? []).contains(where: { certificate.isSigned(by: $0) }) {
                linked += 1
            } else if certificate.selfIssued,
                (bySubject[certificate.issuer] ?? []).contains(where: { $0 !== certificate && certificate.isSigned(by: $0) })
            {
                // A link certificate keeps the CSCA's name and is signed by its previous key.
                linked += 1
            } else {
                unverified += 1
            }
        }
        return (roots, linked, unverified)
    }
}
