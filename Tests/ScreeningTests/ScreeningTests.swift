import Foundation
import PortunusTestSupport
import Testing

@testable import Screening

@Suite("Watch-list screening")
struct ScreeningTests {
    @Test("Double Metaphone keys as Apache Commons Codec computes them (capped at four)")
    func doubleMetaphone() {
        let cases: [(String, String, String)] = [
            ("SMITH", "SM0", "XMT"), ("SCHMIDT", "XMT", "SMT"), ("JOSE", "HS", "HS"), ("THOMAS", "TMS", "TMS"), ("CAESAR", "SSR", "SSR"),
            ("JIANG", "JNK", "ANK"), ("CHIANG", "KNK", "KNK"), ("XIUYUAN", "SN", "SN"), ("GAYLA", "KL", "KL"), ("GAELLA", "KL", "KL"),
            ("COOKE", "KK", "KK"), ("COOK", "KK", "KK"), ("WASSERMAN", "ASRM", "FSRM"), ("FILIPOWICZ", "FLPT", "FLPF"), ("ARNOW", "ARN", "ARNF"),
            ("MICHAEL", "MKL", "MXL"), ("SUGAR", "XKR", "SKR"), ("SCHOOL", "SKL", "SKL"), ("LAUGH", "LF", "LF"), ("ZHANG", "JNK", "JNK"),
            ("ORCHESTRA", "ARKS", "ARKS"), ("BACCHUS", "PKS", "PKS"), ("ACCIDENT", "AKST", "AKST"), ("ISLAND", "ALNT", "ALNT"),
            ("MCLAUGHLIN", "MKLF", "MKLF"), ("GALLEGOS", "KLKS", "KKS"),
        ]
        for (name, primary, alternate) in cases {
            let code = DoubleMetaphone.encode(name)
            #expect(code.primary == primary && code.alternate == alternate, "\(name): \(code)")
        }
    }

    @Test("Double Metaphone: B, F, K, N, Q and V written twice sound once")
    func doubleMetaphoneDoubledLetters() {
        for (double, single, primary) in [
            ("ABBOT", "ABOT", "APT"), ("JEFF", "JEF", "JF"), ("AKKA", "AKA", "AK"), ("ANNA", "ANA", "AN"), ("AQQA", "AQA", "AK"),
            ("AVVA", "AVA", "AF"),
        ] {
            #expect(DoubleMetaphone.encode(double) == DoubleMetaphone.encode(single), "\(double)")
            #expect(DoubleMetaphone.encode(double).primary == primary, "\(double)")
        }
    }

    @Test("Jaro–Winkler: Winkler's published examples")
    func jaroWinkler() {
        #expect(abs(JaroWinkler.similarity("MARTHA", "MARHTA") - 0.9611) < 0.0001)
        #expect(abs(JaroWinkler.similarity("DWAYNE", "DUANE") - 0.84) < 0.0001)
        #expect(abs(JaroWinkler.similarity("DIXON", "DICKSONX") - 0.8133) < 0.0001)
        #expect(JaroWinkler.similarity("ABC", "ABC") == 1 && JaroWinkler.similarity("ABC", "XYZ") == 0)
    }

    @Test("Jaro–Winkler: the mask path for short names and the array path for long ones score alike")
    func jaroWinklerPathsAgree() {
        let pairs = [("MARTHA", "MARHTA"), ("DWAYNE", "DUANE"), ("DIXON", "DICKSONX"), ("ABC", "XYZ"), ("MUELLER", "MULLER"), ("A", "AB")]
        for (a, b) in pairs {
            #expect(JaroWinkler.similarity(a, b) == JaroWinkler.similaritySlow(Array(a.utf8), Array(b.utf8)), "\(a) ~ \(b)")
        }
        let long = String(repeating: "ABCDEFGH", count: 9)
        #expect(JaroWinkler.similarity(long, long) == 1)
    }

    @Test("names normalised: case, diacritics as the MRZ writes them, honorifics also when glued, apostrophes")
    func normalisation() {
        #expect(PersonName("Müller, Jürgen Dr.").tokens == ["MUELLER", "JUERGEN"])
        #expect(PersonName("José  García-Márquez").tokens == ["JOSE", "GARCIA", "MARQUEZ"])
        #expect(PersonName("JOHNMR SMITH").tokens == ["JOHN", "SMITH"])
        #expect(PersonName("MOLLYMRS O'GRADY").tokens == ["MOLLY", "OGRADY"])
        #expect(PersonName("WILLIAMS/ANNE MS").tokens == ["WILLIAMS", "ANNE"])
        #expect(PersonName("Øystein Ærø").tokens == ["OEYSTEIN", "AEROE"])
        #expect(DocumentNumber.ocrFolded("X0I23456") == DocumentNumber.ocrFolded("XO123456"))
    }

    @Test(
        "a name of 30,000 words is matched by its first 16 tokens and keyed by its first dozen, so listing or screening it costs what a real name costs"
    )
    func hugeName() {
        func word(_ index: Int) -> String {  // letters only: ka, kb, …, kba, …
            var value = index
            var letters = ""
            repeat {
                letters.append(Character(UnicodeScalar(UInt8(97 + value % 26))))
                value /= 26
            } while value > 0
            return "k" + letters
        }
        let name = PersonName((0..<30_000).map(word).joined(separator: " "))
        #expect(name.tokens.count == PersonName.maximumTokens && name.tokens.first == "KA")
        var keys = Set<UInt64>()
        WatchListIndex.keys(WatchListIndex.prepare(name), into: &keys)
        #expect(keys.count <= 12 * 11 * 16 + 12 * 12, "pairs of at most a dozen tokens, each with a few codes")
        let index = WatchListIndex([WatchListEntry(id: "W1", list: "persons", names: [name])])
        _ = index.screen(ScreenedPerson(name: name, birthDate: nil, documentNumber: nil, documentCountry: nil))
    }

    @Test("the fixture's transliteration and spelling variants hit when one side is on a name-only list; others do not")
    func fixturePairs() {
        let list = [
            WatchListEntry(
                id: "W1", list: "persons", category: "wanted", severity: 3, names: [PersonName("JIANG HSIUYUAN")], birthDate: BirthDate("1967-06-03")),
            WatchListEntry(id: "W2", list: "persons", category: "wanted", severity: 2, names: [PersonName("GAYLA COOKE")]),
            WatchListEntry(id: "W3", list: "persons", names: [PersonName("MARIA SCHMIDT")], birthDate: BirthDate("1980")),
            WatchListEntry(
                id: "D1", list: "documents", category: "stolen", severity: 3, names: [], documentNumber: "X12O4567", documentCountry: "NLD"),
        ]
        let index = WatchListIndex(list)
        func hits(_ name: String, born: String? = nil, document: String? = nil, country: String? = nil) -> [String] {
            index.screen(
                ScreenedPerson(name: PersonName(name), birthDate: born.flatMap(BirthDate.init), documentNumber: document, documentCountry: country)
            )
            .map { list[$0.entry].id }
        }
        // The fixtures: CHIANG:XIUYUAN born 670604 (flight 2), JIANG:XIUYUAN (flight 3), JOSEPH:GAELLA:COOK (flight 3).
        #expect(hits("XIUYUAN CHIANG", born: "1967-06-04") == ["W1"])
        #expect(hits("JIANG XIUYUAN", born: "1967-06-03") == ["W1"])
        #expect(hits("CHIANG XIUYUAN") == ["W1"])
        #expect(hits("JOSEPH GAELLA COOK", born: "1970-02-02") == ["W2"])
        #expect(hits("COOKE GAYLA") == ["W2"], "token order is not significant")
        #expect(hits("MARIA SCHMITT", born: "1981-03-04") == ["W3"])
        // Not hits: another person with one shared token, a birth year too far, a common given name.
        #expect(hits("JIANG WEI", born: "1967-06-03").isEmpty)
        #expect(hits("JIANG HSIUYUAN", born: "1990-01-01").isEmpty)
        #expect(hits("MARIA GONZALEZ").isEmpty)
        // Documents: exact, and up to OCR confusions; another issuing state is not the document.
        let exact = index.screen(ScreenedPerson(name: PersonName("ANYONE"), documentNumber: "X12O4567", documentCountry: "NLD"))
        #expect(exact.first.map { list[$0.entry].id } == "D1" && exact.first?.score == 1.0)
        #expect(hits("ANYONE", document: "X1204567", country: "NLD") == ["D1"])
        #expect(hits("ANYONE", document: "X1204567", country: "BEL").isEmpty)
        let reasons = index.screen(ScreenedPerson(name: PersonName("CHIANG XIUYUAN"), birthDate: BirthDate("1967-06-04"))).first?.reasons ?? []
        #expect(reasons.contains { $0.contains("transliteration") } && reasons.contains("date of birth one day apart"), "\(reasons)")
    }

    @Test("GTAS's default method, reproduced: JW ≥ 0.95 with equal metaphones or equal dates of birth, birth years within 3")
    func gtasMethod() {
        func record(_ name: String, _ born: String?) -> GTASQuickMatch.Record {
            GTASQuickMatch.record(PersonName(name), birthDate: born.flatMap(BirthDate.init))
        }
        #expect(GTASQuickMatch.match(record("JOHN SMITH", "1970-01-02"), record("JOHN SMITH", "1970-01-02")) == 1.0)
        #expect(GTASQuickMatch.match(record("JOHN SMITH", "1970-01-02"), record("JOHN SMYTH", "1971-05-06")) == 0.9)
        #expect(GTASQuickMatch.match(record("JOHN SMITH", "1970-01-02"), record("JOHN SMITH", "1974-01-02")) == nil, "4 years apart")
        // The fixture pairs GTAS misses: different metaphones and full-name similarity below 0.95.
        #expect(GTASQuickMatch.match(record("JIANG HSIUYUAN", "1967-06-03"), record("CHIANG XIUYUAN", "1967-06-04")) == nil)
    }
}
