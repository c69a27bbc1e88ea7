import Foundation
import Testing

@testable import Portunus
@testable import PortunusCore

@Suite("Strict JSON parser")
struct JSONParserTests {
    func parse(_ text: String) throws(PortunusError) -> JSONValue { try JSONParser.parse(Data(text.utf8)) }

    @Test("values of every kind, numbers kept as their exact text")
    func values() throws {
        let value = try parse(#" {"a": [1, -0.5, 2e10, 1.0000000000000000001], "b": {"c": null, "d": true, "e": false}, "f": "x"} "#)
        #expect(
            value
                == .object([
                    "a": .array([.number("1"), .number("-0.5"), .number("2e10"), .number("1.0000000000000000001")]),
                    "b": .object(["c": .null, "d": .bool(true), "e": .bool(false)]),
                    "f": .string("x"),
                ]))
    }

    @Test("string escapes, including surrogate pairs")
    func escapes() throws {
        #expect(try parse(#""a\"b\\c\/d\n\t\u00e9\ud83d\udce6""#) == .string("a\"b\\c/d\n\té📦"))
        #expect(try parse(#""Zürich""#) == .string("Zürich"))
    }

    @Test(
        "malformed documents are refused with the byte offset and line",
        arguments: [
            (#"{"a": 1,}"#, 8), (#"[1, 2"#, 5), (#"{"a": 01}"#, 7), (#"{"a" 1}"#, 5), (#"{"a": 1, "a": 2}"#, 9),
            ("\"tab\there\"", 4), (#""\ud800x""#, 7), (#""\x""#, 3), (#"{"a": 1} x"#, 9), (#"tru"#, 0), (#"-"#, 1), (#"1."#, 2), ("", 0),
        ])
    func malformed(text: String, offset: Int) {
        do {
            _ = try parse(text)
            Issue.record("parsed: \(text)")
        } catch {
            #expect(error.code == .invalidJSON)
            #expect(error.location?.byteOffset == offset, "\(text): \(error.reason)")
        }
    }

    @Test("lines are counted for errors in multi-line documents")
    func lines() {
        #expect(throws: PortunusError(.invalidJSON, "", field: "", location: .init(line: 3, byteOffset: 14))) {
            try parse("{\n  \"a\": 1,\n  oops\n}")
        }
    }

    @Test("nesting deeper than 64 levels and invalid UTF-8 are refused")
    func limits() {
        #expect(throws: PortunusError.self) { try parse(String(repeating: "[", count: 65) + String(repeating: "]", count: 65)) }
        let deepest = try? parse(String(repeating: "[", count: 64) + String(repeating: "]", count: 64))
        #expect(deepest != nil)
        var bytes = Array("\"ab".utf8)
        bytes += [0xC3, 0x28, 0x22]
        #expect(throws: PortunusError.self) { try JSONParser.parse(Data(bytes)) }
    }
}
