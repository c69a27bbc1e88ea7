import Foundation

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
