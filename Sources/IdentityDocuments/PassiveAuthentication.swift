import COpenSSL
import Foundation
import PortunusCore

/// Passive authentication (ICAO 9303 Part 11): the Document Security Object (EF.SOD) is a CMS
/// SignedData over the hashes of the data groups; its signature is checked with the Document
/// Signer certificate, each data group's hash against the raw bytes read, and the DS chained
/// to a trusted CSCA. Every check is reported with its reason; the result fails closed (no
/// CSCA given, no chain: not valid).
public enum PassiveAuthentication {
    public struct Check: Sendable, Hashable, Encodable {
        public var name: String
        public var passed: Bool
        public var detail: String
    }

    public struct Signer: Sendable, Hashable, Encodable {
        public var subject: String
        public var issuer: String
        public var serial: String
        public var notBefore: String?
        public var notAfter: String?
        public var signatureAlgorithm: String
        public var publicKey: String
        /// From the SOD, or given beside it.
        public var source: String

        enum CodingKeys: String, CodingKey {
            case subject, issuer, serial, notBefore = "not_before", notAfter = "not_after", signatureAlgorithm = "signature_algorithm"
            case publicKey = "public_key", source
        }
    }

    public struct Result: Sendable, Hashable, Encodable {
        public var valid: Bool
        public var checks: [Check]
        public var digestAlgorithm: String?
        public var signatureAlgorithm: String?
        public var ldsVersion: String?
        /// Data-group numbers and their hashes (hex) as the SOD lists them.
        public var dataGroupHashes: [String: String]
        public var signer: Signer?

        enum CodingKeys: String, CodingKey {
            case valid, checks, digestAlgorithm = "digest_algorithm", signatureAlgorithm = "signature_algorithm", ldsVersion = "lds_version"
            case dataGroupHashes = "data_group_hashes", signer
        }
    }

    static let ldsSecurityObject = "2.23.136.1.1.1"
    static let masterList = "2.23.136.1.1.2"

    /// OpenSSL's errors, oldest first, then cleared.
    static func errors() -> String {
        var messages: [String] = []
        while case let code = ERR_get_error(), code != 0 {
            var buffer = [CChar](repeating: 0, count: 256)
            ERR_error_string_n(code, &buffer, buffer.count)
            messages.append(cString(buffer))
        }
        return messages.joined(separator: "; ")
    }

    /// A NUL-terminated C buffer as text.
    static func cString(_ buffer: [CChar]) -> String {
        String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    static func drain(_ bio: OpaquePointer) -> String {
        var buffer = [UInt8](repeating: 0, count: 4096)
        var text: [UInt8] = []
        while case let count = BIO_read(bio, &buffer, Int32(buffer.count)), count > 0 { text += buffer[0..<Int(count)] }
        return String(decoding: text, as: UTF8.self)
    }

    /// A CMS SignedData's content bytes and the parsed ContentInfo (caller frees).
    static func signedContent(_ bytes: [UInt8], file: String) throws(PortunusError) -> (content: [UInt8], cms: OpaquePointer, type: String) {
        let cms: OpaquePointer? = bytes.withUnsafeBufferPointer { buffer in
            var pointer: UnsafePointer<UInt8>? = buffer.baseAddress
            return d2i_CMS_ContentInfo(nil, &pointer, buffer.count)
        }
        guard let cms else { throw PortunusError(.invalidChipData, "\(file): not a CMS ContentInfo (\(errors()))", field: file) }
        guard OBJ_obj2nid(CMS_get0_type(cms)) == NID_pkcs7_signed, let slot = CMS_get0_content(cms), let octets = slot.pointee,
            let data = ASN1_STRING_get0_data(octets)
        else {
            CMS_ContentInfo_free(cms)
            throw PortunusError(.invalidChipData, "\(file): not a SignedData with content", field: file)
        }
        var buffer = [CChar](repeating: 0, count: 64)
        OBJ_obj2txt(&buffer, Int32(buffer.count), CMS_get0_eContentType(cms), 1)
        return (Array(UnsafeBufferPointer(start: data, count: Int(ASN1_STRING_length(octets)))), cms, cString(buffer))
    }

    static func digest(_ bytes: [UInt8], oid: String) -> [UInt8]? {
        guard let type = portunus_EVP_get_digestbynid(OBJ_txt2nid(oid)) else { return nil }
        var output = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var length: UInt32 = 0
        guard EVP_Digest(bytes, bytes.count, &output, &length, type, nil) == 1 else { return nil }
        return Array(output[0..<Int(length)])
    }

    /// Verifies an EF.SOD (tag 77, or a bare ContentInfo) against the data groups read (their
    /// raw files), with a DS certificate when the SOD does not carry it, CSCAs to chain to,
    /// and the moment the DS validity is reported against.
    public static func verify(
        sod: [UInt8], dataGroups: [[UInt8]], documentSigner: Certificate? = nil, trust: TrustStore? = nil,
        now: Date = Date()
    ) -> Result {
        var checks: [Check] = []
        var result = Result(valid: false, checks: [], dataGroupHashes: [:])
        func finish() -> Result {
            result.checks = checks
            result.valid = !checks.isEmpty && checks.allSatisfy(\.passed)
            return result
        }
        ERR_clear_error()
        // 1. The security object.
        var contentInfo = sod
        if sod.first == 0x77, let outer = try? TLVReader.read(sod, at: 0, file: "EF.SOD") { contentInfo = Array(sod[outer.value]) }
        let parsed: (content: [UInt8], cms: OpaquePointer, type: String)
        do { parsed = try signedContent(contentInfo, file: "EF.SOD") } catch {
            checks.append(Check(name: "sod.format", passed: false, detail: error.reason))
            return finish()
        }
        let cms = parsed.cms
        defer { CMS_ContentInfo_free(cms) }
        guard parsed.type == ldsSecurityObject else {
            checks.append(
                Check(
                    name: "sod.format", passed: false,
                    detail: "the content type is \(parsed.type), not the LDS security object (\(ldsSecurityObject))"))
            return finish()
        }
        var hashes: [Int: [UInt8]] = [:]
        var algorithm = ""
        do throws(PortunusError) {
            let content = parsed.content
            let outer = try TLVReader.read(content, at: 0, file: "LDSSecurityObject")
            let parts = try TLVReader.children(content, in: outer.value, file: "LDSSecurityObject")
            guard parts.count >= 3, parts[1].tag == 0x30, parts[2].tag == 0x30,
                let oid = try TLVReader.children(content, in: parts[1].value, file: "LDSSecurityObject").first, oid.tag == 0x06
            else {
                throw PortunusError(.invalidChipData, "LDSSecurityObject: version, hash algorithm and hash list expected")
            }
            algorithm = TLVReader.oid(content[oid.value])
            for entry in try TLVReader.children(content, in: parts[2].value, file: "LDSSecurityObject") {
                let fields = try TLVReader.children(content, in: entry.value, file: "LDSSecurityObject")
                guard fields.count == 2, fields[0].tag == 0x02, fields[1].tag == 0x04 else { continue }
                let number = content[fields[0].value].reduce(0) { $0 << 8 | Int($1) }
                hashes[number] = Array(content[fields[1].value])
            }
            if parts.count >= 4, parts[3].tag == 0x30,
                let version = try TLVReader.children(content, in: parts[3].value, file: "LDSSecurityObject").first
            {
                result.ldsVersion = String(decoding: content[version.value], as: UTF8.self)
            }
        } catch {
            checks.append(Check(name: "sod.format", passed: false, detail: error.reason))
            return finish()
        }
        result.digestAlgorithm = Certificate.objectName(OBJ_txt2obj(algorithm, 1))
        result.dataGroupHashes = Dictionary(uniqueKeysWithValues: hashes.map { (String($0.key), Hex.encode($0.value, uppercase: true)) })
        checks.append(
            Check(
                name: "sod.format", passed: true,
                detail: "LDS security object with \(hashes.count) data-group hashes (\(result.digestAlgorithm ?? algorithm))"))

        // 2. The signer and its signature.
        guard let signerInfos = CMS_get0_SignerInfos(cms), portunus_sk_CMS_SignerInfo_num(signerInfos) == 1,
            let signerInfo = portunus_sk_CMS_SignerInfo_value(signerInfos, 0)
        else {
            checks.append(Check(name: "sod.signature", passed: false, detail: "a security object has exactly one signer"))
            return finish()
        }
        var signatureAlgorithm: UnsafeMutablePointer<X509_ALGOR>?
        CMS_SignerInfo_get0_algs(signerInfo, nil, nil, nil, &signatureAlgorithm)
        if let signatureAlgorithm {
            var object: OpaquePointer?
            X509_ALGOR_get0(&object, nil, nil, signatureAlgorithm)
            result.signatureAlgorithm = Certificate.objectName(object)
        }
        var signer: Certificate?
        var source = "EF.SOD"
        var embedded: [Certificate] = []
        if let stack = CMS_get1_certs(cms) {
            for index in 0..<portunus_sk_X509_num(stack) {
                if let certificate = portunus_sk_X509_value(stack, index) {
                    X509_up_ref(certificate)
                    embedded.append(Certificate(taking: certificate))
                }
            }
            portunus_sk_X509_pop_free(stack)
        }
        signer = embedded.first { CMS_SignerInfo_cert_cmp(signerInfo, $0.handle) == 0 }
        if signer == nil, let documentSigner, CMS_SignerInfo_cert_cmp(signerInfo, documentSigner.handle) == 0 {
            signer = documentSigner
            source = "given"
        }
        guard let signer else {
            checks.append(
                Check(
                    name: "sod.signature", passed: false,
                    detail: documentSigner == nil
                        ? "the SOD carries no Document Signer certificate: give it" : "the given certificate is not the SOD's signer"))
            return finish()
        }
        result.signer = Signer(
            subject: signer.subject, issuer: signer.issuer, serial: signer.serial, notBefore: signer.notBefore.map(ISO8601.format),
            notAfter: signer.notAfter.map(ISO8601.format), signatureAlgorithm: signer.signatureAlgorithm, publicKey: signer.publicKey,
            source: source)
        CMS_SignerInfo_set1_signer_cert(signerInfo, signer.handle)
        // The content's digest against the signed messageDigest attribute.
        var digestAlgorithm: UnsafeMutablePointer<X509_ALGOR>?
        CMS_SignerInfo_get0_algs(signerInfo, nil, nil, &digestAlgorithm, nil)
        var digestObject: OpaquePointer?
        if let digestAlgorithm { X509_ALGOR_get0(&digestObject, nil, nil, digestAlgorithm) }
        var digestOID = [CChar](repeating: 0, count: 64)
        if let digestObject { OBJ_obj2txt(&digestOID, Int32(digestOID.count), digestObject, 1) }
        var digestMatches = false
        if let attribute = CMS_signed_get0_data_by_OBJ(signerInfo, OBJ_nid2obj(NID_pkcs9_messageDigest), -3, V_ASN1_OCTET_STRING),
            let signedDigest = ASN1_STRING_get0_data(attribute.assumingMemoryBound(to: ASN1_STRING.self)),
            let computed = digest(parsed.content, oid: cString(digestOID))
        {
            let length = Int(ASN1_STRING_length(attribute.assumingMemoryBound(to: ASN1_STRING.self)))
            digestMatches = Array(UnsafeBufferPointer(start: signedDigest, count: length)) == computed
        }
        let digestErrors = errors()
        checks.append(
            Check(
                name: "sod.content_digest", passed: digestMatches,
                detail: digestMatches
                    ? "the signed messageDigest is the digest of the LDS security object"
                    : "the LDS security object does not match the signed messageDigest: it was changed after signing\(digestErrors.isEmpty ? "" : " (\(digestErrors))")"
            ))
        let signatureValid = CMS_SignerInfo_verify(signerInfo) == 1
        let signatureErrors = errors()
        checks.append(
            Check(
                name: "sod.signature", passed: signatureValid,
                detail: signatureValid
                    ? "signature (\(result.signatureAlgorithm ?? "?")) verifies with the Document Signer's key"
                    : "the signature does not verify with the Document Signer's key\(signatureErrors.isEmpty ? "" : " (\(signatureErrors))")"))

        // 3. The data groups read.
        for group in dataGroups {
            guard let number = LDS.dataGroupNumber(group) else {
                checks.append(Check(name: "dg.unknown", passed: false, detail: "a file that starts with no data-group tag"))
                continue
            }
            guard let listed = hashes[number] else {
                checks.append(Check(name: "dg\(number).hash", passed: false, detail: "DG\(number) is not covered by the SOD: it must not be trusted"))
                continue
            }
            guard let computed = digest(group, oid: algorithm) else {
                checks.append(Check(name: "dg\(number).hash", passed: false, detail: "hash algorithm \(algorithm) is not supported"))
                continue
            }
            checks.append(
                Check(
                    name: "dg\(number).hash", passed: computed == listed,
                    detail: computed == listed
                        ? "the hash of the bytes read is the one the SOD lists"
                        : "the bytes read hash to \(Hex.encode(computed, uppercase: true)), the SOD lists \(Hex.encode(listed, uppercase: true)): the data group was changed"
                ))
        }

        // 4. The Document Signer chained to a trusted CSCA (link certificates may bridge a key
        // change). Validity periods are not held against a document: a DS signs for months,
        // passports last years; they are reported instead.
        if let trust, !trust.certificates.isEmpty {
            let (passed, detail) = chain(signer, trust: trust, untrusted: embedded)
            checks.append(Check(name: "ds.chain", passed: passed, detail: detail))
        } else {
            checks.append(Check(name: "ds.chain", passed: false, detail: "no CSCA given: the Document Signer cannot be trusted"))
        }
        if let notAfter = signer.notAfter, let notBefore = signer.notBefore {
            let state =
                now > notAfter
                ? "expired \(ISO8601.format(notAfter)) (normal: a DS signs for months, the passport stays valid)"
                : now < notBefore ? "not yet valid (\(ISO8601.format(notBefore)))" : "within its validity period"
            checks.append(Check(name: "ds.validity", passed: true, detail: "the Document Signer certificate is \(state)"))
        }
        return finish()
    }

    static func chain(_ signer: Certificate, trust: TrustStore, untrusted extra: [Certificate]) -> (Bool, String) {
        guard let store = X509_STORE_new(), let context = X509_STORE_CTX_new(), let untrusted = portunus_sk_X509_new_null() else {
            return (false, "cannot set up the verification")
        }
        defer {
            X509_STORE_CTX_free(context)
            X509_STORE_free(store)
            portunus_sk_X509_free(untrusted)
        }
        for (certificate, isRoot) in zip(trust.certificates, trust.selfSigned) {
            // Self-signed CSCAs are the anchors; link certificates bridge to them.
            if isRoot {
                X509_STORE_add_cert(store, certificate.handle)
            } else {
                portunus_sk_X509_push(untrusted, certificate.handle)
            }
        }
        for certificate in extra where certificate !== signer { portunus_sk_X509_push(untrusted, certificate.handle) }
        var flags = UInt(X509_V_FLAG_NO_CHECK_TIME)
        if !trust.crls.isEmpty {
            for crl in trust.crls { X509_STORE_add_crl(store, crl) }
            flags |= UInt(X509_V_FLAG_CRL_CHECK)
        }
        X509_STORE_set_flags(store, flags)
        // Explicit EC parameters are how most EC CSCAs are published (ICAO 9303 Part 12).
        X509_STORE_set_verify_cb(store, portunus_verify_allowing_explicit_curves)
        guard X509_STORE_CTX_init(context, store, signer.handle, untrusted) == 1 else {
            return (false, "cannot set up the verification: \(errors())")
        }
        if X509_verify_cert(context) == 1 {
            let depth = X509_STORE_CTX_get0_chain(context).map { Int(portunus_sk_X509_num($0)) } ?? 0
            var anchor = ""
            if let chain = X509_STORE_CTX_get0_chain(context), depth > 0, let last = portunus_sk_X509_value(chain, Int32(depth - 1)) {
                anchor = Certificate.name(X509_get_subject_name(last))
            }
            ERR_clear_error()
            return (true, "chains to the CSCA \(anchor) (\(depth) certificates\(trust.crls.isEmpty ? "" : ", not revoked"))")
        }
        let code = X509_STORE_CTX_get_error(context)
        let reason = String(cString: X509_verify_cert_error_string(Int(code)))
        ERR_clear_error()
        return (false, code == X509_V_ERR_CERT_REVOKED ? "the Document Signer certificate is revoked" : "no chain to a trusted CSCA: \(reason)")
    }
}
