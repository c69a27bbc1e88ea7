#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A streaming RFC 4180 reader that keeps going after bad records.
///
/// Declaration exports are large (millions of rows) and messy (a stray quote, a truncated
/// last line), so the reader reads the file in chunks — memory stays bounded by the longest
/// record, never the file — and reports each malformed record as a ``PortunusError`` with
/// its line, column and byte offset, then carries on with the next physical line. A quoted
/// field that never closes cannot swallow the rest of the file: when it reaches the end of
/// input or ``maximumRecordBytes``, the reader reports it and resumes on the line after the
/// one where the record began, so the good rows after a broken one still land.
///
/// Rules (RFC 4180 §2): fields separated by the delimiter, records by CRLF or LF (a lone CR
/// too); a field may be quoted with `"`, and inside quotes `""` is a literal quote and line
/// breaks are data. A quote inside an unquoted field, or text after a closing quote, is an
/// error. A UTF-8 byte-order mark at the start is skipped, blank lines are ignored.
///
/// ```swift
/// let reader = try CSVReader(path: "declarations.csv")
/// while true {
///     do {
///         guard try reader.readRecord() else { break }
///         print(reader.record.line, try reader.record.string(at: 0))
///     } catch {
///         print(error)   // [csv.unexpected_quote] ... at line 7, column 3, byte 512
///     }
/// }
/// ```
public final class CSVReader {
    /// The record most recently read; its storage is reused by the next call.
    public private(set) var record = CSVRecord()
    /// The field separator, `,` by default.
    public let delimiter: UInt8
    /// The longest record accepted, in bytes; longer ones are reported and skipped.
    public let maximumRecordBytes: Int
    /// The raw text of the last record skipped as malformed, so that it can be kept.
    public private(set) var skippedText = ""
    /// Bytes consumed so far, for progress reporting.
    public var bytesRead: Int { bufferFileOffset + position }

    private let descriptor: Int32?
    private let ownsDescriptor: Bool
    private var buffer: [UInt8]
    private var bufferFileOffset = 0  // file offset of buffer[0]
    private var position = 0  // next byte to parse, index into buffer
    private var end = 0  // valid bytes in buffer
    private var atEOF = false
    private var line = 1  // physical line of `position`
    private let chunkSize: Int

    /// Opens a file for reading.
    public convenience init(path: String, delimiter: UInt8 = UInt8(ascii: ","), chunkSize: Int = 1 << 20, maximumRecordBytes: Int = 1 << 20)
        throws(PortunusError)
    {
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else {
            throw PortunusError(.io, "cannot open input file: \(String(cString: strerror(errno)))")
        }
        self.init(descriptor: descriptor, owns: true, bytes: [], delimiter: delimiter, chunkSize: chunkSize, maximumRecordBytes: maximumRecordBytes)
    }

    /// Reads from bytes in memory (tests, request bodies).
    public convenience init(bytes: [UInt8], delimiter: UInt8 = UInt8(ascii: ","), maximumRecordBytes: Int = 1 << 20) {
        self.init(descriptor: nil, owns: false, bytes: bytes, delimiter: delimiter, chunkSize: 0, maximumRecordBytes: maximumRecordBytes)
    }

    private init(descriptor: Int32?, owns: Bool, bytes: [UInt8], delimiter: UInt8, chunkSize: Int, maximumRecordBytes: Int) {
        self.descriptor = descriptor
        self.ownsDescriptor = owns
        self.buffer = bytes
        self.end = bytes.count
        self.atEOF = descriptor == nil
        self.delimiter = delimiter
        self.chunkSize = max(chunkSize, 16)
        self.maximumRecordBytes = maximumRecordBytes
        if descriptor != nil { buffer.reserveCapacity(self.chunkSize * 2) }
    }

    deinit {
        if ownsDescriptor, let descriptor { close(descriptor) }
    }

    /// Reads the next record into ``record``. Returns false at the end of input. Throws a
    /// ``PortunusError`` for a malformed record; the reader has then already moved past it,
    /// so the caller may simply call again.
    public func readRecord() throws(PortunusError) -> Bool {
        if bufferFileOffset == 0 && position == 0 { try skipByteOrderMark() }
        // Skip blank lines.
        while true {
            guard try available(0) else { return false }
            let byte = buffer[position]
            if byte == 0x0A {
                position += 1
                line += 1
                continue
            }
            if byte == 0x0D {
                position += 1
                if try available(0), buffer[position] == 0x0A { position += 1 }
                line += 1
                continue
            }
            break
        }
        compact()
        let recordStart = position
        let recordLine = line
        record.reset(line: recordLine, byteOffset: bufferFileOffset + recordStart)
        var firstLineEnd: Int? = nil  // buffer index just past the first line break inside the record

        func fail(_ code: PortunusError.Code, _ reason: String, column: Int, at offset: Int) throws(PortunusError) -> Never {
            let location = PortunusError.Location(line: recordLine, column: column, byteOffset: bufferFileOffset + offset)
            // Resume on the physical line after the record's first line.
            if let firstLineEnd {
                position = firstLineEnd
                line = recordLine + 1
            } else {
                try skipToEndOfLine()
            }
            var rawEnd = position
            while rawEnd > recordStart, buffer[rawEnd - 1] == 0x0A || buffer[rawEnd - 1] == 0x0D { rawEnd -= 1 }
            skippedText = String(decoding: buffer[recordStart..<max(rawEnd, recordStart)], as: UTF8.self)
            throw PortunusError(code, reason, location: location)
        }

        fieldLoop: while true {
            let column = record.count + 1
            let fieldStart = position
            guard try available(0) else {
                record.endField()
                return true  // record ended at end of input after a delimiter
            }
            if buffer[position] == 0x22 {  // quoted field
                position += 1
                while true {
                    if position - recordStart > maximumRecordBytes {
                        try fail(.recordTooLong, "record exceeds \(maximumRecordBytes) bytes; is a quote left open?", column: column, at: fieldStart)
                    }
                    guard try available(0) else {
                        try fail(.unterminatedQuote, "quoted field is not closed before the end of the input", column: column, at: fieldStart)
                    }
                    // Copy the run of ordinary bytes in one go, never past the record limit.
                    // (Saturating: a caller may pass Int.max as "no limit".)
                    let (limitEnd, overflow) = recordStart.addingReportingOverflow(maximumRecordBytes)
                    let scanEnd = overflow || limitEnd >= end ? end : limitEnd + 1
                    var runEnd = position
                    while runEnd < scanEnd {
                        let byte = buffer[runEnd]
                        if byte == 0x22 { break }
                        if byte == 0x0A {
                            line += 1
                            if firstLineEnd == nil { firstLineEnd = runEnd + 1 }
                        }
                        runEnd += 1
                    }
                    if runEnd > position { record.append(buffer[position..<runEnd]) }
                    position = runEnd
                    guard position < scanEnd else { continue }
                    // At a quote: doubled, closing, or misplaced.
                    position += 1
                    guard try available(0) else {
                        record.endField()
                        return true
                    }
                    let next = buffer[position]
                    if next == 0x22 {
                        record.append(0x22)
                        position += 1
                        continue
                    }
                    if next == delimiter {
                        position += 1
                        record.endField()
                        continue fieldLoop
                    }
                    if next == 0x0A || next == 0x0D {
                        record.endField()
                        try consumeLineBreak()
                        return true
                    }
                    try fail(.unexpectedQuote, "text follows the closing quote of a quoted field", column: column, at: fieldStart)
                }
            } else {  // unquoted field
                while true {
                    var runEnd = position
                    while runEnd < end {
                        let byte = buffer[runEnd]
                        if byte == delimiter || byte == 0x0A || byte == 0x0D || byte == 0x22 { break }
                        runEnd += 1
                    }
                    if runEnd > position { record.append(buffer[position..<runEnd]) }
                    position = runEnd
                    if position == end {
                        if position - recordStart > maximumRecordBytes {
                            try fail(.recordTooLong, "record exceeds \(maximumRecordBytes) bytes", column: column, at: fieldStart)
                        }
                        guard try available(0) else {
                            record.endField()
                            return true
                        }
                        continue
                    }
                    let byte = buffer[position]
                    if byte == delimiter {
                        position += 1
                        record.endField()
                        continue fieldLoop
                    }
                    if byte == 0x22 {
                        try fail(
                            .unexpectedQuote, "a quote appears inside an unquoted field; quote the whole field and double the quote", column: column,
                            at: position)
                    }
                    record.endField()
                    try consumeLineBreak()
                    return true
                }
            }
        }
    }

    // MARK: - Buffer management

    /// Ensures `position + extra` is a valid index, reading more input if needed.
    private func available(_ extra: Int) throws(PortunusError) -> Bool {
        while position + extra >= end {
            if atEOF { return false }
            try fill()
        }
        return true
    }

    private func fill() throws(PortunusError) {
        guard let descriptor else {
            atEOF = true
            return
        }
        let wanted = chunkSize
        if buffer.count < end + wanted { buffer.append(contentsOf: repeatElement(0, count: end + wanted - buffer.count)) }
        let count = buffer.withUnsafeMutableBytes { raw -> Int in
            while true {
                let result = read(descriptor, raw.baseAddress! + end, wanted)
                if result < 0 && errno == EINTR { continue }
                return result
            }
        }
        guard count >= 0 else { throw PortunusError(.io, "cannot read input: \(String(cString: strerror(errno)))") }
        if count == 0 { atEOF = true } else { end += count }
    }

    /// Drops bytes before `position`, which no record still needs.
    private func compact() {
        guard descriptor != nil, position > chunkSize else { return }
        let remaining = end - position
        buffer.withUnsafeMutableBytes { raw in
            if remaining > 0 { memmove(raw.baseAddress!, raw.baseAddress! + position, remaining) }
        }
        bufferFileOffset += position
        end = remaining
        position = 0
    }

    private func consumeLineBreak() throws(PortunusError) {
        if buffer[position] == 0x0D {
            position += 1
            if try available(0), buffer[position] == 0x0A { position += 1 }
        } else {
            position += 1
        }
        line += 1
    }

    private func skipToEndOfLine() throws(PortunusError) {
        while try available(0) {
            let byte = buffer[position]
            if byte == 0x0A || byte == 0x0D {
                try consumeLineBreak()
                return
            }
            position += 1
        }
    }

    private func skipByteOrderMark() throws(PortunusError) {
        if try available(2), buffer[0] == 0xEF, buffer[1] == 0xBB, buffer[2] == 0xBF { position = 3 }
    }
}
