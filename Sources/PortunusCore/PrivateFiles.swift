import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Owner-only files and directories for what the data directory holds: the database and its
/// WAL (personal data, the pseudonym key, webhook secrets), signing keys, biometric indexes and
/// a witness's evidence.
///
/// Modes are given at creation (`open(…, 0600)`, `mkdir(…, 0700)`), never fixed afterwards
/// with a window in which the file is readable by others and already holds data; the process
/// umask is left alone, since it is shared by every thread (and would also make the files a
/// user exports owner-only). An older data directory made before this (0755 and 0644 under the
/// usual umask) is tightened by ``tighten(directory:)`` when the store opens it.
public enum PrivateFiles {
    public static let directoryMode: mode_t = 0o700
    public static let fileMode: mode_t = 0o600

    /// Creates `path` and any missing parents, each 0700 (an existing directory is left as it
    /// is; ``tighten(directory:)`` deals with old ones).
    public static func createDirectory(_ path: String) throws(PortunusError) {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue { return }
        do {
            try FileManager.default.createDirectory(
                atPath: path, withIntermediateDirectories: true,
                attributes: [.posixPermissions: NSNumber(value: directoryMode)])
        } catch {
            throw PortunusError(.io, "cannot create the directory \(path): \(error.localizedDescription)")
        }
    }

    /// Creates an empty file 0600 unless it exists (the database file before SQLite opens it:
    /// SQLite gives the WAL and the shared-memory file the mode of the database file).
    public static func createFile(_ path: String) throws(PortunusError) {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, fileMode)
        if descriptor >= 0 {
            // open() applies the umask, which may only remove bits: 0600 stays 0600 or less.
            close(descriptor)
        } else if errno != EEXIST {
            throw PortunusError(.io, "cannot create \(path) (errno \(errno))")
        }
    }

    /// Removes group and other permissions from `path` when it has any; true when it changed.
    @discardableResult
    public static func restrict(_ path: String) -> Bool {
        var status = stat()
        guard lstat(path, &status) == 0 else { return false }
        let kind = status.st_mode & S_IFMT
        guard kind == S_IFREG || kind == S_IFDIR, status.st_mode & 0o077 != 0 else { return false }
        let wanted: mode_t = kind == S_IFDIR ? directoryMode : (status.st_mode & 0o700) | fileMode
        return chmod(path, wanted & 0o7777) == 0
    }

    /// Makes an existing data directory owner-only: the directory 0700 and, when it was open
    /// to others (a data directory made before modes were set), everything beneath it too:
    /// directories 0700, files 0600. The paths it changed, relative to `directory`.
    public static func tighten(directory: String) -> [String] {
        var changed: [String] = []
        guard restrict(directory) else { return changed }
        changed.append(".")
        guard let walker = FileManager.default.enumerator(atPath: directory) else { return changed }
        while let relative = walker.nextObject() as? String {
            if restrict((directory as NSString).appendingPathComponent(relative)) { changed.append(relative) }
        }
        return changed
    }
}
