import Foundation
import Hummingbird
import PortunusCore

/// Reading request bodies: the bytes up to the limit of their kind (``BodyKind``), JSON
/// decoded into a request struct with each failure named by its JSON pointer, or UTF-8 text.
extension Request {
    /// The body's bytes; `body.too_large` past the kind's limit.
    func collect(_ kind: BodyKind) async throws(PortunusError) -> ByteBuffer {
        do { return try await body.collect(upTo: kind.limit) } catch { throw kind.tooLarge }
    }

    /// The body as `Data`.
    func data(_ kind: BodyKind) async throws(PortunusError) -> Data {
        Data(buffer: try await collect(kind))
    }

    /// The body as UTF-8 text; `invalid_argument` when it is not UTF-8.
    func text(_ kind: BodyKind) async throws(PortunusError) -> String {
        guard let text = String(data: try await data(kind), encoding: .utf8) else { throw PortunusError(.invalidArgument, kind.notText) }
        return text
    }

    /// The body decoded as `type`, refusing members it does not know: `members` names, for the
    /// object at each pointer (`""` the body, `"/amount"` a member), the members it may hold; any
    /// other is `json.unknown_field` with its pointer (a misspelt `idempotency_key` must not pass
    /// for a payment without one).
    func json<T: Decodable>(_ type: T.Type, members: [String: Set<String>], _ kind: BodyKind = .jsonCommand) async throws(PortunusError) -> T {
        let data = try await data(kind)
        let value = try JSONValue.parse(data)
        for (pointer, allowed) in members {
            var current: JSONValue? = value
            for token in pointer.split(separator: "/") {
                if case .object(let object)? = current { current = object[String(token)] } else { current = nil }
            }
            guard case .object(let object)? = current else { continue }
            for key in object.keys.sorted() where !allowed.contains(key) {
                throw PortunusError(
                    .unknownField, "unknown field; known fields are \(allowed.sorted().joined(separator: ", "))",
                    field: pointer + "/" + JSONValue.pointerToken(key))
            }
        }
        return try Self.decoded(T.self, from: data)
    }

    /// The body decoded as `type`: a missing member is `missing_field` and a wrong one
    /// `wrong_type`, each with its pointer; anything else that does not decode is `invalid_json`.
    func json<T: Decodable>(_ type: T.Type, _ kind: BodyKind = .jsonCommand) async throws(PortunusError) -> T {
        try Self.decoded(T.self, from: try await data(kind))
    }

    /// `data` decoded as `type`, a failure named by its JSON pointer (``PortunusError/init(decoding:expected:)``).
    static func decoded<T: Decodable>(_ type: T.Type, from data: Data) throws(PortunusError) -> T {
        do { return try JSONDecoder().decode(T.self, from: data) } catch {
            throw PortunusError(decoding: error, expected: "the expected JSON object")
        }
    }

    /// The query parameters, refused (`query.unknown`) when one is not in `allowed`.
    func query(allowed: Set<String>) throws(PortunusError) -> QueryParameters {
        try QueryParameters(self, allowed: allowed)
    }
}
