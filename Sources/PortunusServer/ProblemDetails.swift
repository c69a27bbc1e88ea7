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
    }

    var type: String
    var title: String
    var status: Int
    var detail: String
    var code: String
    var pointer: String?
    var errors: [Item]?

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

    /// The HTTP status for an error code.
    static func status(for code: PortunusError.Code) -> HTTPResponse.Status {
        switch code {
        case .unauthenticated: .unauthorized
        case .forbidden: .forbidden
        case .notFound: .notFound
        case .conflict: .conflict
        case .bodyTooLarge: .contentTooLarge
        case .unsupportedMediaType: .unsupportedMediaType
        case .invalidArgument, .unknownParameter, .invalidJSON: .badRequest
        case .storage, .io, .assistantUnavailable: .serviceUnavailable
        case .internalError: .internalServerError
        default: .unprocessableContent
        }
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
        return encoder
    }()
}

extension PortunusError.Code {
    public static let unsupportedMediaType = PortunusError.Code("request.media_type")
    public static let unknownParameter = PortunusError.Code("query.unknown")
    public static let routeNotFound = PortunusError.Code("route.not_found")
    public static let internalError = PortunusError.Code("internal")
}

/// Turns every error into a problem document. Unknown errors become a bare 500: their text
/// may hold anything, so it goes to the log (without request data), never to the client.
struct ProblemMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as PortunusError {
            var headers: HTTPFields = [:]
            if error.code == .unauthenticated { headers[.wwwAuthenticate] = "Bearer" }
            return ProblemDetails(error, status: ProblemDetails.status(for: error.code)).response(headers: headers)
        } catch let rejected as RejectedDocument {
            let first = rejected.problems.first ?? PortunusError(.invalidJSON, "the declaration was rejected")
            return ProblemDetails(first, status: ProblemDetails.status(for: first.code), all: rejected.problems).response()
        } catch let error as HTTPError {
            let code: PortunusError.Code =
                switch error.status {
                case .notFound: .routeNotFound
                case .contentTooLarge: .bodyTooLarge
                case .methodNotAllowed: .routeNotFound
                default: .invalidArgument
                }
            let reason = error.status == .notFound ? "no such route" : (error.body ?? error.status.reasonPhrase)
            return ProblemDetails(PortunusError(code, reason), status: error.status).response()
        } catch {
            context.logger.error("unexpected error", metadata: ["type": "\(type(of: error))"])
            return ProblemDetails(PortunusError(.internalError, "internal error"), status: .internalServerError).response()
        }
    }
}
