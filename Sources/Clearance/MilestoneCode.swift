/// The steps of a declaration's life, as the milestone log writes them. The raw values are the
/// API's (`GET /api/v1/declarations/{id}/milestones`) and the Time Release Study's vocabulary;
/// they follow the WCO TRS Guide's chain of events.
public enum MilestoneCode: String, Sendable, Hashable, Codable, CaseIterable, CustomStringConvertible {
    /// The means of transport arrived with the goods (a manifest or a port system says so).
    case arrived = "ARRIVED"
    /// The declaration was lodged.
    case lodged = "LODGED"
    /// Customs accepted it for processing (formal checks passed).
    case accepted = "ACCEPTED"
    /// Customs refused it, with the problems; it goes no further.
    case rejected = "REJECTED"
    /// Risk assessment gave the lane.
    case riskAssessed = "RISK_ASSESSED"
    /// An officer asked the trader for documents (which, and who asked).
    case docsRequested = "DOCS_REQUESTED"
    /// The trader supplied documents.
    case docsSupplied = "DOCS_SUPPLIED"
    /// The documentary check is done and the documents are accepted.
    case docsAccepted = "DOCS_ACCEPTED"
    /// The declaration was amended: a new version, the earlier kept.
    case amended = "AMENDED"
    /// An examiner was assigned to the physical examination.
    case examAssigned = "EXAM_ASSIGNED"
    /// The examination started.
    case examStarted = "EXAM_STARTED"
    /// The examination ended with its inspection act.
    case examDone = "EXAM_DONE"
    /// A sample went to the laboratory (its custody is recorded on the ledger).
    case sampleTaken = "SAMPLE_TAKEN"
    /// The laboratory's result came back.
    case labResult = "LAB_RESULT"
    /// Duties and taxes were calculated on the declaration's current version.
    case dutyAssessed = "DUTY_ASSESSED"
    /// The duties were paid.
    case paid = "PAID"
    /// The duties were secured (a guarantee, or an authorised trader's deferred account).
    case secured = "SECURED"
    /// Customs released the goods.
    case released = "RELEASED"
    /// Customs holds the goods, with the reason.
    case held = "HELD"
    /// Customs seized the goods, with the reason; it goes no further.
    case seized = "SEIZED"
    /// Another agency (health, standards, …) holds the goods: release waits until it lifts its hold.
    case ogaHold = "OGA_HOLD"
    /// That agency released its hold.
    case ogaReleased = "OGA_RELEASED"
    /// The goods left the terminal (gate-out); the life ends.
    case exited = "EXITED"

    public var description: String { rawValue }
}
