import PortunusCore
import RiskEngine

/// Where a declaration stands in its life from arrival to exit: the state machine every
/// clearance act goes through, so that the store only persists what it decides.
///
/// The main line is the ``Stage``, the step that moved it last. Beside it run what can happen at
/// any time before release: the goods' arrival, other agencies' holds, and laboratory samples
/// awaiting a result. By lane, after `RISK_ASSESSED`:
///
/// - green: `DUTY_ASSESSED` → `PAID` or `SECURED` → `RELEASED`, no officer in the loop;
/// - yellow: `DOCS_REQUESTED` → `DOCS_SUPPLIED` → `DOCS_ACCEPTED` (or `AMENDED`) → duties → release;
/// - red: `EXAM_ASSIGNED` → `EXAM_STARTED` → `EXAM_DONE` → (`AMENDED`) → duties → release, or
///   `HELD` / `SEIZED`;
/// - blue: `RELEASED` at once, with the declaration queued for post-clearance audit.
///
/// Release waits for the duties to be paid or secured and for every other agency's hold to be
/// lifted; `EXITED` (gate-out) closes the life. `REJECTED`, `SEIZED` and `EXITED` are final.
public struct ClearanceState: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The main line. Raw values are the API's `state` (`GET /api/v1/declarations?state=released`).
    public enum Stage: String, Sendable, Hashable, Codable, CaseIterable, CustomStringConvertible {
        /// Known only from the transport's arrival; no declaration lodged yet.
        case notLodged = "not_lodged"
        case lodged
        case accepted
        case rejected
        case riskAssessed = "risk_assessed"
        case docsRequested = "docs_requested"
        case docsSupplied = "docs_supplied"
        case docsAccepted = "docs_accepted"
        case amended
        case examAssigned = "exam_assigned"
        case examStarted = "exam_started"
        case examDone = "exam_done"
        case dutyAssessed = "duty_assessed"
        case paid
        case secured
        case released
        case held
        case seized
        case exited

        public var description: String { rawValue }

        /// Nothing follows: the declaration was rejected, the goods seized, or they left.
        public var isFinal: Bool { self == .rejected || self == .seized || self == .exited }
    }

    public internal(set) var stage: Stage
    /// The lane risk assessment gave; nil before `RISK_ASSESSED`.
    public internal(set) var lane: Lane?
    /// The goods have arrived (or exited, which implies it).
    public internal(set) var arrived: Bool
    /// The duties on the current version are paid or secured.
    public internal(set) var dutiesSettled: Bool
    /// Other agencies holding the goods, by name, sorted.
    public internal(set) var agencyHolds: [String]
    /// Laboratory samples taken whose result has not come back.
    public internal(set) var pendingSamples: Int
    /// The declaration's version: 1 as lodged, one more at each amendment.
    public internal(set) var version: Int
    /// Released through the blue lane: queued for post-clearance audit.
    public internal(set) var postClearanceAudit: Bool
    /// The goods were examined (`EXAM_DONE`): what the red lane needs before duties.
    public internal(set) var examined: Bool
    /// The documents were checked (`DOCS_ACCEPTED`, or an amendment after the check): what the
    /// yellow lane needs before duties.
    public internal(set) var documentsChecked: Bool

    /// Before anything is known.
    public static let initial = ClearanceState(
        stage: .notLodged, lane: nil, arrived: false, dutiesSettled: false, agencyHolds: [], pendingSamples: 0, version: 1,
        postClearanceAudit: false, examined: false, documentsChecked: false)

    /// A state as stored (the store's reading; ``applying(_:)`` is how a state changes).
    public init(
        stage: Stage, lane: Lane?, arrived: Bool, dutiesSettled: Bool, agencyHolds: [String], pendingSamples: Int, version: Int,
        postClearanceAudit: Bool, examined: Bool = false, documentsChecked: Bool = false
    ) {
        self.stage = stage
        self.lane = lane
        self.arrived = arrived
        self.dutiesSettled = dutiesSettled
        self.agencyHolds = agencyHolds.sorted()
        self.pendingSamples = max(0, pendingSamples)
        self.version = max(1, version)
        self.postClearanceAudit = postClearanceAudit
        self.examined = examined
        self.documentsChecked = documentsChecked
    }

    /// The same state with the lane now in force (an officer's re-route or a tracking alert's
    /// raise changes the lane after the assessment; the decision holds it).
    public func withLane(_ lane: Lane?) -> ClearanceState {
        var copy = self
        if let lane { copy.lane = lane }
        return copy
    }

    /// The lane's controls are done, so duties may be assessed: green and blue need none, yellow
    /// the documentary check (or an examination), red the examination.
    public var controlsDone: Bool {
        switch lane {
        case .green, .blue: true
        case .yellow: documentsChecked || examined
        case .red: examined
        case nil: false
        }
    }

    public var description: String {
        // No lane here: the text reaches traders in refusals, and their lane is the policy's to give.
        var parts = [stage.rawValue]
        if !agencyHolds.isEmpty { parts.append("held by \(agencyHolds.joined(separator: ", "))") }
        return parts.joined(separator: ", ")
    }

    /// Customs has let the goods go (they may have left since).
    public var isReleased: Bool { stage == .released || stage == .exited }

    /// The steps this state accepts next on its main line (the side steps — arrival, other
    /// agencies, samples — are not listed). For a console's buttons and the refusal's message.
    public var nextStages: [Stage] {
        Stage.allCases.filter { mainLine(to: $0) }
    }
}
