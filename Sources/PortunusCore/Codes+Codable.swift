// The code types decode from and encode to their plain string form, validating on decode so
// that a JSON document can never smuggle in an HS code or country the CSV path would reject.

extension Decoder {
    /// The JSON pointer of the value being decoded, e.g. `/items/0/hs_code`.
    package var jsonPointer: String {
        "/" + codingPath.map { key in key.intValue.map(String.init) ?? key.stringValue }.joined(separator: "/")
    }

    fileprivate func decodeValidated<T>(_ make: (String, String) throws(PortunusError) -> T) throws -> T {
        let text = try singleValueContainer().decode(String.self)
        do { return try make(text, jsonPointer) } catch {
            throw DecodingError.dataCorrupted(.init(codingPath: codingPath, debugDescription: error.reason, underlyingError: error))
        }
    }
}

extension HSCode: Codable {
    public init(from decoder: any Decoder) throws {
        self = try decoder.decodeValidated { text, field throws(PortunusError) in try HSCode(text, field: field) }
    }
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(digits)
    }
}

extension Country: Codable {
    public init(from decoder: any Decoder) throws {
        self = try decoder.decodeValidated { text, field throws(PortunusError) in try Country(text, field: field) }
    }
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(code)
    }
}

extension Currency: Codable {
    public init(from decoder: any Decoder) throws {
        self = try decoder.decodeValidated { text, field throws(PortunusError) in try Currency(text, field: field) }
    }
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(code)
    }
}
