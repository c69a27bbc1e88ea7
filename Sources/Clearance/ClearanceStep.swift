import RiskEngine

/// One step of a declaration's life, with what the state machine needs to know of it: the lane
/// for a risk assessment, the agency for another agency's hold or release. Everything else a
/// milestone carries (who, where, the inspection act, the documents asked for) is the milestone's
/// attributes; the state machine does not read it.
public enum ClearanceStep: Sendable, Hashable, CustomStringConvertible {
    case arrived
    case lodged
    case accepted
    case rejected
    case riskAssessed(Lane)
    case docsRequested
    case docsSupplied
    case docsAccepted
    /// An officer's amendment (or one from an examination's corrections): it settles the
    /// documentary check it follows.
    case amended
    /// The trader's own amendment: a new version, but no control is done by it — after documents
    /// were supplied the officer still checks them, and it may not follow an examination or a hold.
    case amendedByTrader
    case examAssigned
    case examStarted
    case examDone
    case sampleTaken
    case labResult
    case dutyAssessed
    /// Duties assessed at nothing due (all free, or the goods' value below every threshold):
    /// settled at once, so release follows without a payment.
    case dutyAssessedNothingDue
    case paid
    case secured
    case released
    case held
    case seized
    case ogaHold(agency: String)
    case ogaReleased(agency: String)
    case exited

    /// The milestone code the step is recorded under.
    public var code: MilestoneCode {
        switch self {
        case .arrived: .arrived
        case .lodged: .lodged
        case .accepted: .accepted
        case .rejected: .rejected
        case .riskAssessed: .riskAssessed
        case .docsRequested: .docsRequested
        case .docsSupplied: .docsSupplied
        case .docsAccepted: .docsAccepted
        case .amended, .amendedByTrader: .amended
        case .examAssigned: .examAssigned
        case .examStarted: .examStarted
        case .examDone: .examDone
        case .sampleTaken: .sampleTaken
        case .labResult: .labResult
        case .dutyAssessed, .dutyAssessedNothingDue: .dutyAssessed
        case .paid: .paid
        case .secured: .secured
        case .released: .released
        case .held: .held
        case .seized: .seized
        case .ogaHold: .ogaHold
        case .ogaReleased: .ogaReleased
        case .exited: .exited
        }
    }

    public var description: String {
        switch self {
        case .riskAssessed(let lane): "\(code)(\(lane))"
        case .ogaHold(let agency), .ogaReleased(let agency): "\(code)(\(agency))"
        default: code.rawValue
        }
    }
}
