import Foundation

/// Entry bundles: each entry as a big-endian uint16 length and its bytes.
public enum EntryBundle {
    public static let maximumEntrySize = Int(UInt16.max)

    public static func append(_ entry: Data, to bundle: inout Data) {
        precondition(entry.count <= maximumEntrySize)
        bundle.append(UInt8(entry.count >> 8))
        bundle.append(UInt8(entry.count & 0xFF))
        bundle.append(entry)
    }

    /// Splits a bundle into its entries; a length running past the end is an error at its
    /// byte offset.
    public static func entries(in bundle: Data, resource: String) throws(LedgerError) -> [Data] {
        var entries: [Data] = []
        var offset = bundle.startIndex
        while offset < bundle.endIndex {
            guard bundle.endIndex - offset >= 2 else {
                throw LedgerError(.truncatedBundle, "a length prefix is cut off", resource: resource, byteOffset: offset - bundle.startIndex)
            }
            let length = Int(bundle[offset]) << 8 | Int(bundle[offset + 1])
            guard bundle.endIndex - offset - 2 >= length else {
                throw LedgerError(
                    .truncatedBundle, "an entry of \(length) bytes runs past the end", resource: resource,
                    byteOffset: offset - bundle.startIndex)
            }
            entries.append(bundle[(offset + 2)..<(offset + 2 + length)])
            offset += 2 + length
        }
        return entries
    }
}
