import Foundation
import Logging
import Portunus
import PortunusCore
import Tracking

/// One Teltonika connection's state: the bytes not yet consumed and the device once its
/// handshake is accepted.
struct TeltonikaSession {
    var buffer: [UInt8] = []
    var imei: String?

    struct Step {
        var replies: [[UInt8]] = []
        var close = false
    }

    /// Consumes every whole frame in the buffer.
    mutating func advance(tracking: TrackingService, logger: Logger) async -> Step {
        var step = Step()
        while !buffer.isEmpty {
            guard let device = imei else {
                do {
                    guard let handshake = try Teltonika.handshake(buffer[...]) else { return step }
                    buffer.removeFirst(handshake.consumed)
                    guard tracking.knows(device: handshake.imei) else {
                        Self.keep(
                            tracking: tracking, logger: logger, device: handshake.imei, code: PortunusError.Code.unknownDevice.rawValue, offset: 0,
                            detail: "the device is on no tracked movement", raw: [])
                        step.replies.append([0x00])
                        step.close = true
                        return step
                    }
                    imei = handshake.imei
                    step.replies.append([0x01])
                    continue
                } catch {
                    fail(error, device: nil, tracking: tracking, logger: logger, step: &step)
                    return step
                }
            }
            do {
                guard case .packet(let packet, let consumed) = try Teltonika.packet(buffer[...]) else { return step }
                buffer.removeFirst(consumed)
                let reports = packet.records.map { $0.report(device: device) }
                do {
                    let intake = try await tracking.report(reports, source: "teltonika")
                    // A record the door refuses (a clock years off, a non-finite number) would be
                    // refused again on every retry: it is kept as a refusal and acknowledged with
                    // the stored ones, so the device drops it instead of resending the packet forever.
                    for problem in intake.rejected {
                        Self.keep(
                            tracking: tracking, logger: logger, device: device, code: problem.code, offset: nil,
                            detail: "record \(problem.index): \(problem.detail)", raw: [])
                    }
                    step.replies.append(Teltonika.acknowledgement(records: intake.accepted + intake.rejected.count))
                } catch {
                    // Not stored: no acknowledgement, so the device keeps the records and retries.
                    logger.error("teltonika records not stored", metadata: ["code": "\(error.code)"])
                    step.close = true
                    return step
                }
            } catch {
                fail(error, device: device, tracking: tracking, logger: logger, step: &step)
                if step.close { return step }
            }
        }
        return step
    }

    /// A frame refused: kept, logged; a bad CRC skips the frame (0 records acknowledged), any
    /// other error closes the connection.
    mutating func fail(_ error: PortunusError, device: String?, tracking: TrackingService, logger: Logger, step: inout Step) {
        let offset = error.location?.byteOffset
        if error.code == .teltonikaCRC, buffer.count >= 8 {
            let length = buffer[4..<8].reduce(0) { $0 << 8 | Int($1) }
            let frame = min(buffer.count, 12 + length)
            Self.keep(
                tracking: tracking, logger: logger, device: device, code: error.code.rawValue, offset: offset, detail: error.reason,
                raw: Array(buffer[..<frame]))
            buffer.removeFirst(frame)
            step.replies.append(Teltonika.acknowledgement(records: 0))
            return
        }
        Self.keep(
            tracking: tracking, logger: logger, device: device, code: error.code.rawValue, offset: offset, detail: error.reason,
            raw: Array(buffer.prefix(12 + Teltonika.maximumDataLength)))
        buffer.removeAll()
        step.close = true
    }

    /// Keeps a refused frame as the tracking service bounds it (its first bytes, a budget
    /// per minute) and logs it within the log budget.
    static func keep(tracking: TrackingService, logger: Logger, device: String?, code: String, offset: Int?, detail: String, raw: [UInt8]) {
        tracking.keepRefused(source: "teltonika", device: device, code: code, byteOffset: offset, detail: detail, raw: Data(raw), logger: logger)
    }
}
