import Ledger
import PortunusCore
import Rules
import XGBoostKit

/// The module edge of the one error shape: the errors of the modules that do not depend on
/// PortunusCore (the ledger, which partners reuse on its own; the rule language; the XGBoost
/// wrapper) become a ``PortunusError`` here, once, with their own code registered under the
/// same string in `ErrorCodes.swift`. The server's problem middleware turns every error it
/// catches into a problem document through ``init(converting:)``.
extension PortunusError {
    /// Any error a module of ours throws, as the one error shape; nil for an error that no
    /// module of ours throws (a framework's, an unexpected one), which callers report as
    /// `internal` without its text.
    public init?(converting error: any Error) {
        switch error {
        case let error as PortunusError: self = error
        case let error as any StateRefusal: self = error.error
        case let error as LedgerError: self.init(ledger: error)
        case let error as ProofError: self.init(proof: error)
        case let error as RuleSetError: self.init(ruleSet: error)
        case let error as XGBoostError: self.init(xgboost: error)
        default: return nil
        }
    }

    /// A ledger error: its code, its reason (ledger reasons quote hashes, sizes and key names,
    /// never entry contents), and its line or byte offset. An inconsistency inside the ledger
    /// (`ledger.internal`, status 500) may quote another library's error, so its text is not
    /// passed on.
    public init(ledger error: LedgerError) {
        let code = Code(error.code)
        let reason = code == .ledgerInternal ? "the ledger's state is inconsistent" : error.reason
        let location: Location? =
            switch (error.line, error.byteOffset) {
            case (let line?, let offset): Location(line: line, byteOffset: offset)
            case (nil, let offset?): Location(byteOffset: offset)
            case (nil, nil): nil
            }
        self.init(code, reason, location: location)
    }

    /// A refused Merkle proof (RFC 9162): `proof.invalid`, saying which rule failed.
    public init(proof error: ProofError) {
        self.init(Code(error.code), error.description)
    }

    /// A rule set refused on load: its own code, the message with the rule's id, the field as
    /// `/fields/<name>` and the line in the YAML.
    public init(ruleSet error: RuleSetError) {
        let rule = error.ruleID.map { " (rule \($0))" } ?? ""
        self.init(
            Code(error.code), error.message + rule, field: error.field.map { "/fields/\($0)" },
            location: error.line.map { Location(line: $0) })
    }

    /// An XGBoost failure: a model that cannot be read says why (the model is the caller's
    /// input); a failed call names the function, and XGBoost's own message stays in the log.
    public init(xgboost error: XGBoostError) {
        let code = Code(error.code)
        self.init(code, code == .invalidXGBoostModel ? error.message : "XGBoost \(error.function) failed")
    }
}

extension PortunusError.Code {
    /// The registered code of a ledger error (the same string).
    package init(_ code: LedgerError.Code) { self.init(code.rawValue) }
    /// The registered code of a rule-set error (the same string).
    package init(_ code: RuleSetError.Code) { self.init(code.rawValue) }
    /// The registered code of an XGBoost error (the same string).
    package init(_ code: XGBoostError.Code) { self.init(code.rawValue) }
}
