/// The certificates an administration issues and partners rely on: AEO authorisations
/// (granted, suspended, revoked, reinstated) and certificates of origin (issued, revoked).
public enum CertificateKind: String, Sendable, Hashable, Codable, CaseIterable, CustomStringConvertible {
    case aeo
    case origin

    public var description: String { rawValue }

    /// The status a new certificate has.
    public var initialStatus: CertificateStatus { self == .aeo ? .granted : .issued }

    /// Statuses in which the certificate may be relied on.
    public var inForce: Set<CertificateStatus> { [initialStatus] }

    /// The statuses an officer may set on a certificate of this kind, in the order of their names.
    public var settableStatuses: [CertificateStatus] {
        switch self {
        case .aeo: [.granted, .revoked, .suspended]
        case .origin: [.revoked]
        }
    }

    /// The event that sets `status` on a certificate of this kind, or nil when an officer
    /// cannot set it.
    public func event(setting status: CertificateStatus) -> CertificateStatus.Event? {
        switch (self, status) {
        case (.aeo, .suspended): .suspend
        case (.aeo, .granted): .reinstate
        case (_, .revoked): .revoke
        default: nil
        }
    }
}
