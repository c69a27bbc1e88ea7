import Clearance
import PortunusCore
import Storage

extension DeclarationService {
    /// Where a declaration stands in its life (see docs/clearance.md), for whoever may read it.
    /// (Its lane is for those who may read assessments; the route shows a trader the stage.)
    public func clearanceState(_ id: String, by principal: Principal) throws(PortunusError) -> ClearanceState {
        let declaration = try visible(id, to: principal)
        guard let state = try store.clearance.state(declarationID: declaration.id.rawValue) else {
            throw PortunusError(.notFound, "no such declaration", field: "id")
        }
        return state
    }

    /// A declaration's milestones in order, for whoever may read it. A trader sees what happened
    /// and when, where, and by what kind of actor — not which officer, and of the attributes only
    /// those meant for it: the documents asked for, the agency, and the lane only when the
    /// administration gives traders their lane (`lanesToTraders`, as ``AssessmentDisclosure``).
    public func milestones(_ id: String, by principal: Principal, lanesToTraders: Bool = false) throws(PortunusError) -> [Milestone] {
        let declaration = try visible(id, to: principal)
        let milestones = try store.clearance.milestones(declarationID: declaration.id.rawValue) ?? []
        guard principal.role == .trader else { return milestones }
        return milestones.map { milestone in
            var shown = milestone
            if milestone.actor.kind == .officer || milestone.actor.kind == .system { shown.actor.id = "" }
            shown.attributes = milestone.attributes.filter {
                Self.traderAttributes.contains($0.key) && ($0.key != "lane" || (lanesToTraders && AccessPolicy.allows(principal.role, .readOwnLane)))
            }
            return shown
        }
    }

    /// The milestone attributes a trader may see.
    static let traderAttributes: Set<String> = ["lane", "documents", "agency", "total", "currency", "guarantee", "reference", "version"]
}
