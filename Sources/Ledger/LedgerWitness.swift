import Crypto
import Foundation
import Synchronization

/// A C2SP `tlog-witness` (HEAD text, with v1.0.0's status codes where they agree): Portunus
/// cosigns partner administrations' checkpoints once it has checked them against what it saw
/// before, so that no log can show one history to one partner and another to a second.
///
/// For each origin the witness keeps the last checkpoint it cosigned, in its own directory
/// (one file per origin, written to a staging file, fsynced and renamed, the directory fsynced)
/// before it replies. Check and update run under one lock, so two requests can never roll the
/// state back (the race the spec describes). A validly signed checkpoint that contradicts the
/// state — a fork, a rollback, a failing consistency proof — is refused and kept as evidence.
public final class LedgerWitness: Sendable {
    public struct Response: Sendable, Hashable {
        public var status: Int
        public var contentType: String
        public var body: Data
        /// A short, stable reason for logs and metrics (`ok`, `origin_unknown`, `conflict`, …).
        public var outcome: String

        static func error(_ status: Int, _ outcome: String, _ message: String) -> Response {
            Response(status: status, contentType: "text/plain; charset=utf-8", body: Data((message + "\n").utf8), outcome: outcome)
        }
    }

    public let signer: NoteSigner
    /// Trusted log keys by origin (a log key's name is its origin); replaceable while running.
    private let trusted: Mutex<[String: [NoteVerifierKey]]>
    public var logs: [String: [NoteVerifierKey]] { trusted.withLock { $0 } }
    public let directory: URL
    /// The state writer; holding it is holding the check-and-update lock.
    private let lock: Mutex<DurableFiles>
    private let clock: @Sendable () -> UInt64

    public var name: String { signer.name }

    /// - Parameters:
    ///   - signer: a `cosignature/v1` (type 0x04) key, never the log's own key.
    ///   - logs: the logs this witness follows.
    ///   - directory: where the state and the evidence live (`<data-dir>/witness`).
    public init(
        signer: NoteSigner, logs: [NoteVerifierKey], directory: URL,
        clock: @escaping @Sendable () -> UInt64 = { UInt64(Date().timeIntervalSince1970) }
    ) throws(LedgerError) {
        guard signer.verifierKey.type == NoteVerifierKey.cosignatureV1 else { throw .invalidKey("a witness signs with a cosignature/v1 key") }
        self.signer = signer
        trusted = Mutex(Dictionary(grouping: logs, by: \.name))
        self.directory = directory
        self.clock = clock
        try DurableFiles.createDirectory(directory.appendingPathComponent("logs").path)
        try DurableFiles.createDirectory(directory.appendingPathComponent("evidence").path)
        // Owner-only: the evidence holds checkpoints partners signed and refused.
        lock = Mutex(try DurableFiles(staging: directory.appendingPathComponent("staging"), mode: 0o600))
    }

    /// Reads a list of followed logs: `log <vkey> [<url>]` lines (the `log` lines of a
    /// tlog-policy), `#` comments and blank lines.
    public static func logList(_ text: String) throws(LedgerError) -> [NoteVerifierKey] {
        var keys: [NoteVerifierKey] = []
        for (offset, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let fields = line.split(whereSeparator: { $0 == " " || $0 == "\t" })
            guard let first = fields.first, !first.hasPrefix("#") else { continue }
            guard first == "log", fields.count == 2 || fields.count == 3 else {
                throw LedgerError(.invalidWitnessLogs, "expected: log <vkey> [<url>]", line: offset + 1)
            }
            let key: NoteVerifierKey
            do { key = try NoteVerifierKey(vkey: String(fields[1])) } catch {
                throw LedgerError(.invalidWitnessLogs, error.reason, line: offset + 1)
            }
            guard key.type == NoteVerifierKey.ed25519 else {
                throw LedgerError(.invalidWitnessLogs, "a log key has signature type 0x01", line: offset + 1)
            }
            keys.append(key)
        }
        return keys
    }

    /// Replaces the logs this witness follows (their state is kept).
    public func follow(_ logs: [NoteVerifierKey]) {
        trusted.withLock { $0 = Dictionary(grouping: logs, by: \.name) }
    }

    /// The last checkpoint cosigned for an origin (its signed note), if any.
    public func latest(origin: String) -> (checkpoint: Checkpoint, note: String)? {
        guard let data = FileManager.default.contents(atPath: stateFile(origin).path),
            let signed = try? SignedNote.parse(data), let checkpoint = try? Checkpoint(text: signed.text)
        else { return nil }
        return (checkpoint, String(decoding: data, as: UTF8.self))
    }

    /// Evidence files kept so far, oldest first.
    public func evidence() -> [URL] {
        let folder = directory.appendingPathComponent("evidence")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.sorted().map { folder.appendingPathComponent($0) }
    }

    func stateFile(_ origin: String) -> URL {
        directory.appendingPathComponent("logs").appendingPathComponent(Self.hex(SHA256.hash(data: Data(origin.utf8))))
    }

    static func hex(_ digest: some Sequence<UInt8>) -> String { digest.map { String(format: "%02x", $0) }.joined() }

    /// `POST <prefix>/add-checkpoint`.
    public func addCheckpoint(_ body: Data) -> Response {
        // The body: "old N", proof lines, a blank line, the signed checkpoint.
        guard let text = String(data: body, encoding: .utf8) else { return .error(400, "malformed", "the body is not UTF-8") }
        guard let blank = text.range(of: "\n\n") else { return .error(400, "malformed", "no blank line before the checkpoint") }
        let head = text[..<blank.lowerBound].split(separator: "\n", omittingEmptySubsequences: false)
        let noteText = String(text[blank.upperBound...])
        guard let oldLine = head.first, oldLine.hasPrefix("old "), let old = UInt64(oldLine.dropFirst(4)), String(old) == oldLine.dropFirst(4) else {
            return .error(400, "malformed", "line 1: expected old <size> in decimal without leading zeroes")
        }
        var proof: [TreeHash] = []
        for (offset, line) in head.dropFirst().enumerated() {
            guard let hash = TreeHash(base64: line), hash.base64 == line else {
                return .error(400, "malformed", "line \(offset + 2): a proof line is not base64 of a 32-byte hash")
            }
            proof.append(hash)
        }
        guard proof.count <= 63 else { return .error(400, "malformed", "more than 63 consistency proof lines") }
        let signed: SignedNote
        let checkpoint: Checkpoint
        do {
            signed = try SignedNote.parse(noteText)
            checkpoint = try Checkpoint(text: signed.text)
        } catch {
            return .error(400, "malformed", "the checkpoint: \(error)")
        }
        guard let keys = logs[checkpoint.origin] else { return .error(404, "origin_unknown", "this witness does not follow that origin") }
        do {
            let opened = try signed.open(with: keys)
            guard opened.verified.contains(where: { signature in keys.contains { $0.keyID == signature.keyID && $0.name == signature.name } }) else {
                return .error(403, "unsigned", "no signature from a key trusted for this origin")
            }
        } catch {
            return .error(403, "unsigned", "no valid signature from a key trusted for this origin")
        }
        guard old <= checkpoint.size else { return .error(400, "old_too_large", "old size \(old) is larger than the checkpoint's size") }

        return lock.withLock { files -> Response in
            let stored = latest(origin: checkpoint.origin)?.checkpoint
            let storedSize = stored?.size ?? 0
            if old != storedSize {
                if checkpoint.size < storedSize {
                    keepEvidence(
                        &files, checkpoint: checkpoint, reason: "rollback: size \(checkpoint.size) after size \(storedSize) was cosigned", body: body)
                }
                return Response(status: 409, contentType: "text/x.tlog.size", body: Data("\(storedSize)\n".utf8), outcome: "conflict")
            }
            if checkpoint.size == 0 && checkpoint.root != Merkle.emptyRoot {
                return .error(422, "inconsistent", "a checkpoint of size 0 must have the empty tree's root")
            }
            if old == 0 {
                guard proof.isEmpty else { return .error(422, "inconsistent", "a proof from size 0 must be empty") }
            } else if old == checkpoint.size {
                guard proof.isEmpty, let stored, stored.root == checkpoint.root else {
                    keepEvidence(&files, checkpoint: checkpoint, reason: "fork: a different root at the cosigned size \(old)", body: body)
                    return .error(422, "fork", "the root differs from the one cosigned at size \(old)")
                }
            } else {
                do {
                    try MerkleProof.verifyConsistency(
                        first: old, second: checkpoint.size, firstRoot: stored?.root ?? Merkle.emptyRoot,
                        secondRoot: checkpoint.root, proof: proof)
                } catch {
                    keepEvidence(&files, checkpoint: checkpoint, reason: "inconsistent: \(error)", body: body)
                    return .error(422, "inconsistent", "the consistency proof from size \(old) does not verify")
                }
            }
            let timestamp = max(clock(), 1)
            let cosignature: SignedNote.Signature
            do {
                cosignature = try signer.cosign(signed.text, timestamp: timestamp)
                // Persist the checkpoint, with this witness's cosignature, before replying.
                let note = SignedNote(text: signed.text, signatures: signed.signatures + [cosignature]).formatted
                try files.write(Data(note.utf8), to: stateFile(checkpoint.origin).path)
                try files.syncDirectories()
            } catch {
                return .error(500, "io_failed", "the witness could not record the checkpoint")
            }
            return Response(status: 200, contentType: "text/plain; charset=utf-8", body: Data(cosignature.line.utf8), outcome: "ok")
        }
    }

    /// Keeps a refused but validly signed submission: it may prove that the log misbehaved.
    private func keepEvidence(_ files: inout DurableFiles, checkpoint: Checkpoint, reason: String, body: Data) {
        let stamp = String(format: "%020llu", clock())
        let name = "\(stamp)-\(Self.hex(SHA256.hash(data: body).prefix(8)))"
        let record = Data("portunus witness evidence\norigin \(checkpoint.origin)\nreason \(reason)\n\n".utf8) + body
        if (try? files.write(record, to: directory.appendingPathComponent("evidence").appendingPathComponent(name).path)) != nil {
            try? files.syncDirectories()
        }
    }
}
