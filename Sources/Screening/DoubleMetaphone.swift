/// Lawrence Philips' Double Metaphone, as Apache Commons Codec implements it (the encoder
/// GTAS uses): a primary and an alternate phonetic key of at most four characters for one
/// name token of uppercase letters. Rule for rule a port of `DoubleMetaphone.java`, so that
/// keys agree with GTAS's and are comparable across systems.
///
/// ```swift
/// DoubleMetaphone.encode("SCHMIDT")   // ("XMT", "SMT")
/// ```
public enum DoubleMetaphone {
    public static let maximumLength = 4

    /// The primary and alternate keys of one token (uppercase A–Z and spaces; other
    /// characters are skipped as the reference does).
    public static func encode(_ token: String) -> (primary: String, alternate: String) {
        let value = Array(token.utf8)
        guard !value.isEmpty else { return ("", "") }
        var encoder = Encoder(value: value)
        encoder.run()
        return (String(decoding: encoder.primary, as: UTF8.self), String(decoding: encoder.alternate, as: UTF8.self))
    }

    private struct Encoder {
        let value: [UInt8]
        var primary: [UInt8] = []
        var alternate: [UInt8] = []
        let slavoGermanic: Bool

        init(value: [UInt8]) {
            self.value = value
            let text = String(decoding: value, as: UTF8.self)
            slavoGermanic = text.contains("W") || text.contains("K") || text.contains("CZ") || text.contains("WITZ")
        }

        var count: Int { value.count }

        func at(_ index: Int) -> UInt8 { index >= 0 && index < value.count ? value[index] : 0 }

        func contains(_ start: Int, _ length: Int, _ criteria: String...) -> Bool {
            guard start >= 0, start + length <= value.count else { return false }
            let slice = value[start..<(start + length)]
            return criteria.contains { $0.utf8.elementsEqual(slice) }
        }

        static func isVowel(_ c: UInt8) -> Bool {
            c == 0x41 || c == 0x45 || c == 0x49 || c == 0x4F || c == 0x55 || c == 0x59
        }

        var complete: Bool { primary.count >= maximumLength && alternate.count >= maximumLength }

        mutating func appendPrimary(_ s: String) {
            for c in s.utf8 where primary.count < maximumLength { primary.append(c) }
        }
        mutating func appendAlternate(_ s: String) {
            for c in s.utf8 where alternate.count < maximumLength { alternate.append(c) }
        }
        mutating func append(_ s: String) {
            appendPrimary(s)
            appendAlternate(s)
        }
        mutating func append(_ p: String, _ a: String) {
            appendPrimary(p)
            appendAlternate(a)
        }

        /// A letter that sounds once however often it is written: appends `code` for the letter
        /// at `index` and gives the index after it, or after its double.
        mutating func appendOnce(_ code: String, at index: Int) -> Int {
            append(code)
            return at(index + 1) == value[index] ? index + 2 : index + 1
        }

        mutating func run() {
            let silentStart = contains(0, 2, "GN", "KN", "PN", "WR", "PS")
            var index = silentStart ? 1 : 0
            while !complete && index <= count - 1 {
                switch value[index] {
                case UInt8(ascii: "A"), UInt8(ascii: "E"), UInt8(ascii: "I"), UInt8(ascii: "O"), UInt8(ascii: "U"), UInt8(ascii: "Y"):
                    if index == 0 { append("A") }
                    index += 1
                case UInt8(ascii: "B"): index = appendOnce("P", at: index)
                case UInt8(ascii: "C"): index = handleC(index)
                case UInt8(ascii: "D"): index = handleD(index)
                case UInt8(ascii: "F"): index = appendOnce("F", at: index)
                case UInt8(ascii: "G"): index = handleG(index)
                case UInt8(ascii: "H"): index = handleH(index)
                case UInt8(ascii: "J"): index = handleJ(index)
                case UInt8(ascii: "K"): index = appendOnce("K", at: index)
                case UInt8(ascii: "L"): index = handleL(index)
                case UInt8(ascii: "M"):
                    append("M")
                    index = conditionM0(index) ? index + 2 : index + 1
                case UInt8(ascii: "N"): index = appendOnce("N", at: index)
                case UInt8(ascii: "P"): index = handleP(index)
                case UInt8(ascii: "Q"): index = appendOnce("K", at: index)
                case UInt8(ascii: "R"): index = handleR(index)
                case UInt8(ascii: "S"): index = handleS(index)
                case UInt8(ascii: "T"): index = handleT(index)
                case UInt8(ascii: "V"): index = appendOnce("F", at: index)
                case UInt8(ascii: "W"): index = handleW(index)
                case UInt8(ascii: "X"): index = handleX(index)
                case UInt8(ascii: "Z"): index = handleZ(index)
                default: index += 1
                }
            }
        }

        mutating func handleC(_ start: Int) -> Int {
            var index = start
            if conditionC0(index) {
                append("K")
                index += 2
            } else if index == 0 && contains(index, 6, "CAESAR") {
                append("S")
                index += 2
            } else if contains(index, 2, "CH") {
                index = handleCH(index)
            } else if contains(index, 2, "CZ") && !contains(index - 2, 4, "WICZ") {
                append("S", "X")
                index += 2
            } else if contains(index + 1, 3, "CIA") {
                append("X")
                index += 3
            } else if contains(index, 2, "CC") && !(index == 1 && at(0) == UInt8(ascii: "M")) {
                return handleCC(index)
            } else if contains(index, 2, "CK", "CG", "CQ") {
                append("K")
                index += 2
            } else if contains(index, 2, "CI", "CE", "CY") {
                if contains(index, 3, "CIO", "CIE", "CIA") { append("S", "X") } else { append("S") }
                index += 2
            } else {
                append("K")
                if contains(index + 1, 2, " C", " Q", " G") {
                    index += 3
                } else if contains(index + 1, 1, "C", "K", "Q") && !contains(index + 1, 2, "CE", "CI") {
                    index += 2
                } else {
                    index += 1
                }
            }
            return index
        }

        mutating func handleCC(_ index: Int) -> Int {
            if contains(index + 2, 1, "I", "E", "H") && !contains(index + 2, 2, "HU") {
                if (index == 1 && at(index - 1) == UInt8(ascii: "A")) || contains(index - 1, 5, "UCCEE", "UCCES") {
                    append("KS")
                } else {
                    append("X")
                }
                return index + 3
            }
            append("K")
            return index + 2
        }

        mutating func handleCH(_ index: Int) -> Int {
            if index > 0 && contains(index, 4, "CHAE") {
                append("K", "X")
            } else if conditionCH0(index) || conditionCH1(index) {
                append("K")
            } else if index > 0 {
                if contains(0, 2, "MC") { append("K") } else { append("X", "K") }
            } else {
                append("X")
            }
            return index + 2
        }

        mutating func handleD(_ start: Int) -> Int {
            var index = start
            if contains(index, 2, "DG") {
                if contains(index + 2, 1, "I", "E", "Y") {
                    append("J")
                    index += 3
                } else {
                    append("TK")
                    index += 2
                }
            } else if contains(index, 2, "DT", "DD") {
                append("T")
                index += 2
            } else {
                append("T")
                index += 1
            }
            return index
        }

        mutating func handleG(_ start: Int) -> Int {
            var index = start
            if at(index + 1) == UInt8(ascii: "H") {
                index = handleGH(index)
            } else if at(index + 1) == UInt8(ascii: "N") {
                if index == 1 && Self.isVowel(at(0)) && !slavoGermanic {
                    append("KN", "N")
                } else if !contains(index + 2, 2, "EY") && at(index + 1) != UInt8(ascii: "Y") && !slavoGermanic {
                    append("N", "KN")
                } else {
                    append("KN")
                }
                index += 2
            } else if contains(index + 1, 2, "LI") && !slavoGermanic {
                append("KL", "L")
                index += 2
            } else if index == 0
                && (at(index + 1) == UInt8(ascii: "Y")
                    || contains(index + 1, 2, "ES", "EP", "EB", "EL", "EY", "IB", "IL", "IN", "IE", "EI", "ER"))
            {
                append("K", "J")
                index += 2
            } else if (contains(index + 1, 2, "ER") || at(index + 1) == UInt8(ascii: "Y")) && !contains(0, 6, "DANGER", "RANGER", "MANGER")
                && !contains(index - 1, 1, "E", "I") && !contains(index - 1, 3, "RGY", "OGY")
            {
                append("K", "J")
                index += 2
            } else if contains(index + 1, 1, "E", "I", "Y") || contains(index - 1, 4, "AGGI", "OGGI") {
                if contains(0, 4, "VAN ", "VON ") || contains(0, 3, "SCH") || contains(index + 1, 2, "ET") {
                    append("K")
                } else if contains(index + 1, 3, "IER") {
                    append("J")
                } else {
                    append("J", "K")
                }
                index += 2
            } else if at(index + 1) == UInt8(ascii: "G") {
                index += 2
                append("K")
            } else {
                index += 1
                append("K")
            }
            return index
        }

        mutating func handleGH(_ index: Int) -> Int {
            if index > 0 && !Self.isVowel(at(index - 1)) {
                append("K")
            } else if index == 0 {
                append(at(index + 2) == UInt8(ascii: "I") ? "J" : "K")
            } else if (index > 1 && contains(index - 2, 1, "B", "H", "D")) || (index > 2 && contains(index - 3, 1, "B", "H", "D"))
                || (index > 3 && contains(index - 4, 1, "B", "H"))
            {
                // Parker's rule: "hugh"
            } else {
                if index > 2 && at(index - 1) == UInt8(ascii: "U") && contains(index - 3, 1, "C", "G", "L", "R", "T") {
                    append("F")
                } else if index > 0 && at(index - 1) != UInt8(ascii: "I") {
                    append("K")
                }
            }
            return index + 2
        }

        mutating func handleH(_ index: Int) -> Int {
            if (index == 0 || Self.isVowel(at(index - 1))) && Self.isVowel(at(index + 1)) {
                append("H")
                return index + 2
            }
            return index + 1
        }

        mutating func handleJ(_ index: Int) -> Int {
            if contains(index, 4, "JOSE") || contains(0, 4, "SAN ") {
                if (index == 0 && at(index + 4) == UInt8(ascii: " ")) || count == 4 || contains(0, 4, "SAN ") {
                    append("H")
                } else {
                    append("J", "H")
                }
                return index + 1
            }
            if index == 0 && !contains(index, 4, "JOSE") {
                append("J", "A")
            } else if Self.isVowel(at(index - 1)) && !slavoGermanic && (at(index + 1) == UInt8(ascii: "A") || at(index + 1) == UInt8(ascii: "O")) {
                append("J", "H")
            } else if index == count - 1 {
                append("J", " ")
            } else if !contains(index + 1, 1, "L", "T", "K", "S", "N", "M", "B", "Z") && !contains(index - 1, 1, "S", "K", "L") {
                append("J")
            }
            return at(index + 1) == UInt8(ascii: "J") ? index + 2 : index + 1
        }

        mutating func handleL(_ index: Int) -> Int {
            if at(index + 1) == UInt8(ascii: "L") {
                if conditionL0(index) { appendPrimary("L") } else { append("L") }
                return index + 2
            }
            append("L")
            return index + 1
        }

        mutating func handleP(_ index: Int) -> Int {
            if at(index + 1) == UInt8(ascii: "H") {
                append("F")
                return index + 2
            }
            append("P")
            return contains(index + 1, 1, "P", "B") ? index + 2 : index + 1
        }

        mutating func handleR(_ index: Int) -> Int {
            if index == count - 1 && !slavoGermanic && contains(index - 2, 2, "IE") && !contains(index - 4, 2, "ME", "MA") {
                appendAlternate("R")
            } else {
                append("R")
            }
            return at(index + 1) == UInt8(ascii: "R") ? index + 2 : index + 1
        }

        mutating func handleS(_ start: Int) -> Int {
            var index = start
            if contains(index - 1, 3, "ISL", "YSL") {
                index += 1
            } else if index == 0 && contains(index, 5, "SUGAR") {
                append("X", "S")
                index += 1
            } else if contains(index, 2, "SH") {
                append(contains(index + 1, 4, "HEIM", "HOEK", "HOLM", "HOLZ") ? "S" : "X")
                index += 2
            } else if contains(index, 3, "SIO", "SIA") || contains(index, 4, "SIAN") {
                if slavoGermanic { append("S") } else { append("S", "X") }
                index += 3
            } else if (index == 0 && contains(index + 1, 1, "M", "N", "L", "W")) || contains(index + 1, 1, "Z") {
                append("S", "X")
                index = contains(index + 1, 1, "Z") ? index + 2 : index + 1
            } else if contains(index, 2, "SC") {
                index = handleSC(index)
            } else {
                if index == count - 1 && contains(index - 2, 2, "AI", "OI") { appendAlternate("S") } else { append("S") }
                index = contains(index + 1, 1, "S", "Z") ? index + 2 : index + 1
            }
            return index
        }

        mutating func handleSC(_ index: Int) -> Int {
            if at(index + 2) == UInt8(ascii: "H") {
                if contains(index + 3, 2, "OO", "ER", "EN", "UY", "ED", "EM") {
                    if contains(index + 3, 2, "ER", "EN") { append("X", "SK") } else { append("SK") }
                } else {
                    if index == 0 && !Self.isVowel(at(3)) && at(3) != UInt8(ascii: "W") { append("X", "S") } else { append("X") }
                }
            } else if contains(index + 2, 1, "I", "E", "Y") {
                append("S")
            } else {
                append("SK")
            }
            return index + 3
        }

        mutating func handleT(_ start: Int) -> Int {
            var index = start
            if contains(index, 4, "TION") || contains(index, 3, "TIA", "TCH") {
                append("X")
                index += 3
            } else if contains(index, 2, "TH") || contains(index, 3, "TTH") {
                if contains(index + 2, 2, "OM", "AM") || contains(0, 4, "VAN ", "VON ") || contains(0, 3, "SCH") {
                    append("T")
                } else {
                    append("0", "T")
                }
                index += 2
            } else {
                append("T")
                index = contains(index + 1, 1, "T", "D") ? index + 2 : index + 1
            }
            return index
        }

        mutating func handleW(_ start: Int) -> Int {
            var index = start
            if contains(index, 2, "WR") {
                append("R")
                index += 2
            } else if index == 0 && (Self.isVowel(at(index + 1)) || contains(index, 2, "WH")) {
                if Self.isVowel(at(index + 1)) { append("A", "F") } else { append("A") }
                index += 1
            } else if (index == count - 1 && Self.isVowel(at(index - 1))) || contains(index - 1, 5, "EWSKI", "EWSKY", "OWSKI", "OWSKY")
                || contains(0, 3, "SCH")
            {
                appendAlternate("F")
                index += 1
            } else if contains(index, 4, "WICZ", "WITZ") {
                append("TS", "FX")
                index += 4
            } else {
                index += 1
            }
            return index
        }

        mutating func handleX(_ start: Int) -> Int {
            var index = start
            if index == 0 {
                append("S")
                index += 1
            } else {
                if !(index == count - 1 && (contains(index - 3, 3, "IAU", "EAU") || contains(index - 2, 2, "AU", "OU"))) {
                    append("KS")
                }
                index = contains(index + 1, 1, "C", "X") ? index + 2 : index + 1
            }
            return index
        }

        mutating func handleZ(_ start: Int) -> Int {
            var index = start
            if at(index + 1) == UInt8(ascii: "H") {
                append("J")
                index += 2
            } else {
                if contains(index + 1, 2, "ZO", "ZI", "ZA") || (slavoGermanic && index > 0 && at(index - 1) != UInt8(ascii: "T")) {
                    append("S", "TS")
                } else {
                    append("S")
                }
                index = at(index + 1) == UInt8(ascii: "Z") ? index + 2 : index + 1
            }
            return index
        }

        func conditionC0(_ index: Int) -> Bool {
            if contains(index, 4, "CHIA") { return true }
            if index <= 1 { return false }
            if Self.isVowel(at(index - 2)) { return false }
            if !contains(index - 1, 3, "ACH") { return false }
            let c = at(index + 2)
            return (c != UInt8(ascii: "I") && c != UInt8(ascii: "E")) || contains(index - 2, 6, "BACHER", "MACHER")
        }

        func conditionCH0(_ index: Int) -> Bool {
            if index != 0 { return false }
            if !contains(index + 1, 5, "HARAC", "HARIS") && !contains(index + 1, 3, "HOR", "HYM", "HIA", "HEM") { return false }
            return !contains(0, 5, "CHORE")
        }

        func conditionCH1(_ index: Int) -> Bool {
            (contains(0, 4, "VAN ", "VON ") || contains(0, 3, "SCH")) || contains(index - 2, 6, "ORCHES", "ARCHIT", "ORCHID")
                || contains(index + 2, 1, "T", "S")
                || ((contains(index - 1, 1, "A", "O", "U", "E") || index == 0)
                    && (contains(index + 2, 1, "L", "R", "N", "M", "B", "H", "F", "V", "W", " ") || index + 1 == count - 1))
        }

        func conditionL0(_ index: Int) -> Bool {
            if index == count - 3 && contains(index - 1, 4, "ILLO", "ILLA", "ALLE") { return true }
            return (contains(count - 2, 2, "AS", "OS") || contains(count - 1, 1, "A", "O")) && contains(index - 1, 4, "ALLE")
        }

        func conditionM0(_ index: Int) -> Bool {
            if at(index + 1) == UInt8(ascii: "M") { return true }
            return contains(index - 1, 3, "UMB") && ((index + 1) == count - 1 || contains(index + 2, 2, "ER"))
        }
    }
}
