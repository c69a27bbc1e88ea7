import Foundation
import PortunusTestSupport
import Testing
@testable import Biometrics
@testable import PortunusCore

/// Templates shaped like a real gallery: identities as cluster centres, each enrolled with
/// several noisy samples (not uniform random vectors).
struct SyntheticGallery {
    var vectors: [[Float]] = []
    var identities: [Int] = []
    var probes: [[Float]] = []
    var probeIdentities: [Int] = []

    init(identities count: Int, samples: Int, dimension: Int, noise: Float, seed: UInt64) {
        var random = SplitMix64(seed: seed)
        func gaussian() -> Float {
            let u = max(Float(random.next() >> 40) / Float(1 << 24), 1e-7), v = Float(random.next() >> 40) / Float(1 << 24)
            return (-2 * log(u)).squareRoot() * cos(2 * .pi * v)
        }
        for identity in 0..<count {
            let centre = (0..<dimension).map { _ in gaussian() }
            for _ in 0..<samples {
                vectors.append(centre.map { $0 + noise * gaussian() })
                identities.append(identity)
            }
            if identity % 10 == 0 {
                probes.append(centre.map { $0 + noise * gaussian() })
                probeIdentities.append(identity)
            }
        }
    }
}

@Suite("Biometric galleries")
struct GalleryTests {
    static let format = TemplateFormat(extractor: "test-extractor", version: "1", dimension: 64)

    @Test("exact search (OpenBLAS) returns the true nearest neighbours, checked by brute force; other extractors' templates are refused")
    func exact() throws {
        let data = SyntheticGallery(identities: 300, samples: 4, dimension: 64, noise: 0.6, seed: 7)
        var gallery = ExactGallery(format: Self.format)
        for vector in data.vectors { try gallery.add(vector, format: Self.format) }
        #expect(gallery.count == 1200)
        for (probe, identity) in zip(data.probes, data.probeIdentities) {
            let found = try gallery.search(probe, format: Self.format, k: 10)
            // Brute force in plain Swift.
            let query = try ExactGallery.normalised(probe, format: Self.format, given: Self.format)
            var brute: [Candidate] = []
            for (index, vector) in data.vectors.enumerated() {
                let row = try ExactGallery.normalised(vector, format: Self.format, given: Self.format)
                var dot: Float = 0
                for position in 0..<row.count { dot += row[position] * query[position] }
                brute.append(Candidate(label: index, score: dot))
            }
            brute.sort { $0.score > $1.score }
            let expected: [Candidate] = Array(brute.prefix(10))
            for rank in 0..<10 { #expect(abs(found[rank].score - expected[rank].score) < 1e-4) }
            // The same templates, unless two scores tie within rounding at the cut.
            if abs(brute[9].score - brute[10].score) > 1e-4 { #expect(Set(found.map { $0.label }) == Set(expected.map { $0.label })) }
            #expect(data.identities[found[0].label] == identity, "the probe's own identity comes first")
        }
        let other = TemplateFormat(extractor: "another-extractor", version: "1", dimension: 64)
        #expect(throws: PortunusError.self) { try gallery.search(data.probes[0], format: other, k: 5) }
        #expect(throws: PortunusError.self) { try gallery.add([Float](repeating: 0, count: 64), format: Self.format) }
        #expect(throws: PortunusError.self) { try gallery.add([Float](repeating: 1, count: 63), format: Self.format) }
    }

    @Test("HNSW: recall@10 against exact search, and the index saved and loaded answers the same")
    func hnsw() throws {
        let data = SyntheticGallery(identities: 1000, samples: 5, dimension: 64, noise: 0.6, seed: 11)
        var gallery = ExactGallery(format: Self.format)
        for vector in data.vectors { try gallery.add(vector, format: Self.format) }
        let index = try HNSWIndex(format: Self.format, capacity: data.vectors.count, m: 16, efConstruction: 100)
        try index.add(normalisedRows: gallery.matrix, labels: Array(0..<gallery.count), threads: 2)
        #expect(index.count == 5000)
        var hits = 0, total = 0
        for probe in data.probes {
            let exact = Set(try gallery.search(probe, format: Self.format, k: 10).map(\.label))
            let approximate = try index.search(probe, format: Self.format, k: 10, ef: 64)
            hits += approximate.filter { exact.contains($0.label) }.count
            total += 10
        }
        let recall = Double(hits) / Double(total)
        print("HNSW recall@10 against exact search: \(recall) (5,000 templates of 64 floats, M 16, ef_construction 100, ef 64)")
        #expect(recall >= 0.95)

        let directory = TestEnvironment.temporaryDirectory("hnsw")
        defer { TestEnvironment.cleanUp(directory) }
        let path = directory.appendingPathComponent("gallery.hnsw").path
        try index.save(to: path)
        let loaded = try HNSWIndex(loading: path, format: Self.format, capacity: data.vectors.count)
        #expect(loaded.count == 5000)
        for probe in data.probes.prefix(20) {
            #expect(try loaded.search(probe, format: Self.format, k: 10, ef: 64) == index.search(probe, format: Self.format, k: 10, ef: 64))
        }
        #expect(throws: PortunusError.self) { try HNSWIndex(loading: directory.appendingPathComponent("missing").path, format: Self.format, capacity: 10) }
        #expect(throws: PortunusError.self) { try index.search(data.probes[0], format: TemplateFormat(extractor: "x", version: "1", dimension: 64), k: 5, ef: 10) }
    }
}
