import Foundation

/// A C2SP `tlog-policy`: the logs a verifier accepts, the witnesses it knows, and the quorum
/// of cosignatures a checkpoint needs. Portunus reads it in two roles: a partner's verifier
/// (`portunus ledger verify --policy`), and the log itself, which asks the listed witnesses
/// that have a URL for cosignatures.
///
/// ```text
/// log customs-a.example/ledger+1a2b3c4d+AQ… https://customs-a.example/ledger
/// witness B customs-b.example/witness+5e6f7a8b+BA… https://customs-b.example/ledger/witness
/// witness C customs-c.example/witness+…
/// witness D customs-d.example/witness+…
/// group partners 2 B C D
/// quorum partners
/// ```
public struct TlogPolicy: Sendable, Hashable {
    public struct Log: Sendable, Hashable {
        public var key: NoteVerifierKey
        public var url: String?

        public init(key: NoteVerifierKey, url: String? = nil) {
            self.key = key
            self.url = url
        }
    }

    public struct Witness: Sendable, Hashable {
        public var name: String
        public var key: NoteVerifierKey
        /// The witness's submission prefix (`…/add-checkpoint` is appended).
        public var url: String?

        public init(name: String, key: NoteVerifierKey, url: String? = nil) {
            self.name = name
            self.key = key
            self.url = url
        }
    }

    public indirect enum Rule: Sendable, Hashable {
        case none
        case witness(String)
        /// At least `threshold` of the members.
        case group(name: String, threshold: Int, members: [Rule])
    }

    public var logs: [Log]
    public var witnesses: [Witness]
    public var quorum: Rule

    public init(logs: [Log], witnesses: [Witness], quorum: Rule) {
        self.logs = logs
        self.witnesses = witnesses
        self.quorum = quorum
    }

    /// Parses the text form, strictly: unknown keywords, names used before they are defined,
    /// duplicate keys or names, thresholds outside 1…n and anything but one quorum line are
    /// errors with their line number.
    public init(text: String) throws(LedgerError) {
        var logs: [Log] = []
        var witnesses: [Witness] = []
        var names: [String: Rule] = ["none": .none]
        var quorum: Rule?
        var keys = Set<Data>()
        for (offset, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let number = offset + 1
            func fail(_ reason: String) -> LedgerError { LedgerError(.invalidPolicy, reason, line: number) }
            if let bad = rawLine.unicodeScalars.first(where: { $0.value < 0x20 && $0 != "\t" || $0.value == 0x7F }) {
                throw fail("control character U+\(String(format: "%04X", bad.value))")
            }
            let fields = rawLine.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
            guard let keyword = fields.first, !keyword.hasPrefix("#") else { continue }
            func key(_ text: String, type: UInt8, role: String) throws(LedgerError) -> NoteVerifierKey {
                let key: NoteVerifierKey
                do { key = try NoteVerifierKey(vkey: text) } catch { throw fail("the \(role) key: \(error.reason)") }
                guard key.type == type else { throw fail("a \(role) key must have signature type 0x0\(type)") }
                guard keys.insert(key.publicKey).inserted else { throw fail("the same public key appears twice") }
                return key
            }
            switch keyword {
            case "log":
                guard fields.count == 2 || fields.count == 3 else { throw fail("expected: log <vkey> [<url>]") }
                logs.append(Log(key: try key(fields[1], type: NoteVerifierKey.ed25519, role: "log"), url: fields.count == 3 ? fields[2] : nil))
            case "witness":
                guard fields.count == 3 || fields.count == 4 else { throw fail("expected: witness <name> <vkey> [<url>]") }
                guard names[fields[1]] == nil else { throw fail("the name \(fields[1]) is already defined") }
                let witness = Witness(
                    name: fields[1], key: try key(fields[2], type: NoteVerifierKey.cosignatureV1, role: "witness"),
                    url: fields.count == 4 ? fields[3] : nil)
                witnesses.append(witness)
                names[witness.name] = .witness(witness.name)
            case "group":
                guard fields.count >= 4 else { throw fail("expected: group <name> all|any|<k> <member>…") }
                let name = fields[1]
                guard names[name] == nil else { throw fail("the name \(name) is already defined") }
                let memberNames = Array(fields[3...])
                guard Set(memberNames).count == memberNames.count else { throw fail("a member is listed twice") }
                var members: [Rule] = []
                for member in memberNames {
                    guard member != "none" else { throw fail("none cannot be a group member") }
                    guard let rule = names[member] else { throw fail("\(member) is not defined on an earlier line") }
                    members.append(rule)
                }
                let threshold: Int
                switch fields[2] {
                case "all": threshold = members.count
                case "any": threshold = 1
                default:
                    guard fields[2].allSatisfy(\.isASCII), fields[2].allSatisfy(\.isNumber), !fields[2].hasPrefix("0"), let k = Int(fields[2]),
                        k >= 1, k <= members.count
                    else {
                        throw fail("the threshold is all, any, or a decimal k with 1 ≤ k ≤ \(members.count)")
                    }
                    threshold = k
                }
                names[name] = .group(name: name, threshold: threshold, members: members)
            case "quorum":
                guard fields.count == 2 else { throw fail("expected: quorum <name>") }
                guard quorum == nil else { throw fail("a policy has exactly one quorum line") }
                guard let rule = names[fields[1]] else { throw fail("\(fields[1]) is not defined on an earlier line") }
                quorum = rule
            default:
                throw fail("unknown keyword \(keyword.prefix(20))")
            }
        }
        guard let quorum else { throw LedgerError(.invalidPolicy, "the policy has no quorum line") }
        self.init(logs: logs, witnesses: witnesses, quorum: quorum)
    }

    /// Whether cosignatures from these witnesses (by policy name) satisfy the quorum.
    public func isSatisfied(by cosigners: Set<String>) -> Bool { Self.satisfied(quorum, cosigners) }

    private static func satisfied(_ rule: Rule, _ cosigners: Set<String>) -> Bool {
        switch rule {
        case .none: true
        case .witness(let name): cosigners.contains(name)
        case .group(_, let threshold, let members): members.lazy.filter { satisfied($0, cosigners) }.count >= threshold
        }
    }

    /// The outcome of checking a signed checkpoint against the policy.
    public struct Verified: Sendable, Hashable {
        public var checkpoint: Checkpoint
        public var log: Log
        /// Policy names of the witnesses whose cosignatures verified.
        public var cosigners: Set<String>
    }

    /// Opens a signed checkpoint: signed by one of the policy's logs (whose key name is the
    /// origin), cosigned by witnesses that satisfy the quorum. A cosignature from a listed
    /// witness that does not verify fails the whole checkpoint, as `signed-note` requires.
    public func verify(checkpoint note: String) throws(LedgerError) -> Verified {
        let signed = try SignedNote.parse(note)
        let checkpoint = try Checkpoint(text: signed.text)
        guard let log = logs.first(where: { $0.key.name == checkpoint.origin }) else {
            throw LedgerError(.unknownLog, "the policy lists no log with origin \(checkpoint.origin)", line: 1)
        }
        let opened = try signed.open(with: [log.key] + witnesses.map(\.key))
        guard opened.verified.contains(where: { $0.name == log.key.name && $0.keyID == log.key.keyID }) else {
            throw LedgerError(.unsignedCheckpoint, "the checkpoint carries no valid signature of the log key \(log.key.name)")
        }
        let cosigners = Set(
            witnesses.filter { witness in
                opened.verified.contains { $0.name == witness.key.name && $0.keyID == witness.key.keyID }
            }.map(\.name))
        guard isSatisfied(by: cosigners) else {
            let have = cosigners.isEmpty ? "none" : cosigners.sorted().joined(separator: ", ")
            throw LedgerError(.quorum, "the checkpoint's cosignatures (\(have)) do not meet the quorum")
        }
        return Verified(checkpoint: checkpoint, log: log, cosigners: cosigners)
    }
}

extension TlogProof {
    /// Verifies the proof offline under a policy: the checkpoint is signed by a listed log and
    /// cosigned by a quorum of witnesses, and the entry is included at the proof's index.
    @discardableResult
    public func verify(entry: Data, policy: TlogPolicy) throws(LedgerError) -> TlogPolicy.Verified {
        let verified = try policy.verify(checkpoint: checkpoint)
        do {
            try MerkleProof.verifyInclusion(
                leaf: Merkle.leafHash(entry), index: index, size: verified.checkpoint.size, path: path,
                root: verified.checkpoint.root)
        } catch {
            throw LedgerError(.invalidProof, "the entry is not proved at index \(index) in the tree of size \(verified.checkpoint.size): \(error)")
        }
        return verified
    }
}
