import Hummingbird
import PortunusCore

/// A request's query parameters, checked against the names its route knows: an unknown name
/// is refused (`query.unknown`) rather than ignored, so a misspelt filter never silently
/// returns everything.
///
/// ```swift
/// let query = try QueryParameters(request, allowed: ["status", "limit"])
/// let limit = try query.limit()
/// let flight = try query.value("flight", "flight is a flight id") { Int64($0) }
/// ```
struct QueryParameters: Sendable {
    private let values: [String: String]

    init(_ request: Request, allowed: Set<String>) throws(PortunusError) {
        var values: [String: String] = [:]
        for (key, value) in request.uri.queryParameters {
            guard allowed.contains(String(key)) else {
                throw PortunusError(
                    .unknownParameter, "unknown query parameter; known: \(allowed.sorted().joined(separator: ", "))", field: String(key))
            }
            values[String(key)] = String(value)
        }
        self.values = values
    }

    subscript(name: String) -> String? { values[name] }

    /// `?limit=`: 1 to `maximum`, 100 (or the maximum, if lower) when absent.
    func limit(maximum: Int = 500) throws(PortunusError) -> Int {
        guard let text = values["limit"] else { return min(100, maximum) }
        guard let limit = Int(text), (1...maximum).contains(limit) else {
            throw PortunusError(.invalidArgument, "limit is 1–\(maximum)", field: "limit")
        }
        return limit
    }

    /// A typed parameter: nil when absent; `refusal` (with `code`, the parameter as the field)
    /// when present but `parse` finds no value in it.
    func value<Value>(
        _ name: String, _ refusal: String, code: PortunusError.Code = .invalidArgument, parse: (String) -> Value?
    ) throws(PortunusError) -> Value? {
        guard let text = values[name] else { return nil }
        guard let value = parse(text) else { throw PortunusError(code, refusal, field: name) }
        return value
    }
}
