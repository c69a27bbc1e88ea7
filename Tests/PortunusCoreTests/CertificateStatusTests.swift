import Testing

@testable import PortunusCore

@Suite("Certificate statuses")
struct CertificateStatusTests {
    typealias Status = CertificateStatus

    static let allowed: [Status: [Status.Event: Status]] = [
        .granted: [.suspend: .suspended, .revoke: .revoked],
        .suspended: [.reinstate: .granted, .revoke: .revoked],
        .issued: [.revoke: .revoked],
        .revoked: [:],
    ]

    static let pairs: [(Status, Status.Event)] = Status.allCases.flatMap { status in Status.Event.allCases.map { (status, $0) } }

    @Test("allowed changes give the event's status; the others are refused as the API reports them", arguments: pairs)
    func transition(status: Status, event: Status.Event) throws {
        if let next = Self.allowed[status]?[event] {
            #expect(try status.applying(event) == next)
            #expect(next == event.target)
        } else {
            #expect(throws: Status.Refusal.cannotBecome(from: status, to: event.target)) { try status.applying(event) }
            let error = Status.Refusal.cannotBecome(from: status, to: event.target).error
            #expect(error.code == .conflict && error.field == "/status")
            #expect(error.reason == "the certificate is \(status.rawValue); it cannot become \(event.target.rawValue)")
        }
    }

    @Test("an AEO authorisation is granted, suspended, reinstated or revoked; a certificate of origin issued or revoked")
    func kinds() {
        #expect(CertificateKind.aeo.initialStatus == .granted && CertificateKind.origin.initialStatus == .issued)
        #expect(CertificateKind.aeo.settableStatuses.map(\.rawValue) == ["granted", "revoked", "suspended"])
        #expect(CertificateKind.origin.settableStatuses == [.revoked])
        #expect(CertificateKind.aeo.event(setting: .suspended) == .suspend)
        #expect(CertificateKind.aeo.event(setting: .granted) == .reinstate)
        #expect(CertificateKind.aeo.event(setting: .revoked) == .revoke)
        #expect(CertificateKind.aeo.event(setting: .issued) == nil)
        #expect(CertificateKind.origin.event(setting: .revoked) == .revoke)
        for status in [Status.granted, .suspended, .issued] { #expect(CertificateKind.origin.event(setting: status) == nil) }
        for kind in CertificateKind.allCases {
            #expect(kind.settableStatuses.allSatisfy { kind.event(setting: $0)?.target == $0 })
        }
    }

    @Test("only a granted or issued certificate is in force")
    func inForce() {
        #expect(Status.allCases.filter(\.inForce) == [.granted, .issued])
        #expect(CertificateKind.aeo.inForce == [.granted] && CertificateKind.origin.inForce == [.issued])
    }

    @Test("statuses are stored, sent and logged by name")
    func rawValues() {
        #expect(Status.allCases.map(\.rawValue) == ["granted", "suspended", "revoked", "issued"])
        #expect(CertificateKind.allCases.map(\.rawValue) == ["aeo", "origin"])
    }
}
