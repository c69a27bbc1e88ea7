import Portunus
import PortunusCore

/// Every kind of request body the server reads, with its size limit and the refusal a larger
/// one gets (`request.too_large`, 413): the one table of body limits. A body is read only up to
/// its limit (never whole, then measured); on the API, only once the caller's role allows the
/// act (`PortunusRequestContext.requirePrincipal(for:)`), so a refused caller never makes the
/// server read megabytes.
enum BodyKind: Sendable {
    /// A JSON command (`{"status": …}`, `{"justification": …}`) decoded into a request struct.
    case jsonCommand
    /// A JSON document a use case reads itself with the strict reader (a certificate, a
    /// custody event, a watch-list entry).
    case jsonDocument
    /// A goods description for the classification assistant, or a confirmed classification.
    case classification
    /// Biometric templates to enrol: 512 floats are about 5 KiB of JSON each.
    case enrolment
    /// An analysts' rule set in YAML (goods or travel).
    case ruleSet
    /// An API (PAXLST) or PNR (PNRGOV) file in UN/EDIFACT.
    case travelFile
    /// A watch-list upload in CSV.
    case watchListCSV
    /// A machine-readable zone as `text/plain` lines.
    case mrzText
    /// A JSON batch of positions, seal events or drone fixes.
    case trackingBatch
    /// Zones as GeoJSON (a feature collection or one feature).
    case zones
    /// A partner's entry for the ledger.
    case ledgerEntry
    /// A checkpoint a witnessed log asks this instance to cosign (C2SP tlog-witness).
    case witnessCheckpoint
    /// Declarations to lodge, one JSON object or NDJSON lines, up to the configured size.
    case declarations(maximumBytes: Int)
    /// An OsmAnd position request, up to the tracker listener's configured size.
    case positionRequest(maximumBytes: Int)

    /// The limit and the refusal, kind by kind.
    var rule: (limit: Int, refusal: String) {
        switch self {
        case .jsonCommand: (64 << 10, "the body exceeds 64 KiB")
        case .jsonDocument: (64 << 10, "the body is at most \(64 << 10) bytes")
        case .classification: (16 << 10, "the body exceeds 16 KiB")
        case .enrolment: (32 << 20, "the body exceeds \(32 << 10) KiB")
        case .ruleSet: (1 << 20, "a rule set is at most 1 MiB")
        case .travelFile: (16 << 20, "a travel file is at most 16 MiB")
        case .watchListCSV: (64 << 20, "a watch-list upload is at most 64 MiB")
        case .mrzText: (4096, "the body is at most 4096 bytes")
        case .trackingBatch: (4 << 20, "the body is at most \(4 << 20) bytes")
        case .zones: (32 << 20, "the body is at most \(32 << 20) bytes")
        case .ledgerEntry: (LedgerSubmission.maximumBytes, "an entry is at most \(LedgerSubmission.maximumBytes) bytes")
        case .witnessCheckpoint: (1 << 20, "an add-checkpoint body is at most 1 MiB")
        case .declarations(let bytes): (bytes, "the body exceeds \(bytes) bytes; split the batch")
        case .positionRequest(let bytes): (bytes, "a position request is at most \(bytes) bytes")
        }
    }

    var limit: Int { rule.limit }

    /// The refusal of a text body that is not UTF-8.
    var notText: String {
        if case .ruleSet = self { "the rule set is not UTF-8" } else { "the body is not UTF-8" }
    }

    /// The `body.too_large` problem of a body over the limit.
    var tooLarge: PortunusError { PortunusError(.bodyTooLarge, rule.refusal) }
}
