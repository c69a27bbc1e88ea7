import Foundation
import PortunusCore

/// CSV rows as imports read them: every record to its end, each field as text, malformed
/// records reported with a place inside the input. The first byte picks the delimiter and a
/// small record limit, so that the resynchronisation after an overlong record runs too.
@_cdecl("LLVMFuzzerTestOneInput")
public func csvFuzz(_ start: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    var bytes = FuzzSupport.bytes(start, count)
    let control = bytes.first ?? 0
    if !bytes.isEmpty { bytes.removeFirst() }
    let delimiter = control & 1 == 0 ? UInt8(ascii: ",") : UInt8(ascii: ";")
    let limit = control & 2 == 0 ? 1 << 20 : 16
    let reader = CSVReader(bytes: bytes, delimiter: delimiter, maximumRecordBytes: limit)
    var records = 0
    while records <= bytes.count + 1 {
        do {
            guard try reader.readRecord() else { break }
            records += 1
            for index in 0..<reader.record.count { _ = try? reader.record.string(at: index) }
            _ = reader.record.lossyFields
        } catch {
            records += 1
            FuzzSupport.checkOffset(error.location?.byteOffset, within: bytes.count, "CSV error")
        }
    }
    if records > bytes.count + 1 { fatalError("more records than bytes: the reader does not advance") }
    FuzzSupport.checkOffset(reader.bytesRead, within: bytes.count, "bytes read")
    return 0
}
