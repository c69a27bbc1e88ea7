import Foundation
import Ledger
import PortunusCore
import Storage

extension CertificateService {
    /// A certificate as the API shows it: the document as JSON, its hash, and each status
    /// change with where its ledger entry is.
    public struct View: Sendable, Encodable {
        let certificate: StoredCertificate

        public init(_ certificate: StoredCertificate) { self.certificate = certificate }

        public var id: String { certificate.id }

        enum CodingKeys: String, CodingKey {
            case id, kind, status, holder, issuedAt = "issued_at", updatedAt = "updated_at", document, documentSHA256 = "document_sha256", events
        }

        enum EventKeys: String, CodingKey { case status, at, by, reason, ledgerIndex = "ledger_index" }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(certificate.id, forKey: .id)
            try container.encode(certificate.kind, forKey: .kind)
            try container.encode(certificate.status, forKey: .status)
            try container.encode(certificate.holder, forKey: .holder)
            try container.encode(ISO8601.format(certificate.issuedAt), forKey: .issuedAt)
            try container.encode(ISO8601.format(certificate.updatedAt), forKey: .updatedAt)
            try container.encode((try? CanonicalJSON.parse(Data(certificate.document.utf8))) ?? .null, forKey: .document)
            try container.encode(certificate.documentSHA256, forKey: .documentSHA256)
            var events = container.nestedUnkeyedContainer(forKey: .events)
            for event in certificate.events {
                var members = events.nestedContainer(keyedBy: EventKeys.self)
                try members.encode(event.status, forKey: .status)
                try members.encode(ISO8601.format(event.at), forKey: .at)
                try members.encode(event.by, forKey: .by)
                try members.encodeIfPresent(event.reason, forKey: .reason)
                try members.encodeIfPresent(event.ledgerIndex, forKey: .ledgerIndex)
            }
        }
    }

    /// A certificate as an act left it, read again: its entry may have been appended since.
    /// No access check: the act checked.
    public func current(_ certificate: StoredCertificate) throws(PortunusError) -> View {
        View(try store.certificates.certificate(id: certificate.id) ?? certificate)
    }
}
