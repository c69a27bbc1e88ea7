import PortunusCore

/// Finds where in a JSON document the value at a JSON pointer starts, so that a reader that
/// found a problem in the parsed tree (a rate that is a number, a code of 20 digits) can name
/// the line and byte of the file, not only the pointer.
///
/// ``JSONParser`` builds a tree without positions, which is what the readers want for the
/// 35,509 rows they do not complain about; the position is looked for only when there is a
/// problem, by walking the bytes again. The walk assumes nothing of the bytes: on anything it
/// does not expect it gives up and answers nil, never traps.
enum JSONPointerLocator {
    /// The line (from 1) and byte offset of the value at `pointer` (tokens: member names and
    /// array indexes), or nil when it cannot be found.
    static func location(of pointer: [String], in bytes: [UInt8]) -> PortunusError.Location? {
        var walker = Walker(bytes: bytes)
        walker.skipBlanks()
        for token in pointer {
            guard walker.enter(token) else { return nil }
        }
        let offset = walker.index
        var line = 1
        for byte in bytes[..<min(offset, bytes.count)] where byte == 0x0A { line += 1 }
        return PortunusError.Location(line: line, byteOffset: offset)
    }

    /// A pointer's tokens from its text (`/3/general` → `["3", "general"]`), unescaping `~1` and `~0`.
    static func tokens(_ pointer: String) -> [String] {
        pointer.split(separator: "/", omittingEmptySubsequences: false).dropFirst().map {
            $0.replacingOccurrences(of: "~1", with: "/").replacingOccurrences(of: "~0", with: "~")
        }
    }

    private struct Walker {
        let bytes: [UInt8]
        var index = 0

        mutating func skipBlanks() {
            while index < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[index]) { index += 1 }
        }

        /// Moves from the start of an object or array to the start of the member or element named by `token`.
        mutating func enter(_ token: String) -> Bool {
            guard index < bytes.count else { return false }
            if bytes[index] == UInt8(ascii: "{") {
                index += 1
                while true {
                    skipBlanks()
                    guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else { return false }
                    let keyStart = index + 1
                    guard skipString() else { return false }
                    let key = String(decoding: bytes[keyStart..<index - 1], as: UTF8.self)
                    skipBlanks()
                    guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else { return false }
                    index += 1
                    skipBlanks()
                    if key == token { return true }
                    guard skipValue(), next() else { return false }
                }
            }
            if bytes[index] == UInt8(ascii: "[") {
                guard let wanted = Int(token), wanted >= 0 else { return false }
                index += 1
                skipBlanks()
                var position = 0
                while position < wanted {
                    guard skipValue(), next() else { return false }
                    skipBlanks()
                    position += 1
                }
                return index < bytes.count && bytes[index] != UInt8(ascii: "]")
            }
            return false
        }

        /// After a value: past a comma to the next member or element; false at the end of the container.
        mutating func next() -> Bool {
            skipBlanks()
            guard index < bytes.count, bytes[index] == UInt8(ascii: ",") else { return false }
            index += 1
            skipBlanks()
            return true
        }

        /// Past a string whose opening quote is at `index`.
        mutating func skipString() -> Bool {
            index += 1
            while index < bytes.count {
                switch bytes[index] {
                case UInt8(ascii: "\\"): index += 2
                case UInt8(ascii: "\""):
                    index += 1
                    return true
                default: index += 1
                }
            }
            return false
        }

        /// Past one value of any kind.
        mutating func skipValue() -> Bool {
            guard index < bytes.count else { return false }
            switch bytes[index] {
            case UInt8(ascii: "\""): return skipString()
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                var depth = 0
                while index < bytes.count {
                    switch bytes[index] {
                    case UInt8(ascii: "\""):
                        guard skipString() else { return false }
                        continue
                    case UInt8(ascii: "{"), UInt8(ascii: "["): depth += 1
                    case UInt8(ascii: "}"), UInt8(ascii: "]"):
                        depth -= 1
                        if depth == 0 {
                            index += 1
                            return true
                        }
                    default: break
                    }
                    index += 1
                }
                return false
            default:
                while index < bytes.count, ![UInt8(ascii: ","), UInt8(ascii: "}"), UInt8(ascii: "]"), 0x20, 0x09, 0x0A, 0x0D].contains(bytes[index]) {
                    index += 1
                }
                return true
            }
        }
    }
}
