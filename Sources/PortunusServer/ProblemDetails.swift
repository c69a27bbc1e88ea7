import Foundation
import Hummingbird
import PortunusCore

/// An RFC 9457 problem document: what went wrong, with Portunus's stable `code` and the JSON
/// pointer of the offending field, and — for a document with several problems — each of them.
struct ProblemDetails: Codable, Sendable {
    struct Item: Codable, Sendable {
        var code: String
        var detail: String
        var pointer: String?
        var line: Int?
        var column: Int?
        var byteOffset: Int?

        enum CodingKeys: String, CodingKey { case code, detail, pointer, line, column, byteOffset = "byte_offset" }
    }

    var type: String
    var title: String
    var status: Int
    var detail: String
    var code: String
    var pointer: String?
    var errors: [Item]?

    /// The problem document of `error`, with the status its code is registered with.
    init(_ error: PortunusError, all: [PortunusError]? = nil) {
        self.init(error, status: ProblemDetails.status(for: error.code), all: all)
    }

    init(_ error: PortunusError, status: HTTPResponse.Status, all: [PortunusError]? = nil) {
        self.type = ProblemDetails.typeURI(error.code)
        self.title = status.reasonPhrase
        self.status = status.code
        self.detail = error.reason
        self.code = error.code.rawValue
        self.pointer = error.field
        self.errors = all.map { $0.map(ProblemDetails.item) }
    }

    static func item(_ error: PortunusError) -> Item {
        Item(
            code: error.code.rawValue, detail: error.reason, pointer: error.field, line: error.location?.line,
            column: error.location?.column, byteOffset: error.location?.byteOffset)
    }

    /// A tag URI (RFC 4151) per code: stable, needs no registry, names nothing we do not own.
    static func typeURI(_ code: PortunusError.Code) -> String { "tag:portunus.dev,2026:problem:\(code.rawValue)" }

    /// The HTTP status for an error code: the one its registration gives (`ErrorCodes.swift`).
    static func status(for code: PortunusError.Code) -> HTTPResponse.Status {
        HTTPResponse.Status(code: code.status)
    }

    func response(headers extra: HTTPFields = [:]) -> Response {
        var headers = extra
        headers[.contentType] = "application/problem+json"
        let data = (try? JSONEncoder.problems.encode(self)) ?? Data()
        return Response(status: .init(code: status), headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}

extension JSONEncoder {
    static let problems: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .portunus
        return encoder
    }()
}
