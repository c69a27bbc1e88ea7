import Foundation
import Hummingbird
import HummingbirdTesting
import PortunusTestSupport
import Testing

@testable import PortunusServer

@Suite("Identity documents API")
struct DocumentAPITests {
    @Test("POST /api/v1/documents/mrz reads a zone (JSON or plain lines); no zone is 422; traders may not")
    func mrz() async throws {
        let fixture = try ServerFixture()
        defer { fixture.cleanUp() }
        try await fixture.application().test(.router) { client in
            let body = #"{"lines":["P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<","L898902C36UTO7408122F1204159ZE184226B<<<<<10"]}"#
            let read = try await client.send(.post, "/api/v1/documents/mrz", key: fixture.keys["officer"], body: body)
            #expect(read.status == .ok && read.json["valid"] as? Bool == true && read.json["document_number"] as? String == "L898902C3")
            #expect((read.json["not_protected"] as? [String])?.contains("nationality") == true)
            #expect((read.json["suggestions"] as? [Any])?.isEmpty == true)
            // A look-alike in the document number that would make its check digit hold: read as
            // printed, not valid, the reading suggested beside it.
            let misread = #"{"lines":["P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<","L8989O2C36UTO7408122F1204159ZE184226B<<<<<10"]}"#
            let suggested = try await client.send(.post, "/api/v1/documents/mrz", key: fixture.keys["officer"], body: misread)
            #expect(
                suggested.status == .ok && suggested.json["valid"] as? Bool == false && suggested.json["document_number"] as? String == "L8989O2C3")
            let suggestion = try #require((suggested.json["suggestions"] as? [[String: Any]])?.first)
            #expect(
                suggestion["field"] as? String == "document_number" && suggestion["reading"] as? String == "L898902C3"
                    && suggestion["from"] as? String == "O" && suggestion["to"] as? String == "0" && suggestion["reason"] as? String == "check_digit")
            let plain = try await client.send(
                .post, "/api/v1/documents/mrz", key: fixture.keys["analyst"], contentType: "text/plain",
                body: "V<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<\nL8988901C4XXX4009078F9612109<<<<<<<<\n")
            #expect(plain.status == .ok && plain.json["format"] as? String == "MRVB")
            let broken = try await client.send(.post, "/api/v1/documents/mrz", key: fixture.keys["officer"], body: #"{"lines":["P<UTO"]}"#)
            #expect(broken.status == .unprocessableContent && broken.text.contains("mrz.format"))
            #expect(try await client.send(.post, "/api/v1/documents/mrz", key: fixture.keys["traderA"], body: body).status == .forbidden)
        }
    }

    @Test(
        "POST /api/v1/documents/chip: passive authentication against the data directory's CSCAs; fails closed without one",
        .enabled(if: TestEnvironment.hasDatasets("icao9303/pa/MANIFEST.json")))
    func chip() async throws {
        let fixture = try ServerFixture()
        defer { fixture.cleanUp() }
        func base64(_ path: String) throws -> String { try Data(contentsOf: TestEnvironment.dataset("icao9303/pa/" + path)).base64EncodedString() }
        let body = #"{"sod":"\#(try base64("etsi_tr103200_eacaa/EF_SOD.bin"))","data_groups":["\#(try base64("etsi_tr103200_eacaa/EF_DG1.bin"))"]}"#
        try await fixture.application().test(.router) { client in
            let response = try await client.send(.post, "/api/v1/documents/chip", key: fixture.keys["officer"], body: body)
            #expect(response.status == .ok && response.json["valid"] as? Bool == false)
            let checks = try #require(response.json["checks"] as? [[String: Any]])
            #expect(checks.contains { $0["name"] as? String == "sod.signature" && $0["passed"] as? Bool == true })
            #expect(checks.contains { $0["name"] as? String == "ds.chain" && ($0["detail"] as? String)?.contains("no CSCA") == true })
            let bad = try await client.send(.post, "/api/v1/documents/chip", key: fixture.keys["officer"], body: #"{"sod":"%%%","data_groups":[]}"#)
            #expect(bad.status == .badRequest && bad.text.contains("/sod"))
            #expect(try await client.send(.post, "/api/v1/documents/chip", key: fixture.keys["traderA"], body: body).status == .forbidden)
        }
    }
}
