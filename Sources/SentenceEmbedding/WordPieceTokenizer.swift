import Foundation
import PortunusCore

/// BERT's uncased WordPiece tokenizer, as the model's `tokenizer.json` describes it
/// (`BertNormalizer` with clean text, Chinese characters, accent stripping and lowercasing;
/// `BertPreTokenizer`; WordPiece with `##` continuations), read from `vocab.txt`.
///
/// Steps, in the reference's order:
/// 1. drop NUL, U+FFFD and "other" characters (control, format, unassigned, private use);
///    whitespace becomes a space;
/// 2. put spaces around CJK ideographs, so each is a word;
/// 3. strip accents (NFD, then drop nonspacing marks) and lowercase;
/// 4. split on whitespace, and make each punctuation character a word of its own;
/// 5. greedy longest match of each word against the vocabulary; a word that cannot be covered,
///    or is longer than 100 characters, is `[UNK]`.
public struct WordPieceTokenizer: Sendable {
    public let vocabulary: [String: Int32]
    public let unknown: Int32
    public let classify: Int32
    public let separator: Int32
    /// At most this many tokens, `[CLS]` and `[SEP]` included (sentence-transformers' 256).
    public var maximumLength: Int

    public init(vocabularyFile url: URL, maximumLength: Int = 256) throws(PortunusError) {
        guard let text = try? String(contentsOf: url, encoding: .utf8) else {
            throw PortunusError(.io, "cannot read the vocabulary at \(url.path)")
        }
        try self.init(
            vocabulary: text.split(separator: "\n", omittingEmptySubsequences: false).map { String($0.hasSuffix("\r") ? $0.dropLast() : $0) },
            maximumLength: maximumLength)
    }

    /// A vocabulary given line by line: the line number (from 0) is the token id.
    public init(vocabulary lines: [String], maximumLength: Int = 256) throws(PortunusError) {
        var vocabulary: [String: Int32] = [:]
        for (index, token) in lines.enumerated() where !token.isEmpty && vocabulary[token] == nil {
            vocabulary[token] = Int32(index)
        }
        func special(_ token: String) throws(PortunusError) -> Int32 {
            guard let id = vocabulary[token] else { throw PortunusError(.invalidModel, "the vocabulary has no \(token) token") }
            return id
        }
        self.vocabulary = vocabulary
        self.unknown = try special("[UNK]")
        self.classify = try special("[CLS]")
        self.separator = try special("[SEP]")
        self.maximumLength = max(2, maximumLength)
    }

    /// The token ids of a text, wrapped in `[CLS] … [SEP]`, truncated to `maximumLength`.
    public func ids(_ text: String) -> [Int32] {
        var ids: [Int32] = [classify]
        let limit = maximumLength - 1
        outer: for word in Self.words(text) {
            for id in pieces(word) {
                if ids.count == limit { break outer }
                ids.append(id)
            }
        }
        ids.append(separator)
        return ids
    }

    /// The words after normalisation and pre-tokenisation (steps 1–4).
    public static func words(_ text: String) -> [String] {
        var cleaned = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            if scalar.value == 0 || scalar.value == 0xFFFD { continue }
            if scalar == "\t" || scalar == "\n" || scalar == "\r" {
                cleaned.append(" ")
                continue
            }
            switch scalar.properties.generalCategory {
            case .control, .format, .unassigned, .privateUse, .surrogate: continue
            default: break
            }
            if scalar.properties.isWhitespace {
                cleaned.append(" ")
                continue
            }
            if isCJK(scalar) {
                cleaned.append(" ")
                cleaned.append(scalar)
                cleaned.append(" ")
            } else {
                cleaned.append(scalar)
            }
        }
        let decomposed = String(cleaned).decomposedStringWithCanonicalMapping
        var stripped = String.UnicodeScalarView()
        for scalar in decomposed.unicodeScalars where scalar.properties.generalCategory != .nonspacingMark {
            stripped.append(scalar)
        }
        let lowered = String(stripped).lowercased()
        var words: [String] = []
        var current = String.UnicodeScalarView()
        func flush() {
            if !current.isEmpty {
                words.append(String(current))
                current = String.UnicodeScalarView()
            }
        }
        for scalar in lowered.unicodeScalars {
            if scalar.properties.isWhitespace {
                flush()
            } else if isPunctuation(scalar) {
                flush()
                words.append(String(scalar))
            } else {
                current.append(scalar)
            }
        }
        flush()
        return words
    }

    /// Greedy longest-match-first WordPiece of one word.
    func pieces(_ word: String) -> [Int32] {
        let scalars = Array(word.unicodeScalars)
        if scalars.count > 100 { return [unknown] }
        var result: [Int32] = []
        var start = 0
        while start < scalars.count {
            var end = scalars.count
            var found: Int32?
            while start < end {
                var piece = start > 0 ? "##" : ""
                piece.unicodeScalars.append(contentsOf: scalars[start..<end])
                if let id = vocabulary[piece] {
                    found = id
                    break
                }
                end -= 1
            }
            guard let found else { return [unknown] }
            result.append(found)
            start = end
        }
        return result
    }

    static func isPunctuation(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        if (33...47).contains(value) || (58...64).contains(value) || (91...96).contains(value) || (123...126).contains(value) { return true }
        switch scalar.properties.generalCategory {
        case .connectorPunctuation, .dashPunctuation, .openPunctuation, .closePunctuation,
            .initialPunctuation, .finalPunctuation, .otherPunctuation:
            return true
        default:
            return false
        }
    }

    static func isCJK(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x4E00...0x9FFF, 0x3400...0x4DBF, 0x20000...0x2A6DF, 0x2A700...0x2B73F,
            0x2B740...0x2B81F, 0x2B820...0x2CEAF, 0xF900...0xFAFF, 0x2F800...0x2FA1F:
            return true
        default:
            return false
        }
    }
}
