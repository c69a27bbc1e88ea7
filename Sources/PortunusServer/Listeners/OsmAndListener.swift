import Foundation
import Hummingbird
import HummingbirdCore
import Logging
import NIOCore
import Portunus
import PortunusCore
import Tracking

/// The OsmAnd protocol on its own port, as Traccar serves it: `GET` or `POST /` with the
/// position as query or form parameters, or Traccar Client's JSON body. 200 when stored;
/// 400 with the error code and the parameter at fault otherwise (an unknown device too, as
/// Traccar answers). Refused requests are kept, with their query and body.
public enum OsmAndListener {
    public static func application(
        host: String, port: Int, tracking: TrackingService, limits: TrackerLimits = TrackerLimits(), logger: Logger,
        onListening: @escaping @Sendable (Int) async -> Void = { _ in }
    ) -> some ApplicationProtocol {
        let router = Router()
        let maximum = OpenFiles.bounded(
            limits.connections, share: OpenFiles.shares(limit: OpenFiles.current).osmand, listener: "osmand", logger: logger)
        router.add(middleware: InFlightLimit(limit: maximum))
        let handler: @Sendable (Request, BasicRequestContext) async throws -> Response = { request, _ in
            await receive(request, tracking: tracking, limit: limits.bodyBytes, logger: logger)
        }
        router.get("/", use: handler)
        router.post("/", use: handler)
        return Application(
            router: router,
            server: .bounded(
                idleSeconds: limits.idleSeconds, headerSeconds: limits.headerSeconds, connectionsPerAddress: limits.connectionsPerAddress),
            configuration: .init(
                address: .hostname(host, port: port), serverName: "Portunus-OsmAnd", backlog: 1024,
                availableConnectionsDelegate: MaximumAvailableConnections(maximum, logger: logger)),
            onServerRunning: { channel in await onListening(channel.localAddress?.port ?? port) },
            logger: logger)
    }

    static func receive(_ request: Request, tracking: TrackingService, limit: Int, logger: Logger) async -> Response {
        let query = request.uri.query ?? ""
        var body = Data()
        do {
            body = try await request.data(.positionRequest(maximumBytes: limit))
        } catch {
            return refuse(error, query: query, body: Data(), tracking: tracking, logger: logger, status: .contentTooLarge)
        }
        do {
            let report: PositionReport
            let contentType = request.headers[.contentType] ?? ""
            if contentType.hasPrefix("application/json") {
                report = try OsmAnd.report(json: body)
            } else {
                var parameters = OsmAnd.parameters(query)
                if contentType.hasPrefix("application/x-www-form-urlencoded") {
                    parameters.merge(OsmAnd.parameters(String(decoding: body, as: UTF8.self))) { _, form in form }
                }
                report = try OsmAnd.report(parameters)
            }
            let intake = try await tracking.report([report], source: "osmand")
            if let problem = intake.rejected.first {
                return refuse(
                    PortunusError(PortunusError.Code(problem.code), problem.detail, field: problem.field), query: query, body: body,
                    tracking: tracking,
                    logger: logger, device: report.device)
            }
            return Response(status: .ok)
        } catch  where error.code == .storage {
            logger.error("osmand position not stored", metadata: ["code": "\(error.code)"])
            return Response(status: .serviceUnavailable)
        } catch {
            return refuse(error, query: query, body: body, tracking: tracking, logger: logger)
        }
    }

    static func refuse(
        _ error: PortunusError, query: String, body: Data, tracking: TrackingService, logger: Logger, device: String? = nil,
        status: HTTPResponse.Status = .badRequest
    ) -> Response {
        tracking.keepRefused(
            source: "osmand", device: device, code: error.code.rawValue, byteOffset: nil, detail: error.reason,
            raw: Data(query.utf8) + Data([0x0A]) + body, logger: logger)
        let text = "\(error.code.rawValue)\(error.field.map { " (\($0))" } ?? ""): \(error.reason)\n"
        return Response(status: status, headers: [.contentType: "text/plain; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: text)))
    }
}
