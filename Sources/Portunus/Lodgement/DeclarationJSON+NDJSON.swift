import Foundation
import PortunusCore

extension DeclarationJSON {
    /// An NDJSON batch decoded: each non-blank line's document, and the line it came from.
    public struct Lines: Sendable {
        public var documents: [Result<(Declaration, [PortunusError]), DecodeFailure>] = []
        /// The body's line number (from 1) of each document.
        public var lineNumbers: [Int] = []
    }

    /// Decodes an NDJSON body: one declaration per line; blank lines are ignored, line numbers
    /// kept, and a problem's location inside its line becomes its line in the body. Lines are
    /// parsed in place in the buffer. More than `limit` documents is refused before any is stored.
    public static func decodeLines(_ raw: UnsafeRawBufferPointer, limit: Int) throws(PortunusError) -> Lines {
        var lines = Lines()
        var lineNumber = 0
        var start = 0
        while start < raw.count {
            lineNumber += 1
            var end = start
            while end < raw.count, raw[end] != 0x0A { end += 1 }
            var last = end
            while last > start, raw[last - 1] == 0x0D || raw[last - 1] == 0x20 || raw[last - 1] == 0x09 { last -= 1 }
            var first = start
            while first < last, raw[first] == 0x20 || raw[first] == 0x09 { first += 1 }
            if first < last {
                guard lines.documents.count < limit else {
                    throw PortunusError(.bodyTooLarge, "a batch holds at most \(limit) declarations")
                }
                var document = decode(bytes: UnsafeRawBufferPointer(rebasing: raw[first..<last]))
                if case .failure(var failure) = document {
                    for index in failure.problems.indices { failure.problems[index].location?.line = lineNumber }
                    document = .failure(failure)
                }
                lines.documents.append(document)
                lines.lineNumbers.append(lineNumber)
            }
            start = end + 1
        }
        return lines
    }
}
