// The tracking load generator: trackers speaking Teltonika Codec 8 over TCP (or phones
// speaking OsmAnd over HTTP) to a running `portunus serve`, from a process of its own on
// loopback. Each of the demo transit network's movements has its own connection; reports
// follow the trucks along their corridors (some astray), so the server's alert rules do
// real work. Open loop: packets leave at the asked rate whatever the answers, and each
// one's latency runs from its send to its acknowledgement (Teltonika) or 200 (OsmAnd).
//
//   TrackingLoad seed DATA_DIR [ZONES MOVEMENTS SEED]
//   TrackingLoad teltonika PORT RATE BATCH SECONDS [ZONES MOVEMENTS SEED]
//   TrackingLoad osmand PORT RATE CONNECTIONS SECONDS [ZONES MOVEMENTS SEED]
// RATE is position updates per second in all (0: closed loop, as fast as acknowledged).
import Foundation
import NIOCore
import NIOPosix
import Portunus
import PortunusCore
import Storage
import Tracking

let arguments = CommandLine.arguments
func argument(_ index: Int, _ fallback: Int) -> Int { arguments.count > index ? Int(arguments[index]) ?? fallback : fallback }
let warmup = 5.0

final class Results {
    let lock = NSLock()
    var latencies: [Double] = []
    var updates = 0
    var refused = 0
    var unanswered = 0

    func add(latencies: [Double], updates: Int, refused: Int, unanswered: Int) {
        lock.lock()
        defer { lock.unlock() }
        self.latencies += latencies
        self.updates += updates
        self.refused += refused
        self.unanswered += unanswered
    }

    func print(_ title: String, seconds: Double) {
        let sorted = latencies.sorted()
        func percentile(_ p: Double) -> Double { sorted.isEmpty ? .nan : sorted[min(sorted.count - 1, Int(Double(sorted.count) * p))] }
        Swift.print(title)
        Swift.print(
            String(
                format: "  updates/s %.0f   requests/s %.0f   latency ms p50 %.2f  p90 %.2f  p99 %.2f  max %.2f   refused %d  unanswered %d",
                Double(updates) / seconds, Double(sorted.count) / seconds, percentile(0.5), percentile(0.9), percentile(0.99),
                sorted.last ?? .nan, refused, unanswered))
    }
}

/// A window of measurement: what is sent in it counts.
struct Window {
    let from: NIODeadline
    let until: NIODeadline
    func contains(_ time: NIODeadline) -> Bool { time >= from && time < until }
}

final class TeltonikaDevice: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer
    let index: Int, demo: TransitDemo, batch: Int, interval: TimeAmount?, window: Window, start: Date
    var step = 0, handshaken = false, buffer: [UInt8] = []
    var inflight: [(sent: NIODeadline, records: Int)] = [], head = 0
    var latencies: [Double] = [], updates = 0, refused = 0
    var task: RepeatedTask?

    init(index: Int, demo: TransitDemo, batch: Int, interval: TimeAmount?, window: Window, start: Date) {
        self.index = index
        self.demo = demo
        self.batch = batch
        self.interval = interval
        self.window = window
        self.start = start
    }

    func channelActive(context: ChannelHandlerContext) {
        context.writeAndFlush(wrapOutboundOut(ByteBuffer(bytes: Teltonika.handshake(imei: TransitDemo.device(index)))), promise: nil)
    }

    func send(_ context: ChannelHandlerContext) {
        guard NIODeadline.now() < window.until else {
            task?.cancel()
            return
        }
        var records: [Teltonika.Record] = []
        for _ in 0..<batch {
            let report = demo.report(index, step: step % 3_000, start: start.addingTimeInterval(Double(step / 3_000) * 30_000))
            step += 1
            records.append(
                Teltonika.Record(
                    timestamp: Int64(report.time.timeIntervalSince1970 * 1000), longitude: report.longitude, latitude: report.latitude,
                    angle: 0, satellites: 9, speed: Int((report.speed ?? 0) * 3.6)))
        }
        inflight.append((NIODeadline.now(), batch))
        context.writeAndFlush(wrapOutboundOut(ByteBuffer(bytes: Teltonika.encode(records))), promise: nil)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let bytes = unwrapInboundIn(data)
        buffer += bytes.readableBytesView
        if !handshaken {
            guard let first = buffer.first else { return }
            buffer.removeFirst()
            guard first == 1 else {
                Swift.print("device \(index) refused")
                context.close(promise: nil)
                return
            }
            handshaken = true
            if let interval {
                let phase = TimeAmount.nanoseconds(Int64.random(in: 0..<interval.nanoseconds))
                task = context.eventLoop.scheduleRepeatedTask(initialDelay: phase, delay: interval) { [self] _ in send(context) }
            } else {
                send(context)
            }
        }
        while buffer.count >= 4 {
            let acknowledged = Int(buffer[3])
            buffer.removeFirst(4)
            let now = NIODeadline.now()
            let packet = inflight[head]
            head += 1
            if window.contains(packet.sent) {
                latencies.append(Double((now - packet.sent).nanoseconds) / 1e6)
                updates += acknowledged
                if acknowledged != packet.records { refused += 1 }
            }
            if interval == nil, now < window.until { send(context) }
        }
    }
}

/// An OsmAnd client on one keep-alive connection, for the devices `connection`,
/// `connection + connections`, …; requests pipelined when answers lag.
final class OsmAndClient: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer
    let devices: [Int], demo: TransitDemo, interval: TimeAmount?, window: Window, start: Date
    var steps: [Int], next = 0, buffer: [UInt8] = []
    var inflight: [NIODeadline] = [], head = 0
    var latencies: [Double] = [], updates = 0, refused = 0
    var task: RepeatedTask?

    init(devices: [Int], demo: TransitDemo, interval: TimeAmount?, window: Window, start: Date) {
        self.devices = devices
        self.demo = demo
        self.interval = interval
        self.window = window
        self.start = start
        steps = Array(repeating: 0, count: devices.count)
    }

    func channelActive(context: ChannelHandlerContext) {
        if let interval {
            let phase = TimeAmount.nanoseconds(Int64.random(in: 0..<interval.nanoseconds))
            task = context.eventLoop.scheduleRepeatedTask(initialDelay: phase, delay: interval) { [self] _ in send(context) }
        } else {
            send(context)
        }
    }

    func send(_ context: ChannelHandlerContext) {
        guard NIODeadline.now() < window.until else {
            task?.cancel()
            return
        }
        let slot = next % devices.count
        next += 1
        let report = demo.report(devices[slot], step: steps[slot] % 3_000, start: start)
        steps[slot] += 1
        let query = String(
            format: "id=%@&lat=%.6f&lon=%.6f&timestamp=%.0f&speed=%.2f&bearing=0", TransitDemo.device(devices[slot]), report.latitude,
            report.longitude, report.time.timeIntervalSince1970, (report.speed ?? 0) / OsmAnd.knot)
        inflight.append(NIODeadline.now())
        context.writeAndFlush(wrapOutboundOut(ByteBuffer(string: "GET /?\(query) HTTP/1.1\r\nHost: localhost\r\n\r\n")), promise: nil)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        buffer += unwrapInboundIn(data).readableBytesView
        while let end = headerEnd() {
            let header = String(decoding: buffer[..<end], as: UTF8.self)
            let length =
                header.split(separator: "\r\n").first { $0.lowercased().hasPrefix("content-length:") }
                .flatMap { Int($0.split(separator: ":")[1].trimmingCharacters(in: .whitespaces)) } ?? 0
            guard buffer.count >= end + 4 + length else { return }
            let ok = header.hasPrefix("HTTP/1.1 200")
            buffer.removeFirst(end + 4 + length)
            let now = NIODeadline.now()
            let sent = inflight[head]
            head += 1
            if window.contains(sent) {
                latencies.append(Double((now - sent).nanoseconds) / 1e6)
                if ok { updates += 1 } else { refused += 1 }
            }
            if interval == nil, now < window.until { send(context) }
        }
    }

    func headerEnd() -> Int? {
        guard buffer.count >= 4 else { return nil }
        for index in 0...(buffer.count - 4) where buffer[index] == 13 && buffer[index + 1] == 10 && buffer[index + 2] == 13 && buffer[index + 3] == 10
        {
            return index
        }
        return nil
    }
}

let mode = arguments.count > 1 ? arguments[1] : ""
switch mode {
case "seed":
    let zones = argument(3, 1_000)
    let movements = argument(4, 1_000)
    let seed = UInt64(argument(5, 11))
    let store = try PortunusStore(dataDirectory: arguments[2])
    let demo = TransitDemo(zones: zones, movements: movements, seed: seed)
    let seeded = try demo.seed(into: try TrackingService(store: store), by: Principal(keyID: "bench", role: .admin))
    print("seeded \(seeded.zones) zones and \(seeded.movements) movements")

case "teltonika", "osmand":
    let port = argument(2, 5027)
    let rate = argument(3, 20_000)
    let fourth = argument(4, 10)
    let seconds = Double(argument(5, 20))
    let zones = argument(6, 1_000)
    let movements = argument(7, 1_000)
    let seed = UInt64(argument(8, 11))
    let demo = TransitDemo(zones: zones, movements: movements, seed: seed)
    let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
    let begin = NIODeadline.now() + .seconds(2)
    let window = Window(from: begin + .milliseconds(Int64(warmup * 1000)), until: begin + .milliseconds(Int64((warmup + seconds) * 1000)))
    let start = Date()
    var channels: [Channel] = []
    let results = Results()
    if mode == "teltonika" {
        let batch = fourth
        let interval: TimeAmount? = rate > 0 ? .nanoseconds(Int64(1e9 * Double(movements * batch) / Double(rate))) : nil
        for index in 0..<movements {
            let device = TeltonikaDevice(index: index, demo: demo, batch: batch, interval: interval, window: window, start: start)
            channels.append(
                try ClientBootstrap(group: group).channelOption(.socketOption(.tcp_nodelay), value: 1)
                    .channelInitializer { $0.pipeline.addHandler(device) }.connect(host: "127.0.0.1", port: port).wait())
        }
        Thread.sleep(forTimeInterval: max(0, Double((window.until - NIODeadline.now()).nanoseconds) / 1e9) + 2)
        for channel in channels {
            let device = try channel.pipeline.handler(type: TeltonikaDevice.self).wait()
            try channel.eventLoop.submit {
                results.add(
                    latencies: device.latencies, updates: device.updates, refused: device.refused,
                    unanswered: device.inflight[device.head...].filter { window.contains($0.sent) }.count)
            }.wait()
        }
        results.print(
            "Teltonika Codec 8 over TCP: \(movements) trackers, \(batch) records a packet, target \(rate == 0 ? "closed loop" : "\(rate) updates/s"), \(Int(seconds)) s, \(zones) zones",
            seconds: seconds)
    } else {
        let connections = fourth
        let interval: TimeAmount? = rate > 0 ? .nanoseconds(Int64(1e9 * Double(connections) / Double(rate))) : nil
        for connection in 0..<connections {
            let client = OsmAndClient(
                devices: Array(stride(from: connection, to: movements, by: connections)), demo: demo, interval: interval, window: window, start: start
            )
            channels.append(
                try ClientBootstrap(group: group).channelOption(.socketOption(.tcp_nodelay), value: 1)
                    .channelInitializer { $0.pipeline.addHandler(client) }.connect(host: "127.0.0.1", port: port).wait())
        }
        Thread.sleep(forTimeInterval: max(0, Double((window.until - NIODeadline.now()).nanoseconds) / 1e9) + 2)
        for channel in channels {
            let client = try channel.pipeline.handler(type: OsmAndClient.self).wait()
            try channel.eventLoop.submit {
                results.add(
                    latencies: client.latencies, updates: client.updates, refused: client.refused,
                    unanswered: client.inflight[client.head...].filter { window.contains($0) }.count)
            }.wait()
        }
        results.print(
            "OsmAnd over HTTP/1.1: \(connections) connections for \(movements) phones, target \(rate == 0 ? "closed loop" : "\(rate) updates/s"), \(Int(seconds)) s, \(zones) zones",
            seconds: seconds)
    }
    for channel in channels { try? channel.close().wait() }
    try group.syncShutdownGracefully()

default:
    print("usage: TrackingLoad seed DATA_DIR | teltonika PORT RATE BATCH SECONDS | osmand PORT RATE CONNECTIONS SECONDS")
    exit(2)
}
