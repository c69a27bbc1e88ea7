import Foundation
import PortunusCore

/// A reader of the safetensors format (Hugging Face): an 8-byte little-endian header length,
/// a JSON header naming each tensor's dtype, shape and byte range, then the raw little-endian
/// tensor bytes. The file is memory-mapped; tensors are copied out as `[Float]` on request.
public struct SafeTensors: Sendable {
    public struct Tensor: Sendable, Hashable {
        public var dtype: String
        public var shape: [Int]
        /// Byte range in the file.
        public var range: Range<Int>
    }

    public let tensors: [String: Tensor]
    private let data: Data

    public init(contentsOf url: URL) throws(PortunusError) {
        let data: Data
        do { data = try Data(contentsOf: url, options: .alwaysMapped) } catch {
            throw PortunusError(.io, "cannot read the model weights at \(url.path)")
        }
        try self.init(data: data)
    }

    public init(data: Data) throws(PortunusError) {
        guard data.count >= 8 else {
            throw PortunusError(.invalidModel, "the safetensors file is shorter than its 8-byte header length", location: .init(byteOffset: 0))
        }
        let length = data.prefix(8).enumerated().reduce(UInt64(0)) { $0 | UInt64($1.element) << (8 * UInt64($1.offset)) }
        guard length >= 2, length <= UInt64(data.count - 8), length < 100_000_000 else {
            throw PortunusError(
                .invalidModel, "the safetensors header length \(length) does not fit the file of \(data.count) bytes", location: .init(byteOffset: 0))
        }
        let start = 8 + Int(length)
        let header: [String: Any]
        do {
            guard let object = try JSONSerialization.jsonObject(with: data.subdata(in: 8..<start)) as? [String: Any] else {
                throw PortunusError(.invalidModel, "the safetensors header is not a JSON object", location: .init(byteOffset: 8))
            }
            header = object
        } catch let error as PortunusError {
            throw error
        } catch {
            throw PortunusError(.invalidModel, "the safetensors header is not valid JSON", location: .init(byteOffset: 8))
        }
        var tensors: [String: Tensor] = [:]
        for (name, value) in header where name != "__metadata__" {
            guard let entry = value as? [String: Any], let dtype = entry["dtype"] as? String,
                let shape = entry["shape"] as? [Int], let offsets = entry["data_offsets"] as? [Int], offsets.count == 2,
                // Compared by subtraction: `start + offsets[1]` overflows for an offset near Int.max.
                offsets[0] >= 0, offsets[0] <= offsets[1], offsets[1] <= data.count - start
            else {
                throw PortunusError(
                    .invalidModel, "tensor \(name): its header entry is malformed or points past the end of the file", location: .init(byteOffset: 8))
            }
            let width = ["F32": 4, "F16": 2, "BF16": 2, "I64": 8, "I32": 4, "I8": 1, "U8": 1, "F64": 8, "BOOL": 1][dtype]
            guard let width, Self.byteCount(shape: shape, width: width) == offsets[1] - offsets[0] else {
                throw PortunusError(
                    .invalidModel, "tensor \(name): \(dtype) of shape \(shape) does not fill its \(offsets[1] - offsets[0]) bytes",
                    location: .init(byteOffset: start + offsets[0]))
            }
            tensors[name] = Tensor(dtype: dtype, shape: shape, range: (start + offsets[0])..<(start + offsets[1]))
        }
        self.tensors = tensors
        self.data = data
    }

    /// The bytes a tensor of `shape` takes, or nil for a negative dimension or a product
    /// past `Int.max` (the shape comes from the file, and a checked product of any dimensions
    /// can only be compared, never trap).
    static func byteCount(shape: [Int], width: Int) -> Int? {
        var total = width
        for dimension in shape {
            guard dimension >= 0 else { return nil }
            let (product, overflow) = total.multipliedReportingOverflow(by: dimension)
            guard !overflow else { return nil }
            total = product
        }
        return total
    }

    /// A float32 tensor's values in row-major order, checked against the expected shape.
    public func floats(_ name: String, shape: [Int]) throws(PortunusError) -> [Float] {
        guard let tensor = tensors[name] else { throw PortunusError(.invalidModel, "the model has no tensor \(name)") }
        guard tensor.dtype == "F32", tensor.shape == shape else {
            throw PortunusError(
                .invalidModel, "tensor \(name) is \(tensor.dtype) \(tensor.shape); expected F32 \(shape)",
                location: .init(byteOffset: tensor.range.lowerBound))
        }
        let count = tensor.range.count / 4
        return [Float](unsafeUninitializedCapacity: count) { buffer, initialized in
            data.withUnsafeBytes { raw in
                let source = UnsafeRawBufferPointer(rebasing: raw[tensor.range])
                for index in 0..<count {
                    buffer[index] = Float(bitPattern: UInt32(littleEndian: source.loadUnaligned(fromByteOffset: index * 4, as: UInt32.self)))
                }
            }
            initialized = count
        }
    }
}
