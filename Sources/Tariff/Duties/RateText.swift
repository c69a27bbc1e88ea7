import PortunusCore

/// Rate text made regular for the parsers, with the way back to the original's bytes.
///
/// Tariff files write the same rate with stray spaces ("6.5% "), line breaks inside a
/// programme list, non-breaking spaces ("+\u{a0}% or amount") and, in the UK's formatted
/// expressions, HTML (`<span>12.00</span> %`). The parsers read one form: blanks folded into
/// single spaces and trimmed, and — when asked — tags removed and the common entities
/// decoded. Each byte remembers where it was, so an error points into the text the user gave.
struct RateText {
    /// The normalised text, UTF-8.
    let bytes: [UInt8]
    /// For each byte of ``bytes``, and one past the end, its offset in the original text.
    let offsets: [Int]
    /// The original text's length in bytes.
    let originalCount: Int

    /// At most this many bytes of rate text are read: the longest rate in the US schedule has
    /// 440; anything beyond a few kilobytes is not a rate.
    static let maximumBytes = 4096

    init(_ text: String, html: Bool = false) {
        let source = Array(text.utf8)
        var bytes: [UInt8] = []
        var offsets: [Int] = []
        bytes.reserveCapacity(source.count)
        offsets.reserveCapacity(source.count + 1)
        var index = 0
        var pendingSpace: Int? = nil
        func emit(_ byte: UInt8, at offset: Int) {
            if let space = pendingSpace, !bytes.isEmpty {
                bytes.append(0x20)
                offsets.append(space)
            }
            pendingSpace = nil
            bytes.append(byte)
            offsets.append(offset)
        }
        while index < source.count {
            let byte = source[index]
            // Blanks: space, tab, CR, LF, and U+00A0 (C2 A0).
            if byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D {
                if pendingSpace == nil { pendingSpace = index }
                index += 1
                continue
            }
            if byte == 0xC2, index + 1 < source.count, source[index + 1] == 0xA0 {
                if pendingSpace == nil { pendingSpace = index }
                index += 2
                continue
            }
            if html, byte == UInt8(ascii: "<"), let close = source[index...].firstIndex(of: UInt8(ascii: ">")) {
                index = close + 1
                continue
            }
            if html, byte == UInt8(ascii: "&"), let (decoded, length) = Self.entity(source, at: index) {
                if decoded == 0x20 {
                    if pendingSpace == nil { pendingSpace = index }
                } else {
                    emit(decoded, at: index)
                }
                index += length
                continue
            }
            emit(byte, at: index)
            index += 1
        }
        offsets.append(source.count)
        self.bytes = bytes
        self.offsets = offsets
        self.originalCount = source.count
    }

    /// The entities HMRC's formatted expressions use, as one ASCII byte, and their length.
    private static func entity(_ source: [UInt8], at index: Int) -> (UInt8, Int)? {
        let known: [(String, UInt8)] = [
            ("&nbsp;", 0x20), ("&amp;", UInt8(ascii: "&")), ("&lt;", UInt8(ascii: "<")), ("&gt;", UInt8(ascii: ">")),
            ("&quot;", UInt8(ascii: "\"")), ("&#39;", UInt8(ascii: "'")), ("&#x27;", UInt8(ascii: "'")), ("&#160;", 0x20),
        ]
        for (name, byte) in known {
            let utf8 = Array(name.utf8)
            if index + utf8.count <= source.count, Array(source[index..<index + utf8.count]) == utf8 { return (byte, utf8.count) }
        }
        return nil
    }

    var count: Int { bytes.count }

    /// The original offset of normalised position `index`.
    func originalOffset(_ index: Int) -> Int { offsets[max(0, min(index, offsets.count - 1))] }

    /// The normalised text between two positions, as a String.
    func string(_ range: Range<Int>) -> String {
        let lower = max(0, min(range.lowerBound, bytes.count))
        let upper = max(lower, min(range.upperBound, bytes.count))
        return String(decoding: bytes[lower..<upper], as: UTF8.self)
    }

    /// An error at normalised position `index`, located by its byte offset in the original.
    func error(_ reason: String, at index: Int, field: String?) -> PortunusError {
        PortunusError(.invalidDutyExpression, reason, field: field, location: .init(byteOffset: originalOffset(index)))
    }

    // MARK: Scanning helpers

    static func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }
    static func isLetter(_ byte: UInt8) -> Bool { (byte | 0x20) >= 0x61 && (byte | 0x20) <= 0x7A }

    /// Whether the text at `index` starts with `word`, ignoring ASCII case.
    func hasPrefix(_ word: String, at index: Int) -> Bool {
        var position = index
        for expected in word.utf8 {
            guard position < bytes.count else { return false }
            let actual = bytes[position]
            guard actual == expected || (Self.isLetter(expected) && actual | 0x20 == expected | 0x20) else { return false }
            position += 1
        }
        return true
    }

    /// Whether position `index` ends a word: the end, or a byte that is neither a letter nor a digit.
    func isBoundary(_ index: Int) -> Bool {
        index >= bytes.count || !(Self.isLetter(bytes[index]) || Self.isDigit(bytes[index]))
    }

    /// Whether the comma at `index` separates thousands: exactly three digits follow it.
    private func isThousandsSeparator(_ index: Int) -> Bool {
        guard index + 3 < bytes.count else { return false }
        guard (1...3).allSatisfy({ Self.isDigit(bytes[index + $0]) }) else { return false }
        return index + 4 >= bytes.count || !Self.isDigit(bytes[index + 4])
    }

    /// A decimal number at `index` (digits, an optional fraction; with `groups`, commas between
    /// groups of three digits as in "1,000"): its value and the position after it.
    func number(at index: Int, groups: Bool = false) -> (ExactDecimal, Int)? {
        var position = index
        var digits: [UInt8] = []
        var sawPoint = false
        while position < bytes.count {
            let byte = bytes[position]
            if Self.isDigit(byte) {
                digits.append(byte)
            } else if byte == UInt8(ascii: "."), !sawPoint, position + 1 < bytes.count, Self.isDigit(bytes[position + 1]) {
                sawPoint = true
                digits.append(byte)
            } else if groups, byte == UInt8(ascii: ","), !sawPoint, !digits.isEmpty, isThousandsSeparator(position) {
                // "1,000": skip the comma.
            } else {
                break
            }
            position += 1
        }
        guard !digits.isEmpty, let value = ExactDecimal(String(decoding: digits, as: UTF8.self)) else { return nil }
        return (value, position)
    }
}
