import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// The append-only log on disk, written by one process at a time.
///
/// An append is one batch: the entry bundles are written, then the hash tiles, then the
/// signed checkpoint, each through write-to-staging, fsync, rename, with the directories
/// fsynced before the checkpoint is renamed into place. The batch counts as appended only when
/// `append` returns, i.e. once its checkpoint is durable. Opening the log recovers to the last
/// checkpoint: whatever a crashed batch wrote beyond it is removed, and the tiles at the right
/// edge are checked against the checkpoint's root.
///
/// Not thread-safe: ``LedgerSequencer`` owns one and calls it from one thread.
public final class TiledLog: @unchecked Sendable {
    public let paths: LedgerPaths
    public let signer: NoteSigner
    public var origin: String { signer.name }
    /// The latest durable checkpoint and its signed note; readable from any thread while the
    /// writer works.
    private let published: Mutex<(checkpoint: Checkpoint, note: String)>
    /// The latest cosigned checkpoint (see ``latestCosigned``).
    private let cosigned: Mutex<(size: UInt64, note: String)?>
    public var checkpoint: Checkpoint { published.withLock { $0.checkpoint } }
    /// The signed checkpoint note as published.
    public var signedCheckpoint: String { published.withLock { $0.note } }

    /// Per level, the hashes of the partial (rightmost) tile.
    private var edge: [[TreeHash]]
    /// Per level, the number of full tiles.
    private var fullTiles: [UInt64]
    /// The partial entry bundle's bytes and entry count.
    private var bundle = Data()
    private var bundleCount = 0
    private var files: DurableFiles
    private let lockDescriptor: Int32
    /// Full tiles read back for proofs, with their inner levels.
    let tileCache = TileCache()

    /// Creates a new, empty log: a fresh key named `origin`, kept owner-only, and a signed
    /// checkpoint of size 0. Refuses to overwrite an existing log or key.
    public static func create(dataDirectory: URL, origin: String) throws(LedgerError) -> TiledLog {
        let paths = LedgerPaths(dataDirectory: dataDirectory)
        guard Checkpoint.isValidOrigin(origin) else {
            throw LedgerError(.invalidArgument, "an origin is a non-empty name without spaces or '+', e.g. customs.example/ledger")
        }
        guard !FileManager.default.fileExists(atPath: paths.key.path), !FileManager.default.fileExists(atPath: paths.checkpoint.path) else {
            throw LedgerError(.ledgerExists, "this data directory already has a ledger", resource: paths.log.path)
        }
        try DurableFiles.createDirectory(paths.log.path)
        let signer = try NoteSigner.generate(name: origin)
        try signer.writeKeyFile(paths.key.path)
        let empty = Checkpoint(origin: origin, size: 0, root: Merkle.emptyRoot)
        var files = try DurableFiles(staging: paths.staging)
        let note = SignedNote(text: empty.text, signatures: [try signer.sign(empty.text)]).formatted
        try files.write(Data(note.utf8), to: paths.checkpoint.path)
        try files.syncDirectories()
        try DurableFiles.syncDirectory(dataDirectory.path)
        try Self.appendHistory(note, paths: paths)
        return try TiledLog(dataDirectory: dataDirectory)
    }

    /// Opens an existing log for writing, taking its lock and recovering to the last checkpoint.
    public init(dataDirectory: URL) throws(LedgerError) {
        paths = LedgerPaths(dataDirectory: dataDirectory)
        guard let keyText = try? String(contentsOf: paths.key, encoding: .utf8) else {
            throw LedgerError(.ledgerMissing, "no ledger here: run `portunus ledger init --origin NAME` first", resource: paths.key.path)
        }
        signer = try NoteSigner(skey: keyText)
        lockDescriptor = open(paths.lock.path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard lockDescriptor >= 0 else { throw LedgerError(.io, "cannot open the lock file", resource: paths.lock.path) }
        guard flock(lockDescriptor, LOCK_EX | LOCK_NB) == 0 else {
            close(lockDescriptor)
            throw LedgerError(.busy, "another process is writing this ledger", resource: paths.lock.path)
        }
        do throws(LedgerError) {
            files = try DurableFiles(staging: paths.staging)
            // Staging files of a crashed batch were never renamed: nothing refers to them.
            for name in (try? FileManager.default.contentsOfDirectory(atPath: paths.staging.path)) ?? [] {
                try? FileManager.default.removeItem(atPath: paths.staging.path + "/" + name)
            }
            guard let note = FileManager.default.contents(atPath: paths.checkpoint.path) else {
                throw LedgerError(.missingCheckpoint, "the ledger has no checkpoint", resource: "checkpoint")
            }
            let (checkpoint, _) = try Checkpoint.open(note, logKey: signer.verifierKey)
            published = Mutex((checkpoint, String(decoding: note, as: UTF8.self)))
            cosigned = Mutex(nil)
            edge = []
            fullTiles = []
            try recover()
        } catch {
            flock(lockDescriptor, LOCK_UN)
            close(lockDescriptor)
            throw error
        }
    }

    deinit {
        flock(lockDescriptor, LOCK_UN)
        close(lockDescriptor)
    }

    public var size: UInt64 { checkpoint.size }

    /// Loads the right edge for the checkpoint's size, checks it against the root, and removes
    /// every tile, bundle and history record beyond it.
    private func recover() throws(LedgerError) {
        let size = checkpoint.size
        let layout = TilePath.tiles(forSize: size)
        edge = Array(repeating: [], count: layout.count)
        fullTiles = layout.map(\.full)
        for (level, full, width) in layout where width > 0 {
            let tile = TilePath(level: level, index: full, width: width)
            edge[level] = try TileReader.hashes(in: readFile(tile), tile: tile)
        }
        let root: TreeHash
        do { root = try MerkleProof.root(size: size, EdgeHashes(edge: edge, fullTiles: fullTiles)) } catch { throw LedgerReader.ledgerError(error) }
        guard root == checkpoint.root else {
            throw LedgerError(.tileMismatch, "the tiles at the right edge do not give the checkpoint's root", resource: "checkpoint")
        }
        bundleCount = Int(size % UInt64(TilePath.width))
        if bundleCount > 0 {
            let tile = TilePath(level: nil, index: size / UInt64(TilePath.width), width: bundleCount)
            bundle = try readFile(tile)
            guard try EntryBundle.entries(in: bundle, resource: tile.description).count == bundleCount else {
                throw LedgerError(.bundleMismatch, "the entry bundle does not hold \(bundleCount) entries", resource: tile.description)
            }
        }
        // Remove what a crashed batch wrote beyond the checkpoint: at each level (and for the
        // entry bundles) full tiles from the first one the checkpoint does not cover, partial
        // tiles wider than the checkpoint's, and tiles at levels the tree does not reach yet.
        var removed = false
        for level in [nil] + (0...TilePath.maximumLevel).map(Optional.some) {
            let directory = paths.log.path + "/tile/" + (level.map(String.init) ?? "entries")
            guard FileManager.default.fileExists(atPath: directory) else {
                if let level, level >= layout.count { break }
                continue
            }
            let layoutLevel = level ?? 0
            let full = layoutLevel < layout.count ? layout[layoutLevel].full : 0
            let width = layoutLevel < layout.count ? layout[layoutLevel].partialWidth : 0
            removed = removeBeyond(directory: directory, level: level, full: full, width: width) || removed
        }
        if removed { try files.syncDirectories() }
        // The history is read once: truncated to the checkpoint, and searched for the latest
        // cosigned checkpoint.
        let kept = try Self.truncateHistory(paths: paths, size: size)
        let latest = kept.last { record in ((try? SignedNote.parse(record.note))?.signatures.count ?? 0) > 1 }
        cosigned.withLock { $0 = latest.map { ($0.size, $0.note) } }
    }

    /// Removes tile files of one level beyond (full, width); returns whether any went.
    private func removeBeyond(directory: String, level: Int?, full: UInt64, width: Int) -> Bool {
        guard let enumerator = FileManager.default.enumerator(atPath: directory) else { return false }
        let prefix = "tile/" + (level.map(String.init) ?? "entries") + "/"
        var doomed: [String] = []
        while let relative = enumerator.nextObject() as? String {
            guard let tile = TilePath(prefix + relative) else { continue }
            let beyond = tile.isFull ? tile.index >= full : (tile.index > full || (tile.index == full && tile.width > width))
            if beyond { doomed.append(directory + "/" + relative) }
        }
        for path in doomed {
            try? FileManager.default.removeItem(atPath: path)
            files.markChanged(directory: (path as NSString).deletingLastPathComponent)
        }
        return !doomed.isEmpty
    }

    /// Set when a batch failed half-way: the files beyond the checkpoint are in an unknown
    /// state, so the log must be reopened (which recovers) before it takes more.
    private var failed = false

    /// Appends a batch of entries; returns the index of the first once the checkpoint that
    /// covers them all is durable.
    @discardableResult
    public func append(_ entries: [Data]) throws(LedgerError) -> UInt64 {
        guard !failed else { throw LedgerError(.failed, "an earlier batch failed; reopen the ledger to recover") }
        let first = checkpoint.size
        guard !entries.isEmpty else { return first }
        for (offset, entry) in entries.enumerated() where entry.count > EntryBundle.maximumEntrySize {
            throw LedgerError(.entryTooLarge, "entry \(offset + 1) of the batch has \(entry.count) bytes; at most \(EntryBundle.maximumEntrySize)")
        }
        do {
            return try appendChecked(entries)
        } catch {
            failed = true
            throw error
        }
    }

    private func appendChecked(_ entries: [Data]) throws(LedgerError) -> UInt64 {
        let width = TilePath.width
        let first = checkpoint.size
        // Work on copies: the in-memory state moves only once the checkpoint is durable.
        var edge = self.edge
        var fullTiles = self.fullTiles
        var bundle = self.bundle
        var bundleCount = self.bundleCount
        var size = first
        var bundles: [(TilePath, Data)] = []
        var tiles: [(TilePath, Data)] = []
        var completed: [TilePath] = []
        var dirty = Set<Int>()
        for entry in entries {
            EntryBundle.append(entry, to: &bundle)
            bundleCount += 1
            if bundleCount == width {
                let tile = TilePath(level: nil, index: size / UInt64(width))
                bundles.append((tile, bundle))
                completed.append(tile)
                bundle = Data()
                bundleCount = 0
            }
            var hash = Merkle.leafHash(entry)
            var level = 0
            while true {
                if level == edge.count {
                    edge.append([])
                    fullTiles.append(0)
                }
                edge[level].append(hash)
                dirty.insert(level)
                guard edge[level].count == width else { break }
                let tile = TilePath(level: level, index: fullTiles[level])
                tiles.append((tile, TileReader.data(edge[level])))
                completed.append(tile)
                hash = Merkle.root(edge[level][...])
                edge[level].removeAll(keepingCapacity: true)
                fullTiles[level] += 1
                level += 1
            }
            size += 1
        }
        if bundleCount > 0 { bundles.append((TilePath(level: nil, index: size / UInt64(width), width: bundleCount), bundle)) }
        for level in dirty.sorted() where !edge[level].isEmpty {
            tiles.append((TilePath(level: level, index: fullTiles[level], width: edge[level].count), TileReader.data(edge[level])))
        }
        // Entry bundles, then hash tiles, then (after the directories are synced) the checkpoint.
        for (tile, data) in bundles + tiles { try files.write(data, to: paths.file(tile)) }
        try files.syncDirectories()
        let root: TreeHash
        do { root = try MerkleProof.root(size: size, EdgeHashes(edge: edge, fullTiles: fullTiles)) } catch {
            throw LedgerError(.internalError, "the right edge does not cover the root: \(error)")
        }
        let next = Checkpoint(origin: origin, size: size, root: root)
        let note = SignedNote(text: next.text, signatures: [try signer.sign(next.text)]).formatted
        try files.write(Data(note.utf8), to: paths.checkpoint.path)
        try files.syncDirectories()

        self.edge = edge
        self.fullTiles = fullTiles
        self.bundle = bundle
        self.bundleCount = bundleCount
        published.withLock { $0 = (next, note) }
        // The history serves proofs at older sizes; losing its tail in a crash loses only those.
        try? Self.appendHistory(note, paths: paths)
        // Partial tiles may go once their full tile exists (C2SP tlog-tiles).
        for tile in completed { try? FileManager.default.removeItem(atPath: paths.file(tile) + ".p") }
        return first
    }

    private func readFile(_ tile: TilePath) throws(LedgerError) -> Data {
        guard let data = FileManager.default.contents(atPath: paths.file(tile)) else {
            throw LedgerError(.missingTile, "a tile the checkpoint needs is missing", resource: tile.description)
        }
        return data
    }

    // MARK: History

    private static func appendHistory(_ note: String, paths: LedgerPaths) throws(LedgerError) {
        // Records: the note's byte length in decimal, a newline, the note.
        let record = Data("\(note.utf8.count)\n\(note)".utf8)
        guard
            let handle = FileHandle(forWritingAtPath: paths.history.path)
                ?? {
                    _ = FileManager.default.createFile(atPath: paths.history.path, contents: nil)
                    return FileHandle(forWritingAtPath: paths.history.path)
                }()
        else { throw LedgerError(.io, "cannot open the checkpoint history", resource: paths.history.path) }
        defer { try? handle.close() }
        do {
            try handle.seekToEnd()
            try handle.write(contentsOf: record)
        } catch {
            throw LedgerError(.io, "cannot append to the checkpoint history", resource: paths.history.path)
        }
    }

    /// Every signed checkpoint in the history, oldest first.
    public static func history(paths: LedgerPaths) -> [(size: UInt64, note: String, end: Int)] {
        guard let data = FileManager.default.contents(atPath: paths.history.path) else { return [] }
        var result: [(UInt64, String, Int)] = []
        var offset = data.startIndex
        // The length is read from disk and may be torn or corrupt: compared by subtraction and
        // refused when negative, so a bad record ends the history instead of trapping recovery.
        while let newline = data[offset...].firstIndex(of: 0x0A), let length = Int(String(decoding: data[offset..<newline], as: UTF8.self)),
            length >= 0, length <= data.endIndex - (newline + 1)
        {
            let note = String(decoding: data[(newline + 1)..<(newline + 1 + length)], as: UTF8.self)
            offset = newline + 1 + length
            guard let signed = try? SignedNote.parse(note), let checkpoint = try? Checkpoint(text: signed.text) else { break }
            result.append((checkpoint.size, note, offset - data.startIndex))
        }
        return result
    }

    /// Drops history records beyond `size` (and any torn record at the end); returns the
    /// records kept.
    @discardableResult
    private static func truncateHistory(paths: LedgerPaths, size: UInt64) throws(LedgerError) -> [(size: UInt64, note: String, end: Int)] {
        let records = history(paths: paths)
        let keep = records.last(where: { $0.size <= size })?.end ?? 0
        let kept = records.filter { $0.end <= keep }
        let current = (try? FileManager.default.attributesOfItem(atPath: paths.history.path)[.size] as? Int) ?? 0
        guard current > keep else { return kept }
        guard truncate(paths.history.path, off_t(keep)) == 0 else {
            throw LedgerError(.io, "cannot truncate the checkpoint history", resource: paths.history.path)
        }
        return kept
    }

    // MARK: Cosignatures

    /// Adds witnesses' cosignatures to a checkpoint this log signed. If it is still the
    /// current checkpoint, the published `checkpoint` file is replaced (same text, more
    /// signatures); either way the cosigned note joins the history, so that proofs at its size
    /// carry the cosignatures. A witness's newer cosignature replaces its older one.
    @discardableResult
    public func addCosignatures(_ cosignatures: [SignedNote.Signature], to text: String) throws(LedgerError) -> String {
        let target = try Checkpoint(text: text)
        guard target.origin == origin, let issued = signedCheckpoint(size: target.size) else {
            throw LedgerError(.missingCheckpoint, "this log issued no checkpoint of size \(target.size)")
        }
        var note = try SignedNote.parse(issued)
        guard note.text == text else {
            throw LedgerError(.checkpointMismatch, "the text is not the checkpoint this log issued at size \(target.size)")
        }
        for cosignature in cosignatures where cosignature.name != origin {
            note.signatures.removeAll { $0.name == cosignature.name && $0.keyID == cosignature.keyID }
            note.signatures.append(cosignature)
        }
        let formatted = note.formatted
        if published.withLock({ $0.checkpoint.size == target.size }) {
            try files.write(Data(formatted.utf8), to: paths.checkpoint.path)
            try files.syncDirectories()
            published.withLock { $0.note = formatted }
        }
        try Self.appendHistory(formatted, paths: paths)
        cosigned.withLock { current in
            if (current?.size ?? 0) <= target.size { current = (target.size, formatted) }
        }
        return formatted
    }

    /// The latest checkpoint that carries at least one cosignature, with its note.
    public var latestCosigned: (size: UInt64, note: String)? { cosigned.withLock { $0 } }

    /// The signed checkpoint of an earlier size, if one was issued.
    public func signedCheckpoint(size: UInt64) -> String? {
        let (current, note) = published.withLock { $0 }
        if size == current.size { return note }
        return Self.history(paths: paths).last(where: { $0.size == size })?.note
    }
}

/// Subtree hashes at the right edge of a tree, from the partial tiles held in memory (enough
/// for the root: every complete subtree of the root's decomposition lies in them).
struct EdgeHashes: SubtreeHashes {
    let edge: [[TreeHash]]
    let fullTiles: [UInt64]

    func subtreeHash(level: Int, index: Int) throws -> TreeHash {
        let tileLevel = level / 8
        let height = level % 8
        let first = UInt64(index) << UInt64(height)
        let offset = Int(first - fullTiles[tileLevel] * UInt64(TilePath.width))
        return Merkle.root(edge[tileLevel][offset..<(offset + (1 << height))])
    }
}
