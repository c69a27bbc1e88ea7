import Foundation
import PortunusTestSupport
import Testing

@testable import PortunusCore
@testable import Storage

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// `make run`'s main job, end to end: `portunus run` on an empty data directory seeds every
/// demo (declarations, model, travel, biometrics, tracking, HS, ledger) through the same doors
/// as outside input, serves, and stops cleanly on SIGTERM. A limit at one door (a calibration
/// bound, an identifier rule) that the demo does not meet shows here first.
@Suite("portunus run: the demo seeds, serves and stops", .offPool)
struct RunCommandTests {
    static var ready: Bool {
        TestEnvironment.airportTable != nil && TestEnvironment.hasDatasets("hs/nomenclature-hs2022-unsd.csv")
    }

    @Test(
        "portunus run on an empty directory seeds every demo, answers /healthz, and exits 0 within 5 s of SIGTERM with the store intact",
        .enabled(if: ready))
    func runSeedsServesStops() async throws {
        let directory = TestEnvironment.temporaryDirectory("portunus-run")
        defer { TestEnvironment.cleanUp(directory) }
        let data = directory.appendingPathComponent("data").path
        let airports = try #require(TestEnvironment.airportTable)
        let table = try runPortunus(["travel", "airports", airports.path, "--data-dir", data])
        try #require(table.status == 0, "\(table.stderr)")

        let log = directory.appendingPathComponent("run.log")
        let process = try launchPortunus(
            ["run", "--port", "0", "--demo-declarations", "4000", "--data-dir", data],
            environment: ["PORTUNUS_DATASETS": TestEnvironment.datasets.path], log: log)
        defer { if process.isRunning { kill(process.processIdentifier, SIGKILL) } }
        func text() -> String { String(decoding: FileManager.default.contents(atPath: log.path) ?? Data(), as: UTF8.self) }

        // Seeding takes minutes in a debug build beside the other suites.
        let deadline = Date().addingTimeInterval(1_200)
        var port: Int?
        while Date() < deadline, process.isRunning, port == nil {
            if let range = text().range(of: "serving at http://127.0.0.1:") {
                port = Int(text()[range.upperBound...].prefix { $0.isNumber })
            }
            if port == nil { try await Task.sleep(for: .milliseconds(250)) }
        }
        let bound = try #require(port, "portunus run did not come to serve: \(text().suffix(3000))")
        let seeded = text()
        for step in [
            "imported", "trained and activated risk model", "travel demo:", "biometrics demo:", "cargo tracking demo:", "created the demo ledger",
            "clearance demo: 600 declarations lodged",
        ] {
            #expect(seeded.contains(step), "\(step) missing: \(seeded.suffix(3000))")
        }
        #expect(!seeded.contains("error:"), "\(seeded.suffix(3000))")
        let (_, response) = try await URLSession.shared.data(from: URL(string: "http://127.0.0.1:\(bound)/healthz")!)
        #expect((response as? HTTPURLResponse)?.statusCode == 200)

        let signalled = Date()
        kill(process.processIdentifier, SIGTERM)
        while process.isRunning, Date().timeIntervalSince(signalled) < 5 { try await Task.sleep(for: .milliseconds(20)) }
        #expect(!process.isRunning, "still running 5 s after SIGTERM: \(text().suffix(2000))")
        guard !process.isRunning else { return }
        #expect(process.terminationReason == .exit && process.terminationStatus == 0, "\(text().suffix(2000))")
        let store = try PortunusStore(dataDirectory: data)
        #expect(try store.declarations.integrityCheck().isEmpty)
        // The 4,000 of the demo year and the 600 of the demo's two days of clearance.
        #expect(try store.declarations.count() == 4600, "every demo declaration passed the door")
        // Every lane reached release, and declarations wait in other states.
        let counts = try store.clearance.laneStateCounts(idPrefix: "DAY")
        for lane in ["green", "yellow", "red", "blue"] {
            #expect(counts.contains { $0.lane == lane && $0.stage == "released" || $0.lane == lane && $0.stage == "exited" }, "\(lane): \(counts)")
        }
        #expect(Set(counts.map(\.stage)).count >= 6, "\(counts)")
    }
}
