import Foundation
import PortunusCore

/// A tariff file in JSON, parsed, with the means to complain about a place in it: every problem
/// found in the tree is `tariff.row` (or `tariff.file` for the document's shape) with the JSON
/// pointer as its field and the line and byte where that value starts as its location.
struct TariffJSON {
    let bytes: [UInt8]
    let root: JSONValue

    /// Parses `bytes` (at most ``NationalTariffFile/maximumBytes``); a syntax error is
    /// `tariff.file` at the line and byte the parser stopped.
    init(bytes: [UInt8], what: String) throws(PortunusError) {
        guard bytes.count <= NationalTariffFile.maximumBytes else {
            throw PortunusError(
                .invalidTariffFile, "the \(what) is over \(NationalTariffFile.maximumBytes) bytes", location: .init(byteOffset: 0))
        }
        self.bytes = bytes
        do {
            self.root = try JSONParser.parse(Data(bytes))
        } catch {
            throw PortunusError(.invalidTariffFile, "the \(what) is not JSON: " + error.reason, location: error.location ?? .init(byteOffset: 0))
        }
    }

    /// A problem with the value at `pointer`.
    func problem(_ reason: String, at pointer: String, code: PortunusError.Code = .invalidTariffRow) -> PortunusError {
        let location = JSONPointerLocator.location(of: JSONPointerLocator.tokens(pointer), in: bytes)
        return PortunusError(code, reason, field: pointer, location: location ?? .init(byteOffset: 0))
    }

    func object(_ value: JSONValue?, at pointer: String) throws(PortunusError) -> [String: JSONValue] {
        guard case .object(let members)? = value else { throw problem("an object was expected, not \(value?.kind ?? "nothing")", at: pointer) }
        return members
    }

    func array(_ value: JSONValue?, at pointer: String) throws(PortunusError) -> [JSONValue] {
        guard case .array(let elements)? = value else { throw problem("an array was expected, not \(value?.kind ?? "nothing")", at: pointer) }
        return elements
    }

    func string(_ value: JSONValue?, at pointer: String) throws(PortunusError) -> String {
        guard case .string(let text)? = value else { throw problem("a string was expected, not \(value?.kind ?? "nothing")", at: pointer) }
        return text
    }

    /// A string, or nil for null or a missing member.
    func optionalString(_ value: JSONValue?, at pointer: String) throws(PortunusError) -> String? {
        switch value {
        case nil, .null?: return nil
        case .string(let text)?: return text
        case let other?: throw problem("a string or null was expected, not \(other.kind)", at: pointer)
        }
    }

    /// A number's exact decimal text, or nil for null or a missing member.
    func optionalNumber(_ value: JSONValue?, at pointer: String) throws(PortunusError) -> ExactDecimal? {
        switch value {
        case nil, .null?: return nil
        case .number(let text)?:
            guard let number = ExactDecimal(text) else { throw problem("a plain decimal number was expected", at: pointer) }
            return number
        case let other?: throw problem("a number or null was expected, not \(other.kind)", at: pointer)
        }
    }

    /// A boolean, or nil for null or a missing member.
    func optionalBool(_ value: JSONValue?, at pointer: String) throws(PortunusError) -> Bool? {
        switch value {
        case nil, .null?: return nil
        case .bool(let flag)?: return flag
        case let other?: throw problem("true, false or null was expected, not \(other.kind)", at: pointer)
        }
    }
}
