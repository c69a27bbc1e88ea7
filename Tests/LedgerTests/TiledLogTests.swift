import Foundation
import PortunusTestSupport
import Testing

@testable import Ledger

func entry(_ index: Int) -> Data { Data(#"{"type":"test","n":\#(index)}"#.utf8) }

@Suite("Tiled log on disk")
struct TiledLogTests {
    @Test("appends in batches of every shape give the RFC root, C2SP tiles, and proofs that verify at every size")
    func appendAndProve() throws {
        let directory = TestEnvironment.temporaryDirectory("ledger")
        defer { TestEnvironment.cleanUp(directory) }
        let log = try TiledLog.create(dataDirectory: directory, origin: "customs.example/ledger")
        #expect(log.size == 0)
        var leaves: [TreeHash] = []
        var sizes: [UInt64] = [0]
        // Batches that cross tile boundaries at levels 0 and 1: 70,000 entries end with
        // partial tiles at levels 0, 1 and 2 (as the C2SP example describes).
        for batch in [1, 254, 1, 1, 255, 256, 513, 3000, 65_719] {
            let first = try log.append((0..<batch).map { entry(leaves.count + $0) })
            #expect(first == UInt64(leaves.count))
            leaves += (0..<batch).map { Merkle.leafHash(entry(leaves.count + $0)) }
            #expect(log.checkpoint.root == Merkle.root(leaves[...]))
            sizes.append(log.size)
        }
        #expect(log.size == 70_000)
        let files = FileManager.default
        let root = log.paths.log.path
        #expect(files.fileExists(atPath: root + "/tile/0/272"))
        #expect(files.fileExists(atPath: root + "/tile/0/273.p/112"))
        #expect(files.fileExists(atPath: root + "/tile/1/000"))
        #expect(files.fileExists(atPath: root + "/tile/1/001.p/17"))
        #expect(files.fileExists(atPath: root + "/tile/2/000.p/1"))
        #expect(files.fileExists(atPath: root + "/tile/entries/273.p/112"))
        #expect(!files.fileExists(atPath: root + "/tile/0/000.p"), "partials go once the full tile exists")
        #expect(try files.attributesOfItem(atPath: root + "/tile/0/000")[.size] as? Int == 8192)
        #expect(try files.attributesOfItem(atPath: log.paths.key.path)[.posixPermissions] as? Int == 0o600)
        #expect(!files.fileExists(atPath: root + "/ledger.key"), "the key is not in the served tree")

        let reader = log.reader
        for index: UInt64 in [0, 1, 255, 256, 257, 65_535, 65_536, 69_999] {
            let proof = try log.proof(index: index)
            #expect(try proof.verify(entry: entry(Int(index)), logKey: log.signer.verifierKey).size == 70_000)
            #expect(try reader.entry(index: index, size: 70_000) == entry(Int(index)))
            #expect(throws: LedgerError.self) { try proof.verify(entry: entry(Int(index) + 1), logKey: log.signer.verifierKey) }
            // Through the text form, as a partner receives it.
            #expect(try TlogProof(text: proof.text) == proof)
        }
        // Proofs against every earlier checkpoint, from its signed note in the history.
        for size in sizes.dropFirst() {
            let proof = try log.proof(index: size - 1, size: size)
            #expect(try proof.verify(entry: entry(Int(size) - 1), logKey: log.signer.verifierKey).size == size)
            for older in sizes.dropFirst() where older <= size {
                let consistency = try reader.consistencyProof(from: older, to: size)
                try MerkleProof.verifyConsistency(
                    first: older, second: size, firstRoot: Merkle.root(leaves.prefix(Int(older))[...]),
                    secondRoot: Merkle.root(leaves.prefix(Int(size))[...]), proof: consistency)
            }
        }
        let report = try LedgerAudit.run(source: .directory(log.paths.log), logKey: log.signer.verifierKey)
        #expect(report.checkpoint.size == 70_000)
        #expect(report.bundles == 274)
    }

    @Test("one writer at a time; reopening recovers the right edge and carries on")
    func reopen() throws {
        let directory = TestEnvironment.temporaryDirectory("ledger")
        defer { TestEnvironment.cleanUp(directory) }
        var log: TiledLog? = try TiledLog.create(dataDirectory: directory, origin: "customs.example/ledger")
        try log!.append((0..<300).map(entry))
        #expect(throws: LedgerError.self) { try TiledLog(dataDirectory: directory) }
        log = nil
        let reopened = try TiledLog(dataDirectory: directory)
        #expect(reopened.size == 300)
        try reopened.append((300..<600).map(entry))
        #expect(reopened.checkpoint.root == Merkle.root((0..<600).map { Merkle.leafHash(entry($0)) }[...]))
        #expect(throws: LedgerError.self) { try TiledLog.create(dataDirectory: directory, origin: "customs.example/other") }
        #expect(throws: LedgerError.self) { try reopened.append([Data(count: 65_536)]) }
    }

    @Test("what a crashed batch left beyond the checkpoint is removed on opening")
    func recoveryRemovesBeyond() throws {
        let directory = TestEnvironment.temporaryDirectory("ledger")
        defer { TestEnvironment.cleanUp(directory) }
        do {
            let log = try TiledLog.create(dataDirectory: directory, origin: "customs.example/ledger")
            try log.append((0..<300).map(entry))
        }
        // A batch that got as far as its tiles but not its checkpoint.
        let root = directory.path + "/ledger"
        let stray = [
            root + "/tile/0/001.p/200", root + "/tile/0/002", root + "/tile/entries/001.p/200", root + "/tile/1/000.p/3",
            root + "/tile/2/000.p/1",
        ]
        for path in stray {
            try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            FileManager.default.createFile(atPath: path, contents: Data(count: 64))
        }
        let log = try TiledLog(dataDirectory: directory)
        #expect(log.size == 300)
        for path in stray { #expect(!FileManager.default.fileExists(atPath: path), "\(path)") }
        #expect(FileManager.default.fileExists(atPath: root + "/tile/0/001.p/44"))
        #expect(try LedgerAudit.run(source: .directory(log.paths.log), logKey: log.signer.verifierKey).checkpoint.size == 300)
    }

    @Test("the sequencer batches concurrent appends and answers each with its own index")
    func sequencer() async throws {
        let directory = TestEnvironment.temporaryDirectory("ledger")
        defer { TestEnvironment.cleanUp(directory) }
        var configuration = LedgerSequencer.Configuration()
        configuration.maximumDelay = .milliseconds(20)
        let sequencer = LedgerSequencer(
            log: try TiledLog.create(dataDirectory: directory, origin: "customs.example/ledger"),
            configuration: configuration)
        let indices = try await withThrowingTaskGroup(of: (Int, UInt64).self) { group in
            for n in 0..<1000 { group.addTask { (n, try await sequencer.append(entry(n))) } }
            var result: [Int: UInt64] = [:]
            for try await (n, index) in group { result[n] = index }
            return result
        }
        #expect(Set(indices.values) == Set(0..<1000))
        let reader = sequencer.log.reader
        for (n, index) in indices { #expect(try reader.entry(index: index, size: 1000) == entry(n)) }
        #expect(sequencer.log.size == 1000)
    }
}

@Suite("Tampering is caught, precisely", .offPool)
struct TamperTests {
    /// A log of 600 entries (two full level-0 tiles, a partial one, a level-1 partial).
    func makeLog() throws -> (URL, NoteVerifierKey) {
        let directory = TestEnvironment.temporaryDirectory("ledger")
        let log = try TiledLog.create(dataDirectory: directory, origin: "customs.example/ledger")
        try log.append((0..<600).map(entry))
        return (directory, log.signer.verifierKey)
    }

    func audit(_ directory: URL, _ key: NoteVerifierKey, lastSeen: Checkpoint? = nil) -> LedgerError? {
        do {
            _ = try LedgerAudit.run(source: .directory(directory.appendingPathComponent("ledger")), logKey: key, lastSeen: lastSeen)
            return nil
        } catch { return error }
    }

    func flip(_ path: String, at offset: Int) throws {
        var data = try Data(contentsOf: URL(fileURLWithPath: path))
        data[offset] ^= 0x01
        try data.write(to: URL(fileURLWithPath: path))
    }

    @Test("a changed byte in an entry bundle or in a tile at any level, and a truncated tile")
    func changedBytes() throws {
        for (resource, offset, code, byte) in [
            ("tile/entries/000", 100, "tile.mismatch", 160), ("tile/entries/002.p/88", 7, "tile.mismatch", 0),
            ("tile/0/001", 4000, "tile.mismatch", 4000), ("tile/0/002.p/88", 33, "tile.mismatch", 33),
            ("tile/1/000.p/2", 40, "tile.mismatch", 40),
        ] {
            let (directory, key) = try makeLog()
            defer { TestEnvironment.cleanUp(directory) }
            try flip(directory.path + "/ledger/" + resource, at: offset)
            let error = try #require(audit(directory, key), "\(resource)")
            #expect(error.code.rawValue == code, "\(resource): \(error)")
            if resource.hasPrefix("tile/entries") {
                // The entry's leaf no longer matches the level-0 tile: reported at that hash.
                #expect(error.resource?.hasPrefix("tile/0/") == true, "\(error)")
            } else {
                #expect(error.resource == resource && error.byteOffset == byte, "\(error)")
            }
        }
        let (directory, key) = try makeLog()
        defer { TestEnvironment.cleanUp(directory) }
        let path = directory.path + "/ledger/tile/0/001"
        try Data(try Data(contentsOf: URL(fileURLWithPath: path)).prefix(8000)).write(to: URL(fileURLWithPath: path))
        let error = try #require(audit(directory, key))
        #expect(error.code.rawValue == "tile.truncated" && error.resource == "tile/0/001" && error.byteOffset == 8000, "\(error)")
    }

    @Test("a rolled-back checkpoint, a rewritten history, and a checkpoint signed by another key")
    func checkpoints() throws {
        let (directory, key) = try makeLog()
        defer { TestEnvironment.cleanUp(directory) }
        let checkpointPath = directory.path + "/ledger/checkpoint"
        let seen = try Checkpoint.open(Data(contentsOf: URL(fileURLWithPath: checkpointPath)), logKey: key).checkpoint
        #expect(audit(directory, key, lastSeen: seen) == nil)
        // A checkpoint "seen" at a larger size than the log now shows: rolled back.
        var later = seen
        later.size = 601
        #expect(audit(directory, key, lastSeen: later)?.code.rawValue == "checkpoint.rollback")
        // Same size, different root: the history was rewritten.
        var forked = seen
        forked.root = Merkle.leafHash(Data("other".utf8))
        #expect(audit(directory, key, lastSeen: forked)?.code.rawValue == "checkpoint.fork")
        // Signed by a key that is not the log's.
        let impostor = try NoteSigner.generate(name: "customs.example/ledger")
        let note = SignedNote(text: seen.text, signatures: [try impostor.sign(seen.text)]).formatted
        try Data(note.utf8).write(to: URL(fileURLWithPath: checkpointPath))
        #expect(audit(directory, key)?.code.rawValue == "note.unverified")
    }
}
