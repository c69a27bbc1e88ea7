import Foundation
import Testing

@testable import PortunusCore

/// Reads everything, collecting records as string arrays and errors as they come.
func readAll(_ reader: CSVReader) -> (records: [[String]], lines: [Int], errors: [PortunusError]) {
    var records: [[String]] = []
    var lines: [Int] = []
    var errors: [PortunusError] = []
    while true {
        do {
            guard try reader.readRecord() else { break }
            records.append(try (0..<reader.record.count).map { index throws(PortunusError) in try reader.record.string(at: index) })
            lines.append(reader.record.line)
        } catch {
            errors.append(error)
        }
    }
    return (records, lines, errors)
}

func reader(_ text: String) -> CSVReader { CSVReader(bytes: Array(text.utf8)) }

@Suite("Streaming RFC 4180 reader")
struct CSVReaderTests {
    @Test("plain records, LF and CRLF, blank lines and a missing final newline")
    func plain() {
        let result = readAll(reader("a,b,c\r\n1,2,3\n\n4,,6"))
        #expect(result.records == [["a", "b", "c"], ["1", "2", "3"], ["4", "", "6"]])
        #expect(result.lines == [1, 2, 4])
        #expect(result.errors.isEmpty)
    }

    @Test("quoted fields hold delimiters, doubled quotes and line breaks")
    func quoted() {
        let result = readAll(reader("id,text\n1,\"a, b\"\n2,\"say \"\"hi\"\"\"\n3,\"two\nlines\"\n4,end\n"))
        #expect(result.records == [["id", "text"], ["1", "a, b"], ["2", "say \"hi\""], ["3", "two\nlines"], ["4", "end"]])
        #expect(result.lines == [1, 2, 3, 4, 6])
    }

    @Test("a byte-order mark is skipped and a trailing delimiter makes an empty last field")
    func bomAndTrailing() {
        let result = readAll(reader("\u{FEFF}a,b,\n"))
        #expect(result.records == [["a", "b", ""]])
    }

    @Test("a quote inside an unquoted field is reported at its line, column and byte, and reading goes on")
    func quoteInUnquoted() throws {
        let result = readAll(reader("a,b\n1,2\"x\n3,4\n"))
        #expect(result.records == [["a", "b"], ["3", "4"]])
        let error = try #require(result.errors.first)
        #expect(error.code == .unexpectedQuote)
        #expect(error.location?.line == 3 - 1)
        #expect(error.location?.column == 2)
        #expect(error.location?.byteOffset == 7)
    }

    @Test("text after a closing quote is reported")
    func textAfterQuote() throws {
        let result = readAll(reader("a,b\n\"1\"x,2\n3,4\n"))
        #expect(result.records == [["a", "b"], ["3", "4"]])
        #expect(result.errors.map(\.code) == [.unexpectedQuote])
        #expect(result.errors.first?.location?.column == 1)
    }

    @Test("an unterminated quote is reported, and the lines after it are still read")
    func unterminatedQuote() throws {
        let input = "id,v\n1,ok\n2,\"broken\n3,fine\n4,also fine\n"
        let r = reader(input)
        let result = readAll(r)
        #expect(result.records == [["id", "v"], ["1", "ok"], ["3", "fine"], ["4", "also fine"]])
        let error = try #require(result.errors.first)
        #expect(error.code == .unterminatedQuote)
        #expect(error.location?.line == 3)
        #expect(error.location?.column == 2)
        #expect(result.lines == [1, 2, 4, 5])
    }

    @Test("a quote left open in a long file stops at the record limit instead of swallowing the file")
    func recordLimit() throws {
        var text = "id,v\n1,\"open\n"
        for number in 2...200 { text += "\(number),value\n" }
        let r = CSVReader(bytes: Array(text.utf8), maximumRecordBytes: 256)
        let result = readAll(r)
        #expect(result.errors.map(\.code) == [.recordTooLong])
        #expect(result.records.count == 1 + 199)
        #expect(r.skippedText.hasPrefix("1,\"open"))
    }

    @Test("records spanning chunk boundaries read the same as from memory", arguments: [16, 17, 64, 4096])
    func chunkBoundaries(chunkSize: Int) throws {
        var text = "id,name,note\n"
        for number in 0..<300 { text += "\(number),\"name \(number), with \"\"quotes\"\"\",\"multi\nline \(number)\"\r\n" }
        text += "300,bad\"quote,x\n301,last,row"
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("csv-\(UUID().uuidString).csv")
        try Data(text.utf8).write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        let fromFile = readAll(try CSVReader(path: url.path, chunkSize: chunkSize))
        let fromMemory = readAll(reader(text))
        #expect(fromFile.records == fromMemory.records)
        #expect(fromFile.lines == fromMemory.lines)
        #expect(fromFile.errors.map(\.location) == fromMemory.errors.map(\.location))
        #expect(fromFile.records.count == 302)
        #expect(fromFile.records[5] == ["4", "name 4, with \"quotes\"", "multi\nline 4"])
    }

    @Test("invalid UTF-8 is reported for the field, not replaced silently")
    func invalidUTF8() throws {
        var bytes = Array("a,b\n1,".utf8)
        bytes += [0xFF, 0xFE]
        bytes += Array("\n".utf8)
        let r = CSVReader(bytes: bytes)
        #expect(try r.readRecord())
        #expect(try r.readRecord())
        #expect(throws: PortunusError(.invalidEncoding, "", location: .init(line: 2, column: 2, byteOffset: 4))) { try r.record.string(at: 1) }
    }

    @Test("a missing file is an io error")
    func missingFile() {
        #expect(throws: PortunusError(.io, "")) { try CSVReader(path: "/nonexistent/file.csv") }
    }

    // `recordStart + maximumRecordBytes + 1` overflowed (a trap) when a caller asked for no
    // limit with Int.max.
    @Test("a record limit of Int.max means no limit, for quoted and unquoted fields")
    func unlimitedRecords() {
        let text = "id,note\n1,\"quoted, with \"\"quotes\"\"\nand a line break\"\n2,plain\n3,\"open"
        let result = readAll(CSVReader(bytes: Array(text.utf8), maximumRecordBytes: .max))
        #expect(result.records == [["id", "note"], ["1", "quoted, with \"quotes\"\nand a line break"], ["2", "plain"]])
        #expect(result.errors.map(\.code) == [.unterminatedQuote])
    }
}
