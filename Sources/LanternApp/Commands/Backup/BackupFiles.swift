import Foundation

/// The files a backup writes: checked paths, created owner-only, synced to disk.
enum BackupFiles {
    /// An absolute path without quote or control characters (it ends up in SQL as a literal).
    static func checkedPath(_ value: String?, flag: String, mustExist: Bool = false) throws -> String {
        guard let value, !value.isEmpty else { throw BackupFailure("give the file with \(flag) FILE") }
        guard !value.unicodeScalars.contains(where: { $0 == "'" || $0 == "\"" || $0 == "\\" || $0.properties.generalCategory == .control }) else {
            throw BackupFailure("\(flag): the file name must not contain quotes, backslashes or control characters")
        }
        let absolute = value.hasPrefix("/") ? value : FileManager.default.currentDirectoryPath + "/" + value
        let path = URL(fileURLWithPath: absolute).standardizedFileURL.path
        let exists = FileManager.default.fileExists(atPath: path)
        if mustExist && !exists { throw BackupFailure("\(flag): \(path) does not exist") }
        if !mustExist && exists { throw BackupFailure("\(flag): \(path) already exists; choose a new file") }
        return path
    }

    /// Creates the file owner-only, failing if it appeared meanwhile: backups hold everything.
    static func createEmpty(_ path: String) throws {
        let fd = open(path, O_CREAT | O_EXCL | O_WRONLY, 0o600)
        guard fd >= 0 else { throw BackupFailure("cannot create \(path): \(String(cString: strerror(errno)))") }
        close(fd)
    }

    /// Flushes the file and its directory entry to disk.
    static func sync(_ path: String) throws {
        for target in [path, URL(fileURLWithPath: path).deletingLastPathComponent().path] {
            let fd = open(target, O_RDONLY)
            guard fd >= 0 else { throw BackupFailure("cannot open \(target) to sync it") }
            defer { close(fd) }
            guard fsync(fd) == 0 else { throw BackupFailure("cannot sync \(target): \(String(cString: strerror(errno)))") }
        }
    }
}
