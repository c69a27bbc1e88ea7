/// One segment: its tag, its data elements, where it starts, and its position.
///
/// Values are not copied out while reading: a segment refers to byte ranges in its input
/// (shared by all the input's segments, not copied) and decodes a value when asked — removing
/// release characters and the line breaks of a segment wrapped over lines — so reading
/// allocates nothing per segment or value.
public struct EDIFACTSegment: Sendable, Hashable {
    public var tag: String
    let text: EDIFACTText
    /// Index of the segment's first element boundary in `text.elementStarts`.
    let firstElement: Int
    public let elementCount: Int
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

    /// elements[i][j]: component j of data element i (after the tag), decoded.
    public var elements: [[String]] {
        (0..<elementCount).map { element in
            (text.elementStarts[firstElement + element]..<text.elementStarts[firstElement + element + 1]).map { decode(text.components[$0]) }
        }
    }

    /// Component `component` of element `element` (both 0-based), or nil when absent or empty.
    public func value(_ element: Int, _ component: Int = 0) -> String? {
        guard element >= 0, element < elementCount, component >= 0 else { return nil }
        let index = text.elementStarts[firstElement + element] + component
        guard index < text.elementStarts[firstElement + element + 1] else { return nil }
        let range = text.components[index]
        guard !range.isEmpty else { return nil }
        let value = decode(range)
        return value.isEmpty ? nil : value
    }

    func decode(_ range: Range<Int>) -> String {
        EDIFACTText.decode(text.bytes, range, release: text.release, cleaning: needsCleaning)
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

/// The bytes of one input and the byte ranges of all its components, shared by every segment
/// read from it. Built once per input and never changed after.
final class EDIFACTText: Sendable {
    let bytes: [UInt8]
    let release: UInt8?
    /// Byte ranges of every component of every segment, in input order (tags excluded).
    let components: [Range<Int>]
    /// Element boundaries as indices into `components`: element k spans
    /// components[elementStarts[k] ..< elementStarts[k + 1]]. A segment's elements are
    /// consecutive, and its last boundary is the next segment's first.
    let elementStarts: [Int]

    init(bytes: [UInt8], release: UInt8?, components: [Range<Int>], elementStarts: [Int]) {
        self.bytes = bytes
        self.release = release
        self.components = components
        self.elementStarts = elementStarts
    }

    /// A value with release characters and wrapped line breaks removed when `cleaning`.
    static func decode(_ bytes: [UInt8], _ range: Range<Int>, release: UInt8?, cleaning: Bool) -> String {
        guard cleaning else { return String(decoding: bytes[range], as: UTF8.self) }
        var cleaned: [UInt8] = []
        cleaned.reserveCapacity(range.count)
        var index = range.lowerBound
        while index < range.upperBound {
            let byte = bytes[index]
            if byte == 0x0A || byte == 0x0D {
                index += 1
                continue
            }
            if let release, byte == release, index + 1 < range.upperBound {
                let next = bytes[index + 1]
                if next != 0x0A && next != 0x0D { cleaned.append(next) }
                index += 2
                continue
            }
            cleaned.append(byte)
            index += 1
        }
        return String(decoding: cleaned, as: UTF8.self)
    }
}
