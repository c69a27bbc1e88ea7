/// A certificate's status, as the store keeps it, the API sends it and the ledger's status
/// entries record it (the raw values).
///
/// An AEO authorisation is granted; it can be suspended and reinstated (granted again), and
/// revoked from either. A certificate of origin is issued and can be revoked. Revocation is
/// final.
public enum CertificateStatus: String, Sendable, Hashable, Codable, CaseIterable, CustomStringConvertible {
    case granted
    case suspended
    case revoked
    case issued

    public var description: String { rawValue }

    /// Whether a certificate in this status may be relied on.
    public var inForce: Bool { self == .granted || self == .issued }

    /// The status after `event`, or the refusal when this status does not allow it.
    public func applying(_ event: Event) throws(Refusal) -> CertificateStatus {
        switch (event, self) {
        case (.suspend, .granted): .suspended
        case (.reinstate, .suspended): .granted
        case (.revoke, .granted), (.revoke, .suspended), (.revoke, .issued): .revoked
        default: throw .cannotBecome(from: self, to: event.target)
        }
    }

    /// What an issuing administration does to a certificate.
    public enum Event: Sendable, Hashable, CaseIterable {
        case suspend
        case reinstate
        case revoke

        /// The status the event leads to.
        public var target: CertificateStatus {
            switch self {
            case .suspend: .suspended
            case .reinstate: .granted
            case .revoke: .revoked
            }
        }
    }

    /// Why a certificate cannot take an event.
    public enum Refusal: StateRefusal {
        case cannotBecome(from: CertificateStatus, to: CertificateStatus)

        public var error: PortunusError {
            switch self {
            case .cannotBecome(let from, let to): PortunusError(.conflict, "the certificate is \(from); it cannot become \(to)", field: "/status")
            }
        }
    }
}
