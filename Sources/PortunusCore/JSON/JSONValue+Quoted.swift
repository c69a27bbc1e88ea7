import Foundation

extension JSONValue {
    /// `text` as a JSON string literal: quotes, backslashes and control characters escaped, the
    /// rest as it is. For the few places that write JSON by hand on a hot path (GeoJSON output,
    /// milestone attributes) instead of running an encoder.
    public static func quoted(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case let c where c.value < 0x20: out += String(format: "\\u%04x", c.value)
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}
