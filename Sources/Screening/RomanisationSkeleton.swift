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
