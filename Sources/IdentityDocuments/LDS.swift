import COpenSSL
import Foundation
import PortunusCore

/// The chip's data groups as ICAO 9303 Part 10 (LDS 1.7) defines them, read from their raw
/// bytes (outer tag included: the SOD's hashes are over exactly these bytes, never a
/// re-encoding).
public enum LDS {
    /// Data-group numbers by the tag their file starts with.
    public static let dataGroupTags: [UInt8: Int] = [
        0x61: 1, 0x75: 2, 0x63: 3, 0x76: 4, 0x65: 5, 0x66: 6, 0x67: 7, 0x68: 8, 0x69: 9, 0x6A: 10, 0x6B: 11, 0x6C: 12, 0x6D: 13, 0x6E: 14,
        0x6F: 15, 0x70: 16,
    ]

    /// EF.COM: the LDS and Unicode versions and the data groups present.
    public struct Common: Sendable, Hashable, Encodable {
        public var ldsVersion: String?
        public var unicodeVersion: String?
        public var dataGroups: [Int]

        enum CodingKeys: String, CodingKey { case ldsVersion = "lds_version", unicodeVersion = "unicode_version", dataGroups = "data_groups" }
    }

    /// A facial image's header (DG2, ISO/IEC 19794-5:2005 or 39794-5), not the image.
    public struct Face: Sendable, Hashable, Encodable {
        /// ISO/IEC 19794-5 or ISO/IEC 39794-5.
        public var standard: String
        /// JPEG or JPEG2000 (19794-5: the image data type).
        public var imageFormat: String?
        public var width: Int?
        public var height: Int?
        public var imageBytes: Int

        enum CodingKeys: String, CodingKey { case standard, imageFormat = "image_format", width, height, imageBytes = "image_bytes" }
    }

    /// DG15: the Active Authentication public key.
    public struct PublicKey: Sendable, Hashable, Encodable {
        public var algorithm: String
        public var bits: Int
    }

    public static func dataGroupNumber(_ bytes: [UInt8]) -> Int? { bytes.first.flatMap { dataGroupTags[$0] } }

    public static func common(_ bytes: [UInt8]) throws(PortunusError) -> Common {
        let outer = try TLVReader.read(bytes, at: 0, file: "EF.COM")
        guard outer.tag == 0x60 else { throw TLVReader.problem("EF.COM starts with tag 60", 0, "EF.COM") }
        var result = Common(dataGroups: [])
        for element in try TLVReader.children(bytes, in: outer.value, file: "EF.COM") {
            switch element.tag {
            case 0x5F01: result.ldsVersion = String(decoding: bytes[element.value], as: UTF8.self)
            case 0x5F36: result.unicodeVersion = String(decoding: bytes[element.value], as: UTF8.self)
            case 0x5C: result.dataGroups = bytes[element.value].compactMap { dataGroupTags[$0] }
            default: continue
            }
        }
        return result
    }

    /// DG1: the MRZ as the chip holds it (tag 5F1F), read like the printed one.
    public static func mrz(_ bytes: [UInt8], today: Date = Date()) throws(PortunusError) -> MRZ {
        let outer = try TLVReader.read(bytes, at: 0, file: "DG1")
        guard outer.tag == 0x61 else { throw TLVReader.problem("DG1 starts with tag 61", 0, "DG1") }
        guard let field = try TLVReader.children(bytes, in: outer.value, file: "DG1").first(where: { $0.tag == 0x5F1F }) else {
            throw TLVReader.problem("DG1 has no MRZ (5F1F)", outer.value.lowerBound, "DG1")
        }
        return try MRZReader.read([String(decoding: bytes[field.value], as: UTF8.self)], today: today)
    }

    /// DG2: every facial image's header.
    public static func faces(_ bytes: [UInt8]) throws(PortunusError) -> [Face] {
        let outer = try TLVReader.read(bytes, at: 0, file: "DG2")
        guard outer.tag == 0x75 else { throw TLVReader.problem("DG2 starts with tag 75", 0, "DG2") }
        var faces: [Face] = []
        func walk(_ range: Range<Int>) throws(PortunusError) {
            for element in try TLVReader.children(bytes, in: range, file: "DG2") {
                switch element.tag {
                case 0x7F61, 0x7F60, 0xA1: if element.constructed { try walk(element.value) }
                case 0x5F2E, 0x7F2E: faces.append(face(Array(bytes[element.value]), tag: element.tag))
                default: continue
                }
            }
        }
        try walk(outer.value)
        return faces
    }

    /// A biometric data block: the 19794-5 record header ('FAC', version, lengths, the first
    /// facial record's image information); a 39794-5 block (tag 7F2E, ASN.1) is named as such.
    static func face(_ block: [UInt8], tag: UInt32) -> Face {
        guard tag == 0x5F2E, block.count >= 14, block[0] == 0x46, block[1] == 0x41, block[2] == 0x43, block[3] == 0x00 else {
            return Face(standard: "ISO/IEC 39794-5", imageFormat: nil, width: nil, height: nil, imageBytes: block.count)
        }
        // General header: 'FAC\0', version (4), record length (4), number of images (2) = 14
        // bytes; facial record header: block length (4), feature points (2), gender, eye, hair
        // (3), property mask (3), expression (2), pose (3 + 3) = 20 bytes, feature points 8 each;
        // image information: type, data type, width (2), height (2), … = 12 bytes.
        let points = block.count >= 20 ? Int(block[18]) << 8 | Int(block[19]) : 0
        let info = 14 + 20 + 8 * points
        guard block.count >= info + 12 else { return Face(standard: "ISO/IEC 19794-5", imageFormat: nil, width: nil, height: nil, imageBytes: 0) }
        let dataType = block[info + 1]
        return Face(
            standard: "ISO/IEC 19794-5", imageFormat: dataType == 0 ? "JPEG" : dataType == 1 ? "JPEG2000" : "unknown (\(dataType))",
            width: Int(block[info + 2]) << 8 | Int(block[info + 3]), height: Int(block[info + 4]) << 8 | Int(block[info + 5]),
            imageBytes: block.count - info - 12)
    }

    /// DG11 (additional personal details) and DG12 (additional document details): each
    /// element as text by its tag (5F0E full name, 5F2B date of birth, 5F19 issuing
    /// authority, 5F26 date of issue, …); the tag list (5C) left out.
    public static func details(_ bytes: [UInt8], file: String) throws(PortunusError) -> [String: String] {
        let outer = try TLVReader.read(bytes, at: 0, file: file)
        var result: [String: String] = [:]
        for element in try TLVReader.children(bytes, in: outer.value, file: file) where element.tag != 0x5C && !element.constructed {
            result[String(element.tag, radix: 16, uppercase: true)] = String(decoding: bytes[element.value], as: UTF8.self)
        }
        return result
    }

    /// DG14: the protocols the chip supports (Chip Authentication, PACE, …), as the object
    /// identifiers of its SecurityInfos.
    public static func securityInfos(_ bytes: [UInt8]) throws(PortunusError) -> [String] {
        let outer = try TLVReader.read(bytes, at: 0, file: "DG14")
        guard outer.tag == 0x6E else { throw TLVReader.problem("DG14 starts with tag 6E", 0, "DG14") }
        guard let set = try TLVReader.children(bytes, in: outer.value, file: "DG14").first, set.tag == 0x31 else {
            throw TLVReader.problem("DG14 holds a SET of SecurityInfo", outer.value.lowerBound, "DG14")
        }
        var oids: [String] = []
        for info in try TLVReader.children(bytes, in: set.value, file: "DG14") {
            if let oid = try TLVReader.children(bytes, in: info.value, file: "DG14").first, oid.tag == 0x06 {
                oids.append(TLVReader.oid(bytes[oid.value]))
            }
        }
        return oids
    }

    /// DG15: the public key (SubjectPublicKeyInfo) the chip proves it holds.
    public static func publicKey(_ bytes: [UInt8]) throws(PortunusError) -> PublicKey {
        let outer = try TLVReader.read(bytes, at: 0, file: "DG15")
        guard outer.tag == 0x6F else { throw TLVReader.problem("DG15 starts with tag 6F", 0, "DG15") }
        let info = Array(bytes[outer.value])
        let key: OpaquePointer? = info.withUnsafeBufferPointer { buffer in
            var pointer: UnsafePointer<UInt8>? = buffer.baseAddress
            return d2i_PUBKEY(nil, &pointer, buffer.count)
        }
        guard let key else { throw TLVReader.problem("DG15 holds no readable public key", outer.value.lowerBound, "DG15") }
        defer { EVP_PKEY_free(key) }
        let name = EVP_PKEY_get0_type_name(key).map { String(cString: $0) } ?? "unknown"
        return PublicKey(algorithm: name, bits: Int(EVP_PKEY_get_bits(key)))
    }
}
