import Foundation

extension PortunusError {
    /// The problem a `Decodable` read reported, with the JSON pointer of its place: a missing
    /// member is `missing_field`, a member of the wrong type `wrong_type`, a value that does not
    /// read `invalid_argument`; a `PortunusError` thrown by a value's own decoding (an HS code,
    /// a country) stays as it is; anything else is `invalid_json` saying what was expected.
    public init(decoding error: any Error, expected what: String) {
        func pointer(_ path: [any CodingKey]) -> String { "/" + path.map { $0.intValue.map(String.init) ?? $0.stringValue }.joined(separator: "/") }
        switch error {
        case let error as PortunusError: self = error
        case DecodingError.keyNotFound(let key, let context): self.init(.missingField, "required", field: pointer(context.codingPath + [key]))
        case DecodingError.valueNotFound(_, let context): self.init(.missingField, "required", field: pointer(context.codingPath))
        case DecodingError.typeMismatch(_, let context): self.init(.wrongType, "wrong type", field: pointer(context.codingPath))
        case DecodingError.dataCorrupted(let context) where !context.codingPath.isEmpty:
            self.init(.invalidArgument, "not a valid value", field: pointer(context.codingPath))
        default: self.init(.invalidJSON, "the body is not \(what)")
        }
    }
}
