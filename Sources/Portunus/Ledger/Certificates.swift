import Foundation
import Ledger
import PortunusCore
import Storage

/// Certificates partner administrations rely on: AEO authorisations (granted, suspended,
/// revoked, reinstated) and certificates of origin (issued, revoked). As in CADENA and
/// bConnect, only the issuing administration writes; partners — and traders holding their
/// own certificate — verify offline that the certificate is in the issuer's log, in which
/// status, witnessed by a quorum of partners.
///
/// The certificate document (canonical JSON) travels with the holder or through the MRA
/// channel; the log holds its SHA-256 and every change of status, never the holder's data.
public struct CertificateService: Sendable {
    /// AEO authorisation or certificate of origin; its statuses and their changes are the
    /// domain's (``CertificateStatus``).
    public typealias Kind = CertificateKind

    public static let programmes: Set<String> = ["AEOC", "AEOS", "AEOF"]

    public let store: PortunusStore
    /// The issuing administration: the ledger's origin.
    public let issuer: String?

    public init(store: PortunusStore, issuer: String?) {
        self.store = store
        self.issuer = issuer
    }

    /// A new id: the prefix and 12 unambiguous letters and digits.
    static func newID(prefix: String) -> String {
        var generator = SystemRandomNumberGenerator()
        let alphabet = Array("ABCDEFGHJKLMNPQRSTUVWXYZ23456789")
        return prefix + String((0..<12).map { _ in alphabet.randomElement(using: &generator)! })
    }

    /// Certificate, sample and watch-list entry ids: the door's identifiers (letters, digits
    /// and `-_.:`, at most 64), so that each reads back from its URL path.
    static func validID(_ id: String) -> Bool { InputLimits.isIdentifier(id) }

    /// Issues a certificate from its request (JSON): validates it, builds the document, stores
    /// it and enqueues its ledger entry, in one transaction.
    public func issue(_ kind: Kind, request body: Data, by principal: Principal) throws(PortunusError) -> StoredCertificate {
        try AccessPolicy.require(.issueCertificates, principal)
        guard let issuer else { throw PortunusError(.conflict, "certificates need this administration's ledger: run portunus ledger init") }
        var reader = StrictJSONReader()
        let root = try JSONValue.parse(body)
        let allowed: Set<String> =
            kind == .aeo
            ? ["id", "holder", "programme", "valid_from", "mutual_recognition"]
            : ["id", "exporter", "consignee", "origin_country", "destination_country", "goods", "invoice", "preference"]
        guard let members = reader.object(root, at: "", allowed: allowed) else {
            throw reader.problems.first ?? PortunusError(.wrongType, "expected an object", field: "")
        }
        func text(_ key: String, required: Bool) -> String? {
            guard let value = members[key] else {
                if required { reader.report(PortunusError(.missingField, "\(key) is required", field: "/\(key)")) }
                return nil
            }
            guard case .string(let string) = value, !string.trimmingCharacters(in: .whitespaces).isEmpty, string.utf8.count <= 200 else {
                reader.report(PortunusError(.wrongType, "\(key) is a non-empty string of at most 200 bytes", field: "/\(key)"))
                return nil
            }
            return string
        }
        func country(_ key: String) -> String? {
            guard let code = text(key, required: true) else { return nil }
            do { return try Country(code, field: "/\(key)").code } catch {
                reader.report(error)
                return nil
            }
        }
        let id = text("id", required: false) ?? Self.newID(prefix: kind == .aeo ? "AEO-" : "COO-")
        if !Self.validID(id) { reader.report(PortunusError(.invalidID, "an id is 1–64 of A–Z a–z 0–9 - _ . :", field: "/id")) }
        let issuedAt = Date()
        let now = ISO8601.format(issuedAt)
        var document: [String: CanonicalJSON] = [
            "kind": .string(kind.rawValue), "id": .string(id), "issuer": .string(issuer), "issued_at": .string(now),
        ]
        let holder: String?
        switch kind {
        case .aeo:
            holder = text("holder", required: true)
            let programme = text("programme", required: true)
            if let programme, !Self.programmes.contains(programme) {
                reader.report(PortunusError(.invalidArgument, "programme is AEOC, AEOS or AEOF", field: "/programme"))
            }
            let validFrom = text("valid_from", required: false) ?? String(now.prefix(10))
            if validFrom.utf8.count != 10 || ISO8601.parse(validFrom) == nil {
                reader.report(PortunusError(.invalidDate, "valid_from is a date YYYY-MM-DD", field: "/valid_from"))
            }
            var partners: [CanonicalJSON] = []
            if let list = reader.array(members["mutual_recognition"], at: "/mutual_recognition") {
                for (index, value) in list.enumerated() {
                    guard case .string(let code) = value, let parsed = try? Country(code, field: "/mutual_recognition/\(index)") else {
                        reader.report(PortunusError(.unknownCountry, "a partner is an ISO 3166 country code", field: "/mutual_recognition/\(index)"))
                        continue
                    }
                    partners.append(.string(parsed.code))
                }
            }
            document["holder"] = holder.map { .string($0) } ?? .null
            document["programme"] = programme.map { .string($0) } ?? .null
            document["valid_from"] = .string(validFrom)
            document["mutual_recognition"] = .array(partners)
        case .origin:
            holder = text("exporter", required: true)
            document["exporter"] = holder.map { .string($0) } ?? .null
            if let consignee = text("consignee", required: false) { document["consignee"] = .string(consignee) }
            if let invoice = text("invoice", required: false) { document["invoice"] = .string(invoice) }
            if let preference = text("preference", required: false) { document["preference"] = .string(preference) }
            document["origin_country"] = country("origin_country").map { .string($0) } ?? .null
            document["destination_country"] = country("destination_country").map { .string($0) } ?? .null
            var goods: [CanonicalJSON] = []
            let items = reader.array(members["goods"], at: "/goods") ?? []
            if items.isEmpty { reader.report(PortunusError(.noGoodsItems, "a certificate of origin covers at least one item", field: "/goods")) }
            for (index, item) in items.enumerated() {
                guard let fields = reader.object(item, at: "/goods/\(index)", allowed: ["hs_code", "description", "quantity"]) else { continue }
                var line: [String: CanonicalJSON] = [:]
                if case .string(let code)? = fields["hs_code"] {
                    do { line["hs_code"] = .string(try HSCode(code, field: "/goods/\(index)/hs_code").digits) } catch { reader.report(error) }
                } else {
                    reader.report(PortunusError(.missingField, "hs_code is required", field: "/goods/\(index)/hs_code"))
                }
                if case .string(let description)? = fields["description"], !description.isEmpty, description.utf8.count <= 500 {
                    line["description"] = .string(description)
                } else {
                    reader.report(
                        PortunusError(.missingField, "description is a non-empty string of at most 500 bytes", field: "/goods/\(index)/description"))
                }
                if let quantity = fields["quantity"] {
                    guard case .string(let text) = quantity, !text.isEmpty, text.utf8.count <= 40 else {
                        reader.report(PortunusError(.wrongType, "quantity is a string such as \"120 kg\"", field: "/goods/\(index)/quantity"))
                        continue
                    }
                    line["quantity"] = .string(text)
                }
                goods.append(.object(line))
            }
            document["goods"] = .array(goods)
        }
        if let first = reader.problems.first { throw first }
        let canonical = CanonicalJSON.object(document)
        let digest = AccountableEntry.sha256(canonical.data)
        let certificate = StoredCertificate(
            id: id, kind: kind, holder: holder ?? "", document: canonical.text, documentSHA256: digest,
            status: kind.initialStatus, issuedAt: issuedAt)
        let entry = AccountableEntry.make(
            type: kind.entryType, at: now, subject: id,
            fields: [
                "certificate": .string(id), "status": .string(kind.initialStatus.rawValue), "document_sha256": .string(digest),
                "by": .string(principal.keyID),
            ])
        try store.certificates.issueCertificate(certificate, by: principal.keyID, ledger: entry)
        return try store.certificates.certificate(id: id) ?? certificate
    }

    /// Suspends, reinstates or revokes: the certificate's own transition decides, and the
    /// change, its event and its ledger entry are stored together.
    public func change(_ kind: Kind, id: String, to status: String, reason: String?, by principal: Principal) throws(PortunusError)
        -> StoredCertificate
    {
        try AccessPolicy.require(.issueCertificates, principal)
        guard let status = CertificateStatus(rawValue: status), let event = kind.event(setting: status) else {
            throw PortunusError(
                .invalidArgument, "status is one of \(kind.settableStatuses.map(\.rawValue).joined(separator: ", "))", field: "/status")
        }
        guard let current = try store.certificates.certificate(id: id), current.kind == kind else {
            throw PortunusError(.notFound, "no such certificate", field: "id")
        }
        let entry = Self.statusEntry(kind, id: id, status: status, documentSHA256: current.documentSHA256, reason: reason, by: principal.keyID)
        try store.certificates.changeCertificateStatus(id: id, reason: reason, by: principal.keyID, ledger: entry) {
            current throws(CertificateStatus.Refusal) in
            try current.applying(event)
        }
        return try store.certificates.certificate(id: id) ?? current
    }

    /// A status change's ledger entry (schema v2). The status is public: partners rely on it.
    /// The reason may name people, and a short one could be guessed from a plain hash, so a
    /// salted commitment goes into the log and the salt stays in the outbox.
    static func statusEntry(_ kind: Kind, id: String, status: CertificateStatus, documentSHA256: String, reason: String?, by keyID: String)
        -> LedgerOutboxEntry
    {
        var fields: [String: CanonicalJSON] = [
            "v": 2, "certificate": .string(id), "status": .string(status.rawValue), "document_sha256": .string(documentSHA256), "by": .string(keyID),
        ]
        var sealed = AccountableEntry.Sealed()
        if let reason {
            sealed.commit("reason_commitment", to: .string(reason))
            fields.merge(sealed.fields) { $1 }
        }
        return AccountableEntry.make(type: kind.entryType, at: ISO8601.format(Date()), subject: id, secrets: sealed.secretsText, fields: fields)
    }

    /// A certificate, for those who may read it: a trader only its own.
    public func certificate(_ kind: Kind, id: String, by principal: Principal) throws(PortunusError) -> StoredCertificate {
        try AccessPolicy.require(.readCertificates, principal)
        guard let certificate = try store.certificates.certificate(id: id), certificate.kind == kind,
            principal.role != .trader || certificate.holder == principal.party
        else {
            throw PortunusError(.notFound, "no such certificate", field: "id")
        }
        return certificate
    }

    public func list(_ kind: Kind, holder: String?, limit: Int, by principal: Principal) throws(PortunusError) -> [StoredCertificate] {
        try AccessPolicy.require(.readCertificates, principal)
        let holder = principal.role == .trader ? principal.party : holder
        return try store.certificates.certificates(kind: kind, holder: holder, limit: limit)
    }

    /// The offline bundle for a certificate's latest status: the document, the status entry's
    /// exact bytes and a `tlog-proof` of it (which a partner checks against its policy).
    public static func bundle(_ certificate: StoredCertificate, log: TiledLog) throws -> Data {
        guard let latest = certificate.events.last, let index = latest.ledgerIndex else {
            throw PortunusError(.conflict, "the certificate's latest status is not in the log yet")
        }
        var size = log.size
        if let cosigned = log.latestCosigned, cosigned.size > index { size = cosigned.size }
        let proof = try log.proof(index: index, size: size)
        let entry = try log.reader.entry(index: index, size: size)
        let document = try JSONValue.parse(Data(certificate.document.utf8)).canonical
        return CanonicalJSON.object([
            "format": .string(CertificateVerifier.format), "document": document,
            "entry": .string(String(decoding: entry, as: UTF8.self)), "proof": .string(proof.text),
        ]).data
    }
}

/// Checks a certificate bundle offline, as a partner administration or a trader does:
/// the proof's checkpoint is signed by a log of the policy and cosigned by its quorum, the
/// status entry is in that log, it is about this document (id and SHA-256), and the issuer
/// named in the document is the log's origin. Given the log (a directory or URL), it also
/// reads every entry up to the log's latest checkpoint that the policy accepts, checks them
/// against its root, and reports any later status: a revocation cannot hide behind an old
/// bundle.
public enum CertificateVerifier {
    public static let format = "portunus.certificate-bundle/v1"

    public struct Verdict: Sendable, Hashable {
        public var kind: String
        public var id: String
        public var holder: String
        /// The status the bundle proves.
        public var status: String
        public var index: UInt64
        public var checkpoint: Checkpoint
        public var cosigners: Set<String>
        /// A later status found in the log, with its index and the size checked up to.
        public var laterStatus: (status: String, index: UInt64)?
        public var checkedUpTo: UInt64?

        public var currentStatus: String { laterStatus?.status ?? status }
        public var inForce: Bool { CertificateStatus(rawValue: currentStatus)?.inForce ?? false }

        public static func == (lhs: Verdict, rhs: Verdict) -> Bool {
            lhs.id == rhs.id && lhs.status == rhs.status && lhs.index == rhs.index && lhs.laterStatus?.status == rhs.laterStatus?.status
                && lhs.laterStatus?.index == rhs.laterStatus?.index && lhs.checkpoint == rhs.checkpoint
        }
        public func hash(into hasher: inout Hasher) {
            hasher.combine(id)
            hasher.combine(index)
        }
    }

    public static func verify(bundle: Data, policy: TlogPolicy, log: LogSource? = nil) throws -> Verdict {
        guard case .object(let members) = try JSONValue.parse(bundle), case .string(let format)? = members["format"], format == Self.format else {
            throw LedgerError(.invalidBundle, "not a \(Self.format) bundle")
        }
        guard case .object(let documentMembers)? = members["document"], case .string(let entryText)? = members["entry"],
            case .string(let proofText)? = members["proof"]
        else {
            throw LedgerError(.invalidBundle, "a bundle has document, entry and proof")
        }
        let document = JSONValue.object(documentMembers).canonical
        let proof = try TlogProof(text: proofText)
        let entryBytes = Data(entryText.utf8)
        let verified = try proof.verify(entry: entryBytes, policy: policy)
        guard case .object(let entry) = try JSONValue.parse(entryBytes) else { throw LedgerError(.invalidBundle, "the entry is not an object") }
        guard let kind = document["kind"]?.stringValue, let id = document["id"]?.stringValue,
            entry["type"]?.canonical.stringValue == "portunus.certificate.\(kind)"
        else {
            throw LedgerError(.certificateMismatch, "the entry is not a status of this kind of certificate")
        }
        guard entry["certificate"]?.canonical.stringValue == id else {
            throw LedgerError(.certificateMismatch, "the entry is about another certificate")
        }
        guard entry["document_sha256"]?.canonical.stringValue == AccountableEntry.sha256(document.data) else {
            throw LedgerError(.certificateMismatch, "the document is not the one the log recorded (its SHA-256 differs)")
        }
        guard document["issuer"]?.stringValue == verified.checkpoint.origin else {
            throw LedgerError(.certificateIssuer, "the document's issuer is not the log's origin \(verified.checkpoint.origin)")
        }
        guard let status = entry["status"]?.canonical.stringValue else { throw LedgerError(.invalidBundle, "the entry has no status") }
        var verdict = Verdict(
            kind: kind, id: id, holder: document["holder"]?.stringValue ?? document["exporter"]?.stringValue ?? "",
            status: status, index: proof.index, checkpoint: verified.checkpoint, cosigners: verified.cosigners)
        if let log {
            guard let note = try log.fetch("checkpoint") else {
                throw LedgerError(.missingCheckpoint, "the log has no checkpoint", resource: log.location)
            }
            let latest = try policy.verify(checkpoint: String(decoding: note, as: UTF8.self)).checkpoint
            guard latest.origin == verified.checkpoint.origin, latest.size >= verified.checkpoint.size else {
                throw LedgerError(.checkpointRollback, "the log's checkpoint is older than the bundle's")
            }
            let entries = try LedgerReader(source: log).entries(size: latest.size, root: latest.root)
            // The bundle's checkpoint must be a prefix of what the log shows now.
            guard Merkle.root(entries.prefix(Int(verified.checkpoint.size)).map { Merkle.leafHash($0) }[...]) == verified.checkpoint.root else {
                throw LedgerError(.checkpointFork, "the log's history differs from the bundle's checkpoint")
            }
            let type = "portunus.certificate.\(kind)"
            for index in Int(proof.index + 1)..<entries.count {
                guard case .object(let later)? = try? JSONValue.parse(entries[index]), later["type"]?.canonical.stringValue == type,
                    later["certificate"]?.canonical.stringValue == id, let laterStatus = later["status"]?.canonical.stringValue
                else { continue }
                verdict.laterStatus = (laterStatus, UInt64(index))
            }
            verdict.checkedUpTo = latest.size
        }
        return verdict
    }
}

extension CertificateKind {
    /// The ledger entry type of this kind's status entries.
    var entryType: String { self == .aeo ? AccountableEntry.Kind.aeo : AccountableEntry.Kind.origin }
}
