/// The Snowball English ("Porter2") stemmer, as Snowball 3 defines it: exceptional forms,
/// the R1/R2 regions (with the prefixes gener-, commun-, arsen-, past-, univers-, later-,
/// emerg-, organ-, inter-), steps 1a–5 and the y/Y handling. Words are lowercase ASCII;
/// anything else (digits, accents) is returned unchanged. The tests compare it word by word
/// with the Python `snowballstemmer` over the nomenclature's vocabulary.
public enum EnglishStemmer {
    public static func stem(_ word: String) -> String {
        guard word.utf8.allSatisfy({ $0 >= 0x61 && $0 <= 0x7A || $0 == 0x27 }) else { return word }
        if let exception = exceptions[word] { return exception }
        var w = Array(word.utf8)
        if w.count < 3 { return word }
        var word = Word(w)
        word.run()
        w = word.letters
        return String(decoding: w, as: UTF8.self)
    }

    static let exceptions: [String: String] = [
        "skis": "ski", "skies": "sky", "idly": "idl", "gently": "gentl", "ugly": "ugli", "early": "earli",
        "only": "onli", "singly": "singl", "sky": "sky", "news": "news", "howe": "howe", "atlas": "atlas",
        "cosmos": "cosmos", "bias": "bias", "andes": "andes",
    ]

    static let a = UInt8(ascii: "a"), e = UInt8(ascii: "e"), i = UInt8(ascii: "i"), o = UInt8(ascii: "o")
    static let u = UInt8(ascii: "u"), y = UInt8(ascii: "y"), capitalY = UInt8(ascii: "Y"), w = UInt8(ascii: "w")
    static let x = UInt8(ascii: "x"), s = UInt8(ascii: "s"), t = UInt8(ascii: "t"), l = UInt8(ascii: "l")

    static func isVowel(_ c: UInt8) -> Bool { c == a || c == e || c == i || c == o || c == u || c == y }

    struct Word {
        var letters: [UInt8]
        var p1 = 0, p2 = 0
        var foundY = false

        init(_ letters: [UInt8]) { self.letters = letters }

        func ends(_ suffix: String) -> Bool {
            let tail = Array(suffix.utf8)
            return letters.count >= tail.count && Array(letters.suffix(tail.count)) == tail
        }

        func hasVowel(before end: Int) -> Bool { letters[0..<max(0, end)].contains(where: isVowel) }

        /// Replace the last `count` letters.
        mutating func replace(_ count: Int, with text: String) {
            letters.removeLast(count)
            letters.append(contentsOf: text.utf8)
        }

        /// Whether the letters up to `end` end in a short syllable.
        func shortSyllable(endingAt end: Int) -> Bool {
            let v = letters
            if end >= 3, !isVowel(v[end - 1]), v[end - 1] != w, v[end - 1] != x, v[end - 1] != capitalY, isVowel(v[end - 2]), !isVowel(v[end - 3]) {
                return true
            }
            if end == 2, !isVowel(v[1]), isVowel(v[0]) { return true }
            if end >= 4, Array(v[(end - 4)..<end]) == Array("past".utf8) { return true }
            return false
        }

        mutating func run() {
            prelude()
            markRegions()
            step1a()
            step1b()
            step1c()
            step2()
            step3()
            step4()
            step5()
            if foundY { letters = letters.map { $0 == capitalY ? y : $0 } }
        }

        mutating func prelude() {
            if letters.first == UInt8(ascii: "'") { letters.removeFirst() }
            guard !letters.isEmpty else { return }
            if letters[0] == y {
                letters[0] = capitalY
                foundY = true
            }
            for index in 1..<max(1, letters.count) where letters[index] == y && isVowel(letters[index - 1]) {
                letters[index] = capitalY
                foundY = true
            }
        }

        mutating func markRegions() {
            let n = letters.count
            p1 = n
            p2 = n
            func afterVowelConsonant(from start: Int) -> Int? {
                var index = start
                while index < n && !isVowel(letters[index]) { index += 1 }
                while index < n && isVowel(letters[index]) { index += 1 }
                return index < n ? index + 1 : nil
            }
            if let prefix = ["arsen", "commun", "emerg", "gener", "inter", "later", "organ", "past", "univers"].first(where: {
                letters.starts(with: Array($0.utf8))
            }) {
                p1 = prefix.utf8.count
            } else if let r1 = afterVowelConsonant(from: 0) {
                p1 = r1
            } else {
                return
            }
            if let r2 = afterVowelConsonant(from: p1) { p2 = r2 }
        }

        mutating func step1a() {
            if ends("'s'") { letters.removeLast(3) } else if ends("'s") { letters.removeLast(2) } else if ends("'") { letters.removeLast(1) }
            if ends("sses") {
                replace(4, with: "ss")
            } else if ends("ied") || ends("ies") {
                replace(3, with: letters.count > 4 ? "i" : "ie")
            } else if ends("ss") || ends("us") {
                return
            } else if ends("s") {
                if letters.count >= 3 && hasVowel(before: letters.count - 2) { letters.removeLast() }
            }
        }

        mutating func step1b() {
            let n = letters.count
            if ends("eedly") || ends("eed") {
                let length = ends("eedly") ? 5 : 3
                let start = n - length
                guard start >= p1 else { return }
                let stem = Array(letters[0..<start])
                if [Array("succ".utf8), Array("proc".utf8), Array("exc".utf8)].contains(stem) { return }
                replace(length, with: "ee")
                return
            }
            let length: Int
            if ends("ingly") || ends("edly") {
                length = ends("ingly") ? 5 : 4
            } else if ends("ing") {
                length = 3
            } else if ends("ed") {
                length = 2
            } else {
                return
            }
            let start = n - length
            if length == 3 {  // -ing: inning, outing, canning, herring, earring, evening stay; dying → die
                let stem = String(decoding: letters[0..<start], as: UTF8.self)
                if ["even", "cann", "inn", "earr", "herr", "out"].contains(stem) { return }
                if start == 2, letters[1] == y, !isVowel(letters[0]) {
                    replace(4, with: "ie")
                    return
                }
            }
            guard hasVowel(before: start) else { return }
            letters.removeLast(length)
            if ends("at") || ends("bl") || ends("iz") {
                letters.append(e)
                return
            }
            let m = letters.count
            if m >= 2, letters[m - 1] == letters[m - 2], "bdfgmnprt".utf8.contains(letters[m - 1]) {
                if m == 3, [a, e, o].contains(letters[0]) { return }
                letters.removeLast()
                return
            }
            if m == p1 && shortSyllable(endingAt: m) { letters.append(e) }
        }

        mutating func step1c() {
            let n = letters.count
            guard n >= 3, letters[n - 1] == y || letters[n - 1] == capitalY, !isVowel(letters[n - 2]) else { return }
            letters[n - 1] = i
        }

        static let step2Rules: [(String, String)] = [
            ("ization", "ize"), ("ational", "ate"), ("fulness", "ful"), ("ousness", "ous"), ("iveness", "ive"),
            ("tional", "tion"), ("biliti", "ble"), ("lessli", "less"), ("entli", "ent"), ("ation", "ate"),
            ("alism", "al"), ("aliti", "al"), ("ousli", "ous"), ("iviti", "ive"), ("fulli", "ful"), ("ogist", "og"),
            ("enci", "ence"), ("anci", "ance"), ("abli", "able"), ("izer", "ize"), ("ator", "ate"), ("alli", "al"),
            ("bli", "ble"), ("ogi", "og"), ("li", ""),
        ]

        mutating func step2() {
            guard let (suffix, replacement) = Self.step2Rules.first(where: { ends($0.0) }) else { return }
            let length = suffix.utf8.count
            let start = letters.count - length
            guard start >= p1 else { return }
            if suffix == "ogi" {
                guard start >= 1, letters[start - 1] == l else { return }
            }
            if suffix == "li" {
                guard start >= 1, "cdeghkmnrt".utf8.contains(letters[start - 1]) else { return }
            }
            replace(length, with: replacement)
        }

        static let step3Rules: [(String, String)] = [
            ("ational", "ate"), ("tional", "tion"), ("alize", "al"), ("icate", "ic"), ("iciti", "ic"),
            ("ative", ""), ("ical", "ic"), ("ness", ""), ("ful", ""),
        ]

        mutating func step3() {
            guard let (suffix, replacement) = Self.step3Rules.first(where: { ends($0.0) }) else { return }
            let length = suffix.utf8.count
            let start = letters.count - length
            guard start >= p1 else { return }
            if suffix == "ative" && start < p2 { return }
            replace(length, with: replacement)
        }

        static let step4Suffixes = [
            "ement", "ment", "able", "ible", "ance", "ence", "ate", "iti", "ion", "ism", "ive",
            "ize", "ous", "ant", "ent", "al", "er", "ic",
        ]

        mutating func step4() {
            guard let suffix = Self.step4Suffixes.first(where: { ends($0) }) else { return }
            let length = suffix.utf8.count
            let start = letters.count - length
            guard start >= p2 else { return }
            if suffix == "ion" {
                guard start >= 1, letters[start - 1] == s || letters[start - 1] == t else { return }
            }
            letters.removeLast(length)
        }

        mutating func step5() {
            let n = letters.count
            guard n >= 1 else { return }
            if letters[n - 1] == e {
                let start = n - 1
                if start >= p2 || (start >= p1 && !shortSyllable(endingAt: start)) { letters.removeLast() }
            } else if letters[n - 1] == l {
                let start = n - 1
                if start >= p2 && start >= 1 && letters[start - 1] == l { letters.removeLast() }
            }
        }
    }
}
