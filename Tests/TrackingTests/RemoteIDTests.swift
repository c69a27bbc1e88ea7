import Foundation
import PortunusTestSupport
import Testing

@testable import PortunusCore
@testable import Tracking

@Suite("Remote ID decoding")
struct RemoteIDTests {
    static let captures = ["odid_wifi_sample.pcap", "odid_wifi_bcn_sample.pcap", "odid_bt5_lr_sample.pcapng"]

    /// The reference file's keys, ours, the raw key beside it, and the value that means
    /// "unknown" (which the reference keeps as a number and we give as nil).
    static let fields: [Int: [(reference: String, ours: String, raw: String?, unknown: Double?)]] = [
        0: [("idType", "id_type", nil, nil), ("uaType", "ua_type", nil, nil), ("uasId", "uas_id", nil, nil)],
        1: [
            ("status", "status", nil, nil), ("heightType", "height_type", nil, nil), ("ewDirection", "ew_direction", nil, nil),
            ("speedMult", "speed_multiplier", nil, nil), ("direction", "direction", "raw_direction", 361),
            ("speedH", "speed_horizontal", "raw_speed", 255),
            ("speedV", "speed_vertical", "raw_vspeed", 63), ("lat", "latitude", "raw_lat", nil), ("lon", "longitude", "raw_lon", nil),
            ("altBaro", "altitude_pressure", "raw_altBaro", -1000), ("altGeo", "altitude_geodetic", "raw_altGeo", -1000),
            ("height", "height", "raw_height", -1000), ("horizAcc", "accuracy_horizontal", nil, nil), ("vertAcc", "accuracy_vertical", nil, nil),
            ("speedAcc", "accuracy_speed", nil, nil), ("baroAcc", "accuracy_barometric", nil, nil),
            ("timestamp", "timestamp", "raw_timestamp", 6553.5),
        ],
        3: [("descType", "description_type", nil, nil), ("desc", "description", nil, nil)],
        4: [
            ("operatorLocationType", "operator_location_type", nil, nil), ("classificationType", "classification_type", nil, nil),
            ("opLat", "operator_latitude", "raw_opLat", nil), ("opLon", "operator_longitude", "raw_opLon", nil),
            ("areaCount", "area_count", nil, nil),
            ("areaRadius", "area_radius", "raw_areaRadius", nil), ("areaCeiling", "area_ceiling", "raw_areaCeiling", -1000),
            ("areaFloor", "area_floor", "raw_areaFloor", -1000), ("categoryEU", "eu_category", nil, nil), ("classEU", "eu_class", nil, nil),
            ("opAltGeo", "operator_altitude_geodetic", "raw_opAltGeo", -1000),
        ],
        5: [("operatorIdType", "operator_id_type", nil, nil), ("operatorId", "operator_id", nil, nil)],
    ]

    @Test(
        "every CRC-valid frame of the three captures decodes to exactly the reference values; CRC-failed frames are reported, not decoded",
        .enabled(if: TestEnvironment.hasDatasets("remote-id/odid_samples_decoded.jsonl", "remote-id/odid_bt5_lr_sample.pcapng")))
    func captures() throws {
        let lines = try String(contentsOf: TestEnvironment.dataset("remote-id/odid_samples_decoded.jsonl"), encoding: .utf8)
            .split(separator: "\n").map { try #require(JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]) }
        var compared = 0
        var failedChecks = 0
        var values = 0
        for file in Self.captures {
            let capture = PacketCapture.read(Array(try Data(contentsOf: TestEnvironment.dataset("remote-id/" + file))))
            #expect(capture.error == nil, "\(file): \(String(describing: capture.error))")
            let observations = Dictionary(uniqueKeysWithValues: RemoteIDLink.observations(capture.frames).map { ($0.frame, $0) })
            let expected = lines.filter { $0["file"] as? String == file }
            #expect(Set(observations.keys) == Set(expected.map { $0["frame"] as! Int }), "\(file): the frames that carry Remote ID data")
            for line in expected {
                let frame = line["frame"] as! Int
                let observation = try #require(observations[frame], "\(file) frame \(frame)")
                #expect(observation.transport.rawValue == line["transport"] as? String)
                if line["link_crc_ok"] as? Bool == false {
                    #expect(!observation.linkCheckPassed && observation.pack == nil, "\(file) frame \(frame): reported, not decoded")
                    failedChecks += 1
                    continue
                }
                #expect(
                    observation.linkCheckPassed && observation.problem == nil, "\(file) frame \(frame): \(String(describing: observation.problem))")
                let pack = try #require(observation.pack)
                #expect(pack.messages.count == line["pack_message_count"] as? Int)
                if let counter = line["counter"] as? Int { #expect(observation.counter == counter) }
                for (message, reference) in zip(pack.messages, line["messages"] as? [[String: Any]] ?? []) {
                    #expect(Hex.encode(message.bytes) == reference["hex"] as? String)
                    #expect(message.type == reference["type"] as? Int && message.version == reference["version"] as? Int)
                    for field in Self.fields[message.type] ?? [] {
                        let ours = try #require(message[field.ours], "\(file) frame \(frame): \(field.ours)")
                        switch reference[field.reference] {
                        case let text as String:
                            #expect(ours == .text(text), "\(file) frame \(frame) \(field.ours)")
                        case let number as NSNumber:
                            let value = number.doubleValue
                            let unknown =
                                field.unknown == value
                                || (["lat", "opLat"].contains(field.reference) && value == 0
                                    && (reference[field.reference == "lat" ? "lon" : "opLon"] as? NSNumber)?.doubleValue == 0)
                                || (["lon", "opLon"].contains(field.reference) && value == 0
                                    && (reference[field.reference == "lon" ? "lat" : "opLat"] as? NSNumber)?.doubleValue == 0)
                            if unknown {
                                #expect(ours == .unknown, "\(file) frame \(frame) \(field.ours): the standard's unknown is null")
                            } else {
                                #expect(
                                    ours.double.map { abs($0 - value) < 1e-9 } == true,
                                    "\(file) frame \(frame) \(field.ours): \(ours) against \(value)")
                            }
                        default:
                            Issue.record("\(file) frame \(frame): the reference has no \(field.reference)")
                        }
                        if let raw = field.raw {
                            #expect(message.raw(field.ours) == (reference[raw] as? NSNumber)?.int64Value, "\(file) frame \(frame) raw \(raw)")
                        }
                        values += 1
                    }
                    // The timestamp accuracy: tenths of a second, 0 unknown.
                    if message.type == 1, let accuracy = reference["tsAcc"] as? Int {
                        #expect(message.raw("timestamp_accuracy") == Int64(accuracy))
                        #expect(message["timestamp_accuracy"] == (accuracy == 0 ? .unknown : .double(Double(accuracy) / 10)))
                    }
                    if message.type == 4, let stamp = reference["timestamp"] as? Int {
                        #expect(message.raw("timestamp") == Int64(stamp) && (stamp != 0 || message["timestamp"] == .unknown))
                    }
                }
                compared += 1
            }
        }
        #expect(failedChecks == 29, "the Bluetooth capture's 29 frames with a failed CRC")
        #expect(compared == 336 - 29)
        print("Remote ID: \(compared) frames decoded to the reference (\(values) field values), \(failedChecks) CRC failures reported")
    }

    @Test("messages at their limits and sentinels; packs that lie about their size are refused; authentication pages assemble")
    func messages() throws {
        var location = [UInt8](repeating: 0, count: 25)
        location[0] = 0x12  // Location, version 2
        location[1] = 0x23  // airborne, E/W bit, multiplier
        location[2] = 181  // 181 + 180 = 361: unknown
        location[3] = 255  // × 0.75 + 63.75 = 255: unknown
        location[4] = UInt8(bitPattern: -128)  // −64 m/s
        location[21] = 0xFF
        location[22] = 0xFF  // timestamp unknown
        let message = try RemoteID.message(location[...])
        #expect(message.type == 1 && message.version == 2 && message["status"] == .int(2))
        #expect(message["direction"] == .unknown && message["speed_horizontal"] == .unknown && message["speed_vertical"] == .double(-64))
        #expect(message["latitude"] == .unknown && message["altitude_geodetic"] == .unknown && message["timestamp"] == .unknown)
        location[3] = 254
        #expect(try RemoteID.message(location[...])["speed_horizontal"] == .double(254.25))

        #expect(throws: PortunusError.self) { try RemoteID.message(location[..<24]) }
        var unknownType = location
        unknownType[0] = 0x60
        #expect(throws: PortunusError.self) { try RemoteID.message(unknownType[...]) }
        let pack: [UInt8] = [0xF2, 25, 2] + location
        #expect(throws: PortunusError.self, "two messages promised, one present") { try RemoteID.pack(pack[...]) }
        #expect(throws: PortunusError.self, "a message size other than 25") { try RemoteID.pack(([0xF2, 24, 1] + location)[...]) }

        // Authentication: 2 pages, 30 bytes of data.
        var page0 = [UInt8](repeating: 0, count: 25)
        var page1 = [UInt8](repeating: 0, count: 25)
        page0[0] = 0x22
        page0[1] = 0x10  // UAS-ID signature, page 0
        page0[2] = 1  // last page
        page0[3] = 30  // length
        page0[4] = 0x10  // timestamp 16 s after 2019-01-01
        for index in 8..<25 { page0[index] = UInt8(index - 8) }
        page1[0] = 0x22
        page1[1] = 0x11
        for index in 2..<25 { page1[index] = UInt8(17 + index - 2) }
        let pages = try RemoteID.pack(([0xF2, 25, 2] + page0 + page1)[...]).messages
        let assembled = try #require(RemoteID.authentication(pages))
        #expect(assembled.authType == 1 && assembled.timestamp == "2019-01-01T00:00:16Z")
        #expect(assembled.data == Hex.encode((0..<30).map { UInt8($0) }))
        #expect(RemoteID.authentication([pages[1]]) == nil, "page 0 missing")
    }

    @Test(
        "capture files: a cut-short pcap keeps the frames before the fault and names its byte offset; not a capture is refused",
        .enabled(if: TestEnvironment.hasDatasets("remote-id/odid_wifi_bcn_sample.pcap")))
    func captureErrors() throws {
        let bytes = Array(try Data(contentsOf: TestEnvironment.dataset("remote-id/odid_wifi_bcn_sample.pcap")))
        let whole = PacketCapture.read(bytes)
        #expect(whole.frames.count == 21 && whole.error == nil)
        let cut = PacketCapture.read(Array(bytes.prefix(bytes.count - 10)))
        #expect(cut.frames.count == 20 && cut.error?.code == .captureTruncated)
        #expect(cut.error?.location?.byteOffset == whole.frames[20].offset - 16)
        #expect(PacketCapture.read(Array("not a capture".utf8)).error?.code == .captureFormat)
    }
}
