import Foundation
import Hummingbird

extension Response {
    /// `value` as `application/json` with sorted keys, so the same answer is the same bytes.
    static func json(_ value: some Encodable, status: HTTPResponse.Status, headers extra: HTTPFields = [:]) throws -> Response {
        var headers = extra
        headers[.contentType] = "application/json"
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        encoder.dateEncodingStrategy = .portunus
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: try encoder.encode(value))))
    }
}
