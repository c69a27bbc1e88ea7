/// The 7-3-1 check digit of ICAO 9303 Part 3: each character's value (0–9 for digits, 10–35
/// for A–Z, 0 for the filler `<`) times the repeating weights 7, 3, 1, summed, modulo 10.
///
/// What it cannot catch: values that differ by a multiple of 10 weigh the same, so in fields
/// that allow letters a change between `0`, `A`, `K` and `U` (values 0, 10, 20, 30), or `1`,
/// `B`, `L` and `V`, … goes unseen; so do two changes that cancel out. In digit-only fields
/// every single change is caught.
public enum MRZCheckDigit {
    @inline(__always)
    public static func value(_ byte: UInt8) -> Int? {
        switch byte {
        case 0x30...0x39: Int(byte - 0x30)
        case 0x41...0x5A: Int(byte - 0x41) + 10
        case 0x3C: 0
        default: nil
        }
    }

    /// The weighted sum (7, 3, 1, …) over the characters, or nil when one is not a valid MRZ
    /// character.
    public static func weightedSum<C: Collection>(_ bytes: C) -> Int? where C.Element == UInt8 {
        var sum = 0
        var weight = 0
        for byte in bytes {
            guard let value = value(byte) else { return nil }
            sum += value * (weight == 0 ? 7 : weight == 1 ? 3 : 1)
            weight = weight == 2 ? 0 : weight + 1
        }
        return sum
    }

    /// The check digit over the characters, or nil when one is not a valid MRZ character.
    public static func compute<C: Collection>(_ bytes: C) -> Int? where C.Element == UInt8 {
        weightedSum(bytes).map { $0 % 10 }
    }

    public static func compute(_ text: String) -> Int? { compute(Array(text.utf8)) }
}
