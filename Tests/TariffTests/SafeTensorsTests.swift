import Foundation
import PortunusCore
import Testing

@testable import SentenceEmbedding

/// Model weights are a file from outside: offsets and shapes in a safetensors header are
/// compared with checked arithmetic, so a crafted header is refused, never trapped on.
@Suite("Safetensors headers")
struct SafeTensorsTests {
    static func file(header: String, payload: Int = 8) -> Data {
        let json = Array(header.utf8)
        var data = Data((0..<8).map { UInt8(truncatingIfNeeded: UInt64(json.count) >> (8 * UInt64($0))) })
        data += json
        data += Data(repeating: 0, count: payload)
        return data
    }

    @Test("a well-formed header reads its tensor")
    func wellFormedHeaderReads() throws {
        let tensors = try SafeTensors(data: Self.file(header: #"{"w":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}"#))
        #expect(try tensors.floats("w", shape: [2]) == [0, 0])
    }

    @Test(
        "an end offset near Int.max, a shape whose product overflows and a negative dimension are refused as embedding.model",
        arguments: [
            #"{"w":{"dtype":"F32","shape":[2],"data_offsets":[0,9223372036854775807]}}"#,
            #"{"w":{"dtype":"F32","shape":[4611686018427387904,4],"data_offsets":[0,8]}}"#,
            #"{"w":{"dtype":"F32","shape":[9223372036854775807,9223372036854775807],"data_offsets":[0,8]}}"#,
            #"{"w":{"dtype":"F32","shape":[-2,-1],"data_offsets":[0,8]}}"#,
        ])
    func craftedHeaderIsRefused(header: String) {
        #expect(throws: PortunusError.self) { try SafeTensors(data: Self.file(header: header)) }
        #expect((try? SafeTensors(data: Self.file(header: header))) == nil)
    }
}
