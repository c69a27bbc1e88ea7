import Foundation

/// A person's name as watch-list screening compares it: uppercase A–Z tokens, diacritics
/// transliterated as ICAO 9303 does for the MRZ (Ä → AE, Ø → OE, ß → SS, other marks
/// dropped), punctuation and honorifics removed (also when glued to a name, as PNRs write
/// `JOHNMR`), particles kept as tokens. Token order is not significant for matching.
public struct PersonName: Sendable, Hashable {
    public let tokens: [String]

    public init(_ raw: String) {
        tokens = Self.tokens(raw)
    }

    public var joined: String { tokens.joined(separator: " ") }

    static let honorifics: Set<String> = [
        "MR", "MRS", "MS", "MISS", "MSTR", "MASTER", "DR", "PROF", "SIR", "MADAM", "MME", "MLLE", "HERR", "FRAU",
        "SR", "SRA", "SRTA", "CHD", "INF", "REV", "CAPT",
    ]
    /// Titles that PNRs glue to the end of a given name; MS is left out (WILLIAMS).
    static let gluedTitles = ["MSTR", "MISS", "MRS", "MR"]

    static func transliterate(_ scalar: Unicode.Scalar) -> String? {
        switch scalar {
        case "Ä", "ä", "Æ", "æ": return "AE"
        case "Ö", "ö", "Ø", "ø", "Œ", "œ": return "OE"
        case "Ü", "ü": return "UE"
        case "ß": return "SS"
        case "Þ", "þ": return "TH"
        case "Ð", "ð", "Đ", "đ": return "D"
        case "Ł", "ł": return "L"
        case "Ħ", "ħ": return "H"
        case "ı": return "I"
        default: return nil
        }
    }

    static func tokens(_ raw: String) -> [String] {
        var text = ""
        for scalar in raw.unicodeScalars {
            if let replacement = transliterate(scalar) {
                text += replacement
                continue
            }
            text.unicodeScalars.append(scalar)
        }
        // Remaining marks go (É → E); anything not A–Z separates tokens, except apostrophes,
        // which join (O'BRIEN → OBRIEN).
        let folded = text.folding(options: [.diacriticInsensitive, .caseInsensitive], locale: nil).uppercased()
        var tokens: [String] = []
        var current: [UInt8] = []
        for byte in folded.utf8 {
            if byte >= 0x41 && byte <= 0x5A {
                current.append(byte)
            } else if byte == UInt8(ascii: "'") || byte == 0x60 {
                continue
            } else if !current.isEmpty {
                tokens.append(String(decoding: current, as: UTF8.self))
                current.removeAll()
            }
        }
        if !current.isEmpty { tokens.append(String(decoding: current, as: UTF8.self)) }
        var result: [String] = []
        for token in tokens {
            if honorifics.contains(token) { continue }
            var cleaned = token
            for title in gluedTitles where cleaned.count >= title.count + 3 && cleaned.hasSuffix(title) {
                cleaned = String(cleaned.dropLast(title.count))
                break
            }
            result.append(cleaned)
        }
        // At most 16 tokens: comparing two names costs the product of their token counts, and
        // a crafted name of 30,000 words (one EDIFACT element, one list row) would cost
        // seconds of every screening; real names have fewer than a dozen.
        return Array((result.isEmpty ? tokens : result).prefix(maximumTokens))
    }

    /// The most tokens a name keeps for matching.
    public static let maximumTokens = 16
}
