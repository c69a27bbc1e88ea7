import Foundation

/// Jaro–Winkler similarity (1 = identical, 0 = nothing in common): Winkler's prefix bonus
/// of 0.1 per common leading character, at most four, over the Jaro similarity.
public enum JaroWinkler {
    public static func similarity(_ a: [UInt8], _ b: [UInt8]) -> Double {
        a.withUnsafeBufferPointer { s in b.withUnsafeBufferPointer { t in similarity(s, t) } }
    }

    /// Without allocating: names are short, so the match flags live in two 64-bit masks
    /// (longer strings fall back to arrays).
    public static func similarity(_ s: UnsafeBufferPointer<UInt8>, _ t: UnsafeBufferPointer<UInt8>) -> Double {
        if s.isEmpty && t.isEmpty { return 1 }
        if s.isEmpty || t.isEmpty { return 0 }
        let (short, long) = s.count <= t.count ? (s, t) : (t, s)
        guard long.count <= 64 else { return similaritySlow(Array(s), Array(t)) }
        let range = max(long.count / 2 - 1, 0)
        var longMatched: UInt64 = 0
        var shortMatched: UInt64 = 0
        var matches = 0
        for i in 0..<short.count {
            let low = max(0, i - range)
            let high = min(long.count - 1, i + range)
            guard low <= high else { continue }
            let c = short[i]
            for j in low...high where longMatched & (1 << UInt64(j)) == 0 && long[j] == c {
                longMatched |= 1 << UInt64(j)
                shortMatched |= 1 << UInt64(i)
                matches += 1
                break
            }
        }
        guard matches > 0 else { return 0 }
        var transpositions = 0
        var j = 0
        for i in 0..<short.count where shortMatched & (1 << UInt64(i)) != 0 {
            while longMatched & (1 << UInt64(j)) == 0 { j += 1 }
            if short[i] != long[j] { transpositions += 1 }
            j += 1
        }
        let m = Double(matches)
        let jaro = (m / Double(short.count) + m / Double(long.count) + (m - Double(transpositions / 2)) / m) / 3
        var prefix = 0
        while prefix < min(4, short.count), s[prefix] == t[prefix] { prefix += 1 }
        return jaro + Double(prefix) * 0.1 * (1 - jaro)
    }

    static func similaritySlow(_ s: [UInt8], _ t: [UInt8]) -> Double {
        let (short, long) = s.count <= t.count ? (s, t) : (t, s)
        let range = max(long.count / 2 - 1, 0)
        var longMatched = [Bool](repeating: false, count: long.count)
        var shortMatched = [Bool](repeating: false, count: short.count)
        var matches = 0
        for i in 0..<short.count {
            let low = max(0, i - range)
            let high = min(long.count - 1, i + range)
            guard low <= high else { continue }
            for j in low...high where !longMatched[j] && short[i] == long[j] {
                longMatched[j] = true
                shortMatched[i] = true
                matches += 1
                break
            }
        }
        guard matches > 0 else { return 0 }
        var transpositions = 0
        var j = 0
        for i in 0..<short.count where shortMatched[i] {
            while !longMatched[j] { j += 1 }
            if short[i] != long[j] { transpositions += 1 }
            j += 1
        }
        let m = Double(matches)
        let jaro = (m / Double(short.count) + m / Double(long.count) + (m - Double(transpositions / 2)) / m) / 3
        var prefix = 0
        while prefix < min(4, short.count), s[prefix] == t[prefix] { prefix += 1 }
        return jaro + Double(prefix) * 0.1 * (1 - jaro)
    }

    public static func similarity(_ a: String, _ b: String) -> Double { similarity(Array(a.utf8), Array(b.utf8)) }
}

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

/// Romanisation variants folded to one spelling, so that names written in different
/// transliteration systems meet: Wade–Giles and pinyin (HSIU/XIU, CHIANG/JIANG, TSAI/CAI),
/// and common Latin-script alternations (PH/F, KH/K, double letters, OU/U, Y/I between
/// consonants). Used as an extra key and an extra comparison, never instead of the name.
public enum RomanisationSkeleton {
    public static func skeleton(_ token: String) -> String {
        var t = Array(token.utf8)
        func starts(_ prefix: String) -> Bool { t.starts(with: prefix.utf8) }
        func replacePrefix(_ prefix: String, _ with: String) {
            t = Array(with.utf8) + t.dropFirst(prefix.utf8.count)
        }
        // Wade–Giles initials → pinyin.
        if starts("HS") {
            replacePrefix("HS", "X")
        } else if starts("TZ") || starts("TS") {
            replacePrefix(String(decoding: t.prefix(2), as: UTF8.self), "Z")
        } else if starts("CHI") || starts("CHU") {
            replacePrefix("CH", "J")
        } else if starts("CH") {
            replacePrefix("CH", "ZH")
        }
        var out: [UInt8] = []
        var i = 0
        while i < t.count {
            let c = t[i]
            let next = i + 1 < t.count ? t[i + 1] : 0
            switch (c, next) {
            case (UInt8(ascii: "P"), UInt8(ascii: "H")):
                out.append(UInt8(ascii: "F"))
                i += 2
                continue
            case (UInt8(ascii: "K"), UInt8(ascii: "H")), (UInt8(ascii: "G"), UInt8(ascii: "H")), (UInt8(ascii: "T"), UInt8(ascii: "H")),
                (UInt8(ascii: "D"), UInt8(ascii: "H")):
                out.append(c)
                i += 2
                continue
            case (UInt8(ascii: "O"), UInt8(ascii: "U")), (UInt8(ascii: "O"), UInt8(ascii: "O")):
                out.append(UInt8(ascii: "U"))
                i += 2
                continue
            case (UInt8(ascii: "E"), UInt8(ascii: "E")):
                out.append(UInt8(ascii: "I"))
                i += 2
                continue
            default: break
            }
            if c == UInt8(ascii: "Y"), i > 0, i + 1 < t.count, !isVowel(t[i - 1]), !isVowel(next) {
                out.append(UInt8(ascii: "I"))
                i += 1
                continue
            }
            if let last = out.last, last == c {
                i += 1
                continue
            }
            out.append(c)
            i += 1
        }
        // A final E after a consonant is mostly silent in Latin-script spellings (COOKE/COOK).
        if out.count > 3, out.last == UInt8(ascii: "E"), !isVowel(out[out.count - 2]) { out.removeLast() }
        return String(decoding: out, as: UTF8.self)
    }

    static func isVowel(_ c: UInt8) -> Bool { c == 0x41 || c == 0x45 || c == 0x49 || c == 0x4F || c == 0x55 }
}

/// A coarse consonant key for one token: the first letter, then consonant classes (B/P, F/V/W,
/// C/G/K/Q/X, D/T, S/Z, L, M, N, R, H) with vowels, J and Y dropped and repeats collapsed,
/// after folding the digraphs in which romanisation systems disagree (KH, CH and TSCH → H; SH,
/// SCH and ZH → S). ICAO 9303, BGN/PCGN and Duden spellings of one Cyrillic name meet here
/// (KHOMA / CHOMA, GAVRILIV / GAWRILIW), as do Arabic spellings (KHALID / KHALED / CHALID).
public enum ConsonantKey {
    public static func key(_ token: String) -> String {
        var t = Array(token.utf8)
        func replace(_ from: String, _ to: String) {
            let f = Array(from.utf8)
            let r = Array(to.utf8)
            var out: [UInt8] = []
            var i = 0
            while i < t.count {
                if t.count - i >= f.count && Array(t[i..<(i + f.count)]) == f {
                    out += r
                    i += f.count
                } else {
                    out.append(t[i])
                    i += 1
                }
            }
            t = out
        }
        for (from, to) in [("TSCH", "H"), ("SCH", "S"), ("KH", "H"), ("CH", "H"), ("SH", "S"), ("ZH", "S"), ("PH", "F")] { replace(from, to) }
        guard let first = t.first else { return "" }
        func group(_ c: UInt8) -> UInt8? {
            switch c {
            case UInt8(ascii: "B"), UInt8(ascii: "P"): UInt8(ascii: "P")
            case UInt8(ascii: "F"), UInt8(ascii: "V"), UInt8(ascii: "W"): UInt8(ascii: "F")
            case UInt8(ascii: "C"), UInt8(ascii: "G"), UInt8(ascii: "K"), UInt8(ascii: "Q"), UInt8(ascii: "X"): UInt8(ascii: "K")
            case UInt8(ascii: "D"), UInt8(ascii: "T"): UInt8(ascii: "T")
            case UInt8(ascii: "S"), UInt8(ascii: "Z"): UInt8(ascii: "S")
            case UInt8(ascii: "L"), UInt8(ascii: "M"), UInt8(ascii: "N"), UInt8(ascii: "R"), UInt8(ascii: "H"): c
            default: nil
            }
        }
        var out: [UInt8] = [group(first) ?? UInt8(ascii: "A")]
        for c in t.dropFirst() {
            guard let g = group(c) else { continue }
            if out.last != g { out.append(g) }
        }
        return String(decoding: out.prefix(6), as: UTF8.self)
    }
}

/// Travel-document numbers compared as an officer reading a passport would: letters and
/// digits only, uppercase, and with the OCR confusions of the machine-readable zone folded
/// (O/Q/D → 0, I/L → 1, Z → 2, S → 5, B → 8, G → 6).
public enum DocumentNumber {
    public static func normalized(_ raw: String) -> String {
        String(raw.uppercased().unicodeScalars.filter { CharacterSet.alphanumerics.contains($0) && $0.isASCII }.map(Character.init))
    }

    public static func ocrFolded(_ raw: String) -> String {
        String(
            normalized(raw).map { c -> Character in
                switch c {
                case "O", "Q", "D": "0"
                case "I", "L": "1"
                case "Z": "2"
                case "S": "5"
                case "B": "8"
                case "G": "6"
                default: c
                }
            })
    }
}
