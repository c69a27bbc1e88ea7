import PortunusCore

/// Where a traveller's vetting item stands on the officers' list. The raw values are what the
/// store keeps and the API sends.
///
/// Screening creates an item `new` on its first hit. An officer takes it into review, clears
/// it or refers it; a cleared or referred item can be taken back into review, a referred one
/// cleared. A new hit on a cleared item opens it again (`new`): what cleared it did not know
/// that hit.
public enum VettingStatus: String, Sendable, Hashable, Codable, CaseIterable, CustomStringConvertible {
    case new
    case inReview = "in_review"
    case cleared
    case referred

    public var description: String { rawValue }

    /// The statuses an officer may move an item in this status to, in the order of their names.
    public var next: [VettingStatus] {
        switch self {
        case .new: [.cleared, .inReview, .referred]
        case .inReview: [.cleared, .referred]
        case .cleared: [.inReview]
        case .referred: [.cleared, .inReview]
        }
    }

    /// Whether an item in this status may be promoted to a port-of-entry lookout: only one
    /// under review or referred (an officer has looked at it).
    public var mayBecomeLookout: Bool { self == .inReview || self == .referred }

    /// The status after `event`, or the refusal when this status does not allow it.
    public func applying(_ event: Event) throws(Refusal) -> VettingStatus {
        switch event {
        case .change(let status):
            guard next.contains(status) else { throw .cannotBecome(from: self, to: status) }
            return status
        case .newHit:
            return self == .cleared ? .new : self
        }
    }

    /// What happens to a vetting item.
    public enum Event: Sendable, Hashable {
        /// An officer moves the item to a status.
        case change(to: VettingStatus)
        /// Screening found a hit the item did not have.
        case newHit
    }

    /// Why a vetting item cannot take an event, or cannot become a lookout.
    public enum Refusal: StateRefusal {
        case cannotBecome(from: VettingStatus, to: VettingStatus)
        /// Only an item in review or referred becomes a lookout.
        case notALookoutCandidate(VettingStatus)

        public var error: PortunusError {
            switch self {
            case .cannotBecome(let from, let to):
                PortunusError(
                    .conflict, "an item \(from) cannot become \(to) (from \(from): \(from.next.map(\.rawValue).joined(separator: ", ")))",
                    field: "/status")
            case .notALookoutCandidate(let status):
                PortunusError(.conflict, "only an item in review or referred becomes a lookout (this one is \(status))", field: "/status")
            }
        }
    }
}
