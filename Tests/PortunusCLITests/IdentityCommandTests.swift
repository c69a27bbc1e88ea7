import Foundation
import PortunusTestSupport
import Testing

@Suite("portunus id", .offPool)
struct IdentityCommandTests {
    @Test("id mrz --json prints the fields, checks and repairs the issue names; exit 3 when not valid, 2 when no MRZ")
    func mrz() throws {
        let result = try runPortunus([
            "id", "mrz", "--json", "I<UTOD23145890<7349<<<<<<<<<<<", "3407127M9507122UTO<<<<<<<<<<<2", "STEVENSON<<PETER<JOHN<<<<<<<<<",
        ])
        #expect(result.status == 0, "\(result.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect(object["format"] as? String == "TD1" && object["document_code"] as? String == "I" && object["issuing_state"] as? String == "UTO")
        #expect(object["surname"] as? String == "STEVENSON" && object["given_names"] as? String == "PETER JOHN")
        #expect(object["document_number"] as? String == "D23145890734" && object["nationality"] as? String == "UTO")
        #expect(
            object["date_of_birth"] as? String == "1934-07-12" && object["expiry_date"] as? String == "1995-07-12" && object["sex"] as? String == "M")
        #expect(object["optional_data"] as? String == "7349" && object["optional_data_2"] as? String == "" && object["valid"] as? Bool == true)
        let checks = try #require(object["checks"] as? [String: [String: Any]])
        #expect(
            Set(checks.keys) == ["document_number", "date_of_birth", "expiry_date", "composite"]
                && checks.values.allSatisfy { $0["valid"] as? Bool == true })
        #expect((object["repairs"] as? [Any])?.isEmpty == true)

        let noisy = try runPortunus([
            "id", "mrz", "--json", "P<UT0ERIK55ON<<ANNA<MAR1A<<<<<<<<<<<<<<<<<<<", "L898902C36UTO740BIZZF12041S9ZE184226B<<<<<1O",
        ])
        let repaired = try #require(try JSONSerialization.jsonObject(with: Data(noisy.stdout.utf8)) as? [String: Any])
        #expect(noisy.status == 0 && repaired["surname"] as? String == "ERIKSSON" && (repaired["repairs"] as? [Any])?.count == 10)
        let bad = try runPortunus(["id", "mrz", "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<", "L898902C36UTO7408122F1204159ZE184226B<<<<<20"])
        #expect(bad.status == 3 && bad.stdout.contains("NOT VALID") && bad.stdout.contains("check optional_data: FAILS"))
        #expect(try runPortunus(["id", "mrz", "P<UTOERIKSSON"]).status == 2)
    }
}

@Suite("portunus id verify-chip", .offPool)
struct VerifyChipCommandTests {
    @Test(
        "verify-chip --json reports every check; without a CSCA it fails closed (exit 3); a tampered DG1 is named",
        .enabled(if: TestEnvironment.hasDatasets("icao9303/pa/MANIFEST.json", "icao9303/csca/nfcpassportreader_masterList.pem")))
    func verifyChip() throws {
        let set = TestEnvironment.dataset("icao9303/pa/etsi_tr103200_eacaa").path
        let arguments = ["id", "verify-chip", "--sod", set + "/EF_SOD.bin", "--dg", set + "/EF_DG1.bin", "--dg", set + "/EF_DG15.bin", "--json"]
        let result = try runPortunus(arguments)
        #expect(result.status == 3, "no CSCA given: not valid")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let checks = try #require(object["checks"] as? [[String: Any]])
        let passed = Dictionary(uniqueKeysWithValues: checks.map { ($0["name"] as! String, $0["passed"] as! Bool) })
        #expect(passed["sod.signature"] == true && passed["dg1.hash"] == true && passed["dg15.hash"] == true && passed["ds.chain"] == false)
        #expect(object["signature_algorithm"] as? String == "rsassaPss" && object["valid"] as? Bool == false)
        // With the real CSCA bundle the test DS still has no chain (its CSCA is not published).
        let bundle = try runPortunus(arguments + ["--masterlist", TestEnvironment.dataset("icao9303/csca/nfcpassportreader_masterList.pem").path])
        #expect(bundle.status == 3 && bundle.stdout.contains("no chain to a trusted CSCA"))
        let tampered = try runPortunus([
            "id", "verify-chip", "--sod", set + "/EF_SOD.bin", "--dg",
            TestEnvironment.dataset("icao9303/pa/negative/etsi_EF_DG1_country_modified_D_to_SU.bin").path,
        ])
        #expect(tampered.status == 3 && tampered.stdout.contains("FAIL dg1.hash"))
        let csca = try runPortunus(["id", "csca", TestEnvironment.dataset("icao9303/csca/nfcpassportreader_masterList.pem").path])
        #expect(csca.status == 0 && csca.stdout.hasPrefix("720 certificates"))
        #expect(try runPortunus(["id", "verify-chip", "--sod", "/no/such/file"]).status == 2)
    }
}
