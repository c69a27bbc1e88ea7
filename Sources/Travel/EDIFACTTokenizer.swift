import Foundation

/// Splits an interchange into segments: a state machine over bytes, driven by the UNA (or the
/// defaults), with release characters honoured.
///
/// Real traffic is messy, and reading recovers rather than refuses:
/// - line breaks between segments are ignored, as is white space before a tag; a line break
///   inside a segment (a segment wrapped over lines) is dropped, with a warning;
/// - a UNA whose terminator is not ASCII (a word processor's U+2019 for the apostrophe) is read
///   as the apostrophe, with a warning;
/// - text after the last segment, and a last segment without its terminator, are diagnosed and
///   kept as far as they go;
/// - bytes that are not valid UTF-8 are replaced (U+FFFD) in values, with a warning.
public struct EDIFACTTokenizer: Sendable {
    public private(set) var delimiters: EDIFACTDelimiters
    public private(set) var segments: [EDIFACTSegment]
    public private(set) var diagnostics: [EDIFACTDiagnostic]

    public init(_ bytes: some Collection<UInt8>) {
        var reader = EDIFACTReader(bytes: Array(bytes))
        reader.run()
        delimiters = reader.delimiters
        diagnostics = reader.diagnostics
        segments = reader.segments()
    }
}

/// The tokenizer's working state. Every step is a method on this one value, so the state lives
/// in place (no closure captures it) and the byte loop touches only locals and `self`.
private struct EDIFACTReader {
    let bytes: [UInt8]
    var delimiters = EDIFACTDelimiters()
    var diagnostics: [EDIFACTDiagnostic] = []

    // Every segment's component ranges and element boundaries, flat (see EDIFACTText).
    var components: [Range<Int>] = []
    var elementStarts: [Int] = [0]
    var finished: [Finished] = []

    // The segment being read.
    var start = 0
    var startLine = 1
    var componentStart = 0
    var tagRange: Range<Int>? = nil
    var firstElement = 0
    var pendingRepeat: [Range<Int>] = []
    var repeats: [Int: [[String]]] = [:]
    var repeating = false
    var wrapped = false
    var cleaning = false
    var highBytes = false

    struct Finished {
        var tag: String
        var firstElement: Int
        var elementCount: Int
        var cleaning: Bool
        var repeats: [Int: [[String]]]
        var byteOffset: Int
        var line: Int
    }

    init(bytes: [UInt8]) {
        self.bytes = bytes
        components.reserveCapacity(bytes.count / 6)
        elementStarts.reserveCapacity(bytes.count / 8)
        finished.reserveCapacity(bytes.count / 32)
    }

    func segments() -> [EDIFACTSegment] {
        let text = EDIFACTText(bytes: bytes, release: delimiters.release, components: components, elementStarts: elementStarts)
        return finished.enumerated().map { index, segment in
            EDIFACTSegment(
                tag: segment.tag, text: text, firstElement: segment.firstElement, elementCount: segment.elementCount,
                needsCleaning: segment.cleaning, repeats: segment.repeats, byteOffset: segment.byteOffset,
                position: index + 1, line: segment.line)
        }
    }

    mutating func warn(
        _ code: String, _ message: String, at offset: Int, line: Int, segment: Int? = nil,
        severity: EDIFACTDiagnostic.Severity = .warning
    ) {
        diagnostics.append(EDIFACTDiagnostic(code: code, severity: severity, message: message, segment: segment, byteOffset: offset, line: line))
    }

    /// Reads the UNA, if there is one, and returns where the segments begin.
    mutating func readServiceStringAdvice(from first: Int, line: Int) -> Int {
        var index = first
        guard bytes.count >= index + 9, bytes[index] == UInt8(ascii: "U"), bytes[index + 1] == UInt8(ascii: "N"),
            bytes[index + 2] == UInt8(ascii: "A")
        else { return index }
        let advice = index + 3
        delimiters.component = bytes[advice]
        delimiters.element = bytes[advice + 1]
        delimiters.decimal = bytes[advice + 2]
        delimiters.release = bytes[advice + 3] == 0x20 ? nil : bytes[advice + 3]
        delimiters.repetition = bytes[advice + 4] == 0x20 ? nil : bytes[advice + 4]
        var terminatorLength = 1
        if bytes[advice + 5] >= 0x80 {
            // A multi-byte character where one byte belongs: read it whole and use the
            // apostrophe, which is what the rest of such files use.
            var end = advice + 6
            while end < bytes.count, bytes[end] & 0xC0 == 0x80 { end += 1 }
            terminatorLength = end - (advice + 5)
            warn(
                "una.terminator", "the UNA's segment terminator is not an ASCII character; reading the apostrophe instead",
                at: advice + 5, line: line)
            delimiters.terminator = UInt8(ascii: "'")
        } else {
            delimiters.terminator = bytes[advice + 5]
        }
        let separators = [delimiters.component, delimiters.element, delimiters.terminator]
        if Set(separators).count < 3 || separators.contains(where: { $0 == 0x0A || $0 == 0x0D }) {
            warn("una.invalid", "the UNA declares clashing separators; using the defaults", at: index, line: line, severity: .error)
            delimiters = EDIFACTDelimiters()
        }
        index = advice + 5 + terminatorLength
        return index
    }

    /// Byte classes for the loop inside a segment: 0 for an ordinary byte.
    private static let ordinary: UInt8 = 0
    private static let special: UInt8 = 1
    private static let high: UInt8 = 2

    mutating func run() {
        var index = 0
        var line = 1
        // A UTF-8 byte-order mark.
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { index = 3 }
        while index < bytes.count, bytes[index] == 0x20 || bytes[index] == 0x0A || bytes[index] == 0x0D || bytes[index] == 0x09 {
            if bytes[index] == 0x0A { line += 1 }
            index += 1
        }
        index = readServiceStringAdvice(from: index, line: line)
        let d = delimiters
        var classes = [UInt8](repeating: Self.ordinary, count: 256)
        for byte in 0x80...0xFF { classes[byte] = Self.high }
        for byte in [d.component, d.element, d.terminator, 0x0A, 0x0D] { classes[Int(byte)] = Self.special }
        if let release = d.release { classes[Int(release)] = Self.special }
        if let repetition = d.repetition { classes[Int(repetition)] = Self.special }

        var inSegment = false
        let count = bytes.count
        while index < count {
            if !inSegment {
                let byte = bytes[index]
                if byte == 0x0A {
                    line += 1
                    index += 1
                    continue
                }
                if byte == 0x20 || byte == 0x0D || byte == 0x09 || byte == d.terminator {
                    index += 1
                    continue
                }
                inSegment = true
                begin(at: index, line: line)
            }
            // Ordinary bytes, skipped in a tight loop.
            var byte = bytes[index]
            var kind = classes[Int(byte)]
            while kind != Self.special {
                if kind == Self.high { highBytes = true }
                index += 1
                if index == count { break }
                byte = bytes[index]
                kind = classes[Int(byte)]
            }
            if index == count { break }
            if let release = d.release, byte == release {
                cleaning = true
                index += 1
                if index < count {
                    if bytes[index] == 0x0A { line += 1 }
                    if bytes[index] >= 0x80 { highBytes = true }
                    index += 1
                }
                continue
            }
            if byte == 0x0A, blankLineFollows(after: index) {
                // A blank line inside a segment: the terminator is missing, and what
                // follows is something else (often prose).
                endUnterminated(
                    at: index, "segment.unterminated", "the segment ends at a blank line without its terminator",
                    noteAt: start, line: startLine)
                inSegment = false
                continue
            }
            if byte == 0x0A, let quote = typographicTerminator(before: index) {
                // `’` (U+2019) where the apostrophe belongs, at the end of a line followed by
                // a segment: a word processor's quote ended this segment.
                endUnterminated(
                    at: quote, "segment.typographic_terminator",
                    "a typographic apostrophe (U+2019) ends the segment; read as the terminator", noteAt: quote, line: line)
                inSegment = false
                continue
            }
            if byte == 0x0A || byte == 0x0D {
                if byte == 0x0A { line += 1 }
                cleaning = true
                if !wrapped {
                    wrapped = true
                    warn(
                        "segment.wrapped", "a line break inside a segment; the segment continues on the next line", at: index,
                        line: line - (byte == 0x0A ? 1 : 0), segment: finished.count + 1)
                }
                index += 1
                continue
            }
            if byte == d.component {
                if tagRange == nil {
                    // Components after the tag (a qualified tag): the first part is the tag;
                    // the rest of that element is skipped up to the next separator.
                    tagRange = componentStart..<index
                    var next = index + 1
                    while next < count, bytes[next] != d.element, bytes[next] != d.terminator, bytes[next] != 0x0A { next += 1 }
                    componentStart = next + 1
                    if next < count, bytes[next] == d.terminator {
                        emit(at: next)
                        inSegment = false
                    }
                    index = next + 1
                    continue
                }
                close(at: index)
                componentStart = index + 1
                index += 1
                continue
            }
            // The element separator, the terminator, or the repetition separator.
            let isRepetition = d.repetition != nil && byte == d.repetition! && byte != d.element && byte != d.terminator
            if isRepetition && tagRange == nil {
                index += 1  // part of the tag text; diagnosed with the tag
                continue
            }
            let hadTag = tagRange != nil
            close(at: index)
            if hadTag { endElement() }
            componentStart = index + 1
            repeating = hadTag && isRepetition
            if byte == d.terminator {
                emit(at: index)
                inSegment = false
            }
            index += 1
        }
        if inSegment {
            endUnterminated(at: count, "segment.unterminated", "the input ends inside a segment; it is kept as read", noteAt: start, line: startLine)
        }
    }

    mutating func begin(at index: Int, line: Int) {
        start = index
        startLine = line
        componentStart = index
        tagRange = nil
        firstElement = elementStarts.count - 1
        if !repeats.isEmpty { repeats = [:] }
        if !pendingRepeat.isEmpty { pendingRepeat = [] }
        repeating = false
        wrapped = false
        cleaning = false
        highBytes = false
    }

    /// Ends the segment at `end` where its terminator is missing: its last component and element
    /// are closed, the problem noted, and the segment kept as read.
    mutating func endUnterminated(at end: Int, _ code: String, _ message: String, noteAt offset: Int, line: Int) {
        let hadTag = tagRange != nil
        close(at: end)
        if hadTag { endElement() }
        warn(code, message, at: offset, line: line, segment: finished.count + 1)
        emit(at: end)
    }

    /// Ends the current component, and with it the current element.
    mutating func close(at end: Int) {
        let range = min(componentStart, end)..<end
        if tagRange == nil {
            tagRange = range
        } else if repeating {
            pendingRepeat.append(range)
        } else {
            components.append(range)
        }
    }

    mutating func endElement() {
        if repeating {
            let values = pendingRepeat.map { EDIFACTText.decode(bytes, $0, release: delimiters.release, cleaning: cleaning) }
            repeats[elementStarts.count - firstElement - 2, default: []].append(values)
            pendingRepeat.removeAll()
        } else {
            elementStarts.append(components.count)
        }
    }

    /// Adds the segment, diagnosing a tag that is not three letters or digits (prose, a broken
    /// line): such a segment is kept, flagged, for the parsers to skip.
    mutating func emit(at end: Int) {
        let position = finished.count + 1
        if highBytes, String(validating: bytes[start..<end], as: UTF8.self) == nil {
            warn("encoding.invalid", "bytes that are not UTF-8; replaced", at: start, line: startLine, segment: position)
        }
        var tag = tagRange ?? start..<start
        let raw = tag
        while !tag.isEmpty, bytes[tag.lowerBound] == 0x20 || bytes[tag.lowerBound] == 0x09 { tag = (tag.lowerBound + 1)..<tag.upperBound }
        while !tag.isEmpty, bytes[tag.upperBound - 1] == 0x20 || bytes[tag.upperBound - 1] == 0x09 { tag = tag.lowerBound..<(tag.upperBound - 1) }
        let isTag = tag.count == 3 && bytes[tag].allSatisfy { ($0 >= 0x41 && $0 <= 0x5A) || ($0 >= 0x30 && $0 <= 0x39) }
        let tagText = String(decoding: bytes[tag], as: UTF8.self)
        if !isTag {
            // The text is not quoted: it may be anything, a traveller's name included.
            warn("segment.tag", "the segment does not start with a three-character tag", at: start, line: startLine, segment: position)
        } else if tag != raw {
            warn("segment.space", "white space inside the segment tag", at: start, line: startLine, segment: position)
        }
        finished.append(
            Finished(
                tag: tagText, firstElement: firstElement, elementCount: elementStarts.count - 1 - firstElement,
                cleaning: cleaning, repeats: repeats, byteOffset: start, line: startLine))
    }

    /// Whether the line break at `index` follows a `’` (E2 80 99, optionally then CR) in the
    /// default-terminator syntax, and the next line starts a segment (three capitals, then the
    /// element separator or the terminator).
    /// Returns where the `’` starts.
    func typographicTerminator(before index: Int) -> Int? {
        guard delimiters.terminator == UInt8(ascii: "'") else { return nil }
        var end = index
        if end > 0, bytes[end - 1] == 0x0D { end -= 1 }
        guard end >= 3, bytes[end - 3] == 0xE2, bytes[end - 2] == 0x80, bytes[end - 1] == 0x99, index + 4 < bytes.count else { return nil }
        let next = bytes[(index + 1)...(index + 4)]
        guard next.prefix(3).allSatisfy({ $0 >= 0x41 && $0 <= 0x5A }), next.last == delimiters.element || next.last == delimiters.terminator else {
            return nil
        }
        return end - 3
    }

    /// Whether only spaces, tabs and carriage returns separate this line break from the next.
    func blankLineFollows(after index: Int) -> Bool {
        var next = index + 1
        while next < bytes.count, bytes[next] == 0x20 || bytes[next] == 0x0D || bytes[next] == 0x09 { next += 1 }
        return next < bytes.count && bytes[next] == 0x0A
    }
}
