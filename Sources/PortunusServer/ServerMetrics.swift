import Foundation
import Hummingbird
import Portunus
import Prometheus

/// The server's Prometheus metrics, in a registry owned by the application (no global
/// bootstrap, so tests can build many applications in one process).
///
/// - `portunus_http_requests_total{method,route,status}`
/// - `portunus_http_request_duration_seconds{method,route}` (histogram)
/// - `portunus_declarations_received_total{outcome}`: accepted, already_present, rejected
/// - `portunus_declaration_rejections_total{code}`: rejected records by problem code
/// - `portunus_declarations_stored`: declarations in the store (refreshed by maintenance)
/// - `portunus_file_import_declarations{outcome}`, `portunus_file_import_runs`: file imports (CLI)
public final class ServerMetrics: Sendable {
    public let registry = PrometheusCollectorRegistry()
    private static let buckets: [Duration] = [
        .milliseconds(1), .milliseconds(2), .milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(50),
        .milliseconds(100), .milliseconds(250), .milliseconds(500), .seconds(1), .seconds(2.5), .seconds(5), .seconds(10),
    ]

    public init() {}

    func request(method: String, route: String, status: Int, duration: Duration) {
        registry.makeCounter(
            descriptor: .init(
                namespace: "portunus", subsystem: "http", metricName: "requests", unitName: "total", helpText: "HTTP requests by route and status"),
            labels: [("method", method), ("route", route), ("status", String(status))]
        ).increment()
        registry.makeDurationHistogram(
            descriptor: .init(
                namespace: "portunus", subsystem: "http", metricName: "request_duration", unitName: "seconds", helpText: "HTTP request latency"),
            labels: [("method", method), ("route", route)], buckets: ServerMetrics.buckets
        ).record(duration)
    }

    func received(outcome: String, count: Int) {
        guard count > 0 else { return }
        registry.makeCounter(
            descriptor: .init(
                namespace: "portunus", subsystem: "declarations", metricName: "received", unitName: "total",
                helpText: "Declarations received by API, by outcome"),
            labels: [("outcome", outcome)]
        ).increment(by: Int64(count))
    }

    func rejected(code: String) {
        registry.makeCounter(
            descriptor: .init(
                namespace: "portunus", subsystem: "declaration", metricName: "rejections", unitName: "total",
                helpText: "Problems found in rejected declarations, by code"),
            labels: [("code", code)]
        ).increment()
    }

    func stored(declarations: Int) {
        registry.makeGauge(
            descriptor: .init(namespace: "portunus", metricName: "declarations", unitName: "stored", helpText: "Declarations in the store")
        ).set(Double(declarations))
    }

    func imports(_ totals: StoreMaintenance.ImportTotals) {
        let descriptor = MetricNameDescriptor(
            namespace: "portunus", subsystem: "file_import", metricName: "declarations", unitName: "",
            helpText: "Declarations in recorded file imports, by outcome")
        registry.makeGauge(descriptor: descriptor, labels: [("outcome", "imported")]).set(Double(totals.imported))
        registry.makeGauge(descriptor: descriptor, labels: [("outcome", "already_present")]).set(Double(totals.alreadyPresent))
        registry.makeGauge(descriptor: descriptor, labels: [("outcome", "rejected")]).set(Double(totals.rejected))
        registry.makeGauge(
            descriptor: .init(
                namespace: "portunus", subsystem: "file_import", metricName: "runs", unitName: "",
                helpText: "Recorded file imports")
        ).set(Double(totals.runs))
    }

    func text() -> String { registry.emitToString() }
}
