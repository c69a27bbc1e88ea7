import Foundation
import PortunusTestSupport
import Testing

@Suite("portunus travel", .offPool)
struct TravelCommandTests {
    @Test(
        "travel parse --json prints one object per message with the fields the issue names",
        .enabled(if: TestEnvironment.hasDatasets("api-pnr/paxlst/gtas_crew_d02b_oneline.edi")))
    func parse() throws {
        let result = try runPortunus(["travel", "parse", TestEnvironment.dataset("api-pnr/paxlst/gtas_crew_d02b_oneline.edi").path, "--json"])
        #expect(result.status == 0, "\(result.stderr)")
        let lines = result.stdout.split(separator: "\n")
        #expect(lines.count == 1)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(lines[0].utf8)) as? [String: Any])
        #expect(object["type"] as? String == "PAXLST" && object["version"] as? String == "02B")
        let flight = try #require(object["flight"] as? [String: Any])
        #expect(flight["number"] as? String == "UA0989" && flight["departure"] as? String == "FRA" && flight["arrival"] as? String == "IAD")
        let people = try #require(object["passengers"] as? [[String: Any]])
        #expect(people.count == 8)
        #expect(
            people[0]["role"] as? String == "crew" && people[0]["given_names"] as? String == "Andrea Pat"
                && people[0]["date_of_birth"] as? String == "1978-07-06")
        let documents = try #require(people[0]["documents"] as? [[String: Any]])
        #expect(documents[0]["issuing_state"] as? String == "GBR" && documents[0]["expiry"] as? String == "2061-02-18")
        #expect(object["diagnostics"] is [Any])
        #expect(try runPortunus(["travel", "parse", "/no/such/file"]).status == 2)
    }

    @Test(
        "travel airports installs a checked time-zone table in the data directory; parse then gives UTC times",
        .enabled(if: TestEnvironment.hasDatasets("api-pnr/paxlst/gtas_crew_d02b_oneline.edi") && TestEnvironment.airportTable != nil))
    func airports() throws {
        let directory = TestEnvironment.temporaryDirectory("travel-airports")
        defer { TestEnvironment.cleanUp(directory) }
        let data = directory.appendingPathComponent("data").path
        let table = try #require(TestEnvironment.airportTable)
        let installed = try runPortunus(["travel", "airports", table.path, "--data-dir", data])
        #expect(installed.status == 0 && installed.stdout.contains("installed"), "\(installed.stderr)")
        #expect(FileManager.default.fileExists(atPath: data + "/reference/airports.csv"))
        let result = try runPortunus([
            "travel", "parse", "--json", "--data-dir", data,
            TestEnvironment.dataset("api-pnr/paxlst/gtas_crew_d02b_oneline.edi").path,
        ])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let flight = try #require(object["flight"] as? [String: Any])
        #expect(flight["departure_time"] as? String == "2017-01-27T17:25" && flight["departure_utc"] as? String == "2017-01-27T16:25Z")
        #expect(flight["departure_zone"] as? String == "Europe/Berlin" && flight["arrival_zone"] as? String == "America/New_York")
        // A table with an unknown zone is refused with its code, and nothing is installed.
        let bad = directory.appendingPathComponent("bad.csv")
        try Data("iata,tz\nFRA,Europe/Berlin\nXXX,Mars/Olympus\n".utf8).write(to: bad)
        let other = directory.appendingPathComponent("other").path
        let refused = try runPortunus(["travel", "airports", bad.path, "--data-dir", other])
        #expect(refused.status != 0 && refused.stderr.contains("argument.invalid"), "\(refused.stderr)")
        #expect(!FileManager.default.fileExists(atPath: other + "/reference/airports.csv"))
    }
}

@Suite("portunus travel ingest", .offPool)
struct TravelIngestCommandTests {
    @Test(
        "a folder's files are received and moved to done/; the same file again is recognised",
        .enabled(if: TestEnvironment.hasDatasets("api-pnr/paxlst/gtas_crew_d02b_oneline.edi")))
    func ingest() throws {
        let directory = TestEnvironment.temporaryDirectory("travel-ingest")
        defer { TestEnvironment.cleanUp(directory) }
        let inbox = directory.appendingPathComponent("inbox")
        try FileManager.default.createDirectory(at: inbox, withIntermediateDirectories: true)
        let crew = TestEnvironment.dataset("api-pnr/paxlst/gtas_crew_d02b_oneline.edi")
        try FileManager.default.copyItem(at: crew, to: inbox.appendingPathComponent("a.edi"))
        try FileManager.default.copyItem(
            at: TestEnvironment.dataset("api-pnr/pnrgov/gtas_pnr10_message.edi"), to: inbox.appendingPathComponent("b.edi"))
        let data = directory.appendingPathComponent("data").path
        let first = try runPortunus(["travel", "ingest", inbox.path, "--data-dir", data])
        #expect(first.status == 0, "\(first.stderr)")
        #expect(
            first.stdout.contains("a.edi: stored as 1, parsed_with_warnings, 1 messages, 8 people") && first.stdout.contains("b.edi: stored as 2"),
            "\(first.stdout)")
        #expect(FileManager.default.fileExists(atPath: inbox.appendingPathComponent("done/a.edi").path))
        #expect(!FileManager.default.fileExists(atPath: inbox.appendingPathComponent("a.edi").path))
        try FileManager.default.copyItem(at: crew, to: inbox.appendingPathComponent("c.edi"))
        let second = try runPortunus(["travel", "ingest", inbox.path, "--data-dir", data])
        #expect(second.stdout.contains("c.edi: already received as 1"), "\(second.stdout)")
    }

    @Test(
        "travel screen finds the fixtures' transliteration and spelling variants of name-only entries, with reasons, without names unless asked",
        .enabled(if: TestEnvironment.hasDatasets("api-pnr/paxlst/gtas_pax_d02b_bags_flight3.edi")))
    func screen() throws {
        let directory = TestEnvironment.temporaryDirectory()
        defer { TestEnvironment.cleanUp(directory) }
        let list = directory.appendingPathComponent("list.csv")
        try """
        id,list,category,severity,name,aliases,birth_date,nationality,document_number,document_country
        W1,persons,wanted,3,JIANG HSIUYUAN,,,,,
        W2,persons,watch,2,GAYLA COOKE,,,,,
        W3,persons,watch,1,,,,,,
        W4,persons,watch,1,SOMEONE ELSE,,1950-13-40,,,
        """.write(to: list, atomically: true, encoding: .utf8)
        let folder = TestEnvironment.dataset("api-pnr/paxlst").path
        let run = try runPortunus(["travel", "screen", "--list", list.path, "--messages", folder, "--json"])
        #expect(run.status == 0)
        let hits = run.stdout.split(separator: "\n").compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
        let found = Set(hits.map { "\($0["file"] as? String ?? "") \($0["entry"] as? String ?? "")" })
        // JIANG:HSIUYUAN (flight 1), CHIANG:XIUYUAN (flight 2), JIANG:XIUYUAN (flight 3); GAYLA COOKE (flight 1), GAELLA COOK (flight 3).
        #expect(
            found == [
                "gtas_pax_d02b_bags_flight1.edi W1", "gtas_pax_d02b_bags_flight2.edi W1", "gtas_pax_d02b_bags_flight3.edi W1",
                "gtas_pax_d02b_bags_flight1.edi W2", "gtas_pax_d02b_bags_flight3.edi W2",
            ], "\(run.stdout)")
        #expect(hits.allSatisfy { ($0["score"] as? Double ?? 0) >= 0.88 && !($0["reasons"] as? [String] ?? []).isEmpty })
        #expect(!run.stdout.contains("JIANG") && !run.stdout.contains("COOK"), "names only with --show-names")
        #expect(run.stderr.contains("line 4, column 5 (name)") && run.stderr.contains("line 5, column 7 (birth_date)"), "\(run.stderr)")
        let named = try runPortunus(["travel", "screen", "--list", list.path, "--messages", folder, "--show-names"])
        #expect(named.stdout.contains("XIUYUAN CHIANG ~ JIANG HSIUYUAN") && named.stdout.contains("transliteration"), "\(named.stdout)")
    }

    @Test("evaluate-matching reads the labelled pairs the generator writes and reports both methods by kind")
    func evaluateMatching() throws {
        guard let python = TestEnvironment.python(".venv") else { return }
        let directory = TestEnvironment.temporaryDirectory()
        defer { TestEnvironment.cleanUp(directory) }
        let pairs = directory.appendingPathComponent("pairs.csv")
        let generated = try TestEnvironment.run(
            python,
            [
                TestEnvironment.repositoryRoot.appendingPathComponent("scripts/evaluation/namepairs.py").path,
                "--pairs", "240", "--out", pairs.path,
            ])
        #expect(generated.status == 0, "\(generated.output)")
        let run = try runPortunus(["travel", "evaluate-matching", pairs.path, "--split", "validation"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("240 pairs (validation), 120 of the same person"), "\(run.stdout)")
        for kind in ["romanisation", "pinyin-wg", "arabic", "typo", "family", "phonetic"] { #expect(run.stdout.contains(kind)) }
        func recall(_ prefix: String) -> Double? {
            run.stdout.split(separator: "\n").first { $0.hasPrefix(prefix) }
                .flatMap { line in line.range(of: "recall ").map { Double(line[$0.upperBound...].prefix(5)) } } ?? nil
        }
        let ours = try #require(recall("Portunus"))
        let theirs = try #require(recall("GTAS"))
        #expect(ours > theirs, "Portunus finds more of the variants than GTAS's method")
    }
}
