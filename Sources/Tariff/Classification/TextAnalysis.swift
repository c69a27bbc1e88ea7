import Foundation

/// How goods descriptions and nomenclature texts become search terms for BM25: accents
/// folded, lowercase, split into letter-and-digit runs, English stop words and the
/// nomenclature's filler words dropped, then Snowball-stemmed.
public enum TextAnalysis {
    /// The search terms (stems) of a text, in order, repeats kept.
    public static func terms(_ text: String) -> [String] {
        words(text).compactMap { word in
            if word.count < 2 || stopWords.contains(word) || fillerWords.contains(word) { return nil }
            if word.allSatisfy(\.isNumber) { return nil }  // quantities and sizes say little about the code
            return EnglishStemmer.stem(word)
        }
    }

    /// Lowercase words with accents folded, split at anything that is not a letter or digit.
    /// The apostrophe of a possessive ("men's") stays with its word for the stemmer.
    public static func words(_ text: String) -> [String] {
        let folded = text.folding(options: [.diacriticInsensitive, .caseInsensitive], locale: nil).lowercased()
        var words: [String] = []
        var current = ""
        for character in folded {
            if character.isLetter || character.isNumber || (character == "'" && !current.isEmpty) {
                current.append(character)
            } else if !current.isEmpty {
                words.append(current)
                current = ""
            }
        }
        if !current.isEmpty { words.append(current) }
        return words.map { $0.hasSuffix("'") ? String($0.dropLast()) : $0 }
    }

    /// Drops the exclusion clauses of EU CN texts — "(excl. …)" — whose words name the goods a
    /// line is *not* for, and would otherwise match them.
    public static func withoutExclusions(_ text: String) -> String {
        var result = ""
        var depth = 0
        var skipping = 0
        var index = text.startIndex
        while index < text.endIndex {
            let character = text[index]
            if character == "(" {
                depth += 1
                let rest = text[text.index(after: index)...].lowercased()
                if skipping == 0 && (rest.hasPrefix("excl") || rest.hasPrefix("other than")) { skipping = depth }
            }
            if skipping == 0 { result.append(character) }
            if character == ")" {
                if skipping == depth { skipping = 0 }
                depth = max(0, depth - 1)
            }
            index = text.index(after: index)
        }
        return result.replacingOccurrences(of: "  ", with: " ").trimmingCharacters(in: .whitespaces)
    }

    /// English function words (the usual information-retrieval list).
    public static let stopWords: Set<String> = [
        "a", "about", "above", "after", "again", "against", "all", "almost", "also", "am", "an", "and", "any", "are", "as", "at",
        "be", "because", "been", "before", "being", "below", "between", "both", "but", "by", "can", "could", "did", "do", "does",
        "doing", "down", "during", "each", "either", "few", "for", "from", "further", "had", "has", "have", "having", "he", "her",
        "here", "hers", "herself", "him", "himself", "his", "how", "however", "i", "if", "in", "into", "is", "it", "its", "itself",
        "just", "may", "me", "might", "more", "most", "must", "my", "myself", "neither", "no", "nor", "not", "now", "of", "off",
        "on", "once", "one", "only", "onto", "or", "our", "ours", "ourselves", "out", "over", "own", "per", "same", "shall", "she",
        "should", "so", "some", "such", "than", "that", "the", "their", "theirs", "them", "themselves", "then", "there", "these",
        "they", "this", "those", "through", "thus", "to", "too", "under", "until", "upon", "very", "via", "was", "we", "were",
        "what", "when", "where", "which", "while", "who", "whom", "whose", "why", "will", "with", "within", "without", "would",
        "yet", "you", "your", "yours", "yourself", "yourselves",
    ]

    /// Words of the nomenclature's own drafting that carry no meaning about the goods:
    /// "other", "n.e.c.", "articles", "thereof", "whether or not", "of a kind used", …
    public static let fillerWords: Set<String> = [
        "other", "others", "nec", "nes", "nesoi", "article", "articles", "thereof", "therefor", "whether", "heading", "headings",
        "subheading", "subheadings", "chapter", "chapters", "kind", "kinds", "used", "principally", "solely", "mainly", "chiefly",
        "excluding", "including", "incl", "excl", "etc", "similar", "specified", "included", "elsewhere", "described", "like",
        "imported", "import", "importation", "product", "item", "items", "consisting", "put", "form", "forms", "type", "types",
        "made", "use", "uses", "designed", "suitable", "intended",
    ]
}
