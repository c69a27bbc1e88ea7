/// One record read by ``CSVReader``: the unescaped bytes of its fields, and where it began.
public struct CSVRecord: Sendable {
    /// Physical line on which the record begins, from 1.
    public private(set) var line = 0
    /// Byte offset of the record's first byte in the input.
    public private(set) var byteOffset = 0
    private var storage: [UInt8] = []
    private var ends: [Int] = []

    public init() {
        storage.reserveCapacity(4096)
        ends.reserveCapacity(64)
    }

    /// Builds a record from field strings (tests, mapping from other sources).
    public init(fields: [String], line: Int = 1) {
        self.init()
        self.line = line
        for field in fields {
            storage.append(contentsOf: field.utf8)
            ends.append(storage.count)
        }
    }

    /// A copy sized to its content, for keeping a record beyond the next read: the reader's
    /// own record keeps a large reusable capacity that a plain copy would share.
    public var compacted: CSVRecord {
        var copy = CSVRecord(line: line, byteOffset: byteOffset)
        copy.storage = storage.withUnsafeBufferPointer { Array($0) }
        copy.ends = ends.withUnsafeBufferPointer { Array($0) }
        return copy
    }

    private init(line: Int, byteOffset: Int) {
        self.line = line
        self.byteOffset = byteOffset
    }

    /// Number of fields.
    public var count: Int { ends.count }

    mutating func reset(line: Int, byteOffset: Int) {
        self.line = line
        self.byteOffset = byteOffset
        storage.removeAll(keepingCapacity: true)
        ends.removeAll(keepingCapacity: true)
    }

    mutating func append(_ bytes: ArraySlice<UInt8>) { storage.append(contentsOf: bytes) }
    mutating func append(_ byte: UInt8) { storage.append(byte) }
    mutating func endField() { ends.append(storage.count) }

    private func range(at index: Int) -> Range<Int> {
        (index == 0 ? 0 : ends[index - 1])..<ends[index]
    }

    /// True when the field is empty (or absent).
    public func isEmpty(at index: Int) -> Bool {
        guard index < count else { return true }
        return range(at: index).isEmpty
    }

    /// Calls `body` with the raw bytes of a field, without copying.
    public func withBytes<T>(at index: Int, _ body: (UnsafeRawBufferPointer) throws -> T) rethrows -> T {
        let range = range(at: index)
        return try storage.withUnsafeBytes { raw in
            try body(UnsafeRawBufferPointer(rebasing: raw[range]))
        }
    }

    /// The field as a string, without surrounding spaces and tabs; throws `csv.invalid_utf8`
    /// when its bytes are not UTF-8.
    public func string(at index: Int) throws(PortunusError) -> String {
        guard index < count else { return "" }
        var range = range(at: index)
        // Trim blanks at the byte level: Foundation's trimming bridges through NSString and
        // costs more than the rest of a row's decoding together.
        while let first = range.first, storage[first] == 0x20 || storage[first] == 0x09 { range = range.dropFirst() }
        while let last = range.last, storage[last] == 0x20 || storage[last] == 0x09 { range = range.dropLast() }
        let text: String? = storage.withUnsafeBufferPointer { buffer in
            let bytes = UnsafeBufferPointer(rebasing: buffer[range])
            if bytes.allSatisfy({ $0 < 0x80 }) { return String(decoding: bytes, as: UTF8.self) }
            return String(validating: bytes, as: UTF8.self)
        }
        guard let text else {
            throw PortunusError(.invalidEncoding, "field is not valid UTF-8", location: .init(line: line, column: index + 1, byteOffset: byteOffset))
        }
        return text
    }

    /// All fields as strings, invalid UTF-8 replaced (for echoing a raw row into a rejects file).
    public var lossyFields: [String] {
        (0..<count).map { String(decoding: storage[range(at: $0)], as: UTF8.self) }
    }
}
