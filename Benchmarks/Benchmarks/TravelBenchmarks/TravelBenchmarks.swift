import Benchmark
import Foundation
import Travel

/// EDIFACT reading throughput on the 38 real sample messages (PAXLST and PNRGOV, clean and
/// malformed), each read `copies` times per iteration so that an iteration is large enough to
/// time: tokenizing alone, and full reading (tokenizer, interchange structure, PAXLST and
/// PNRGOV parsers). `Benchmarks/peers/edifact.py` reads the same files with pydifact.
let benchmarks: @Sendable () -> Void = {
    let datasets = ProcessInfo.processInfo.environment["PORTUNUS_DATASETS"] ?? "../../shared/data"
    let files: [Data] = ["paxlst", "pnrgov"].flatMap { folder -> [Data] in
        let directory = URL(fileURLWithPath: datasets + "/api-pnr/" + folder)
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []).filter { $0.hasSuffix(".edi") }.sorted()
        return names.compactMap { try? Data(contentsOf: directory.appendingPathComponent($0)) }
    }
    guard files.count == 38 else { fatalError("expected the 38 sample messages under \(datasets)/api-pnr; set PORTUNUS_DATASETS") }
    let copies = 100
    let bytes = files.reduce(0) { $0 + $1.count } * copies
    let messages = files.reduce(0) { $0 + EDIFACTInterchange($1).messages.count } * copies

    Benchmark(
        "EDIFACT tokenizer, 38 samples × \(copies) (\(bytes / 1_000_000) MB, \(messages) messages)",
        configuration: .init(metrics: [.wallClock, .throughput], maxDuration: .seconds(20), maxIterations: 30)
    ) { benchmark in
        for _ in benchmark.scaledIterations {
            for _ in 0..<copies { for file in files { blackHole(EDIFACTTokenizer(file).segments.count) } }
        }
    }

    Benchmark(
        "EDIFACT full read (structure + PAXLST/PNRGOV), 38 samples × \(copies) (\(bytes / 1_000_000) MB, \(messages) messages)",
        configuration: .init(metrics: [.wallClock, .throughput], maxDuration: .seconds(20), maxIterations: 30)
    ) { benchmark in
        for _ in benchmark.scaledIterations {
            for _ in 0..<copies { for file in files { blackHole(TravelReader.read(file).count) } }
        }
    }
}
