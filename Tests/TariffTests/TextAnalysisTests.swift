import Foundation
import PortunusCore
import PortunusTestSupport
import Testing

@testable import Tariff

@Suite(.offPool) struct TextAnalysisTests {
    @Test func termsDropStopAndFillerWordsAndStem() {
        #expect(TextAnalysis.terms("Other articles of plastics, n.e.c.") == ["plastic"])
        #expect(TextAnalysis.terms("Men's knitted pullovers of cotton, 500 g") == ["men", "knit", "pullov", "cotton"])
        #expect(TextAnalysis.words("Café-crème O-RING") == ["cafe", "creme", "o", "ring"])
    }

    @Test func exclusionClausesAreDropped() {
        #expect(TextAnalysis.withoutExclusions("Live horses (excl. for slaughter, pure-bred for breeding)") == "Live horses")
        #expect(
            TextAnalysis.withoutExclusions("Cattle (bovine) of a weight > 80 kg (excl. heifers (female) and cows)")
                == "Cattle (bovine) of a weight > 80 kg")
        #expect(TextAnalysis.withoutExclusions("Fish (other than trout)") == "Fish")
    }

    @Test(
        "the customs lexicon adds the nomenclature's wording: fibres, garments, wearers, plastics, British spellings; plurals match, the longest key wins, food nuts are not fasteners"
    )
    func lexicon() {
        let pullover = CustomsLexicon.expansions(of: "Men's knit pullovers of 100% polyester")
        #expect(
            pullover == [
                "men's or boys'", "knitted or crocheted", "jerseys, pullovers, cardigans, waistcoats", "synthetic fibres", "man-made fibres",
            ])
        #expect(CustomsLexicon.expansions(of: "aluminum wheels with tires") == ["aluminium", "tyres"])
        #expect(
            CustomsLexicon.expansions(of: "PVC floor mats").prefix(2) == ["polymers of vinyl chloride", "carpets and other textile floor coverings"])
        #expect(CustomsLexicon.expansions(of: "Steel cap screws") == ["iron or steel", "screws, bolts, nuts, washers"], "not headgear")
        #expect(CustomsLexicon.expansions(of: "Roasted cashew nuts, salted").isEmpty)
        #expect(CustomsLexicon.expansions(of: "").isEmpty)
        // Every key is reachable: its stems are what a description's words stem to.
        for entry in CustomsLexicon.entries {
            for key in entry.keys { #expect(!CustomsLexicon.expansions(of: key).isEmpty, "\(key)") }
        }
    }

    @Test func stemmerKnownWords() {
        let cases = [
            "caresses": "caress", "ponies": "poni", "ties": "tie", "cats": "cat", "feed": "feed", "agreed": "agre",
            "plastered": "plaster", "motoring": "motor", "sing": "sing", "conflated": "conflat", "troubled": "troubl",
            "sized": "size", "hopping": "hop", "tanned": "tan", "falling": "fall", "hissing": "hiss", "fizzed": "fizz",
            "failing": "fail", "filing": "file", "happy": "happi", "sky": "sky", "relational": "relat", "conditional": "condit",
            "generously": "generous", "dying": "die", "inning": "inning", "proceed": "proceed", "knitted": "knit",
            "crocheted": "crochet", "apparatus": "apparatus", "machinery": "machineri", "y": "y", "by": "by",
        ]
        for (word, stem) in cases { #expect(EnglishStemmer.stem(word) == stem, "\(word)") }
    }

    /// Every word of the HS 2022 nomenclature and the CN 2023 texts, stemmed here and by the
    /// Python `snowballstemmer` (Snowball 3.1.1): the stems must agree.
    @Test(.enabled(if: TestEnvironment.hasDatasets("hs/nomenclature-hs2022-unsd.csv") && TestEnvironment.hasPython(".venv-hs")))
    func stemmerAgreesWithSnowball() throws {
        var words = Set<String>()
        var files = [TestEnvironment.dataset("hs/nomenclature-hs2022-unsd.csv")]
        if let cn = TestEnvironment.tariffModel("cn2023-en.csv") { files.append(cn) }
        for file in files {
            let data = try Data(contentsOf: file)
            let text = String(data: data, encoding: .utf8) ?? String(data: data, encoding: .windowsCP1252) ?? ""
            for word in TextAnalysis.words(text) where word.count >= 3 && word.allSatisfy({ $0 >= "a" && $0 <= "z" }) { words.insert(word) }
        }
        let sorted = words.sorted()
        #expect(sorted.count > 5000)
        let directory = TestEnvironment.temporaryDirectory("stems")
        defer { TestEnvironment.cleanUp(directory) }
        let input = directory.appendingPathComponent("words.txt")
        try sorted.joined(separator: "\n").write(to: input, atomically: true, encoding: .utf8)
        let script =
            "import sys, snowballstemmer; s = snowballstemmer.stemmer('english'); print('\\n'.join(s.stemWords(open(sys.argv[1]).read().split('\\n'))))"
        let python = try #require(TestEnvironment.python(".venv-hs"))
        let result = try TestEnvironment.run(python, ["-c", script, input.path])
        #expect(result.status == 0)
        let reference = result.output.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let differing = zip(sorted, reference).filter { EnglishStemmer.stem($0.0) != $0.1 }
        #expect(reference.count >= sorted.count)
        #expect(
            differing.isEmpty,
            "\(differing.count) of \(sorted.count) words differ, e.g. \(differing.prefix(20).map { "\($0.0)→\(EnglishStemmer.stem($0.0)) (Snowball \($0.1))" })"
        )
        print("EnglishStemmer: \(sorted.count - differing.count) of \(sorted.count) nomenclature words stem as Snowball does")
    }
}
