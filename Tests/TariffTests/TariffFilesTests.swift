import Foundation
import PortunusCore
import PortunusTestSupport
import Testing

@testable import Tariff

@Suite("HS files and editions", .offPool)
struct TariffFilesTests {
    @Test("a nomenclature file: chapters, headings and subheadings with parents and sections; TOTAL skipped; a bad code reported by line and column")
    func nomenclature() throws {
        let text =
            "\u{FEFF}hscode,description,parent,level\nTOTAL,All,,0\n01,Animals; live,TOTAL,2\n0101,\"Horses, asses, mules and hinnies; live\",01,4\n"
            + "010121,\"Horses; live, pure-bred breeding animals\",0101,6\n01012,broken,0101,6\n8806,Unmanned aircraft,88,4\n"
        let read = try TariffFiles.read(bytes: Array(text.utf8))
        guard case .nomenclature(let entries) = read.content else {
            Issue.record("not a nomenclature")
            return
        }
        #expect(entries.map(\.code) == ["01", "0101", "010121", "8806"])
        #expect(entries[0].parent == nil && entries[1].parent == "01" && entries[2].level == 6)
        #expect(entries.map(\.section) == ["I", "I", "I", "XVII"])
        #expect(read.problems.count == 1 && read.problems[0].location?.line == 6 && read.problems[0].location?.columnName == "hscode")
    }

    @Test(
        "correlation and conversion tables: editions from the header, relationship types, partial links; a bad relationship reported; an unknown header refused"
    )
    func correlation() throws {
        let text =
            "hs2017,hs2012,relationship,partial_ex\r\n010121,010121,1:1,\r\n030193,030199,n:n,ex\r\n030199,030199,n:1,ex\r\n040310,040390,2:1,\r\n"
        let read = try TariffFiles.read(bytes: Array(text.utf8))
        guard case .correlation(let from, let to, let links) = read.content else {
            Issue.record("not a correlation")
            return
        }
        #expect(from == .hs2017 && to == .hs2012 && links.count == 3)
        #expect(links[1] == HSLink(from: "030193", to: "030199", relationship: "n:n", partial: true))
        #expect(read.problems.count == 1 && read.problems[0].location?.line == 5 && read.problems[0].location?.columnName == "relationship")
        #expect(links[2].reversed == HSLink(from: "030199", to: "030199", relationship: "1:n", partial: true))

        guard case .conversion(.hs2022, .hs2017, let conversions) = try TariffFiles.read(bytes: Array("hs2022,hs2017\n010121,010121\n".utf8)).content
        else {
            Issue.record("not a conversion")
            return
        }
        #expect(conversions.count == 1)
        #expect(throws: PortunusError.self) { try TariffFiles.read(bytes: Array("code,name\n01,x\n".utf8)) }
    }

    @Test("description lines: the EU CN file's semicolons and Windows-1252 are read; a short code is reported by line and column")
    func descriptions() throws {
        // "Café" in Windows-1252 (0xE9), semicolons, a quoted text with a doubled quote, CRLF.
        var bytes = Array("code;description;unit_id\r\n01012100;\"Pure-bred breeding horses\";pce\r\n09011100;\"Caf".utf8)
        bytes += [0xE9] + Array(" \"\"arabica\"\", not roasted\";kg\r\n0101;\"Too short\";pce\r\n".utf8)
        let read = try TariffFiles.read(bytes: bytes)
        guard case .descriptions(let lines) = read.content else {
            Issue.record("not descriptions")
            return
        }
        #expect(lines.map(\.reference) == ["01012100", "09011100"])
        #expect(lines[1].text == "Café \"arabica\", not roasted" && lines[1].subheading == "090111" && lines[1].line == 3)
        #expect(read.problems.count == 1 && read.problems[0].location?.line == 4 && read.problems[0].location?.column == 1)
    }

    @Test("the edition in force at a date; editions by their names; sections by chapter")
    func editions() {
        func date(_ text: String) -> Date { ISO8601.parse(text)! }
        #expect(HSEdition.inForce(at: date("2016-12-31T23:59:59Z")) == .hs2012)
        #expect(HSEdition.inForce(at: date("2017-01-01T00:00:00Z")) == .hs2017)
        #expect(HSEdition.inForce(at: date("2025-06-01T00:00:00Z")) == .hs2022)
        #expect(HSEdition.inForce(at: date("2011-06-01T00:00:00Z")) == nil)
        #expect(HSEdition(text: "HS 2017") == .hs2017 && HSEdition(text: "H6") == .hs2022 && HSEdition(text: "2028") == nil)
        #expect(HSSections.section(of: "930200") == "XIX" && HSSections.section(of: "9999") == nil && HSSections.all.count == 21)
    }
}
