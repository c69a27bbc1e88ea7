import Foundation
import PortunusTestSupport
import Testing

@testable import Biometrics
@testable import PortunusCore

@Suite("Biometric galleries", .offPool)
struct GalleryTests {
    static let format = TemplateFormat(extractor: "test-extractor", version: "1", dimension: 64)

    @Test("exact search (OpenBLAS) returns the true nearest neighbours, checked by brute force; other extractors' templates are refused")
    func exact() throws {
        let data = SyntheticTemplates(format: Self.format, identities: 300, samples: 4...4, probes: 30, matedShare: 1, seed: 7)
        var gallery = ExactGallery(format: Self.format)
        for row in 0..<data.count { try gallery.add(data.row(row), format: Self.format) }
        #expect(gallery.count == 1200)
        let batch = gallery.search(normalisedProbes: data.probes, k: 10)
        for (position, identity) in data.probeIdentities.enumerated() {
            let probe = data.probe(position)
            let found = try gallery.search(probe, format: Self.format, k: 10)
            // A batch of probes (sgemm) answers as one probe at a time (sgemv), to rounding.
            #expect(zip(batch[position], found).allSatisfy { abs($0.score - $1.score) < 1e-5 })
            // Brute force in plain Swift.
            let query = try ExactGallery.normalised(probe, format: Self.format, given: Self.format)
            var brute: [Candidate] = []
            for index in 0..<data.count {
                let row = data.row(index)
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
        #expect(throws: PortunusError.self) { try gallery.search(data.probe(0), format: other, k: 5) }
        #expect(throws: PortunusError.self) { try gallery.add([Float](repeating: 0, count: 64), format: Self.format) }
        #expect(throws: PortunusError.self) { try gallery.add([Float](repeating: 1, count: 63), format: Self.format) }
    }

    @Test("HNSW: recall@10 against exact search, and the index saved and loaded answers the same")
    func hnsw() throws {
        let data = SyntheticTemplates(format: Self.format, identities: 1000, samples: 5...5, probes: 100, seed: 11)
        var gallery = ExactGallery(format: Self.format)
        try gallery.append(normalisedRows: data.matrix)
        let index = try HNSWIndex(format: Self.format, capacity: data.count, m: 16, efConstruction: 100)
        try index.add(normalisedRows: gallery.matrix, labels: Array(0..<gallery.count), threads: 2)
        #expect(index.count == 5000)
        var hits = 0
        var total = 0
        for position in 0..<data.probeCount {
            let probe = data.probe(position)
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
        let loaded = try HNSWIndex(loading: path, format: Self.format, capacity: data.count)
        #expect(loaded.count == 5000)
        for probe in (0..<20).map(data.probe) {
            #expect(try loaded.search(probe, format: Self.format, k: 10, ef: 64) == index.search(probe, format: Self.format, k: 10, ef: 64))
        }
        #expect(throws: PortunusError.self) {
            try HNSWIndex(loading: directory.appendingPathComponent("missing").path, format: Self.format, capacity: 10)
        }
        #expect(throws: PortunusError.self) {
            try index.search(data.probe(0), format: TemplateFormat(extractor: "x", version: "1", dimension: 64), k: 5, ef: 10)
        }
    }
}
