import Benchmark
import Biometrics
import Foundation
import PortunusCore

/// 1:N biometric search at the scale of a national watch list: 1,000,000 templates of 512
/// floats (a face extractor's size), a synthetic gallery shaped like a real one
/// (`SyntheticTemplates`: identities from a structured latent space, one to seven noisy
/// samples each; probes half of enrolled people, half of people never enrolled).
///
/// - exact search (OpenBLAS `sgemv` over the whole gallery, then the top 10), per probe;
/// - the HNSW build (hnswlib, both cores), once: the index is saved under
///   `PORTUNUS_BENCH_DIR` and loaded by the search benchmarks;
/// - HNSW search per probe at three search breadths, with recall@10 against exact search
///   printed beside it (1,000 probes).
///
/// `PORTUNUS_BENCH_TEMPLATES`, `PORTUNUS_BENCH_HNSW_M` and `PORTUNUS_BENCH_HNSW_EFC` change
/// the gallery size and the build parameters (defaults 1,000,000, 32 and 200: a build of
/// about 20 minutes on the project's 2-core machine, inside the hour the issue allows).
let benchmarks: @Sendable () -> Void = {
    let environment = ProcessInfo.processInfo.environment
    let templates = environment["PORTUNUS_BENCH_TEMPLATES"].flatMap(Int.init) ?? 1_000_000
    let m = environment["PORTUNUS_BENCH_HNSW_M"].flatMap(Int.init) ?? 32
    let efConstruction = environment["PORTUNUS_BENCH_HNSW_EFC"].flatMap(Int.init) ?? 200
    let directory = URL(fileURLWithPath: environment["PORTUNUS_BENCH_DIR"] ?? "/tmp/portunus-bench").appendingPathComponent("biometrics")
    let indexPath = directory.appendingPathComponent("hnsw-\(templates)-m\(m)-efc\(efConstruction).bin").path
    let format = TemplateFormat(extractor: "synthetic-face", version: "1", dimension: 512)
    let fixture = Fixture(format: format, templates: templates)
    let scale = "\(fixture.data.count.formatted()) templates of 512 floats"

    Benchmark(
        "Biometrics: exact 1:N search (OpenBLAS sgemv, top 10), one probe against \(scale)",
        configuration: .init(metrics: [.wallClock, .throughput], warmupIterations: 1, maxDuration: .seconds(30), maxIterations: 100)
    ) { benchmark in
        let gallery = fixture.exact
        var probe = 0
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            blackHole(try gallery.search(fixture.data.probe(probe % fixture.data.probeCount), format: format, k: 10))
            probe += 1
        }
    }

    Benchmark(
        "Biometrics: HNSW build (hnswlib, M \(m), ef_construction \(efConstruction), 2 threads), \(scale)",
        configuration: .init(metrics: [.wallClock, .peakMemoryResident], warmupIterations: 0, maxDuration: .seconds(7200), maxIterations: 1)
    ) { benchmark in
        let index = try HNSWIndex(format: format, capacity: fixture.data.count, m: m, efConstruction: efConstruction)
        benchmark.startMeasurement()
        try index.add(normalisedRows: fixture.data.matrix, labels: Array(0..<fixture.data.count), threads: 2)
        benchmark.stopMeasurement()
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try index.save(to: indexPath)
    }

    for ef in [64, 128, 256] {
        Benchmark(
            "Biometrics: HNSW search (ef \(ef), top 10), one probe against \(scale)",
            configuration: .init(
                metrics: [.wallClock, .throughput], warmupIterations: 1, scalingFactor: .kilo, maxDuration: .seconds(20), maxIterations: 20)
        ) { benchmark in
            let index = try fixture.index(path: indexPath, m: m, efConstruction: efConstruction, ef: ef)
            var probe = 0
            benchmark.startMeasurement()
            for _ in benchmark.scaledIterations {
                blackHole(try index.search(fixture.data.probe(probe % fixture.data.probeCount), format: format, k: 10))
                probe += 1
            }
        }
    }
}

/// The gallery, made once per process (seeded: every process makes the same one).
final class Fixture: @unchecked Sendable {
    let format: TemplateFormat
    let templates: Int
    let truthProbes = 1_000
    private let lock = NSLock()
    private var _data: SyntheticTemplates?
    private var _exact: ExactGallery?
    private var _truth: [[Int]]?
    private var _index: HNSWIndex?

    init(format: TemplateFormat, templates: Int) {
        self.format = format
        self.templates = templates
    }

    var data: SyntheticTemplates {
        lock.withLock {
            if let data = _data { return data }
            let data = SyntheticTemplates(format: format, identities: max(1, templates / 4), samples: 1...7, probes: truthProbes, seed: 2026)
            _data = data
            return data
        }
    }

    var exact: ExactGallery {
        let data = data
        return lock.withLock {
            if let exact = _exact { return exact }
            var exact = ExactGallery(format: format)
            try! exact.append(normalisedRows: data.matrix)
            _exact = exact
            return exact
        }
    }

    /// The index saved by the build benchmark, or built here (untimed) when there is none,
    /// set to search breadth `ef`; its recall@10 against exact search is printed once per ef.
    func index(path: String, m: Int, efConstruction: Int, ef: Int) throws -> HNSWIndex {
        let data = data
        let (index, fresh) = try lock.withLock { () throws -> (HNSWIndex, Bool) in
            if let index = _index { return (index, false) }
            let index: HNSWIndex
            if FileManager.default.fileExists(atPath: path) {
                index = try HNSWIndex(loading: path, format: format, capacity: data.count)
            } else {
                index = try HNSWIndex(format: format, capacity: data.count, m: m, efConstruction: efConstruction)
                try index.add(normalisedRows: data.matrix, labels: Array(0..<data.count), threads: 2)
                try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
                try index.save(to: path)
            }
            _index = index
            return (index, true)
        }
        index.setSearchBreadth(ef)
        if fresh || reported != ef {
            reported = ef
            print(
                "HNSW ef \(ef): recall@10 against exact search \(String(format: "%.4f", recall(index))) over \(truthProbes) probes (M \(m), ef_construction \(efConstruction))"
            )
        }
        return index
    }

    private var reported: Int?

    /// The share of the exact top 10 that the index finds, over the probes.
    func recall(_ index: HNSWIndex) -> Double {
        let exact = exact
        let data = data
        let truth = lock.withLock {
            if let truth = _truth { return truth }
            let truth = exact.search(normalisedProbes: data.probes, k: 10).map { $0.map(\.label) }
            _truth = truth
            return truth
        }
        var hits = 0
        let clock = ContinuousClock()
        let started = clock.now
        for probe in 0..<data.probeCount {
            let found = Set(try! index.search(data.probe(probe), format: format, k: 10).map(\.label))
            hits += truth[probe].filter(found.contains).count
        }
        print("  \(data.probeCount) searches in \(clock.now - started)")
        return Double(hits) / Double(data.probeCount * 10)
    }
}
