import Foundation
import PortunusTestSupport
import Testing

@Suite("portunus travel")
struct TravelCommandTests {
    @Test("travel parse --json prints one object per message with the fields the issue names",
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
        #expect(people[0]["role"] as? String == "crew" && people[0]["given_names"] as? String == "Andrea Pat" && people[0]["date_of_birth"] as? String == "1978-07-06")
        let documents = try #require(people[0]["documents"] as? [[String: Any]])
        #expect(documents[0]["issuing_state"] as? String == "GBR" && documents[0]["expiry"] as? String == "2061-02-18")
        #expect(object["diagnostics"] is [Any])
        #expect(try runPortunus(["travel", "parse", "/no/such/file"]).status == 2)
    }
}
