import Foundation
import Hummingbird
import Ledger
import Portunus
import PortunusCore

/// The witness endpoint (public, as C2SP `tlog-witness` defines it: the checkpoint's signature
/// is the authentication) and the ledger's `/api/v1/ledger/…` routes (keys required).
struct LedgerAPIRoutes: Sendable {
    let runtime: LedgerRuntime
    let outbox: LedgerOutbox

    func register(public router: Router<PortunusRequestContext>, api group: RouterGroup<PortunusRequestContext>) {
        router.post("/ledger/witness/add-checkpoint", use: addCheckpoint)
        group.post("ledger/entries", use: submit)
        group.get("ledger/entries/{index}", use: entry)
        group.get("ledger/proof", use: proof)
        group.get("ledger/consistency", use: consistency)
        group.get("ledger/status", use: status)
    }

    @Sendable func addCheckpoint(_ request: Request, context: PortunusRequestContext) async throws -> Response {
        guard let witness = runtime.witness else {
            return Response(
                status: .notFound, headers: [.contentType: "text/plain; charset=utf-8"],
                body: .init(byteBuffer: ByteBuffer(string: "this instance is not a witness\n")))
        }
        let body = try await request.collect(.witnessCheckpoint)
        runtime.reloadWitnessLogs()
        let reply = witness.addCheckpoint(Data(buffer: body))
        if reply.status != 200 {
            runtime.logger.notice("witness refused a checkpoint", metadata: ["status": "\(reply.status)", "outcome": "\(reply.outcome)"])
        }
        return Response(
            status: .init(code: reply.status), headers: [.contentType: reply.contentType],
            body: .init(byteBuffer: ByteBuffer(bytes: reply.body)))
    }

    func log() throws -> TiledLog {
        guard let log = runtime.log else { throw PortunusError(.notFound, "this server has no ledger (portunus ledger init)") }
        return log
    }

    @Sendable func submit(_ request: Request, context: PortunusRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal(for: .writeLedger)
        let seq = try outbox.submit(try await request.data(.ledgerEntry), by: principal)
        struct Body: Encodable {
            var seq: Int64
            var index: UInt64?
            var pending: Bool
        }
        // Appended now when this server writes the log; otherwise it waits in the outbox.
        if runtime.log != nil {
            try await runtime.publish()
            if let index = try outbox.index(of: seq) {
                return try Response.json(Body(seq: seq, index: index, pending: false), status: .created)
            }
        }
        return try Response.json(Body(seq: seq, index: nil, pending: true), status: .accepted)
    }

    static func number(_ text: String?, _ name: String) throws -> UInt64? {
        guard let text else { return nil }
        guard let value = UInt64(text) else { throw PortunusError(.invalidArgument, "\(name) is an unsigned integer", field: name) }
        return value
    }

    @Sendable func entry(_ request: Request, context: PortunusRequestContext) async throws -> Response {
        _ = try context.requirePrincipal(for: .readLedger)
        let log = try log()
        guard let index = try Self.number(context.parameters.get("index"), "index") else {
            throw PortunusError(.missingField, "index", field: "index")
        }
        let size = log.size
        guard index < size else { throw PortunusError(.notFound, "the log has \(size) entries", field: "index") }
        let data = try log.reader.entry(index: index, size: size)
        return Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    /// A `tlog-proof` of entry `index`: against the checkpoint of `size` if given, else the
    /// latest cosigned checkpoint that covers it, else the latest checkpoint.
    @Sendable func proof(_ request: Request, context: PortunusRequestContext) async throws -> Response {
        _ = try context.requirePrincipal(for: .readLedger)
        let query = try request.query(allowed: ["index", "size"])
        let log = try log()
        guard let index = try Self.number(query["index"], "index") else { throw PortunusError(.missingField, "give ?index=", field: "index") }
        var size = try Self.number(query["size"], "size")
        if size == nil, let cosigned = log.latestCosigned, cosigned.size > index { size = cosigned.size }
        let target = size ?? log.size
        guard index < target else { throw PortunusError(.notFound, "entry \(index) is not in the tree of size \(target)", field: "index") }
        let proof: TlogProof
        do { proof = try log.proof(index: index, size: target) } catch {
            throw PortunusError(error.code == .missingCheckpoint ? .notFound : .invalidArgument, error.reason, field: "size")
        }
        return Response(status: .ok, headers: [.contentType: "text/plain; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: proof.text)))
    }

    /// The consistency proof between two sizes: one base64 hash per line.
    @Sendable func consistency(_ request: Request, context: PortunusRequestContext) async throws -> Response {
        _ = try context.requirePrincipal(for: .readLedger)
        let query = try request.query(allowed: ["old", "new"])
        let log = try log()
        guard let old = try Self.number(query["old"], "old") else { throw PortunusError(.missingField, "give ?old=", field: "old") }
        let new = try Self.number(query["new"], "new") ?? log.size
        guard old >= 1, old <= new, new <= log.size else {
            throw PortunusError(.invalidArgument, "sizes must satisfy 1 ≤ old ≤ new ≤ \(log.size)", field: "old")
        }
        let hashes = try log.reader.consistencyProof(from: old, to: new)
        return Response(
            status: .ok, headers: [.contentType: "text/plain; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(string: hashes.map { $0.base64 + "\n" }.joined())))
    }

    @Sendable func status(_ request: Request, context: PortunusRequestContext) async throws -> Response {
        _ = try context.requirePrincipal(for: .readLedger)
        struct Body: Encodable {
            var origin: String?
            var size: UInt64?
            var cosignedSize: UInt64?
            var pending: Int
            var witnesses: [String]
            var quorumMet: Bool?
            var witness: String?
            var witnessing: [String]
            enum CodingKeys: String, CodingKey {
                case origin, size, cosignedSize = "cosigned_size", pending, witnesses, quorumMet = "quorum_met", witness, witnessing
            }
        }
        let log = runtime.log
        var quorumMet: Bool?
        if let policy = runtime.policy, let log {
            quorumMet = (try? policy.verify(checkpoint: log.signedCheckpoint)) != nil
        }
        return try Response.json(
            Body(
                origin: log?.origin, size: log?.size, cosignedSize: log?.latestCosigned?.size, pending: try outbox.pendingCount(),
                witnesses: runtime.policy?.witnesses.map(\.name) ?? [], quorumMet: quorumMet, witness: runtime.witness?.name,
                witnessing: runtime.witness?.logs.keys.sorted() ?? []), status: .ok)
    }
}
