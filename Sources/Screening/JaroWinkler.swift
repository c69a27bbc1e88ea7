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
        return score(matches: matches, transpositions: transpositions, s, t)
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
        return score(matches: matches, transpositions: transpositions, s, t)
    }

    public static func similarity(_ a: String, _ b: String) -> Double { similarity(Array(a.utf8), Array(b.utf8)) }

    /// Jaro's similarity from the `matches` characters found within the window and the
    /// `transpositions` among them (each counted from both sides), raised by Winkler's bonus
    /// for the prefix `s` and `t` share; both ways of finding the matches end here.
    @inline(__always)
    private static func score<Bytes: RandomAccessCollection<UInt8>>(matches: Int, transpositions: Int, _ s: Bytes, _ t: Bytes) -> Double
    where Bytes.Index == Int {
        let (shortCount, longCount) = (min(s.count, t.count), max(s.count, t.count))
        let m = Double(matches)
        let jaro = (m / Double(shortCount) + m / Double(longCount) + (m - Double(transpositions / 2)) / m) / 3
        var prefix = 0
        while prefix < min(4, shortCount), s[prefix] == t[prefix] { prefix += 1 }
        return jaro + Double(prefix) * 0.1 * (1 - jaro)
    }
}
