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

/// One segment: its tag, its data elements (each a list of components, values with release
/// characters removed), where it starts, and its position.
public struct EDIFACTSegment: Sendable, Hashable {
    public var tag: String
    /// elements[i][j]: component j of data element i (after the tag).
    public var elements: [[String]]
    /// Further occurrences of a repeated data element (syntax version 4), by element index.
    public var repeats: [Int: [[String]]] = [:]
    /// Byte offset of the tag in the input.
    public var byteOffset: Int
    /// 1-based position of the segment in the input (UNA not counted).
    public var position: Int
    /// 1-based line of the tag.
    public var line: Int

    /// Component `component` of element `element` (both 0-based), or nil.
    public func value(_ element: Int, _ component: Int = 0) -> String? {
        guard element < elements.count, component < elements[element].count else { return nil }
        let value = elements[element][component]
        return value.isEmpty ? nil : value
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
        var value: [UInt8] = []
        var element: [String] = []
        var elements: [[String]] = []
        var tag = ""
        var start = index
        var startLine = line
        var sawTag = false
        var wrapped = false
        var repeats: [Int: [[String]]] = [:]
        var repeating = false

        func text(_ bytes: [UInt8]) -> String { String(decoding: bytes, as: UTF8.self) }

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
                value.removeAll(keepingCapacity: true)
                element = []
                elements = []
                repeats = [:]
                repeating = false
                tag = ""
                sawTag = false
                wrapped = false
                continue
            case .released:
                if byte == 0x0A || byte == 0x0D {
                    // A release character at a line's end: the break is layout, not data.
                    if byte == 0x0A { line += 1 }
                    index += 1
                    continue
                }
                value.append(byte)
                state = .inSegment
            case .inSegment:
                if let release = d.release, byte == release {
                    state = .released
                } else if byte == 0x0A, blankLineFollows(bytes, after: index) {
                    // A blank line inside a segment: the terminator is missing, and what
                    // follows is something else (often prose).
                    element.append(text(value))
                    value.removeAll(keepingCapacity: true)
                    if !sawTag { tag = element.first ?? "" } else if repeating { repeats[elements.count - 1, default: []].append(element) } else { elements.append(element) }
                    warn("segment.unterminated", "the segment ends at a blank line without its terminator", at: start, line: startLine, segment: segments.count + 1)
                    finish(tag: tag, elements: elements, repeats: repeats, start: start, line: startLine)
                    state = .between
                    continue
                } else if byte == 0x0A || byte == 0x0D {
                    if byte == 0x0A { line += 1 }
                    if !wrapped {
                        wrapped = true
                        warn("segment.wrapped", "a line break inside a segment; the segment continues on the next line", at: index, line: line - (byte == 0x0A ? 1 : 0),
                             segment: segments.count + 1)
                    }
                } else if byte == d.component {
                    element.append(text(value))
                    value.removeAll(keepingCapacity: true)
                } else if byte == d.element || byte == d.terminator || (sawTag && d.repetition != nil && byte == d.repetition!) {
                    element.append(text(value))
                    value.removeAll(keepingCapacity: true)
                    if !sawTag {
                        tag = element.first ?? ""
                        sawTag = true
                    } else if repeating {
                        repeats[elements.count - 1, default: []].append(element)
                    } else {
                        elements.append(element)
                    }
                    element = []
                    // After a repetition separator the next value repeats the same element.
                    repeating = d.repetition != nil && byte == d.repetition! && byte != d.element
                    if byte == d.terminator {
                        finish(tag: tag, elements: elements, repeats: repeats, start: start, line: startLine)
                        state = .between
                    }
                } else {
                    value.append(byte)
                }
            }
            index += 1
        }
        if state != .between {
            element.append(text(value))
            if !sawTag { tag = element.first ?? "" } else if repeating { repeats[elements.count - 1, default: []].append(element) } else { elements.append(element) }
            warn("segment.unterminated", "the input ends inside a segment; it is kept as read", at: start, line: startLine, segment: segments.count + 1)
            finish(tag: tag, elements: elements, repeats: repeats, start: start, line: startLine)
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
    private mutating func finish(tag rawTag: String, elements: [[String]], repeats: [Int: [[String]]], start: Int, line: Int) {
        let tag = rawTag.trimmingCharacters(in: .whitespaces)
        let position = segments.count + 1
        if tag.utf8.count != 3 || !tag.utf8.allSatisfy({ ($0 >= 0x41 && $0 <= 0x5A) || ($0 >= 0x30 && $0 <= 0x39) }) {
            // The text is not quoted: it may be anything, a traveller's name included.
            warn("segment.tag", "the segment does not start with a three-character tag", at: start, line: line, segment: position)
        } else if tag != rawTag {
            warn("segment.space", "white space inside the segment tag", at: start, line: line, segment: position)
        }
        if elements.contains(where: { $0.contains { $0.contains("\u{FFFD}") } }) {
            warn("encoding.invalid", "bytes that are not UTF-8; replaced", at: start, line: line, segment: position)
        }
        segments.append(EDIFACTSegment(tag: tag, elements: elements, repeats: repeats, byteOffset: start, position: position, line: line))
    }
}
