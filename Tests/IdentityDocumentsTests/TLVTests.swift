import Testing

@testable import IdentityDocuments
@testable import PortunusCore

/// BER-TLV as chips and files give it, and as callers slice it: every bad length, tag or range
/// is a chip.format error at its byte offset, never a read outside the bytes.
@Suite("BER-TLV reading")
struct TLVTests {
    @Test("short and long form lengths and multi-byte tags are read")
    func wellFormed() throws {
        let bytes: [UInt8] = [0x5F, 0x1F, 0x81, 0x02, 0x41, 0x42, 0x30, 0x00]
        let first = try TLVReader.read(bytes, at: 0, file: "DG1")
        #expect(first.tag == 0x5F1F && first.value == 4..<6 && !first.constructed)
        #expect(try TLVReader.children(bytes, in: 0..<bytes.count, file: "DG1").map(\.tag) == [0x5F1F, 0x30])
    }

    @Test(
        "lengths and tags that run past the data are errors at their byte offset",
        arguments: [
            ([0x04, 0x84, 0xFF, 0xFF, 0xFF, 0xFF], 6), ([0x04, 0x82, 0x01], 2), ([0x04, 0x05, 0x00], 2), ([0x5F], 1),
            ([0x5F, 0xFF, 0xFF, 0xFF, 0xFF, 0x01, 0x00], 4), ([0x04, 0x80], 1), ([0x04, 0x85, 0, 0, 0, 0, 1], 1),
        ] as [([UInt8], Int)])
    func malformed(bytes: [UInt8], offset: Int) {
        #expect {
            try TLVReader.read(bytes, at: 0, file: "DG1")
        } throws: { error in
            let error = error as? PortunusError
            return error?.code == .invalidChipData && error?.location?.byteOffset == offset
        }
    }

    // A caller's range past the bytes or an offset before them read outside the array (a trap)
    // before TLVReader clamped them.
    @Test("a range past the bytes and an offset before them are refused, not read")
    func outsideTheBytes() {
        let bytes: [UInt8] = [0x30, 0x03, 0x02, 0x01, 0x05]
        #expect(throws: PortunusError.self) { try TLVReader.read(bytes, at: -1, file: "DG1") }
        #expect(throws: PortunusError.self) { try TLVReader.read(bytes, at: 5, limit: 50, file: "DG1") }
        #expect((try? TLVReader.children(bytes, in: 0..<50, file: "DG1"))?.map(\.tag) == [0x30])
        #expect((try? TLVReader.children(bytes, in: 2..<50, file: "DG1"))?.map(\.tag) == [0x02])
    }
}
