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
    private var counter = 0
    private(set) var touchedDirectories = Set<String>()

    init(staging: URL) throws(LedgerError) {
        self.staging = staging
        try Self.createDirectory(staging.path)
    }

    static func createDirectory(_ path: String) throws(LedgerError) {
        do {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        } catch {
            throw LedgerError("io.failed", "cannot create the directory", resource: path)
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
            created.forEach { touchedDirectories.insert($0) }
        }
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw LedgerError("io.failed", "cannot create a staging file (errno \(errno))", resource: path) }
        defer { close(descriptor) }
        let written = data.withUnsafeBytes { raw -> Int in
            var offset = 0
            while offset < raw.count {
                let result = Glibc.write(descriptor, raw.baseAddress! + offset, raw.count - offset)
                if result < 0 { if errno == EINTR { continue }; return -1 }
                offset += result
            }
            return offset
        }
        guard written == data.count, fsync(descriptor) == 0 else { throw LedgerError("io.failed", "cannot write (errno \(errno))", resource: path) }
        guard rename(temporary, path) == 0 else { throw LedgerError("io.failed", "cannot rename into place (errno \(errno))", resource: path) }
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
        guard descriptor >= 0 else { throw LedgerError("io.failed", "cannot open the directory (errno \(errno))", resource: path) }
        defer { close(descriptor) }
        guard fsync(descriptor) == 0 else { throw LedgerError("io.failed", "cannot sync the directory (errno \(errno))", resource: path) }
    }
}
