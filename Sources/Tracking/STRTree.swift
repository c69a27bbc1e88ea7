import Foundation

/// A static R-tree packed by Sort-Tile-Recursive (Leutenegger et al., 1997): items' bounding
/// boxes sorted into vertical slices by x, each slice by y, packed sixteen to a node, level
/// by level. Built once for a set of zones (rebuilt when they change); a query for a point
/// visits only the nodes whose boxes hold it.
public struct STRTree: Sendable {
    static let capacity = 16
    /// Every node's box (west, south, east, north), leaves' first; `levels[i]` is the node
    /// range of level i, level 0 the leaves. A leaf node's children are items, others' nodes.
    let boxes: [Double]
    let children: [Int32]
    /// Node n's children are `children[childStart[n]..<childStart[n + 1]]`.
    let childStart: [Int32]
    let levels: [Range<Int>]
    /// The items' own boxes, four values each.
    let itemBoxes: [Double]
    public let count: Int

    public init(_ items: [BoundingBox]) {
        count = items.count
        itemBoxes = items.flatMap { [$0.west, $0.south, $0.east, $0.north] }
        var boxes: [Double] = []
        var children: [Int32] = []
        var childStart: [Int32] = [0]
        var levels: [Range<Int>] = []
        // Level 0: items packed into leaves.
        var entries: [(box: BoundingBox, id: Int)] = items.enumerated().map { ($1, $0) }
        var level = 0
        repeat {
            let packed = Self.pack(entries)
            let first = childStart.count - 1
            var next: [(box: BoundingBox, id: Int)] = []
            for group in packed {
                var box = group[0].box
                for entry in group.dropFirst() { box = box.union(entry.box) }
                boxes += [box.west, box.south, box.east, box.north]
                children += group.map { Int32($0.id) }
                childStart.append(Int32(children.count))
                next.append((box, first + next.count))
            }
            levels.append(first..<(first + packed.count))
            entries = next
            level += 1
        } while entries.count > 1
        self.boxes = boxes
        self.children = children
        self.childStart = childStart
        self.levels = levels
    }

    static func pack(_ entries: [(box: BoundingBox, id: Int)]) -> [[(box: BoundingBox, id: Int)]] {
        guard !entries.isEmpty else { return [] }
        let nodes = (entries.count + capacity - 1) / capacity
        let slices = Int(Double(nodes).squareRoot().rounded(.up))
        let perSlice = slices * capacity
        let byX = entries.sorted { ($0.box.west + $0.box.east) < ($1.box.west + $1.box.east) }
        var groups: [[(box: BoundingBox, id: Int)]] = []
        for start in stride(from: 0, to: byX.count, by: perSlice) {
            let slice = byX[start..<min(start + perSlice, byX.count)].sorted { ($0.box.south + $0.box.north) < ($1.box.south + $1.box.north) }
            for group in stride(from: 0, to: slice.count, by: capacity) {
                groups.append(Array(slice[(slice.startIndex + group)..<min(slice.startIndex + group + capacity, slice.endIndex)]))
            }
        }
        return groups
    }

    /// Calls `body` with every item whose box holds the point (in no set order).
    @inline(__always)
    public func forEach(containing x: Double, _ y: Double, _ body: (Int) -> Void) {
        guard let root = levels.last, !root.isEmpty else { return }
        itemBoxes.withUnsafeBufferPointer { item in
            boxes.withUnsafeBufferPointer { box in
                children.withUnsafeBufferPointer { child in
                    childStart.withUnsafeBufferPointer { start in
                        // A stack of (node, level) on the stack: at most 16 entries per level.
                        withUnsafeTemporaryAllocation(of: (Int, Int).self, capacity: Self.capacity * (levels.count + 1)) { stack in
                            var top = 0
                            for node in root {
                                stack[top] = (node, levels.count - 1)
                                top += 1
                            }
                            while top > 0 {
                                top -= 1
                                let (node, level) = stack[top]
                                let b = node * 4
                                guard x >= box[b], y >= box[b + 1], x <= box[b + 2], y <= box[b + 3] else { continue }
                                let from = Int(start[node])
                                let to = Int(start[node + 1])
                                if level == 0 {
                                    for index in from..<to {
                                        let id = Int(child[index])
                                        let i = id * 4
                                        if x >= item[i], y >= item[i + 1], x <= item[i + 2], y <= item[i + 3] { body(id) }
                                    }
                                } else {
                                    for index in from..<to {
                                        stack[top] = (Int(child[index]), level - 1)
                                        top += 1
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /// Items whose box holds the point, in item order.
    public func query(_ x: Double, _ y: Double) -> [Int] {
        var found: [Int] = []
        forEach(containing: x, y) { found.append($0) }
        return found.sorted()
    }
}
