import Foundation
import Hummingbird
import Portunus
import PortunusCore

/// The routes that need no key: the landing page, health, metrics and the API description.
struct SystemRoutes {
    let maintenance: StoreMaintenance
    let metrics: ServerMetrics
    let startedAt: Date

    func register(in router: Router<PortunusRequestContext>) {
        router.get("/", use: landing)
        router.get("/healthz", use: health)
        router.get("/metrics", use: prometheus)
        // Read the API description from the resource bundle now, so a binary without it stops at start.
        _ = OpenAPIDocument.yaml
        router.get("/api/v1/openapi.yaml", use: openAPI)
    }

    @Sendable func health(_ request: Request, context: PortunusRequestContext) async throws -> Response {
        // Healthy means the store answers a query, not merely that the process is up.
        let count = try maintenance.declarationCount()
        let body = #"{"status":"ok","declarations":\#(count)}"#
        return Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(string: body)))
    }

    @Sendable func prometheus(_ request: Request, context: PortunusRequestContext) async throws -> Response {
        Response(
            status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(string: metrics.text())))
    }

    @Sendable func openAPI(_ request: Request, context: PortunusRequestContext) async throws -> Response {
        Response(status: .ok, headers: [.contentType: "application/yaml"], body: .init(byteBuffer: ByteBuffer(string: OpenAPIDocument.yaml)))
    }

    @Sendable func landing(_ request: Request, context: PortunusRequestContext) async throws -> Response {
        let summary = try maintenance.holdings()
        func escape(_ text: String) -> String {
            text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
        }
        let values = summary.valueByCurrency.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key)" }.joined(separator: ", ")
        let html = """
            <!doctype html>
            <html lang="en"><head><meta charset="utf-8"><title>Portunus</title>
            <style>body{font-family:system-ui,sans-serif;max-width:46rem;margin:2rem auto;padding:0 1rem;line-height:1.5}
            table{border-collapse:collapse}td{padding:.2rem .8rem;border-bottom:1px solid #ddd}code{background:#f4f4f4;padding:0 .2rem}</style></head>
            <body>
            <h1>Portunus \(PortunusVersion.current)</h1>
            <p>A SMART border platform: goods declarations, risk management, verifiable records. This server is running
            since \(ISO8601.format(startedAt)) on its embedded SQLite store.</p>
            <h2>What it holds</h2>
            <table>
            <tr><td>declarations</td><td>\(summary.declarations)</td></tr>
            <tr><td>goods items</td><td>\(summary.goodsItems)</td></tr>
            <tr><td>lodged</td><td>\(escape(String(summary.firstLodged?.prefix(10) ?? "–"))) … \(escape(String(summary.lastLodged?.prefix(10) ?? "–")))</td></tr>
            <tr><td>customs offices</td><td>\(summary.offices)</td></tr>
            <tr><td>importers</td><td>\(summary.importers)</td></tr>
            <tr><td>inspected / fraud found</td><td>\(summary.inspected) / \(summary.fraud)</td></tr>
            <tr><td>customs value</td><td>\(escape(values.isEmpty ? "–" : values))</td></tr>
            </table>
            <h2>Use it</h2>
            <p>The API is described in <a href="/api/v1/openapi.yaml">/api/v1/openapi.yaml</a> (OpenAPI 3.1). Every
            <code>/api/v1</code> route needs <code>Authorization: Bearer &lt;key&gt;</code>; create keys with
            <code>portunus keys create --role analyst</code>. Health: <a href="/healthz">/healthz</a>; metrics:
            <a href="/metrics">/metrics</a>.</p>
            <p>The ledger: <a href="/ledger/checkpoint">/ledger/checkpoint</a> and <code>/ledger/tile/…</code> (C2SP tlog-tiles). Risk decisions under <code>/api/v1/worklist</code>, travel targeting under <code>/api/v1/travel/</code>. Not built yet: the console.</p>
            </body></html>
            """
        return Response(status: .ok, headers: [.contentType: "text/html; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: html)))
    }
}
