import Foundation

/// Watch-list entries indexed for screening without comparing every passenger with every
/// entry: each name is keyed by unordered pairs of its tokens' phonetic codes (Double
/// Metaphone primary and alternate, of the token and of its romanisation skeleton), so a
/// candidate must share two tokens' sounds in any order; single-token names by their one
/// code; documents by their number with OCR confusions folded. Keys and postings are two flat
/// sorted arrays (CSR), built once.
public struct WatchListIndex: Sendable {
    public let entries: [WatchListEntry]
    /// Per entry, per name, the prepared tokens.
    let prepared: [[PreparedName]]
    let keys: [UInt64]
    let offsets: [Int32]
    let postings: [Int32]
    let documentKeys: [UInt64]
    let documentPostings: [Int32]
    let births: [BirthDate?]

    struct PreparedToken: Sendable {
        var text: [UInt8]
        var skeleton: [UInt8]
        var codes: [UInt32]
        /// The coarse consonant key (``ConsonantKey``), packed.
        var coarse: UInt32
        /// The first two letters, packed.
        var initial: UInt32
    }

    struct PreparedName: Sendable {
        var tokens: [PreparedToken]
    }

    static func prepare(_ name: PersonName) -> PreparedName {
        PreparedName(
            tokens: name.tokens.map { token in
                let skeleton = RomanisationSkeleton.skeleton(token)
                var codes: [UInt32] = []
                for text in [token, skeleton] {
                    let (primary, alternate) = DoubleMetaphone.encode(text)
                    for code in [primary, alternate] where !code.isEmpty {
                        let packed = pack(code)
                        if !codes.contains(packed) { codes.append(packed) }
                    }
                }
                if codes.isEmpty { codes.append(pack(String(token.prefix(4)))) }
                // The coarse key joins the sound codes, tagged so that it never equals one.
                let coarse = pack(String(ConsonantKey.key(skeleton).prefix(3))) | 0x8000_0000
                if !codes.contains(coarse) { codes.append(coarse) }
                return PreparedToken(
                    text: Array(token.utf8), skeleton: Array(skeleton.utf8), codes: codes, coarse: coarse, initial: pack(String(token.prefix(2))))
            })
    }

    /// A code of at most four bytes as one integer.
    static func pack(_ code: String) -> UInt32 {
        code.utf8.prefix(4).reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
    }

    static func pairKey(_ a: UInt32, _ b: UInt32) -> UInt64 {
        let (low, high) = a <= b ? (a, b) : (b, a)
        return UInt64(high) << 32 | UInt64(low)
    }

    static func singleKey(_ a: UInt32) -> UInt64 { UInt64(a) << 32 | 0xFFFF_FFFF }

    static func documentKey(_ number: String) -> UInt64 {
        var hasher = FNV1a()
        for byte in DocumentNumber.ocrFolded(number).utf8 { hasher.mix(byte) }
        return hasher.value
    }

    /// The keys a prepared name is found under (and searched by).
    /// Tokens of a name that make its keys. Keys are pairs of tokens, so a name of n tokens
    /// makes n² of them: a crafted name of 30,000 words (an EDIFACT name element, a list
    /// upload) would take the screening's memory and time. Real names have fewer than a dozen.
    static let maximumKeyTokens = 12

    static func keys(_ name: PreparedName, into keys: inout Set<UInt64>) {
        let tokens = Array(name.tokens.prefix(maximumKeyTokens))
        if tokens.count == 1 {
            for code in tokens[0].codes { keys.insert(singleKey(code)) }
            return
        }
        for i in 0..<tokens.count {
            for j in (i + 1)..<tokens.count {
                for a in tokens[i].codes { for b in tokens[j].codes { keys.insert(pairKey(a, b)) } }
            }
            // A typo changes one token's codes: the other token's sound and this token's
            // first two letters still find the entry.
            for j in 0..<tokens.count where j != i {
                keys.insert(pairKey(tokens[j].codes[0], 0x4000_0000 | tokens[i].initial))
            }
        }
    }

    public init(_ entries: [WatchListEntry]) {
        self.entries = entries
        births = entries.map(\.birthDate)
        prepared = entries.map { $0.names.map(Self.prepare) }
        var pairs: [(UInt64, Int32)] = []
        var documents: [(UInt64, Int32)] = []
        var scratch = Set<UInt64>()
        for (index, names) in prepared.enumerated() {
            scratch.removeAll(keepingCapacity: true)
            for name in names { Self.keys(name, into: &scratch) }
            for key in scratch { pairs.append((key, Int32(index))) }
            if let number = entries[index].documentNumber, !number.isEmpty { documents.append((Self.documentKey(number), Int32(index))) }
        }
        pairs.sort { $0.0 < $1.0 || ($0.0 == $1.0 && $0.1 < $1.1) }
        var keys: [UInt64] = []
        var offsets: [Int32] = []
        var postings: [Int32] = []
        keys.reserveCapacity(pairs.count / 2)
        postings.reserveCapacity(pairs.count)
        for (key, entry) in pairs {
            if keys.last != key {
                keys.append(key)
                offsets.append(Int32(postings.count))
            }
            postings.append(entry)
        }
        offsets.append(Int32(postings.count))
        self.keys = keys
        self.offsets = offsets
        self.postings = postings
        documents.sort { $0.0 < $1.0 }
        documentKeys = documents.map(\.0)
        documentPostings = documents.map(\.1)
    }

    func lookup(_ key: UInt64) -> ArraySlice<Int32> {
        var low = 0
        var high = keys.count
        while low < high {
            let middle = (low + high) / 2
            if keys[middle] < key { low = middle + 1 } else { high = middle }
        }
        guard low < keys.count, keys[low] == key else { return [] }
        return postings[Int(offsets[low])..<Int(offsets[low + 1])]
    }

    func lookupDocument(_ key: UInt64) -> [Int32] {
        var low = 0
        var high = documentKeys.count
        while low < high {
            let middle = (low + high) / 2
            if documentKeys[middle] < key { low = middle + 1 } else { high = middle }
        }
        var found: [Int32] = []
        while low < documentKeys.count, documentKeys[low] == key {
            found.append(documentPostings[low])
            low += 1
        }
        return found
    }

    /// How many distinct entries the index proposes for a person (before scoring).
    public func candidateCount(_ person: ScreenedPerson) -> Int {
        let candidates = self.candidates(Self.prepare(person.name))
        return zip(candidates, candidates.dropFirst()).count { $0 != $1 } + (candidates.isEmpty ? 0 : 1)
    }

    /// The entries a prepared name's keys find, sorted, with repeats.
    func candidates(_ query: PreparedName) -> [Int32] {
        var keys = Set<UInt64>()
        Self.keys(query, into: &keys)
        var candidates: [Int32] = []
        for key in keys { candidates += lookup(key) }
        candidates.sort()
        return candidates
    }

    /// Screens one person: candidates from the index, each scored with its reasons; hits at
    /// or above the policy's threshold, best first.
    public func screen(_ person: ScreenedPerson, policy: ScreeningPolicy = .init()) -> [ScreeningHit] {
        let query = Self.prepare(person.name)
        let candidates = self.candidates(query)
        var hits: [ScreeningHit] = []
        // Documents: the same number (or the same up to OCR confusions) is a hit on its own.
        var documentHits = Set<Int32>()
        if let number = person.documentNumber, !number.isEmpty {
            for candidate in lookupDocument(Self.documentKey(number)) {
                let entry = entries[Int(candidate)]
                guard let listed = entry.documentNumber else { continue }
                if let country = person.documentCountry, let listedCountry = entry.documentCountry, country != listedCountry { continue }
                let exact = DocumentNumber.normalized(listed) == DocumentNumber.normalized(number)
                var reasons = [exact ? "document number equal" : "document number equal up to OCR confusions (O/0, I/1, …)"]
                if entry.documentCountry != nil && person.documentCountry != nil { reasons.append("issuing state equal") }
                hits.append(ScreeningHit(entry: Int(candidate), score: exact ? 1.0 : 0.95, reasons: reasons))
                documentHits.insert(candidate)
            }
        }
        var previous: Int32 = -1
        for candidate in candidates where candidate != previous {
            previous = candidate
            guard !documentHits.contains(candidate) else { continue }
            if let hit = score(query, person: person, entry: Int(candidate), policy: policy) { hits.append(hit) }
        }
        return hits.sorted { $0.score > $1.score || ($0.score == $1.score && $0.entry < $1.entry) }
    }

    /// Scores a candidate: the best of its names against the person's, then birth date. Nil
    /// below the threshold; reasons are written only for hits.
    func score(_ query: PreparedName, person: ScreenedPerson, entry index: Int, policy: ScreeningPolicy) -> ScreeningHit? {
        var dateReason: String?
        var dateFactor = 1.0
        // Dates come from a flat array: copying the entry (names, strings) per candidate costs
        // more than scoring it.
        if let mine = person.birthDate, let listed = births[index] {
            let years = abs(mine.year - listed.year)
            guard years <= policy.birthYearTolerance else { return nil }
            if let m1 = mine.month, let d1 = mine.day, let m2 = listed.month, let d2 = listed.day, !mine.isPlaceholder, !listed.isPlaceholder {
                if years == 0 && m1 == m2 && d1 == d2 {
                    dateReason = "date of birth equal"
                    dateFactor = 1.03
                } else if years == 0 && m1 == d2 && d1 == m2 {
                    dateReason = "date of birth equal with day and month swapped"
                } else if years == 0 && m1 == m2 && abs(d1 - d2) <= 1 {
                    dateReason = "date of birth one day apart"
                } else if years == 0 {
                    dateReason = "year of birth equal, day differs"
                    dateFactor = 0.96
                } else {
                    dateReason = "year of birth \(years) apart"
                    dateFactor = 0.94
                }
            } else {
                dateReason = years == 0 ? "year of birth equal" : "year of birth \(years) apart"
                dateFactor = years == 0 ? 1.0 : 0.96
            }
        }
        var best = NameScore()
        for name in prepared[index] {
            let candidate = Self.nameScore(query, name, policy: policy)
            if candidate.score > best.score { best = candidate }
        }
        let score = min(1, best.score * dateFactor)
        guard best.score > 0, score >= policy.threshold else { return nil }
        var reasons = ["name score \(String(format: "%.3f", best.score))"] + best.reasons
        if let dateReason { reasons.append(dateReason) }
        if let nationality = person.nationality, nationality == entries[index].nationality { reasons.append("nationality equal") }
        return ScreeningHit(entry: index, score: score, reasons: reasons)
    }

    /// A name comparison: the score and how many tokens matched by each method.
    struct NameScore {
        var score = 0.0
        var exact = 0, spelling = 0, transliteration = 0, sound = 0

        var reasons: [String] {
            [("exact", exact), ("sound (Double Metaphone)", sound), ("spelling", spelling), ("transliteration", transliteration)]
                .filter { $0.1 > 0 }.map { "\($0.1) name token\($0.1 == 1 ? "" : "s") by \($0.0)" }
        }
    }

    /// Token-set similarity: each token of the shorter name is paired with its best unused
    /// token of the other (any order), by spelling, romanisation skeleton or sound; the score
    /// is the length-weighted mean over the shorter name, less 0.03 per token only one side has.
    static func nameScore(_ a: PreparedName, _ b: PreparedName, policy: ScreeningPolicy) -> NameScore {
        let (short, long) = a.tokens.count <= b.tokens.count ? (a.tokens, b.tokens) : (b.tokens, a.tokens)
        guard !short.isEmpty, long.count <= 64, short.count <= 64 else { return NameScore() }
        var used: UInt64 = 0
        var total = 0.0
        var weight = 0.0
        var result = NameScore()
        // Longest tokens first: they carry the most evidence (picked in place: no allocation
        // per candidate).
        var done: UInt64 = 0
        for _ in short.indices {
            var position = -1
            for k in short.indices where done & (1 << UInt64(k)) == 0 && (position < 0 || short[k].text.count > short[position].text.count) {
                position = k
            }
            done |= 1 << UInt64(position)
            let token = short[position]
            var bestScore = 0.0
            var bestIndex = -1
            var bestMethod = 0
            for index in long.indices where used & (1 << UInt64(index)) == 0 {
                let other = long[index]
                var similarity: Double
                var method: Int
                if token.text == other.text {
                    similarity = 1
                    method = 0
                } else {
                    similarity = JaroWinkler.similarity(token.text, other.text)
                    method = 1
                    if token.skeleton == other.skeleton {
                        similarity = max(similarity, 0.97)
                        method = 2
                    } else if token.skeleton != token.text || other.skeleton != other.text {
                        let skeletal = JaroWinkler.similarity(token.skeleton, other.skeleton)
                        if skeletal > similarity + 0.02 {
                            similarity = skeletal
                            method = 2
                        }
                    }
                    if similarity < 0.95 && token.codes.contains(where: { $0 & 0x8000_0000 == 0 && other.codes.contains($0) }) {
                        similarity = max(similarity, 0.92)
                        method = 3
                    } else if similarity < 0.88 && token.coarse == other.coarse && token.text.count >= 3 && other.text.count >= 3 {
                        similarity = 0.88
                        method = 3
                    }
                }
                if similarity > bestScore {
                    bestScore = similarity
                    bestIndex = index
                    bestMethod = method
                }
            }
            let w = Double(token.text.count)
            weight += w
            if bestIndex >= 0, bestScore >= policy.tokenThreshold {
                used |= 1 << UInt64(bestIndex)
                total += bestScore * w
                switch bestMethod {
                case 0: result.exact += 1
                case 1: result.spelling += 1
                case 2: result.transliteration += 1
                default: result.sound += 1
                }
            }
        }
        var score = total / weight - 0.03 * Double(long.count - short.count)
        // Two-token (or longer) names must agree on at least two tokens.
        if short.count >= 2 && result.exact + result.spelling + result.transliteration + result.sound < 2 { score = min(score, 0.5) }
        result.score = max(0, score)
        return result
    }
}

/// 64-bit FNV-1a, for document keys.
struct FNV1a {
    var value: UInt64 = 0xcbf2_9ce4_8422_2325
    mutating func mix(_ byte: UInt8) {
        value ^= UInt64(byte)
        value = value &* 0x100_0000_01b3
    }
}

extension WatchListIndex {
    /// Two names compared as screening compares them (token sets, spelling, romanisation,
    /// sound): the score and what matched how. Traveller linking uses it.
    public static func compare(_ a: PersonName, _ b: PersonName, policy: ScreeningPolicy = .init()) -> (score: Double, reasons: [String]) {
        let result = nameScore(prepare(a), prepare(b), policy: policy)
        return (result.score, result.reasons)
    }
}
