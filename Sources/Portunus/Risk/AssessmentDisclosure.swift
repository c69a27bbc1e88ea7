import PortunusCore
import RiskEngine

/// What the answer to a lodgement tells its caller about the assessment.
///
/// Officers, analysts and administrators see the whole ``Assessment``: score, lane, rules,
/// reasons, factors. A trader sees what the law and the administration's policy give a
/// declarant: that the declaration was accepted (the answer's status), and, when the policy
/// says so, its lane, which tells the declarant whether to present documents or goods, as
/// ASYCUDA's and UNI-PASS's selectivity notices do. Never a score, a rule id, a reason or a
/// model factor: those are built from other traders' declarations and the targeting
/// centre's intelligence, and a trader who saw them could probe the rules by resubmitting
/// variants.
public enum AssessmentDisclosure: Sendable, Hashable, Encodable {
    /// The whole assessment, for those who may read assessments (`risk.read`).
    case full(Assessment)
    /// The lane alone (`risk.lane`), when the policy gives traders their lane.
    case lane(id: String, lane: Lane)

    /// The part of `assessment` that `principal` may see, or nil for nothing.
    /// `lanesToTraders` is the administration's policy (`ServerConfiguration.laneToTraders`).
    public static func of(_ assessment: Assessment, for principal: Principal, lanesToTraders: Bool) -> AssessmentDisclosure? {
        if AccessPolicy.allows(principal.role, .readAssessment) { return .full(assessment) }
        if lanesToTraders, AccessPolicy.allows(principal.role, .readOwnLane) { return .lane(id: assessment.id, lane: assessment.lane) }
        return nil
    }

    enum CodingKeys: String, CodingKey { case id, lane }

    public func encode(to encoder: any Encoder) throws {
        switch self {
        case .full(let assessment): try assessment.encode(to: encoder)
        case .lane(let id, let lane):
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(id, forKey: .id)
            try container.encode(lane, forKey: .lane)
        }
    }
}
