import Foundation

/// A JSON value serialised by the JSON Canonicalization Scheme (RFC 8785, JCS): object
/// members sorted by the UTF-16 code units of their names, no white space, strings escaped
/// minimally, numbers as ECMAScript prints an IEEE 754 double. Two parties that build the
/// same value get the same bytes, so a ledger entry's hash can be re-derived by anyone.
///
/// ```swift
/// let entry: CanonicalJSON = ["type": "portunus.risk.decision", "v": 1, "score": 0.82]
/// entry.data  // {"score":0.82,"type":"portunus.risk.decision","v":1}
/// ```
public enum CanonicalJSON: Sendable, Hashable {
    case null
    case bool(Bool)
    /// Finite doubles only: JCS has no NaN or infinity. Callers refuse them at the door;
    /// ``format(_:)`` writes `null` for them, as ECMAScript's `JSON.stringify` does, rather
    /// than trap.
    case number(Double)
    case string(String)
    case array([CanonicalJSON])
    case object([String: CanonicalJSON])

    /// An integer; exact in JSON only up to 2^53, which every count and index here stays below.
    public static func integer(_ value: some BinaryInteger) -> CanonicalJSON { .number(Double(value)) }

    /// The canonical bytes.
    public var data: Data {
        var out: [UInt8] = []
        out.reserveCapacity(256)
        write(to: &out)
        return Data(out)
    }

    public var text: String { String(decoding: data, as: UTF8.self) }

    public subscript(key: String) -> CanonicalJSON? {
        if case .object(let members) = self { return members[key] }
        return nil
    }

    public var stringValue: String? { if case .string(let value) = self { value } else { nil } }
    public var numberValue: Double? { if case .number(let value) = self { value } else { nil } }

    private func write(to out: inout [UInt8]) {
        switch self {
        case .null: out += Array("null".utf8)
        case .bool(let value): out += Array((value ? "true" : "false").utf8)
        case .number(let value): out += Array(Self.format(value).utf8)
        case .string(let value): Self.writeString(value, to: &out)
        case .array(let values):
            out.append(UInt8(ascii: "["))
            for (offset, value) in values.enumerated() {
                if offset > 0 { out.append(UInt8(ascii: ",")) }
                value.write(to: &out)
            }
            out.append(UInt8(ascii: "]"))
        case .object(let members):
            out.append(UInt8(ascii: "{"))
            let sorted = members.sorted { $0.key.utf16.lexicographicallyPrecedes($1.key.utf16) }
            for (offset, member) in sorted.enumerated() {
                if offset > 0 { out.append(UInt8(ascii: ",")) }
                Self.writeString(member.key, to: &out)
                out.append(UInt8(ascii: ":"))
                member.value.write(to: &out)
            }
            out.append(UInt8(ascii: "}"))
        }
    }

    /// RFC 8785 §3.2.2.2: `"` and `\` escaped, U+0000–U+001F as \b \t \n \f \r or \u00xx
    /// (lowercase hex), everything else as UTF-8.
    private static func writeString(_ value: String, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        for byte in value.utf8 {
            switch byte {
            case 0x22: out += [0x5C, 0x22]
            case 0x5C: out += [0x5C, 0x5C]
            case 0x08: out += [0x5C, UInt8(ascii: "b")]
            case 0x09: out += [0x5C, UInt8(ascii: "t")]
            case 0x0A: out += [0x5C, UInt8(ascii: "n")]
            case 0x0C: out += [0x5C, UInt8(ascii: "f")]
            case 0x0D: out += [0x5C, UInt8(ascii: "r")]
            case 0..<0x20:
                let hex = Array("0123456789abcdef".utf8)
                out += Array("\\u00".utf8) + [hex[Int(byte >> 4)], hex[Int(byte & 0x0F)]]
            default: out.append(byte)
            }
        }
        out.append(UInt8(ascii: "\""))
    }

    /// ECMAScript's Number::toString for a finite double (RFC 8785 §3.2.2.3), from the
    /// shortest digits that round-trip, which Swift's `description` produces.
    public static func format(_ value: Double) -> String {
        guard value.isFinite else { return "null" }
        if value == 0 { return "0" }  // also -0
        let negative = value < 0
        // Swift prints the shortest round-trip digits as "d.ddd", "0.000ddd" or "d.ddde±x".
        let text = String(describing: Swift.abs(value))
        var mantissa = Substring(text)
        var exponent = 0
        if let e = text.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            mantissa = text[..<e]
            exponent = Int(text[text.index(after: e)...]) ?? 0  // always digits: Swift's own output
        }
        let parts = mantissa.split(separator: ".", omittingEmptySubsequences: false)
        let integral = parts[0]
        let fraction = parts.count > 1 ? parts[1] : ""
        var digits = Array(integral + fraction)
        // The decimal point sits after `integral.count` digits: value = 0.d1d2… × 10^point.
        var point = integral.count + exponent
        while digits.first == "0" {
            digits.removeFirst()
            point -= 1
        }
        while digits.last == "0" { digits.removeLast() }
        let k = digits.count
        let n = point
        let d = String(digits)
        var result: String
        if k <= n && n <= 21 {
            result = d + String(repeating: "0", count: n - k)
        } else if 0 < n && n <= 21 {
            result = String(digits[..<n]) + "." + String(digits[n...])
        } else if -6 < n && n <= 0 {
            result = "0." + String(repeating: "0", count: -n) + d
        } else {
            let e = n - 1
            result = String(digits[0]) + (k > 1 ? "." + String(digits[1...]) : "") + "e" + (e < 0 ? "-" : "+") + String(Swift.abs(e))
        }
        if negative { result = "-" + result }
        return result
    }
}

extension CanonicalJSON: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByFloatLiteral,
    ExpressibleByBooleanLiteral, ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral, ExpressibleByNilLiteral
{
    public init(stringLiteral value: String) { self = .string(value) }
    public init(integerLiteral value: Int) { self = .number(Double(value)) }
    public init(floatLiteral value: Double) { self = .number(value) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(arrayLiteral elements: CanonicalJSON...) { self = .array(elements) }
    public init(dictionaryLiteral elements: (String, CanonicalJSON)...) {
        self = .object(Dictionary(elements, uniquingKeysWith: { $1 }))
    }
    public init(nilLiteral: ()) { self = .null }
}
