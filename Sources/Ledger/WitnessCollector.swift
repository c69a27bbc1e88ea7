import Foundation

/// Collects cosignatures for this log's checkpoints from the witnesses of a policy that have
/// a URL, remembering the size each witness last cosigned (learned from a 409 when unknown).
public actor WitnessCollector {
    /// Sends an `add-checkpoint` body to a URL; returns the HTTP status and body.
    public typealias Transport = @Sendable (_ url: URL, _ body: Data) async throws -> (status: Int, body: Data)

    public struct Outcome: Sendable {
        public var signatures: [SignedNote.Signature]
        /// Policy name → why that witness did not cosign.
        public var failures: [String: String]
    }

    public nonisolated let witnesses: [TlogPolicy.Witness]
    private let reader: LedgerReader
    private let transport: Transport
    private var known: [String: UInt64] = [:]

    public init(witnesses: [TlogPolicy.Witness], reader: LedgerReader, transport: @escaping Transport) {
        self.witnesses = witnesses.filter { $0.url != nil }
        self.reader = reader
        self.transport = transport
    }

    /// Asks every witness, in parallel, to cosign the signed checkpoint.
    public func cosign(_ signedCheckpoint: String) async -> Outcome {
        guard let note = try? SignedNote.parse(signedCheckpoint), let checkpoint = try? Checkpoint(text: note.text) else {
            return Outcome(signatures: [], failures: ["*": "not a checkpoint"])
        }
        let known = self.known
        let reader = self.reader
        let transport = self.transport
        let results = await withTaskGroup(of: (String, Result<([SignedNote.Signature], UInt64), LedgerError>).self) { group in
            for witness in witnesses {
                group.addTask {
                    (
                        witness.name,
                        await Self.ask(
                            witness, checkpoint: checkpoint, note: signedCheckpoint, old: known[witness.name] ?? 0,
                            reader: reader, transport: transport)
                    )
                }
            }
            var results: [(String, Result<([SignedNote.Signature], UInt64), LedgerError>)] = []
            for await result in group { results.append(result) }
            return results
        }
        var outcome = Outcome(signatures: [], failures: [:])
        for (name, result) in results.sorted(by: { $0.0 < $1.0 }) {
            switch result {
            case .success(let (signatures, size)):
                self.known[name] = size
                outcome.signatures += signatures
            case .failure(let error):
                outcome.failures[name] = error.description
            }
        }
        return outcome
    }

    /// One witness: at most three tries, each 409 teaching the witness's size.
    private static func ask(
        _ witness: TlogPolicy.Witness, checkpoint: Checkpoint, note: String, old start: UInt64,
        reader: LedgerReader, transport: Transport
    ) async -> Result<([SignedNote.Signature], UInt64), LedgerError> {
        guard let base = witness.url, let url = URL(string: base.hasSuffix("/") ? base + "add-checkpoint" : base + "/add-checkpoint") else {
            return .failure(LedgerError(.witnessURL, "the witness has no valid URL"))
        }
        var old = start > checkpoint.size ? 0 : start
        for _ in 0..<3 {
            let proof: [TreeHash]
            do {
                proof = old == 0 || old == checkpoint.size ? [] : try reader.consistencyProof(from: old, to: checkpoint.size)
            } catch {
                return .failure(error)
            }
            let reply: (status: Int, body: Data)
            do {
                reply = try await transport(url, WitnessProtocol.requestBody(old: old, proof: proof, signedCheckpoint: note))
            } catch {
                return .failure(LedgerError(.witnessUnreachable, "\(error)", resource: url.absoluteString))
            }
            switch reply.status {
            case 200:
                let signatures = WitnessProtocol.cosignatures(in: reply.body, checkpointText: checkpoint.text, witness: witness.key)
                guard !signatures.isEmpty else {
                    return .failure(LedgerError(.witnessBadCosignature, "the reply carries no valid cosignature", resource: url.absoluteString))
                }
                return .success((signatures, checkpoint.size))
            case 409:
                guard let size = WitnessProtocol.conflictSize(reply.body) else {
                    return .failure(LedgerError(.witnessBadReply, "a 409 without a size", resource: url.absoluteString))
                }
                guard size <= checkpoint.size else {
                    return .failure(
                        LedgerError(
                            .witnessAhead, "the witness has cosigned size \(size), beyond this checkpoint's \(checkpoint.size)",
                            resource: url.absoluteString))
                }
                old = size
            default:
                let message = String(decoding: reply.body.prefix(200), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
                return .failure(LedgerError(.witnessRefused, "HTTP \(reply.status): \(message)", resource: url.absoluteString))
            }
        }
        return .failure(LedgerError(.witnessConflict, "the witness's size kept changing", resource: url.absoluteString))
    }
}
