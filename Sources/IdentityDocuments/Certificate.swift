import COpenSSL
import Foundation

/// An X.509 certificate held through OpenSSL (freed with the value).
public final class Certificate: @unchecked Sendable {
    // An X509 is not changed after it is read; OpenSSL's reads of it are thread-safe.
    let handle: OpaquePointer

    init(taking handle: OpaquePointer) { self.handle = handle }
    deinit { X509_free(handle) }

    /// A DER certificate.
    public convenience init?(der: [UInt8]) {
        let handle: OpaquePointer? = der.withUnsafeBufferPointer { buffer in
            var pointer: UnsafePointer<UInt8>? = buffer.baseAddress
            return d2i_X509(nil, &pointer, buffer.count)
        }
        guard let handle else { return nil }
        self.init(taking: handle)
    }

    public var subject: String { Self.name(X509_get_subject_name(handle)) }
    public var issuer: String { Self.name(X509_get_issuer_name(handle)) }
    public var selfIssued: Bool { X509_NAME_cmp(X509_get_subject_name(handle), X509_get_issuer_name(handle)) == 0 }

    /// Whether `signer`'s key verifies this certificate's signature.
    public func isSigned(by signer: Certificate) -> Bool {
        guard let key = X509_get0_pubkey(signer.handle) else { return false }
        let result = X509_verify(handle, key) == 1
        ERR_clear_error()
        return result
    }

    public var notBefore: Date? { Self.date(X509_get0_notBefore(handle)) }
    public var notAfter: Date? { Self.date(X509_get0_notAfter(handle)) }

    public var serial: String {
        guard let integer = X509_get_serialNumber(handle), let number = ASN1_INTEGER_to_BN(integer, nil) else { return "" }
        defer { BN_free(number) }
        guard let hex = BN_bn2hex(number) else { return "" }
        defer { CRYPTO_free(hex, #fileID, #line) }
        return String(cString: hex)
    }

    public var signatureAlgorithm: String { Self.objectName(OBJ_nid2obj(X509_get_signature_nid(handle))) }

    public var publicKey: String {
        guard let key = X509_get0_pubkey(handle) else { return "unknown" }
        let name = EVP_PKEY_get0_type_name(key).map { String(cString: $0) } ?? "unknown"
        return "\(name) \(EVP_PKEY_get_bits(key))"
    }

    static func name(_ name: OpaquePointer?) -> String {
        guard let name, let bio = BIO_new(BIO_s_mem()) else { return "" }
        defer { BIO_free(bio) }
        X509_NAME_print_ex(bio, name, 0, portunus_XN_FLAG_RFC2253)
        return PassiveAuthentication.drain(bio)
    }

    static func date(_ time: UnsafePointer<ASN1_TIME>?) -> Date? {
        guard let time else { return nil }
        var parts = tm()
        guard ASN1_TIME_to_tm(time, &parts) == 1 else { return nil }
        return Date(timeIntervalSince1970: TimeInterval(timegm(&parts)))
    }

    static func objectName(_ object: OpaquePointer?) -> String {
        guard let object else { return "unknown" }
        let nid = OBJ_obj2nid(object)
        if nid != NID_undef, let long = OBJ_nid2ln(nid) { return String(cString: long) }
        var buffer = [CChar](repeating: 0, count: 128)
        OBJ_obj2txt(&buffer, Int32(buffer.count), object, 1)
        return PassiveAuthentication.cString(buffer)
    }
}
