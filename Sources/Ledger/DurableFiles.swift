import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Crash-safe file writes: write to a staging file, fsync it, rename it into place, and fsync
/// the directories whose entries changed, so that after a crash a file is either absent or
/// whole.
struct DurableFiles {
    let staging: URL
    /// The mode of the files written: 0644 for the log's public tiles and checkpoints, 0600
    /// for a witness's state and evidence.
    let mode: mode_t
    private var counter = 0
    private(set) var touchedDirectories = Set<String>()

    init(staging: URL, mode: mode_t = 0o644) throws(LedgerError) {
        self.staging = staging
        self.mode = mode
        try Self.createDirectory(staging.path)
    }

    static func createDirectory(_ path: String) throws(LedgerError) {
        do {
            // 0700: the first directory made may be the data directory itself, which holds the
            // database and keys; the log's tiles are served by the server, not read in place.
            try FileManager.default.createDirectory(
                atPath: path, withIntermediateDirectories: true,
                attributes: [.posixPermissions: NSNumber(value: 0o700 as UInt16)])
        } catch {
            throw LedgerError(.io, "cannot create the directory", resource: path)
        }
    }

    /// Writes `data` to `path` through the staging directory; the rename is durable once
    /// ``syncDirectories()`` has run.
    mutating func write(_ data: Data, to path: String) throws(LedgerError) {
        counter += 1
        let temporary = staging.path + "/\(counter).tmp"
        let directory = (path as NSString).deletingLastPathComponent
        if !touchedDirectories.contains(directory), !FileManager.default.fileExists(atPath: directory) {
            // New directories are entries of their parents: sync those too.
            var parent = directory
            var created: [String] = []
            while !FileManager.default.fileExists(atPath: parent) {
                created.append(parent)
                parent = (parent as NSString).deletingLastPathComponent
            }
            try Self.createDirectory(directory)
            touchedDirectories.insert(parent)
            touchedDirectories.formUnion(created)
        }
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode)
        guard descriptor >= 0 else { throw LedgerError(.io, "cannot create a staging file (errno \(errno))", resource: path) }
        defer { close(descriptor) }
        let written = data.withUnsafeBytes { raw -> Int in
            var offset = 0
            while offset < raw.count {
                let result = Glibc.write(descriptor, raw.baseAddress! + offset, raw.count - offset)
                if result < 0 {
                    if errno == EINTR { continue }
                    return -1
                }
                offset += result
            }
            return offset
        }
        guard written == data.count, fsync(descriptor) == 0 else { throw LedgerError(.io, "cannot write (errno \(errno))", resource: path) }
        guard rename(temporary, path) == 0 else { throw LedgerError(.io, "cannot rename into place (errno \(errno))", resource: path) }
        touchedDirectories.insert(directory)
    }

    /// Records a directory whose entries changed otherwise (a file removed).
    mutating func markChanged(directory: String) { touchedDirectories.insert(directory) }

    /// Makes every rename since the last call durable.
    mutating func syncDirectories() throws(LedgerError) {
        for directory in touchedDirectories.sorted(by: { $0.count > $1.count }) {
            try Self.syncDirectory(directory)
        }
        touchedDirectories.removeAll(keepingCapacity: true)
    }

    static func syncDirectory(_ path: String) throws(LedgerError) {
        let descriptor = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else { throw LedgerError(.io, "cannot open the directory (errno \(errno))", resource: path) }
        defer { close(descriptor) }
        guard fsync(descriptor) == 0 else { throw LedgerError(.io, "cannot sync the directory (errno \(errno))", resource: path) }
    }
}
