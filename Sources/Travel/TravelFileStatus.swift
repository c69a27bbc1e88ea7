/// What reading a received API or PNR file gave. Every file is kept, whatever it holds: one whose
/// messages could not be read at all is kept as `failed`, with the raw bytes, to be read again
/// by a later parser.
public enum TravelFileStatus: String, Sendable, Hashable, Codable, CaseIterable, CustomStringConvertible {
    /// Every message read cleanly.
    case parsed
    /// Read, with diagnostics (a segment out of place, trailing text, …).
    case parsedWithWarnings = "parsed_with_warnings"
    /// No message could be read.
    case failed

    /// As stored and sent (`parsed_with_warnings`), also when printed.
    public var description: String { rawValue }

    /// The status of a file whose readable messages and diagnostics are these.
    public init(readableMessages: Int, diagnostics: Int) {
        self = readableMessages == 0 ? .failed : (diagnostics == 0 ? .parsed : .parsedWithWarnings)
    }
}
