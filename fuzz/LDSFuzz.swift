import Foundation
import IdentityDocuments
import PortunusCore

/// A chip's files as `portunus identity` reads them: BER-TLV elements walked to the end, then
/// the file read as the data group its first byte names (EF.COM, DG1's MRZ, DG2's faces,
/// DG11/12 details, DG14's security infos, DG15's key through OpenSSL), results encoded.
@_cdecl("LLVMFuzzerTestOneInput")
public func ldsFuzz(_ start: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    let bytes = FuzzSupport.bytes(start, count)
    if let elements = try? TLVReader.children(bytes, in: 0..<bytes.count, file: "fuzz") {
        for element in elements {
            guard element.start >= 0, element.end <= bytes.count, element.value.lowerBound >= element.start else {
                fatalError("an element outside the bytes")
            }
            _ = TLVReader.oid(bytes[element.value])
        }
    }
    switch bytes.first {
    case 0x60: FuzzSupport.encode(try? LDS.common(bytes))
    case 0x61: FuzzSupport.encode(try? LDS.mrz(bytes, today: Date(timeIntervalSince1970: 1_796_000_000)))
    case 0x75: FuzzSupport.encode(try? LDS.faces(bytes))
    case 0x6B, 0x6C: FuzzSupport.encode(try? LDS.details(bytes, file: "DG11"))
    case 0x6E: FuzzSupport.encode(try? LDS.securityInfos(bytes))
    case 0x6F: FuzzSupport.encode(try? LDS.publicKey(bytes))
    default: _ = LDS.dataGroupNumber(bytes)
    }
    return 0
}
