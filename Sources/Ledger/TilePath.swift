import Foundation

/// C2SP `tlog-tiles` resource names: hash tiles `tile/<L>/<N>[.p/<W>]` and entry bundles
/// `tile/entries/<N>[.p/<W>]`, with `<N>` written in 3-digit groups, all but the last
/// prefixed with `x` (1234067 → `x001/x234/067`). A full tile holds 256 hashes; level-l tile
/// n holds, for i < 256, MTH(D[(n·256+i)·256^l ..< (n·256+i+1)·256^l]).
public struct TilePath: Hashable, Sendable, CustomStringConvertible {
    public static let width = 256
    public static let maximumLevel = 63

    /// A hash level (0 holds leaf hashes), or nil for an entry bundle.
    public var level: Int?
    public var index: UInt64
    /// 1...256; 256 is a full tile (no `.p/` suffix).
    public var width: Int

    public init(level: Int?, index: UInt64, width: Int = TilePath.width) {
        precondition(width >= 1 && width <= Self.width)
        self.level = level
        self.index = index
        self.width = width
    }

    public var isFull: Bool { width == Self.width }
    public var isEntryBundle: Bool { level == nil }

    /// The `<N>` encoding.
    public static func encode(index: UInt64) -> String {
        var groups: [String] = []
        var rest = index
        repeat {
            groups.append(String(format: "%03d", Int(rest % 1000)))
            rest /= 1000
        } while rest > 0
        return groups.reversed().enumerated().map { $0.offset == groups.count - 1 ? $0.element : "x" + $0.element }.joined(separator: "/")
    }

    public var description: String {
        "tile/" + (level.map(String.init) ?? "entries") + "/" + Self.encode(index: index) + (isFull ? "" : ".p/\(width)")
    }

    /// Parses a resource path (`tile/…`), accepting only the canonical form.
    public init?(_ path: some StringProtocol) {
        var parts = path.split(separator: "/", omittingEmptySubsequences: false)[...]
        guard parts.first == "tile", parts.count >= 3 else { return nil }
        parts = parts.dropFirst()
        let levelPart = parts.removeFirst()
        var level: Int? = nil
        if levelPart != "entries" {
            guard let value = Int(levelPart), value >= 0, value <= Self.maximumLevel, String(value) == levelPart else { return nil }
            level = value
        }
        var width = Self.width
        if parts.count >= 2, parts[parts.endIndex - 2].hasSuffix(".p") {
            let widthPart = parts.removeLast()
            guard let value = Int(widthPart), value >= 1, value < Self.width, String(value) == widthPart else { return nil }
            width = value
            let last = parts.removeLast()
            parts.append(last.dropLast(2))
        }
        var index: UInt64 = 0
        for (offset, group) in parts.enumerated() {
            let last = offset == parts.count - 1
            let digits = last ? group[...] : (group.hasPrefix("x") ? group.dropFirst() : "")
            guard digits.count == 3, digits.allSatisfy({ $0.isASCII && $0.isNumber }), let value = UInt64(digits) else { return nil }
            // Both steps checked: `x018/…/635` at level 63 passes the multiplication and
            // overflows only in the addition (the path comes from an unauthenticated GET).
            let (scaled, overflow) = index.multipliedReportingOverflow(by: 1000)
            let (sum, carry) = scaled.addingReportingOverflow(value)
            guard !overflow, !carry else { return nil }
            index = sum
        }
        let parsed = TilePath(level: level, index: index, width: width)
        guard parsed.description == path else { return nil }
        self = parsed
    }

    /// Every hash tile a tree of `size` leaves has, level by level: full tiles then the
    /// partial one (if any). Entry bundles follow the level-0 layout.
    public static func tiles(forSize size: UInt64) -> [(level: Int, full: UInt64, partialWidth: Int)] {
        var result: [(Int, UInt64, Int)] = []
        var count = size
        var level = 0
        while count > 0 {
            result.append((level, count / UInt64(width), Int(count % UInt64(width))))
            count /= UInt64(width)
            level += 1
        }
        return result
    }
}
