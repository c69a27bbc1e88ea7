import PortunusCore

public enum TLVReader {
    static func problem(_ reason: String, _ offset: Int, _ file: String) -> PortunusError {
        PortunusError(.invalidChipData, "\(file): \(reason) at byte \(offset)", field: file, location: .init(line: 1, byteOffset: offset))
    }

    /// The element starting at `offset`; `file` names it in errors (EF.SOD, DG1 …).
    public static func read(_ bytes: [UInt8], at offset: Int, limit: Int? = nil, file: String) throws(PortunusError) -> TLV {
        // A limit past the bytes or an offset before them is the caller's arithmetic gone
        // wrong: refused like data that ends early, never read outside the array.
        let limit = min(limit ?? bytes.count, bytes.count)
        var index = offset
        guard index >= 0, index < limit else { throw problem("a tag was expected, the data ends", index, file) }
        let first = bytes[index]
        var tag = UInt32(first)
        index += 1
        if first & 0x1F == 0x1F {
            // Multi-byte tag: continuation bytes have bit 8 set.
            repeat {
                guard index < limit, tag <= 0x00FF_FFFF else { throw problem("a tag runs past the data", index, file) }
                tag = tag << 8 | UInt32(bytes[index])
                index += 1
            } while bytes[index - 1] & 0x80 != 0
        }
        guard index < limit else { throw problem("a length was expected, the data ends", index, file) }
        var length = Int(bytes[index])
        index += 1
        if length & 0x80 != 0 {
            let count = length & 0x7F
            guard count >= 1, count <= 4 else {
                throw problem(count == 0 ? "an indefinite length is not allowed" : "a length of \(count) bytes", index - 1, file)
            }
            guard index + count <= limit else { throw problem("a length runs past the data", index, file) }
            length = 0
            for _ in 0..<count {
                length = length << 8 | Int(bytes[index])
                index += 1
            }
        }
        guard index + length <= limit else { throw problem("a value of \(length) bytes runs past the data", index, file) }
        return TLV(tag: tag, constructed: first & 0x20 != 0, start: offset, value: index..<(index + length))
    }

    /// The elements one after the other within `range`.
    public static func children(_ bytes: [UInt8], in range: Range<Int>, file: String) throws(PortunusError) -> [TLV] {
        var result: [TLV] = []
        var offset = max(range.lowerBound, 0)
        let upperBound = min(range.upperBound, bytes.count)
        while offset < upperBound {
            // Padding some files carry after their last element.
            if bytes[offset] == 0x00 || bytes[offset] == 0xFF {
                offset += 1
                continue
            }
            let element = try read(bytes, at: offset, limit: upperBound, file: file)
            result.append(element)
            offset = element.end
        }
        return result
    }

    /// An object identifier's value in dotted form.
    public static func oid(_ bytes: ArraySlice<UInt8>) -> String {
        var parts: [String] = []
        var value: UInt64 = 0
        var first = true
        for byte in bytes {
            value = value << 7 | UInt64(byte & 0x7F)
            if byte & 0x80 == 0 {
                if first {
                    let head = min(value / 40, 2)
                    parts.append(String(head))
                    parts.append(String(value - head * 40))
                    first = false
                } else {
                    parts.append(String(value))
                }
                value = 0
            }
        }
        return parts.joined(separator: ".")
    }
}
