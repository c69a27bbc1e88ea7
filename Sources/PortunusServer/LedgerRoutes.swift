import Foundation
import Hummingbird
import Ledger
import PortunusCore

/// The ledger's static resources over HTTP, exactly as C2SP `tlog-tiles` names them:
/// `GET /ledger/checkpoint` and `GET /ledger/tile/…`. They hold hashes and signed checkpoints,
/// never personal data, and are public by design: partners verify without a key.
///
/// Tiles are immutable (a tile path always names the same bytes), so they are served with a
/// year's `immutable` caching; the checkpoint changes with every batch and may be cached for a
/// second at most. Only canonical tile paths are served, so a path can never leave the log.
struct LedgerRoutes: Sendable {
    let directory: URL

    func register(in router: Router<PortunusRequestContext>) {
        router.get("/ledger/checkpoint", use: checkpoint)
        router.get("/ledger/tile/**", use: tile)
    }

    @Sendable func checkpoint(_ request: Request, context: PortunusRequestContext) async throws -> Response {
        guard let data = FileManager.default.contents(atPath: directory.appendingPathComponent("checkpoint").path) else {
            throw PortunusError(.notFound, "this server has no ledger yet (portunus ledger init)")
        }
        return Response(
            status: .ok, headers: [.contentType: "text/plain; charset=utf-8", .cacheControl: "public, max-age=1"],
            body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    @Sendable func tile(_ request: Request, context: PortunusRequestContext) async throws -> Response {
        let resource = "tile/" + context.parameters.getCatchAll().joined(separator: "/")
        guard let tile = TilePath(resource),
            let data = FileManager.default.contents(atPath: directory.appendingPathComponent(tile.description).path)
        else {
            throw PortunusError(.notFound, "no tile or entry bundle at this path")
        }
        return Response(
            status: .ok, headers: [.contentType: "application/octet-stream", .cacheControl: "public, max-age=31536000, immutable"],
            body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}
