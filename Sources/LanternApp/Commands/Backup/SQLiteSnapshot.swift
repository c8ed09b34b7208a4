import FluentSQLiteDriver
import Foundation
import SQLKit
import Vapor

/// The SQLite side of backup and restore: the backup is a compact database file without the
/// case keys; a restore checks it, copies it beside the target with the keys put back, and
/// swaps it in.
enum SQLiteSnapshot {
    static func tables(_ sql: any SQLDatabase, schema: String = "main") async throws -> [String] {
        let rows = try await sql.raw("""
            SELECT name FROM \(ident: schema).sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name
            """).all()
        return try rows.map { try $0.decode(column: "name", as: String.self) }
    }

    static func requireLanternTables(_ sql: any SQLDatabase) async throws {
        guard try await tables(sql).contains("_fluent_migrations") else {
            throw BackupFailure("there is no Lantern database here (no tables); check DATABASE_URL or the working directory")
        }
    }

    /// Takes the case keys out of a fresh snapshot file, overwriting them with zeros
    /// (`secure_delete`) and compacting the file; journals stay in memory, so no copy of a
    /// key is written beside it.
    static func removeCaseKeys(from path: String, logger: Logger) async throws {
        let connection = try await SQLiteConnection.open(storage: .file(path: path), logger: logger)
        do {
            let sql = connection.sql()
            if try await tables(sql).contains(CaseKey.schema) {
                try await sql.raw("PRAGMA journal_mode = MEMORY").run()
                try await sql.raw("PRAGMA secure_delete = ON").run()
                try await sql.raw("DELETE FROM \(ident: CaseKey.schema)").run()
                try await sql.raw("VACUUM").run()
            }
            try await connection.close()
        } catch {
            try? await connection.close()
            throw error
        }
    }

    static func restore(from input: String, keys: CaseKeysFile.Reader?, into target: String, app: Application,
                        current: any SQLDatabase) async throws -> CaseKeysFile.Restored? {
        // The target must hold nothing yet (start-up may have created the empty file).
        try await LanternBackup.requireEmpty(current, tables: try await tables(current))

        // Check the backup on its own connection, then copy it next to the target.
        let directory = URL(fileURLWithPath: target).deletingLastPathComponent().path
        let staging = directory + "/." + URL(fileURLWithPath: target).lastPathComponent + ".restoring-" + UUID().uuidString
        let connection = try await SQLiteConnection.open(storage: .file(path: input), logger: app.logger)
        do {
            let backup = connection.sql()
            let check = try await backup.raw("PRAGMA integrity_check").all()
            let verdicts = try check.map { try $0.decode(column: "integrity_check", as: String.self) }
            guard verdicts == ["ok"] else {
                throw BackupFailure("\(input) is damaged: \(verdicts.prefix(3).joined(separator: "; "))")
            }
            let names = try await tables(backup)
            guard names.contains("_fluent_migrations") else { throw BackupFailure("\(input) is not a Lantern backup") }
            if names.contains(KeyCheck.schema), let keyCheck = try await BackupFileFormat.keyCheck(backup) {
                try BackupFileFormat.requireKey(keyCheck, app: app, file: "this backup")
            }
            if names.contains(CaseKey.schema) {
                let cases = try await backup.raw("SELECT COUNT(*) AS n FROM cases").first()?.decode(column: "n", as: Int.self) ?? 0
                if cases > 0 && keys == nil { throw BackupFailure(LanternBackup.keysRequired) }
            } else if keys != nil {
                throw BackupFailure("\(input) was taken before cases had keys of their own; restore it without --keys-input")
            }
            try BackupFiles.createEmpty(staging)
            try await backup.raw("VACUUM INTO \(literal: staging)").run()
            try await connection.close()
        } catch {
            try? await connection.close()
            try? FileManager.default.removeItem(atPath: staging)
            throw error
        }
        // The keys of the cases in the backup go into the copy before it is moved into place.
        var restored: CaseKeysFile.Restored?
        if let keys {
            let copy = try await SQLiteConnection.open(storage: .file(path: staging), logger: app.logger)
            do {
                let sql = copy.sql()
                try await sql.raw("BEGIN IMMEDIATE").run()
                restored = try await CaseKeysFile.restoreSQLite(keys, into: sql)
                try await sql.raw("COMMIT").run()
                try await copy.close()
            } catch {
                try? await copy.close()
                try? FileManager.default.removeItem(atPath: staging)
                throw error
            }
        }
        try BackupFiles.sync(staging)

        // Close Lantern's own connections to the empty target, then swap the file in.
        await app.databases.shutdownAsync()
        for suffix in ["-wal", "-shm", "-journal", ""] {
            let file = target + suffix
            if FileManager.default.fileExists(atPath: file) { try FileManager.default.removeItem(atPath: file) }
        }
        guard rename(staging, target) == 0 else {
            throw BackupFailure("cannot move the restored file into place: \(String(cString: strerror(errno))); it is at \(staging)")
        }
        chmod(target, 0o600)
        try BackupFiles.sync(target)
        return restored
    }
}
