import Foundation

// Shared by every target (compiled into each): what a server does with a parsed value
// after reading it, done cheaply, so that a value the parser lets through but a later
// formatter cannot take is a finding too (the crashes of issue #22 were in formatting).
enum FuzzSupport {
    /// The bytes libFuzzer passes, as `Data` (a null pointer for the empty input).
    static func data(_ start: UnsafePointer<UInt8>?, _ count: Int) -> Data {
        start.map { Data(bytes: $0, count: count) } ?? Data()
    }

    static func bytes(_ start: UnsafePointer<UInt8>?, _ count: Int) -> [UInt8] {
        start.map { Array(UnsafeBufferPointer(start: $0, count: count)) } ?? []
    }

    /// Encodes as the API does; an encoding error (a non-finite number) is an answer, not a crash.
    static func encode(_ value: some Encodable) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        _ = try? encoder.encode(value)
    }

    /// A diagnostic's byte offset must point into the input (or at its end).
    static func checkOffset(_ offset: Int?, within count: Int, _ what: String) {
        guard let offset else { return }
        if offset < 0 || offset > count { fatalError("\(what): byte offset \(offset) outside the input of \(count) bytes") }
    }
}
