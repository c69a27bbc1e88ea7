import Foundation

/// The service characters of an interchange (UN/EDIFACT ISO 9735 §7, the UNA service string
/// advice). Without a UNA, the defaults of syntax level A/B apply.
public struct EDIFACTDelimiters: Sendable, Hashable {
    public var component: UInt8 = UInt8(ascii: ":")
    public var element: UInt8 = UInt8(ascii: "+")
    public var decimal: UInt8 = UInt8(ascii: ".")
    /// nil when the UNA declares none (a space).
    public var release: UInt8? = UInt8(ascii: "?")
    /// nil when the UNA declares none (a space, as syntax version 3 does). Without a UNA
    /// none is assumed: airline free text uses `*` as data.
    public var repetition: UInt8? = nil
    public var terminator: UInt8 = UInt8(ascii: "'")

    public init() {}
}

/// One segment: its tag, its data elements, where it starts, and its position.
///
/// Values are not copied out while reading: a segment keeps byte ranges into the input (shared,
/// not copied) and decodes a value when asked — removing release characters and the line
/// breaks of a segment wrapped over lines — so reading costs no allocation per value.
public struct EDIFACTSegment: Sendable, Hashable {
    public var tag: String
    /// The whole input, shared by every segment read from it.
    let storage: [UInt8]
    let release: UInt8?
    /// Byte ranges of every component, element after element.
    let components: [Range<Int>]
    /// Element i spans components[elementStarts[i] ..< elementStarts[i + 1]].
    let elementStarts: [Int]
    /// Whether values hold release characters or line breaks to remove when decoded.
    let needsCleaning: Bool
    /// Further occurrences of a repeated data element (syntax version 4), by element index.
    public var repeats: [Int: [[String]]] = [:]
    /// Byte offset of the tag in the input.
    public var byteOffset: Int
    /// 1-based position of the segment in the input (UNA not counted).
    public var position: Int
    /// 1-based line of the tag.
    public var line: Int

    public var elementCount: Int { elementStarts.count - 1 }

    /// elements[i][j]: component j of data element i (after the tag), decoded.
    public var elements: [[String]] {
        (0..<elementCount).map { element in (elementStarts[element]..<elementStarts[element + 1]).map { decode(components[$0]) } }
    }

    /// Component `component` of element `element` (both 0-based), or nil when absent or empty.
    public func value(_ element: Int, _ component: Int = 0) -> String? {
        guard element >= 0, element < elementCount, component >= 0 else { return nil }
        let index = elementStarts[element] + component
        guard index < elementStarts[element + 1] else { return nil }
        let range = components[index]
        guard !range.isEmpty else { return nil }
        let value = decode(range)
        return value.isEmpty ? nil : value
    }

    func decode(_ range: Range<Int>) -> String {
        guard needsCleaning else { return String(decoding: storage[range], as: UTF8.self) }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(range.count)
        var index = range.lowerBound
        while index < range.upperBound {
            let byte = storage[index]
            if byte == 0x0A || byte == 0x0D {
                index += 1
                continue
            }
            if let release, byte == release, index + 1 < range.upperBound {
                let next = storage[index + 1]
                if next != 0x0A && next != 0x0D { bytes.append(next) }
                index += 2
                continue
            }
            bytes.append(byte)
            index += 1
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    public static func == (lhs: EDIFACTSegment, rhs: EDIFACTSegment) -> Bool {
        lhs.tag == rhs.tag && lhs.elements == rhs.elements && lhs.repeats == rhs.repeats && lhs.byteOffset == rhs.byteOffset
            && lhs.position == rhs.position && lhs.line == rhs.line
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(tag)
        hasher.combine(byteOffset)
        hasher.combine(position)
    }
}

/// A problem found while reading, with a stable code and the exact place. Reading goes on:
/// diagnostics never stop a message from being read as far as it can be.
public struct EDIFACTDiagnostic: Sendable, Hashable, Codable, CustomStringConvertible {
    public enum Severity: String, Sendable, Codable { case warning, error }

    public var code: String
    public var severity: Severity
    public var message: String
    /// 1-based segment position, when the problem belongs to a segment.
    public var segment: Int?
    public var byteOffset: Int
    public var line: Int

    public var description: String {
        "\(severity.rawValue) \(code): \(message) (line \(line), byte \(byteOffset)\(segment.map { ", segment \($0)" } ?? ""))"
    }

    enum CodingKeys: String, CodingKey { case code, severity, message, segment, byteOffset = "byte_offset", line }
}

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
    public private(set) var delimiters = EDIFACTDelimiters()
    public private(set) var segments: [EDIFACTSegment] = []
    public private(set) var diagnostics: [EDIFACTDiagnostic] = []

    public init(_ bytes: some Collection<UInt8>) {
        read(Array(bytes))
    }

    private mutating func warn(_ code: String, _ message: String, at offset: Int, line: Int, segment: Int? = nil,
                               severity: EDIFACTDiagnostic.Severity = .warning) {
        diagnostics.append(EDIFACTDiagnostic(code: code, severity: severity, message: message, segment: segment, byteOffset: offset, line: line))
    }

    private enum State { case between, inSegment, released }

    private mutating func read(_ bytes: [UInt8]) {
        var index = 0
        var line = 1
        // A UTF-8 byte-order mark.
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { index = 3 }
        while index < bytes.count, bytes[index] == 0x20 || bytes[index] == 0x0A || bytes[index] == 0x0D || bytes[index] == 0x09 {
            if bytes[index] == 0x0A { line += 1 }
            index += 1
        }
        if bytes.count >= index + 9, bytes[index..<(index + 3)].elementsEqual("UNA".utf8) {
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
                warn("una.terminator", "the UNA's segment terminator is not an ASCII character; reading the apostrophe instead",
                     at: advice + 5, line: line)
                delimiters.terminator = UInt8(ascii: "'")
            } else {
                delimiters.terminator = bytes[advice + 5]
            }
            let distinct = Set([delimiters.component, delimiters.element, delimiters.terminator])
            if distinct.count < 3 || [delimiters.component, delimiters.element, delimiters.terminator].contains(where: { $0 == 0x0A || $0 == 0x0D }) {
                warn("una.invalid", "the UNA declares clashing separators; using the defaults", at: index, line: line, severity: .error)
                delimiters = EDIFACTDelimiters()
            }
            index = advice + 5 + terminatorLength
        }
        let d = delimiters

        var state = State.between
        var components: [Range<Int>] = []
        var elementStarts: [Int] = [0]
        var componentStart = index
        var tagRange: Range<Int>? = nil
        var pendingRepeat: [Range<Int>] = []
        var repeats: [Int: [[String]]] = [:]
        var repeating = false
        var start = index
        var startLine = line
        var wrapped = false
        var cleaning = false
        var highBytes = false

        func close(at end: Int) {
            // Ends the current component, and with it the current element.
            let range = min(componentStart, end)..<end
            if tagRange == nil {
                tagRange = range
            } else if repeating {
                pendingRepeat.append(range)
            } else {
                components.append(range)
            }
        }
        func endElement() {
            if repeating {
                let decoder = EDIFACTSegment(tag: "", storage: bytes, release: d.release, components: pendingRepeat,
                                             elementStarts: [0, pendingRepeat.count], needsCleaning: cleaning, byteOffset: 0, position: 0, line: 0)
                repeats[elementStarts.count - 2, default: []].append(decoder.elements.first ?? [])
                pendingRepeat.removeAll()
            } else {
                elementStarts.append(components.count)
            }
        }
        func emit(at end: Int) {
            let tagText = tagRange.map { String(decoding: bytes[$0], as: UTF8.self) } ?? ""
            if highBytes, String(bytes: bytes[start..<end], encoding: .utf8) == nil {
                warn("encoding.invalid", "bytes that are not UTF-8; replaced", at: start, line: startLine, segment: segments.count + 1)
            }
            finish(tag: tagText, segment: EDIFACTSegment(
                tag: tagText, storage: bytes, release: d.release, components: components, elementStarts: elementStarts, needsCleaning: cleaning,
                repeats: repeats, byteOffset: start, position: segments.count + 1, line: startLine))
        }

        while index < bytes.count {
            let byte = bytes[index]
            switch state {
            case .between:
                if byte == 0x0A { line += 1; index += 1; continue }
                if byte == 0x20 || byte == 0x0D || byte == 0x09 { index += 1; continue }
                if byte == d.terminator { index += 1; continue }
                state = .inSegment
                start = index
                startLine = line
                components.removeAll(keepingCapacity: true)
                elementStarts = [0]
                componentStart = index
                tagRange = nil
                repeats = [:]
                pendingRepeat = []
                repeating = false
                wrapped = false
                cleaning = false
                highBytes = false
                continue
            case .released:
                if byte == 0x0A { line += 1 }
                state = .inSegment
            case .inSegment:
                if byte >= 0x80 { highBytes = true }
                if let release = d.release, byte == release {
                    state = .released
                    cleaning = true
                } else if byte == 0x0A, blankLineFollows(bytes, after: index) {
                    // A blank line inside a segment: the terminator is missing, and what
                    // follows is something else (often prose).
                    close(at: index)
                    if tagRange != nil { endElement() }
                    warn("segment.unterminated", "the segment ends at a blank line without its terminator", at: start, line: startLine, segment: segments.count + 1)
                    emit(at: index)
                    state = .between
                    continue
                } else if byte == 0x0A || byte == 0x0D {
                    if byte == 0x0A { line += 1 }
                    cleaning = true
                    if !wrapped {
                        wrapped = true
                        warn("segment.wrapped", "a line break inside a segment; the segment continues on the next line", at: index, line: line - (byte == 0x0A ? 1 : 0),
                             segment: segments.count + 1)
                    }
                } else if byte == d.component {
                    if tagRange == nil {
                        // Components after the tag (a qualified tag): the first part is the
                        // tag; the rest of that element is skipped up to the next separator.
                        tagRange = componentStart..<index
                        var next = index + 1
                        while next < bytes.count, bytes[next] != d.element, bytes[next] != d.terminator, bytes[next] != 0x0A { next += 1 }
                        componentStart = next + 1
                        if next < bytes.count, bytes[next] == d.terminator {
                            emit(at: next)
                            state = .between
                        }
                        index = next + 1
                        continue
                    }
                    close(at: index)
                    componentStart = index + 1
                } else if byte == d.element || byte == d.terminator || (tagRange != nil && d.repetition != nil && byte == d.repetition!) {
                    let hadTag = tagRange != nil
                    close(at: index)
                    if hadTag { endElement() }
                    componentStart = index + 1
                    repeating = hadTag && d.repetition != nil && byte == d.repetition! && byte != d.element
                    if byte == d.terminator {
                        emit(at: index)
                        state = .between
                    }
                }
            }
            index += 1
        }
        if state != .between {
            let hadTag = tagRange != nil
            close(at: bytes.count)
            if hadTag { endElement() }
            warn("segment.unterminated", "the input ends inside a segment; it is kept as read", at: start, line: startLine, segment: segments.count + 1)
            emit(at: bytes.count)
        }
    }

    /// Whether only spaces, tabs and carriage returns separate this line break from the next.
    private func blankLineFollows(_ bytes: [UInt8], after index: Int) -> Bool {
        var next = index + 1
        while next < bytes.count, bytes[next] == 0x20 || bytes[next] == 0x0D || bytes[next] == 0x09 { next += 1 }
        return next < bytes.count && bytes[next] == 0x0A
    }

    /// Adds a segment, diagnosing a tag that is not three letters or digits (prose, a
    /// broken line): such a segment is kept, flagged, for the parsers to skip.
    private mutating func finish(tag rawTag: String, segment: EDIFACTSegment) {
        var segment = segment
        let tag = rawTag.trimmingCharacters(in: .whitespaces)
        segment.tag = tag
        if tag.utf8.count != 3 || !tag.utf8.allSatisfy({ ($0 >= 0x41 && $0 <= 0x5A) || ($0 >= 0x30 && $0 <= 0x39) }) {
            // The text is not quoted: it may be anything, a traveller's name included.
            warn("segment.tag", "the segment does not start with a three-character tag", at: segment.byteOffset, line: segment.line, segment: segment.position)
        } else if tag != rawTag {
            warn("segment.space", "white space inside the segment tag", at: segment.byteOffset, line: segment.line, segment: segment.position)
        }
        segments.append(segment)
    }
}
