import Benchmark
import Foundation
import Portunus
import PortunusCore
import Storage

/// Travel targeting end to end, as a port receives it: API lists of a day's arriving flights
/// received, every person linked to a traveller (against a store that already holds weeks of
/// earlier flights), screened against the watch lists and the rules, hits stored on vetting
/// lists. Data from `TravelDemo` (invented people from per-origin name lists, bookings of one
/// to four, bags), seeded.
let benchmarks: @Sendable () -> Void = {
    let now = ISO8601.parse("2026-06-01T00:00:00Z")!
    let history = TravelDemo(flights: 96, seed: 11).generate(now: now.addingTimeInterval(-30 * 86_400))
    let day = TravelDemo(flights: 32, seed: 12).generate(now: now)

    Benchmark(
        "Targeting: a day's 32 arriving flights (~3,500 passengers) received, linked, screened and vetted, store holding 96 earlier flights",
        configuration: .init(metrics: [.wallClock, .throughput, .peakMemoryResident], maxDuration: .seconds(120), maxIterations: 5)
    ) { benchmark in
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("portunus-targeting-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try PortunusStore(dataDirectory: directory.path)
        let principal = Principal(keyID: "bench", role: .admin)
        let targeting = TargetingService(store: store)
        _ = try targeting.importCSV(Array(history.watchList.utf8), list: nil, createLists: true, by: principal)
        _ = try targeting.importCSV(Array(day.watchList.utf8), list: nil, createLists: true, by: principal)
        _ = try targeting.setRules(yaml: day.rules, by: principal)
        let intake = TravelIntake(store: store)
        for (name, data) in history.files { _ = try targeting.process(messageID: try intake.receive(data, source: name).id) }
        benchmark.startMeasurement()
        var passengers = 0
        for (name, data) in day.files {
            let receipt = try intake.receive(data, source: name)
            passengers += receipt.passengers
            blackHole(try targeting.process(messageID: receipt.id))
        }
        benchmark.stopMeasurement()
        print("passengers \(passengers)")
    }
}
