import Foundation

/// Interchanges (UNB … UNZ), optional groups (UNG … UNE) and messages (UNH … UNT) of an input,
/// with their control counts checked. Several interchanges in one file (a PAXLST appended to
/// a PNR file) are read one after the other; a message without UNT ends at the next UNH, UNZ
/// or the end of input, diagnosed.
public struct EDIFACTInterchange: Sendable {
    public private(set) var messages: [EDIFACTMessage] = []
    public private(set) var diagnostics: [EDIFACTDiagnostic]
    public let delimiters: EDIFACTDelimiters

    public static let syntaxIdentifiers: Set<String> = ["UNOA", "UNOB", "UNOC", "UNOD", "UNOE", "UNOF", "UNOY", "IATA"]

    public init(_ bytes: some Collection<UInt8>) {
        let tokenizer = EDIFACTTokenizer(bytes)
        delimiters = tokenizer.delimiters
        diagnostics = tokenizer.diagnostics
        let totalBytes = bytes.count
        var sender: String?
        var reference: String?
        var syntax: String?
        var messagesInInterchange = 0
        var groupsInInterchange = 0
        var messagesInGroup = 0
        // The open message's header, and where its body starts among the segments.
        var open: EDIFACTSegment?
        var bodyStart = 0
        var afterEnd = false
        let segments = tokenizer.segments

        func note(_ code: String, _ message: String, _ segment: EDIFACTSegment, _ severity: EDIFACTDiagnostic.Severity = .warning) {
            diagnostics.append(
                EDIFACTDiagnostic(
                    code: code, severity: severity, message: message, segment: segment.position,
                    byteOffset: segment.byteOffset, line: segment.line))
        }
        func close(_ trailer: EDIFACTSegment?, endOffset: Int, bodyEnd: Int) {
            guard let header = open else { return }
            let body = EDIFACTSegmentList(segments, bodyStart..<bodyEnd)
            let rawVersion = [header.value(1, 1), header.value(1, 2)].compactMap { $0 }
            let version = rawVersion.count == 2 && rawVersion[0] == "D" ? rawVersion[1] : rawVersion.joined(separator: ".")
            if let trailer {
                let count = Int(trailer.value(0) ?? "")
                let actual = body.count + 2
                if count != actual {
                    note("unt.count", "UNT counts \(trailer.value(0) ?? "nothing"); the message has \(actual) segments", trailer)
                }
                if trailer.value(1) != header.value(0) {
                    note("unt.reference", "UNT's message reference does not match UNH's", trailer)
                }
            } else {
                note("unt.missing", "the message has no UNT", header, .error)
            }
            messages.append(
                EDIFACTMessage(
                    reference: header.value(0) ?? "", type: header.value(1, 0) ?? "", version: version, segments: body, sender: sender,
                    interchangeReference: reference, syntax: syntax, byteRange: header.byteOffset..<endOffset))
            messagesInInterchange += 1
            messagesInGroup += 1
            open = nil
        }

        for index in segments.indices {
            let segment = segments[index]
            let next = index + 1 < segments.count ? segments[index + 1].byteOffset : totalBytes
            switch segment.tag {
            case "UNB":
                if open != nil { close(nil, endOffset: segment.byteOffset, bodyEnd: index) }
                afterEnd = false
                syntax = segment.value(0, 0)
                if let syntax, !Self.syntaxIdentifiers.contains(syntax) {
                    note("unb.syntax", "unknown syntax identifier \(syntax)", segment)
                }
                sender = segment.value(1, 0)
                reference = segment.value(4, 0)
                messagesInInterchange = 0
                groupsInInterchange = 0
            case "UNG":
                groupsInInterchange += 1
                messagesInGroup = 0
            case "UNE":
                if open != nil { close(nil, endOffset: segment.byteOffset, bodyEnd: index) }
                if Int(segment.value(0) ?? "") != messagesInGroup {
                    note("une.count", "UNE counts \(segment.value(0) ?? "nothing"); the group has \(messagesInGroup) messages", segment)
                }
            case "UNH":
                if open != nil { close(nil, endOffset: segment.byteOffset, bodyEnd: index) }
                if afterEnd { note("unh.after_unz", "a message after the interchange's UNZ", segment) }
                open = segment
                bodyStart = index + 1
            case "UNT":
                if open == nil {
                    note("unt.orphan", "UNT without UNH", segment)
                    continue
                }
                close(segment, endOffset: next, bodyEnd: index)
            case "UNZ":
                if open != nil { close(nil, endOffset: segment.byteOffset, bodyEnd: index) }
                let expected = groupsInInterchange > 0 ? groupsInInterchange : messagesInInterchange
                if Int(segment.value(0) ?? "") != expected {
                    note(
                        "unz.count",
                        "UNZ counts \(segment.value(0) ?? "nothing"); the interchange has \(expected) \(groupsInInterchange > 0 ? "groups" : "messages")",
                        segment)
                }
                if let reference, segment.value(1) != reference { note("unz.reference", "UNZ's reference does not match UNB's", segment) }
                afterEnd = true
            default:
                if open != nil {
                    continue
                } else if afterEnd || messagesInInterchange > 0 {
                    note("text.trailing", "data outside any message, after the interchange", segment)
                } else {
                    note("text.outside", "data outside any message", segment)
                }
            }
        }
        if open != nil { close(nil, endOffset: totalBytes, bodyEnd: segments.count) }
        // In input order; diagnostics of one place keep the order they were found in.
        diagnostics = diagnostics.enumerated().sorted { ($0.element.byteOffset, $0.offset) < ($1.element.byteOffset, $1.offset) }.map(\.element)
        if messages.isEmpty {
            diagnostics.append(
                EDIFACTDiagnostic(
                    code: "message.none", severity: .error, message: "no UNH message found", segment: nil,
                    byteOffset: 0, line: 1))
        }
    }
}
