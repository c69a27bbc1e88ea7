import PortunusCore
import RiskEngine

extension ClearanceState {
    /// The state after `step`, or the refusal when the step may not happen now.
    public func applying(_ step: ClearanceStep) throws(Refusal) -> ClearanceState {
        var next = self
        switch step {
        case .arrived:
            guard !stage.isFinal else { throw .notAllowed(self, step) }
            guard !arrived else { throw .alreadyArrived(self) }
            next.arrived = true
            return next
        case .ogaHold(let agency):
            guard !stage.isFinal, !isReleased, agencyHolds.count < 16 else { throw .notAllowed(self, step) }
            guard !agencyHolds.contains(agency) else { throw .agencyAlreadyHolding(self, agency) }
            next.agencyHolds = (agencyHolds + [agency]).sorted()
            return next
        case .ogaReleased(let agency):
            guard agencyHolds.contains(agency) else { throw .agencyNotHolding(self, agency) }
            next.agencyHolds.removeAll { $0 == agency }
            return next
        case .sampleTaken:
            guard stage == .examStarted || stage == .examDone || stage == .held else { throw .notAllowed(self, step) }
            guard pendingSamples < 100 else { throw .notAllowed(self, step) }
            next.pendingSamples += 1
            return next
        case .labResult:
            guard !stage.isFinal, pendingSamples > 0 else { throw .noSampleAwaitingResult(self) }
            next.pendingSamples -= 1
            return next
        case .riskAssessed(let lane):
            guard stage == .accepted else { throw .notAllowed(self, step) }
            next.stage = .riskAssessed
            next.lane = lane
            return next
        case .released:
            guard mainLine(to: .released) else { throw .notAllowed(self, step) }
            guard agencyHolds.isEmpty else { throw .agenciesHolding(self) }
            guard pendingSamples == 0 else { throw .samplesAwaitingResults(self) }
            next.stage = .released
            if stage == .riskAssessed, lane == .blue { next.postClearanceAudit = true }
            return next
        case .exited:
            guard stage == .released else { throw .notAllowed(self, step) }
            next.stage = .exited
            next.arrived = true
            return next
        case .amendedByTrader:
            // Before the documents are checked, or on the duties before they are paid; never after
            // an examination or while customs holds the goods.
            guard stage == .docsSupplied || stage == .dutyAssessed, !examined else { throw .notAllowed(self, step) }
            next.stage = .amended
            next.version = version + 1
            next.dutiesSettled = false
            // The new facts are the trader's: an officer checks them again.
            next.documentsChecked = false
            return next
        case .lodged, .accepted, .rejected, .docsRequested, .docsSupplied, .docsAccepted, .amended, .examAssigned, .examStarted,
            .examDone, .dutyAssessed, .dutyAssessedNothingDue, .paid, .secured, .held, .seized:
            guard let target = Self.stage(of: step), mainLine(to: target) else { throw .notAllowed(self, step) }
            next.stage = target
            switch step {
            case .amended:
                next.version = version + 1
                next.dutiesSettled = false
                // An amendment after the documents were supplied ends the documentary check; the
                // check and the examination stand for the new version.
                if stage == .docsSupplied || stage == .docsAccepted { next.documentsChecked = true }
            case .dutyAssessed, .dutyAssessedNothingDue:
                guard pendingSamples == 0 else { throw .samplesAwaitingResults(self) }
                next.dutiesSettled = step == .dutyAssessedNothingDue
            case .docsAccepted:
                next.documentsChecked = true
            case .examDone:
                next.examined = true
            case .paid, .secured:
                next.dutiesSettled = true
            default:
                break
            }
            return next
        }
    }

    /// The main-line stage a step leads to (nil for side steps): the stage named as the step's
    /// milestone code, in lower case.
    static func stage(of step: ClearanceStep) -> Stage? {
        Stage(rawValue: step.code.rawValue.lowercased())
    }

    /// Whether the main line may move from this state to `target` now (``nextStages`` without
    /// building the list).
    public func allows(_ target: Stage) -> Bool { mainLine(to: target) }

    /// Whether the main line may move from this state to `target`: the table of the life cycle.
    func mainLine(to target: Stage) -> Bool {
        switch (stage, target) {
        case (.notLodged, .lodged): true
        case (.lodged, .accepted), (.lodged, .rejected): true
        // Customs may reject (invalidate) an accepted declaration until its duties are paid or
        // secured: the trader lodges again.
        case (let from, .rejected):
            from != .notLodged && !from.isFinal && from != .paid && from != .secured && from != .released && !dutiesSettled
        case (.accepted, .riskAssessed): true
        // After the lane: green goes to duties, yellow to documents, red to the examination, blue out.
        case (.riskAssessed, .dutyAssessed): lane == .green
        case (.riskAssessed, .docsRequested): lane == .yellow || lane == .red
        case (.riskAssessed, .docsAccepted): lane == .yellow
        case (.riskAssessed, .examAssigned): lane == .red
        case (.riskAssessed, .released): lane == .blue
        // The documentary check: more documents may be asked for, or it escalates to an examination.
        case (.docsRequested, .docsSupplied): true
        case (.docsSupplied, .docsAccepted), (.docsSupplied, .amended), (.docsSupplied, .docsRequested), (.docsSupplied, .examAssigned):
            true
        case (.docsAccepted, .dutyAssessed): controlsDone
        case (.docsAccepted, .amended), (.docsAccepted, .examAssigned): true
        // The examination: an examiner may be replaced before it starts.
        case (.examAssigned, .examAssigned), (.examAssigned, .examStarted): true
        case (.examStarted, .examDone), (.examStarted, .seized): true
        case (.examDone, .dutyAssessed): controlsDone
        case (.examDone, .amended), (.examDone, .docsRequested), (.examDone, .seized): true
        // Duties on the corrected facts.
        case (.amended, .dutyAssessed): controlsDone
        case (.amended, .examAssigned), (.amended, .docsAccepted), (.amended, .docsRequested): true
        case (.dutyAssessed, .paid), (.dutyAssessed, .secured), (.dutyAssessed, .amended): true
        case (.paid, .released), (.secured, .released): true
        // Nothing due: settled by the assessment itself.
        case (.dutyAssessed, .released): dutiesSettled
        // A hold stops the line until customs seizes, examines, charges or releases (once the duties are settled).
        case (.held, .dutyAssessed): controlsDone
        case (.held, .seized), (.held, .examAssigned), (.held, .amended): true
        case (.held, .released): dutiesSettled
        case (.released, .exited): true
        // Customs may hold at any point between lodgement and release.
        case (let from, .held): lane != nil && from != .accepted && from != .held && !from.isFinal && from != .released
        default: false
        }
    }

    /// Why a declaration cannot take a step now. Each refusal carries the state it was in, which
    /// the API reports (409) so that a client can see what would be allowed.
    public enum Refusal: StateRefusal {
        case notAllowed(ClearanceState, ClearanceStep)
        case agenciesHolding(ClearanceState)
        case alreadyArrived(ClearanceState)
        case agencyAlreadyHolding(ClearanceState, String)
        case agencyNotHolding(ClearanceState, String)
        case noSampleAwaitingResult(ClearanceState)
        case samplesAwaitingResults(ClearanceState)

        /// The state the declaration was in when the step was refused.
        public var state: ClearanceState {
            switch self {
            case .notAllowed(let state, _), .agenciesHolding(let state), .alreadyArrived(let state), .agencyAlreadyHolding(let state, _),
                .agencyNotHolding(let state, _), .noSampleAwaitingResult(let state), .samplesAwaitingResults(let state):
                state
            }
        }

        public var error: PortunusError {
            switch self {
            case .notAllowed(let state, let step):
                let next = state.nextStages.map(\.rawValue)
                let allowed = next.isEmpty ? "nothing follows" : "next: " + next.joined(separator: ", ")
                return PortunusError(.conflict, "the declaration is \(state); \(step.code) is not allowed now (\(allowed))", field: "/code")
            case .agenciesHolding(let state):
                return PortunusError(
                    .conflict, "release waits for \(state.agencyHolds.joined(separator: ", ")) to lift its hold", field: "/code")
            case .alreadyArrived(let state):
                return PortunusError(.conflict, "the goods' arrival is recorded already (the declaration is \(state))", field: "/code")
            case .agencyAlreadyHolding(_, let agency):
                return PortunusError(.conflict, "\(agency) holds the goods already", field: "/attributes/agency")
            case .agencyNotHolding(_, let agency):
                return PortunusError(.conflict, "\(agency) does not hold the goods", field: "/attributes/agency")
            case .samplesAwaitingResults(let state):
                return PortunusError(
                    .conflict, "\(state.pendingSamples) laboratory result(s) are awaited (the declaration is \(state))", field: "/code")
            case .noSampleAwaitingResult(let state):
                return PortunusError(.conflict, "no sample awaits a laboratory result (the declaration is \(state))", field: "/code")
            }
        }
    }
}
