/// A run of an input's segments, indexed from 0: a view into the tokenizer's segments, so that
/// a message is delimited without copying its segments.
public struct EDIFACTSegmentList: RandomAccessCollection, Sendable, Hashable {
    let all: [EDIFACTSegment]
    let range: Range<Int>

    init(_ all: [EDIFACTSegment], _ range: Range<Int>) {
        self.all = all
        self.range = range
    }

    public var startIndex: Int { 0 }
    public var endIndex: Int { range.count }
    public subscript(position: Int) -> EDIFACTSegment { all[range.lowerBound + position] }

    public static func == (lhs: EDIFACTSegmentList, rhs: EDIFACTSegmentList) -> Bool { lhs.elementsEqual(rhs) }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(count)
        for segment in self { hasher.combine(segment) }
    }
}
