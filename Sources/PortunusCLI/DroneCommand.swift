import ArgumentParser
import Foundation
import PortunusCore
import Tracking

struct DroneCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "drone",
        abstract: "Drones: Remote ID (ASTM F3411 / OpenDroneID) broadcasts.",
        subcommands: [DroneDecodeCommand.self]
    )
}

struct DroneDecodeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "decode",
        abstract: "Decode the Remote ID messages of a pcap or pcapng capture (Wi-Fi Beacon and NAN, Bluetooth 4 and 5 advertising).",
        discussion: """
            With --json, one JSON object per frame that carries OpenDroneID data: frame (numbered from 1 as tshark numbers \
            frames), transport, source, counter, and messages, each with its type (0–5), name, version, its fields in physical \
            units (degrees, metres, m/s, seconds; the standard's "unknown" as null) and the raw integers under raw. A frame \
            whose link-layer check failed is given as crc_ok false, without messages; data that is not valid Remote ID as \
            error. Exit 1 when the capture is cut short or malformed (the frames before the fault are printed).
            """
    )
    @Option(help: "The capture file (pcap or pcapng).") var pcap: String
    @Flag(help: "JSON lines.") var json = false

    func run() async throws {
        let capture = PacketCapture.read(try readFile(pcap))
        let observations = RemoteIDLink.observations(capture.frames)
        var failed = 0
        var messages = 0
        for observation in observations {
            if !observation.linkCheckPassed { failed += 1 }
            messages += observation.pack?.messages.count ?? 0
            if json {
                try printJSON(FrameLine(observation))
            } else if !observation.linkCheckPassed {
                print("frame \(observation.frame) \(observation.transport.rawValue): link-layer check failed, not decoded")
            } else if let problem = observation.problem {
                print("frame \(observation.frame) \(observation.transport.rawValue): \(problem)")
            } else if let pack = observation.pack {
                print(
                    "frame \(observation.frame) \(observation.transport.rawValue) counter \(observation.counter ?? 0): "
                        + (pack.messages.isEmpty ? "empty pack" : pack.messages.map(Self.summary).joined(separator: "; ")))
            }
        }
        standardError(
            "\(capture.frames.count) frames, \(observations.count) with Remote ID data, \(messages) messages, \(failed) failed the link-layer check")
        if let error = capture.error {
            standardError("error: \(error) at \(error.location?.description ?? "?")")
            throw ExitCode(1)
        }
    }

    static func summary(_ message: RemoteID.Message) -> String {
        func text(_ name: String) -> String {
            switch message[name] {
            case .text(let value): value
            case .double(let value): String(format: "%.7g", value)
            case .int(let value): String(value)
            case .unknown, nil: "unknown"
            }
        }
        return switch message.type {
        case 0: "basic id \(text("uas_id"))"
        case 1: "location \(text("latitude")), \(text("longitude")) at \(text("altitude_geodetic")) m, \(text("speed_horizontal")) m/s"
        case 2: "authentication page \(text("page"))"
        case 3: "self id \(text("description"))"
        case 4: "system: operator at \(text("operator_latitude")), \(text("operator_longitude"))"
        case 5: "operator id \(text("operator_id"))"
        default: "type \(message.type)"
        }
    }

    /// One JSON line.
    struct FrameLine: Encodable {
        let observation: RemoteIDLink.Observation
        init(_ observation: RemoteIDLink.Observation) { self.observation = observation }

        enum CodingKeys: String, CodingKey { case frame, transport, source, crcOK = "crc_ok", counter, messages, authentication, error }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(observation.frame, forKey: .frame)
            try container.encode(observation.transport, forKey: .transport)
            try container.encodeIfPresent(observation.source, forKey: .source)
            try container.encode(observation.linkCheckPassed, forKey: .crcOK)
            try container.encodeIfPresent(observation.counter, forKey: .counter)
            if let pack = observation.pack {
                try container.encode(pack.messages, forKey: .messages)
                try container.encodeIfPresent(RemoteID.authentication(pack.messages), forKey: .authentication)
            }
            if let problem = observation.problem { try container.encode("\(problem.code.rawValue): \(problem.reason)", forKey: .error) }
        }
    }
}
