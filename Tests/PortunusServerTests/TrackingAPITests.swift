import AsyncHTTPClient
import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import PortunusTestSupport
import ServiceLifecycle
import Testing
import Tracking

@testable import Portunus
@testable import PortunusCore
@testable import PortunusServer
@testable import Storage

#if canImport(Glibc)
    import Glibc
#endif

/// Two customs offices on a corridor with a 500 m buffer either side (Mombasa towards
/// Mariakani, drawn on the line lon − lat = 43.7).
let trackingZones = """
    {"type": "FeatureCollection", "features": [
      {"type": "Feature", "id": "KE-MSA", "properties": {"kind": "customs_office"},
       "geometry": {"type": "Polygon", "coordinates": [[[39.64, -4.06], [39.66, -4.06], [39.66, -4.04], [39.64, -4.04], [39.64, -4.06]]]}},
      {"type": "Feature", "id": "KE-MRK", "properties": {"kind": "customs_office"},
       "geometry": {"type": "Polygon", "coordinates": [[[39.94, -3.76], [39.96, -3.76], [39.96, -3.74], [39.94, -3.74], [39.94, -3.76]]]}},
      {"type": "Feature", "id": "KE-A109", "properties": {"kind": "transit_corridor", "buffer_m": 500},
       "geometry": {"type": "LineString", "coordinates": [[39.65, -4.05], [39.95, -3.75]]}}
    ]}
    """

/// A blocking TCP client on a thread of its own, so the cooperative pool stays free for the
/// server under test.
final class TCPClient: @unchecked Sendable {
    let fd: Int32

    init(port: Int) throws {
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { throw PortunusError(.io, "cannot connect") }
        var timeout = timeval(tv_sec: 60, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
    }

    func send(_ bytes: [UInt8]) async {
        await offload { _ = bytes.withUnsafeBytes { Glibc.send(self.fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) } }
    }

    /// Up to `count` bytes; fewer when the server closed the connection (or went quiet).
    func receive(_ count: Int) async -> [UInt8] {
        await offload {
            var received: [UInt8] = []
            var chunk = [UInt8](repeating: 0, count: count)
            while received.count < count {
                let n = chunk.withUnsafeMutableBytes { recv(self.fd, $0.baseAddress, count - received.count, 0) }
                guard n > 0 else { break }
                received += chunk[0..<n]
            }
            return received
        }
    }

    func close() { _ = Glibc.close(fd) }

    /// On a thread of its own: Dispatch's global queues are the threads Swift concurrency
    /// runs on, and a blocked `recv` there holds one the server under test needs.
    func offload<T: Sendable>(_ body: @escaping @Sendable () -> T) async -> T {
        try! await BlockingExecutor.onOwnThread(body)
    }
}

extension ServerFixture {
    /// The corridor's zones and one movement on it, opened for `device`.
    func openMovement(
        _ tracking: TrackingService, reference: String, device: String, declaration: String? = nil,
        deadline: String = "2099-01-01T00:00:00Z", seals: [String] = []
    ) throws {
        let admin = Principal(keyID: "test", role: .admin)
        if try store.zones.zones().zones.isEmpty { _ = try tracking.zones.put(Data(trackingZones.utf8), by: admin) }
        _ = try tracking.open(
            StoredMovement(
                reference: reference, device: device, departureOffice: "KE-MSA", destinationOffice: "KE-MRK", corridor: "KE-A109",
                deadline: ISO8601.parse(deadline) ?? .distantFuture, seals: seals, declarationID: declaration), by: admin)
    }
}

@Suite("Cargo tracking")
struct TrackingAPITests {
    static let imei = "356307042441013"

    static func record(_ seconds: Int64, lon: Double, lat: Double, speed: Int = 40) -> Teltonika.Record {
        Teltonika.Record(
            timestamp: (1_796_016_000 + seconds) * 1000, longitude: lon, latitude: lat, angle: 45, satellites: 9, speed: speed, io: [113: 90])
    }

    @Test(
        "Teltonika over TCP: handshake accepted for a tracked device and refused otherwise; packets acknowledged after they are stored; a bad CRC acknowledged with 0 and the connection kept; an oversized length closes it; a truncated frame is kept"
    )
    func teltonika() async throws {
        let fixture = try ServerFixture()
        defer { fixture.cleanUp() }
        let tracking = try TrackingService(store: fixture.store)
        try fixture.openMovement(tracking, reference: "MRN-TCP", device: Self.imei)
        let port = Delivered<Int>()
        let listener = TeltonikaListener(
            host: "127.0.0.1", port: 0, tracking: tracking, logger: Logger(label: "test"),
            onListening: port.deliver)
        try await running([listener], listeningOn: port) { bound in

            let stranger = try TCPClient(port: bound)
            await stranger.send(Teltonika.handshake(imei: "490154203237518"))
            #expect(await stranger.receive(2) == [0x00], "an unknown device is refused and the connection closed")
            stranger.close()

            let device = try TCPClient(port: bound)
            defer { device.close() }
            await device.send(Teltonika.handshake(imei: Self.imei))
            #expect(await device.receive(1) == [0x01])
            // Two records, sent in two pieces: the listener waits for the whole frame.
            let packet = Teltonika.encode([Self.record(0, lon: 39.65, lat: -4.05), Self.record(60, lon: 39.70, lat: -4.00)])
            await device.send(Array(packet[..<20]))
            await device.send(Array(packet[20...]))
            #expect(await device.receive(4) == [0, 0, 0, 2])
            #expect(try fixture.store.tracking.positions(device: Self.imei).count == 2, "stored before the acknowledgement")

            var corrupt = Teltonika.encode([Self.record(120, lon: 39.71, lat: -3.99)])
            corrupt[corrupt.count - 1] ^= 0xFF
            await device.send(corrupt)
            #expect(await device.receive(4) == [0, 0, 0, 0], "a bad CRC: nothing stored, the device sends it again")
            await device.send(Teltonika.encode([Self.record(120, lon: 39.71, lat: -3.99)]))
            #expect(await device.receive(4) == [0, 0, 0, 1], "the connection survives a bad frame")

            // A record from a clock decades ahead is refused at the door but acknowledged with the
            // good one, or the device would resend the packet forever.
            var future = Self.record(150, lon: 39.71, lat: -3.99)
            future.timestamp = 4_102_444_800_000  // 2100-01-01
            await device.send(Teltonika.encode([future, Self.record(160, lon: 39.715, lat: -3.985)]))
            #expect(await device.receive(4) == [0, 0, 0, 2])

            await device.send([0, 0, 0, 0, 0x7F, 0xFF, 0xFF, 0xFF, 0x08])
            #expect(await device.receive(4).isEmpty, "an oversized length closes the connection at once")

            let truncated = try TCPClient(port: bound)
            await truncated.send(Teltonika.handshake(imei: Self.imei))
            #expect(await truncated.receive(1) == [0x01])
            await truncated.send(Array(Teltonika.encode([Self.record(180, lon: 39.72, lat: -3.98)]).prefix(30)))
            truncated.close()
            var waited = 0
            while try fixture.store.tracking.trackingRejects().count < 5, waited < 1_200 {
                try await Task.sleep(for: .milliseconds(50))
                waited += 1
            }
        }
        let rejects = try fixture.store.tracking.trackingRejects()
        #expect(
            Set(rejects.map(\.code)) == ["tracking.unknown_device", "teltonika.crc", "teltonika.frame", "teltonika.truncated", "time.implausible"])
        #expect(rejects.first { $0.code == "teltonika.frame" }?.byteOffset == 4)
        #expect(rejects.first { $0.code == "teltonika.truncated" }?.raw.count == 30, "the partial frame is kept byte for byte")
        #expect(try fixture.store.tracking.positions(device: Self.imei).count == 4)
        #expect(try fixture.store.tracking.movement(reference: "MRN-TCP")?.state == .inTransit, "left the office of departure")
    }

    @Test(
        "OsmAnd over HTTP: query and form parameters and Traccar Client JSON stored; a bad parameter, an unknown device and an oversized body refused with their codes and kept"
    )
    func osmand() async throws {
        let fixture = try ServerFixture()
        defer { fixture.cleanUp() }
        let tracking = try TrackingService(store: fixture.store)
        try fixture.openMovement(tracking, reference: "MRN-HTTP", device: "phone-7")
        let port = Delivered<Int>()
        var limits = TrackerLimits()
        limits.bodyBytes = 4096
        let app = OsmAndListener.application(
            host: "127.0.0.1", port: 0, tracking: tracking, limits: limits, logger: Logger(label: "test"),
            onListening: port.deliver)
        try await running([app], listeningOn: port) { bound in
            let base = "http://127.0.0.1:\(bound)/"
            func send(_ url: String, post: Bool = false, contentType: String? = nil, body: String? = nil) async throws -> (Int, String) {
                var request = HTTPClientRequest(url: url)
                request.method = post ? .POST : .GET
                if let contentType { request.headers.add(name: "Content-Type", value: contentType) }
                if let body { request.body = .bytes(ByteBuffer(string: body)) }
                let response = try await HTTPClient.shared.execute(request, timeout: .seconds(60))
                return (Int(response.status.code), String(buffer: try await response.body.collect(upTo: 1 << 16)))
            }
            #expect(try await send(base + "?id=phone-7&lat=-4.05&lon=39.65&timestamp=1796016000&speed=0&batt=80").0 == 200)
            #expect(
                try await send(
                    base, post: true, contentType: "application/x-www-form-urlencoded",
                    body: "id=phone-7&lat=-4.00&lon=39.70&timestamp=1796016060&speed=20"
                ).0 == 200)
            let json =
                #"{"device_id":"phone-7","location":{"timestamp":"2026-12-01T00:02:00Z","coords":{"latitude":-3.99,"longitude":39.71,"speed":10},"battery":{"level":0.5}}}"#
            #expect(try await send(base, post: true, contentType: "application/json", body: json).0 == 200)

            let bad = try await send(base + "?id=phone-7&lat=95&lon=39.7&timestamp=1796016120")
            #expect(bad.0 == 400 && bad.1.hasPrefix("osmand.report (lat)"))
            let unknown = try await send(base + "?id=phone-8&lat=-4&lon=39.7&timestamp=1796016120")
            #expect(unknown.0 == 400 && unknown.1.hasPrefix("tracking.unknown_device"))
            let large = try await send(base, post: true, contentType: "application/x-www-form-urlencoded", body: String(repeating: "x", count: 5000))
            #expect(large.0 == 413)
        }
        let stored = try fixture.store.tracking.positions(device: "phone-7")
        #expect(stored.map(\.source) == ["osmand", "osmand", "osmand"] && stored[0].battery == 80 && stored[2].battery == 50)
        #expect(abs((stored[1].speed ?? 0) - 20 * OsmAnd.knot) < 1e-9, "OsmAnd speeds are knots")
        #expect(Set(try fixture.store.tracking.trackingRejects().map(\.code)) == ["osmand.report", "tracking.unknown_device", "request.too_large"])
    }

    @Test(
        "a scripted trip through the API: deviation and seal alerts exactly, the linked declaration raised to red once, ledger entries, states opened → in transit → alert → arrived → discharged, then the device released"
    )
    func scriptedTrip() async throws {
        let fixture = try ServerFixture()
        defer { fixture.cleanUp() }
        let tracking = try TrackingService(store: fixture.store)
        let router = try PortunusServer.router(
            store: fixture.store, metrics: ServerMetrics(), configuration: fixture.configuration, logger: Logger(label: "test"),
            tracking: tracking)
        try await Application(router: router).test(.router) { client in
            #expect(
                try await client.send(.post, "/api/v1/declarations", key: fixture.keys["admin"], body: declarationJSON(id: "T-1")).status == .created)
            #expect(try await client.send(.post, "/api/v1/assessments?day=2025-03-01&budget_count=0", key: fixture.keys["analyst"]).status == .ok)
            #expect(try await client.send(.post, "/api/v1/zones", key: fixture.keys["analyst"], body: trackingZones).status == .ok)
            let opening =
                #"{"reference":"MRN-1","device":"TRK-1","departure_office":"KE-MSA","destination_office":"KE-MRK","corridor":"KE-A109","deadline":"2099-01-01T00:00:00Z","seals":["SEAL-1"],"declaration":"T-1"}"#
            #expect(try await client.send(.post, "/api/v1/tracking/movements", key: fixture.keys["analyst"], body: opening).status == .forbidden)
            #expect(try await client.send(.post, "/api/v1/tracking/movements", key: fixture.keys["officer"], body: opening).status == .created)
            #expect(try await client.send(.post, "/api/v1/tracking/movements", key: fixture.keys["officer"], body: opening).status == .conflict)

            func report(_ items: [(Int, Double, Double, Double)]) async throws -> [String: Any] {
                let body =
                    "["
                    + items.map { #"{"device":"TRK-1","time":\#(1_796_016_000 + $0.0),"lon":\#($0.1),"lat":\#($0.2),"speed":\#($0.3)}"# }
                    .joined(separator: ",") + "]"
                let response = try await client.send(.post, "/api/v1/tracking/positions", key: fixture.keys["officer"], body: body)
                #expect(response.status == .ok)
                return response.json
            }
            // Sealed at the office: a seal report moves nothing.
            #expect(
                try await client.send(
                    .post, "/api/v1/tracking/seals", key: fixture.keys["officer"],
                    body: #"[{"seal":"SEAL-1","event":"sealed","time":1796015990}]"#
                ).status == .ok)
            #expect(try fixture.store.tracking.movement(reference: "MRN-1")?.state == .opened)
            // At the office, then along the corridor, then off it for more than 300 s.
            _ = try await report([(0, 39.65, -4.05, 0), (60, 39.70, -4.00, 15), (120, 39.75, -3.90, 15), (180, 39.76, -3.89, 1)])
            let deviated = try await report([(420, 39.76, -3.89, 1)])
            let alerts = try #require(deviated["alerts"] as? [[String: Any]])
            #expect(alerts.map { $0["kind"] as? String } == ["corridor_deviation"] && alerts[0]["raised_lane"] as? String == "red")
            let sealed = try await client.send(
                .post, "/api/v1/tracking/seals", key: fixture.keys["officer"],
                body:
                    #"[{"seal":"SEAL-1","event":"opened","time":1796016480},{"seal":"SEAL-9","event":"opened","time":1796016480},{"seal":"SEAL-1","event":"ajar","time":1}]"#
            )
            #expect(sealed.status == .ok && (sealed.json["alerts"] as? [[String: Any]])?.map { $0["kind"] as? String } == ["seal_opened"])
            #expect((sealed.json["rejected"] as? [[String: Any]])?.map { $0["field"] as? String } == ["/1/seal", "/2/event"])
            // Back on the corridor, then into the office of destination.
            _ = try await report([(540, 39.80, -3.90, 15), (900, 39.95, -3.75, 0)])

            let listed = try await client.send(.get, "/api/v1/tracking/alerts?movement=MRN-1", key: fixture.keys["analyst"])
            #expect((listed.json["alerts"] as? [[String: Any]])?.compactMap { $0["kind"] as? String } == ["seal_opened", "corridor_deviation"])
            let movement = try await client.send(.get, "/api/v1/tracking/movements/MRN-1", key: fixture.keys["officer"])
            let history = try #require(movement.json["history"] as? [[String: Any]])
            #expect(history.compactMap { $0["to"] as? String } == ["opened", "in_transit", "alert", "arrived"])
            let track = try await client.send(.get, "/api/v1/tracking/movements/MRN-1/positions", key: fixture.keys["officer"])
            #expect((track.json["positions"] as? [[String: Any]])?.count == 7)

            #expect(
                try await client.send(
                    .post, "/api/v1/tracking/movements/MRN-1/state", key: fixture.keys["officer"],
                    body: #"{"state":"in_transit"}"#
                ).status == .conflict, "arrived does not go back in transit")
            #expect(
                try await client.send(
                    .post, "/api/v1/tracking/movements/MRN-1/state", key: fixture.keys["officer"],
                    body: #"{"state":"discharged","reason":"seals checked at KE-MRK"}"#
                ).status == .ok)
            let after = try await client.send(
                .post, "/api/v1/tracking/positions", key: fixture.keys["officer"],
                body: #"[{"device":"TRK-1","time":1796017000,"lon":39.95,"lat":-3.75}]"#)
            #expect(
                after.status == .unprocessableContent
                    && (after.json["rejected"] as? [[String: Any]])?.first?["code"] as? String == "tracking.unknown_device")
        }
        let reroutes = try fixture.store.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM risk_reroute WHERE by = 'tracking'") }
        #expect(reroutes == 1, "raised once: the seal alert found the declaration red already")
        let pending = try fixture.store.ledger.pendingEntries(limit: 100).map(\.type)
        #expect(pending.filter { $0 == AccountableEntry.Kind.trackingAlert }.count == 2 && pending.contains(AccountableEntry.Kind.reroute))
    }

    @Test("the clock: a movement past its time limit and a silent device each alert once")
    func clock() async throws {
        let fixture = try ServerFixture()
        defer { fixture.cleanUp() }
        let tracking = try TrackingService(store: fixture.store)
        try fixture.openMovement(tracking, reference: "MRN-LATE", device: "TRK-2", deadline: "2026-12-01T00:10:00Z")
        // 2026-12-01T00:00Z
        var report = PositionReport(device: "TRK-2", time: Date(timeIntervalSince1970: 1_796_083_200), latitude: -4.00, longitude: 39.70)
        report.speed = 15
        #expect(try await tracking.report([report], source: "json").accepted == 1)
        #expect(try await tracking.tick(now: Date(timeIntervalSince1970: 1_796_083_200 + 300)).isEmpty)
        let late = try await tracking.tick(now: Date(timeIntervalSince1970: 1_796_083_200 + 3600))
        #expect(late.map(\.kind.rawValue).sorted() == ["device_silent", "late_arrival"])
        #expect(try await tracking.tick(now: Date(timeIntervalSince1970: 1_796_083_200 + 7200)).isEmpty, "once per episode")
    }

    @Test("drones: crossing into restricted airspace alerts with the operator's position apart from its words; the drones list shows the last fix")
    func drones() async throws {
        let fixture = try ServerFixture()
        defer { fixture.cleanUp() }
        let airspace =
            #"{"type":"Feature","id":"MBA-CTR","properties":{"kind":"restricted_airspace"},"geometry":{"type":"Polygon","coordinates":[[[39.58,-4.06],[39.62,-4.06],[39.62,-4.02],[39.58,-4.02],[39.58,-4.06]]]}}"#
        try await fixture.application().test(.router) { client in
            #expect(try await client.send(.post, "/api/v1/zones", key: fixture.keys["analyst"], body: airspace).status == .ok)
            let fixes =
                #"[{"id":"1581F5FJD229C00A1234","time":"2026-12-01T00:00:00Z","lat":-4.00,"lon":39.55},{"id":"1581F5FJD229C00A1234","time":"2026-12-01T00:00:05Z","lat":-4.04,"lon":39.60,"operator":{"lat":-4.0,"lon":39.54}}]"#
            let response = try await client.send(.post, "/api/v1/tracking/drones", key: fixture.keys["officer"], body: fixes)
            let alerts = try #require(response.json["alerts"] as? [[String: Any]])
            #expect(alerts.count == 1 && alerts[0]["kind"] as? String == "drone_restricted_airspace")
            // The operator's position is a person's: a field for the control room, not in the words, the webhook body or the ledger.
            #expect(alerts[0]["operator_latitude"] as? Double == -4.0 && alerts[0]["operator_longitude"] as? Double == 39.54)
            #expect((alerts[0]["detail"] as? String)?.contains("39.54") == false)
            let stored = try #require(try fixture.store.tracking.alerts(limit: 10).first)
            let webhook = String(decoding: TrackingService.webhookBody(stored), as: UTF8.self)
            #expect(!webhook.contains("operator") && !webhook.contains("39.54"))
            #expect(webhook.contains(#""at":"2026-12-01T00:00:05Z""#) && webhook.contains(#""created_at":"20"#), "times leave as ISO 8601")
            let entries = try fixture.store.ledger.pendingEntries(limit: 100).filter { $0.type == AccountableEntry.Kind.trackingAlert }
            #expect(entries.count == 1)
            for entry in entries {
                let text = String(decoding: entry.entry, as: UTF8.self)
                #expect(
                    text.contains("detail_commitment") && !text.contains("39.5") && !text.contains("-4.0") && !text.contains("\"position\"")
                        && !text.contains("\"detail\""))
            }
            let seen = try await client.send(.get, "/api/v1/tracking/drones?hours=744", key: fixture.keys["officer"])
            #expect((seen.json["drones"] as? [[String: Any]])?.first?["latitude"] as? Double == -4.04)
        }
    }

    @Test("alerts stream over server-sent events on a running server, after the ones missed since Last-Event-ID")
    func stream() async throws {
        let fixture = try ServerFixture()
        defer { fixture.cleanUp() }
        var configuration = fixture.configuration
        configuration.port = 0
        let port = Delivered<Int>()
        let app = try PortunusServer.application(
            configuration: configuration, store: fixture.store, logger: Logger(label: "test"),
            onServerRunning: port.deliver)
        try await running([app], listeningOn: port) { bound in
            let base = "http://127.0.0.1:\(bound)/api/v1"
            func call(_ path: String, _ body: String) async throws -> Int {
                var request = HTTPClientRequest(url: base + path)
                request.method = .POST
                request.headers.add(name: "Authorization", value: "Bearer \(fixture.keys["admin"]!)")
                request.headers.add(name: "Content-Type", value: "application/json")
                request.body = .bytes(ByteBuffer(string: body))
                return Int(try await HTTPClient.shared.execute(request, timeout: .seconds(60)).status.code)
            }
            #expect(try await call("/zones", trackingZones) == 200)
            #expect(
                try await call(
                    "/tracking/movements",
                    #"{"reference":"MRN-S","device":"TRK-S","corridor":"KE-A109","deadline":"2099-01-01T00:00:00Z","seals":["S-1"]}"#) == 201)
            #expect(try await call("/tracking/seals", #"[{"seal":"S-1","event":"tampered","time":1796016000}]"#) == 200)

            var request = HTTPClientRequest(url: base + "/tracking/alerts/stream")
            request.headers.add(name: "Authorization", value: "Bearer \(fixture.keys["officer"]!)")
            request.headers.add(name: "Last-Event-ID", value: "0")
            let response = try await HTTPClient.shared.execute(request, timeout: .seconds(60))
            #expect(response.headers.first(name: "Content-Type") == "text/event-stream")
            var text = ""
            var sentSecond = false
            for try await chunk in response.body {
                text += String(buffer: chunk)
                if !sentSecond, text.contains("seal_tampered") {
                    sentSecond = true
                    #expect(try await call("/tracking/seals", #"[{"seal":"S-1","event":"opened","time":1796016060}]"#) == 200)
                }
                if text.contains("seal_opened") { break }
            }
            #expect(
                text.contains("id: 1\nevent: alert\ndata: {") && text.contains("id: 2\nevent: alert"), "the missed alert first, then the live one")
        }
    }

    @Test("webhooks: a delivery refused with 500 is retried and then delivered, signed with the webhook's secret")
    func webhooks() async throws {
        let fixture = try ServerFixture()
        defer { fixture.cleanUp() }
        let received = ReceivedCalls()
        let receiver = Router()
        receiver.post("/hook") { request, _ -> Response in
            let body = Data(buffer: try await request.body.collect(upTo: 1 << 16))
            let first = received.add(body: body, signature: request.headers.first { $0.name.canonicalName == "portunus-signature" }?.value ?? "")
            return Response(status: first ? .internalServerError : .ok)
        }
        let port = Delivered<Int>()
        let receiverApp = Application(
            router: receiver, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { port.deliver($0.localAddress?.port ?? 0) })
        // The receiver is on loopback, which webhooks may only reach when private destinations are allowed.
        let tracking = try TrackingService(store: fixture.store, destinations: DestinationPolicy(allowPrivate: true))
        try fixture.openMovement(tracking, reference: "MRN-W", device: "TRK-W", seals: ["W-1"])
        let delivery = WebhookDeliveryWorker(
            store: fixture.store, attempts: 30, baseDelay: 0.2, destinations: DestinationPolicy(allowPrivate: true),
            logger: Logger(label: "test"))
        try await running([receiverApp, delivery], listeningOn: port) { bound in
            let url = "http://127.0.0.1:\(bound)/hook"
            let admin = Principal(keyID: "test", role: .admin)
            #expect(throws: PortunusError.self) { try tracking.addWebhook(url: url, secret: "short", kinds: nil, by: admin) }
            #expect(throws: PortunusError.self) {
                try tracking.addWebhook(url: url, secret: "0123456789abcdef", kinds: nil, by: Principal(keyID: "o", role: .officer))
            }
            _ = try tracking.addWebhook(url: url, secret: "0123456789abcdef", kinds: ["seal_tampered"], by: admin)
            let alerts = try await tracking.seals(
                [SealEvent(seal: "W-1", kind: .opened, at: Date()), SealEvent(seal: "W-1", kind: .tampered, at: Date())], source: "json")
            #expect(alerts.alerts.map(\.kind) == [.sealOpened, .sealTampered])
            let tampered = alerts.alerts[1].id
            let deadline = Date().addingTimeInterval(120)
            while try !(fixture.store.tracking.deliveries(alert: tampered).first?.delivered ?? false), Date() < deadline {
                try await Task.sleep(for: .milliseconds(50))
            }
            let outcome = try #require(try fixture.store.tracking.deliveries(alert: tampered).first)
            // Refused once, then delivered; on a loaded machine an attempt may also time out in between.
            #expect(outcome.delivered && outcome.attempts >= 2 && outcome.lastStatus == 200)
            #expect(try fixture.store.tracking.deliveries(alert: alerts.alerts[0].id).isEmpty, "the webhook takes seal_tampered only")
        }
        let calls = received.calls
        #expect(calls.count >= 2 && calls.allSatisfy { $0.body == calls[0].body })
        let last = try #require(calls.last)
        let parts = last.signature.split(separator: ",")
        let timestamp = try #require(Int(parts[0].dropFirst(2)))
        #expect(TrackingService.webhookSignature(last.body, secret: "0123456789abcdef", timestamp: timestamp) == last.signature)
    }
}

final class ReceivedCalls: @unchecked Sendable {
    private let lock = NSLock()
    private var list: [(body: Data, signature: String)] = []

    /// Records a call; true for the first one.
    func add(body: Data, signature: String) -> Bool {
        lock.withLock {
            list.append((body, signature))
            return list.count == 1
        }
    }

    var calls: [(body: Data, signature: String)] { lock.withLock { list } }
}
