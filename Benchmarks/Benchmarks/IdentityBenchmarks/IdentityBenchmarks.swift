import Benchmark
import Foundation
import IdentityDocuments
import PortunusCore

/// MRZ parse-and-validate throughput on 100,000 zones shaped like a border's traffic: 40 %
/// passports (TD3), 30 % identity cards (TD1), 10 % each TD2, MRV-A and MRV-B; random names,
/// numbers (a fifth of the TD1/TD2 numbers extended), dates and ICAO country codes; 2 % with
/// one OCR confusion (a letter in a date). Written once to a file (`PORTUNUS_BENCH_DIR`,
/// default /tmp/portunus-mrz-bench/mrz.txt, one zone per paragraph) that
/// `Benchmarks/peers/mrz_checker.py` reads with the PyPI `mrz` package.
enum MRZData {
    nonisolated(unsafe) static var loaded: [[String]]?

    static var file: URL {
        URL(fileURLWithPath: ProcessInfo.processInfo.environment["PORTUNUS_BENCH_DIR"] ?? "/tmp/portunus-mrz-bench").appendingPathComponent("mrz.txt")
    }

    static func generate(count: Int) -> [[String]] {
        var random = SplitMix64(seed: 9303)
        let letters = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
        let alphanumerics = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")
        func word(_ count: Int, _ from: [Character]) -> String { String((0..<count).map { _ in from.randomElement(using: &random)! }) }
        func date() -> String {
            String(
                format: "%02d%02d%02d", Int.random(in: 0...99, using: &random), Int.random(in: 1...12, using: &random),
                Int.random(in: 1...28, using: &random))
        }
        let codes = ICAOCountryCodes.iso.sorted()
        var zones: [[String]] = []
        for _ in 0..<count {
            let roll = Double.random(in: 0..<1, using: &random)
            let format: MRZFormat = roll < 0.4 ? .td3 : roll < 0.7 ? .td1 : roll < 0.8 ? .td2 : roll < 0.9 ? .mrva : .mrvb
            let extended = (format == .td1 || format == .td2) && Double.random(in: 0..<1, using: &random) < 0.2
            let code = format == .td3 ? "P" : format == .mrva || format == .mrvb ? "V" : ["I", "ID", "AC"].randomElement(using: &random)!
            var lines = MRZWriter.lines(
                .init(
                    format: format, documentCode: code, issuingState: codes.randomElement(using: &random)!,
                    surname: word(Int.random(in: 3...12, using: &random), letters) + (Bool.random(using: &random) ? " " + word(5, letters) : ""),
                    givenNames: word(Int.random(in: 3...9, using: &random), letters) + " " + word(Int.random(in: 3...8, using: &random), letters),
                    documentNumber: word(extended ? Int.random(in: 10...12, using: &random) : 9, alphanumerics),
                    nationality: codes.randomElement(using: &random)!,
                    birthDate: date(), sex: ["M", "F", "<"].randomElement(using: &random)!, expiryDate: date(),
                    optionalData: word(Int.random(in: 0...(format == .td2 ? 2 : 8), using: &random), alphanumerics),
                    optionalData2: format == .td1 ? word(Int.random(in: 0...11, using: &random), alphanumerics) : ""))
            if Double.random(in: 0..<1, using: &random) < 0.02 {
                // A date digit read as the letter it looks like.
                let line = 1
                let start = format == .td1 ? 0 : 13
                var bytes = Array(lines[line].utf8)
                let position = start + Int.random(in: 0..<6, using: &random)
                let swaps: [UInt8: UInt8] = [0x30: 0x4F, 0x31: 0x49, 0x38: 0x42, 0x35: 0x53, 0x32: 0x5A, 0x36: 0x47]
                if let letter = swaps[bytes[position]] { bytes[position] = letter }
                lines[line] = String(decoding: bytes, as: UTF8.self)
            }
            zones.append(lines)
        }
        return zones
    }

    static func load() throws -> [[String]] {
        if let loaded { return loaded }
        if !FileManager.default.fileExists(atPath: file.path) {
            try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
            try (generate(count: 100_000).map { $0.joined(separator: "\n") }.joined(separator: "\n\n") + "\n").write(
                to: file, atomically: true, encoding: .utf8)
        }
        let zones = try String(contentsOf: file, encoding: .utf8).components(separatedBy: "\n\n").map { $0.split(separator: "\n").map(String.init) }
            .filter { !$0.isEmpty }
        loaded = zones
        return zones
    }
}

let benchmarks: @Sendable () -> Void = {
    Benchmark(
        "MRZ: read and check 100,000 zones (all five formats, 2 % OCR noise), one thread",
        configuration: .init(metrics: [.wallClock, .peakMemoryResident], maxDuration: .seconds(60), maxIterations: 10)
    ) { benchmark in
        let zones = try MRZData.load()
        let today = ISO8601.parse("2026-11-30")!
        benchmark.startMeasurement()
        var valid = 0
        for zone in zones where (try? MRZReader.read(zone, today: today))?.valid == true { valid += 1 }
        benchmark.stopMeasurement()
        blackHole(valid)
        print("zones \(zones.count), valid \(valid)")
    }
}
