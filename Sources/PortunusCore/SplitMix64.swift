import Foundation

/// SplitMix64: a small, fast generator whose output is fixed by its seed on every platform
/// (the standard library's generator is not seedable).
public struct SplitMix64: RandomNumberGenerator, Sendable {
    private var state: UInt64
    public init(seed: UInt64) { state = seed }

    /// Fisher–Yates written out with this generator: the standard library's shuffle may
    /// change between releases, and a stored draw must re-derive on any later version.
    public static func shuffle<Element>(_ elements: inout [Element], seed: UInt64) {
        var generator = SplitMix64(seed: seed)
        var index = elements.count - 1
        while index > 0 {
            elements.swapAt(index, Int(generator.next() % UInt64(index + 1)))
            index -= 1
        }
    }
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
