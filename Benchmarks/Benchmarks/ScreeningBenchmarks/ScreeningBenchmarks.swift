import Benchmark
import Foundation
import PortunusCore
import Screening

/// Watch-list screening at the scale of a national targeting centre: 10,000 passengers (a
/// day's arrivals at a large airport) against 1,000,000 synthetic entries whose names come
/// from per-country name lists (`Benchmarks/peers/watchlist.py`, seeded), with aliases,
/// partial dates of birth and lost or stolen documents. 1 % of the passengers are variants of
/// listed people; the benchmark reports how many of those are found. GTAS's default method
/// (every passenger against every entry) is run on a sample of passengers for the ratio.
enum ScreeningData {
    nonisolated(unsafe) static var loaded: (entries: [WatchListEntry], passengers: [(ScreenedPerson, String)])?

    static var directory: URL {
        URL(fileURLWithPath: ProcessInfo.processInfo.environment["PORTUNUS_BENCH_DIR"] ?? "/tmp/portunus-screening-bench")
    }

    static var repository: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
    }

    static func load() throws -> (entries: [WatchListEntry], passengers: [(ScreenedPerson, String)]) {
        if let loaded { return loaded }
        let list = directory.appendingPathComponent("watchlist.csv")
        let passengers = directory.appendingPathComponent("passengers.csv")
        if !FileManager.default.fileExists(atPath: passengers.path) {
            let process = Process()
            process.executableURL = repository.appendingPathComponent(".venv/bin/python")
            process.arguments = [
                repository.appendingPathComponent("Benchmarks/peers/watchlist.py").path, "--entries", "1000000", "--passengers", "10000",
                "--out", directory.path,
            ]
            try process.run()
            process.waitUntilExit()
        }
        let entries = try WatchListCSV.load(path: list.path).entries
        let reader = try CSVReader(path: passengers.path)
        _ = try reader.readRecord()
        var people: [(ScreenedPerson, String)] = []
        while try reader.readRecord() {
            let record = reader.record
            people.append(
                (
                    ScreenedPerson(
                        name: PersonName(try record.string(at: 0)), birthDate: BirthDate(try record.string(at: 1)),
                        nationality: try record.string(at: 2)), try record.string(at: 3)
                ))
        }
        loaded = (entries, people)
        return (entries, people)
    }
}

let benchmarks: @Sendable () -> Void = {
    Benchmark(
        "Screening: index 1,000,000 watch-list entries",
        configuration: .init(metrics: [.wallClock, .peakMemoryResident], maxDuration: .seconds(60), maxIterations: 3)
    ) { benchmark in
        let (entries, _) = try ScreeningData.load()
        benchmark.startMeasurement()
        blackHole(WatchListIndex(entries))
    }

    for threads in [1, 2] {
        Benchmark(
            "Screening: 10,000 passengers against 1,000,000 entries, \(threads) thread\(threads == 1 ? "" : "s")",
            configuration: .init(
                metrics: [
                    .wallClock, .custom("hits"), .custom("candidates per passenger"), .custom("planted variants found (of 100s)"),
                    .custom("planted variants"),
                ],
                maxDuration: .seconds(60), maxIterations: 5)
        ) { benchmark in
            let (entries, passengers) = try ScreeningData.load()
            let index = WatchListIndex(entries)
            benchmark.startMeasurement()
            let buffer = UnsafeMutableBufferPointer<[ScreeningHit]>.allocate(capacity: passengers.count)
            buffer.initialize(repeating: [])
            defer { buffer.deallocate() }
            let results = ResultSlots(buffer)
            let chunk = (passengers.count + threads - 1) / threads
            DispatchQueue.concurrentPerform(iterations: threads) { part in
                // Each thread writes its own range of slots.
                for i in (part * chunk)..<min(passengers.count, (part + 1) * chunk) {
                    results.buffer[i] = index.screen(passengers[i].0)
                }
            }
            benchmark.stopMeasurement()
            var hits = 0
            var planted = 0
            var found = 0
            for (i, (_, listed)) in passengers.enumerated() {
                hits += buffer[i].count
                if !listed.isEmpty {
                    planted += 1
                    if buffer[i].contains(where: { entries[$0.entry].id == listed }) { found += 1 }
                }
            }
            benchmark.measurement(.custom("hits"), hits)
            benchmark.measurement(.custom("candidates per passenger"), passengers.prefix(1000).reduce(0) { $0 + index.candidateCount($1.0) } / 1000)
            benchmark.measurement(.custom("planted variants found (of 100s)"), found)
            benchmark.measurement(.custom("planted variants"), planted)
        }
    }

    Benchmark(
        "Screening: GTAS default method (all pairs), 20 passengers against 1,000,000 entries, 1 thread",
        configuration: .init(
            metrics: [.wallClock, .custom("seconds for 10,000 passengers (extrapolated)")], maxDuration: .seconds(120), maxIterations: 3)
    ) { benchmark in
        let (entries, passengers) = try ScreeningData.load()
        let records = entries.compactMap { entry in entry.names.first.map { GTASQuickMatch.record($0, birthDate: entry.birthDate) } }
        let sample = passengers.prefix(20).map { GTASQuickMatch.record($0.0.name, birthDate: $0.0.birthDate) }
        let clock = ContinuousClock()
        let start = clock.now
        benchmark.startMeasurement()
        var hits = 0
        for person in sample {
            for record in records where GTASQuickMatch.match(person, record) != nil { hits += 1 }
        }
        benchmark.stopMeasurement()
        blackHole(hits)
        let elapsed = clock.now - start
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        benchmark.measurement(.custom("seconds for 10,000 passengers (extrapolated)"), Int(seconds / Double(sample.count) * 10_000))
    }
}

/// Result slots written by disjoint ranges from several threads.
struct ResultSlots: @unchecked Sendable {
    let buffer: UnsafeMutableBufferPointer<[ScreeningHit]>
    init(_ buffer: UnsafeMutableBufferPointer<[ScreeningHit]>) { self.buffer = buffer }
}
