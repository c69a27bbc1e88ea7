import Foundation
import GRDB
import PortunusCore

public struct StoredCertificate: Sendable, Hashable {
    public var id: String
    public var kind: CertificateKind
    public var holder: String
    /// The certificate document, canonical JSON.
    public var document: String
    public var documentSHA256: String
    public var status: CertificateStatus
    public var issuedAt: Date
    public var updatedAt: Date
    public var events: [Event] = []

    public struct Event: Sendable, Hashable {
        public var status: CertificateStatus
        public var at: Date
        public var by: String
        public var reason: String?
        public var ledgerSeq: Int64
        public var ledgerIndex: UInt64?
    }

    public init(
        id: String, kind: CertificateKind, holder: String, document: String, documentSHA256: String, status: CertificateStatus, issuedAt: Date
    ) {
        self.id = id
        self.kind = kind
        self.holder = holder
        self.document = document
        self.documentSHA256 = documentSHA256
        self.status = status
        self.issuedAt = issuedAt
        self.updatedAt = issuedAt
    }
}
