import Fluent
import Foundation
import SQLKit
import Vapor

/// What `lantern backup` and `lantern restore` do, callable from tests.
enum LanternBackup {
    struct Written: Sendable {
        /// What the data backup holds, if one was written.
        var data: String?
        /// How many case keys the key file holds, if one was written.
        var keys: Int?
    }

    static func write(app: Application, dataPath: String?, keysPath: String?) async throws -> Written {
        guard let sql = app.db as? any SQLDatabase else { throw BackupFailure("this database cannot be backed up") }
        var written = Written()
        switch app.lantern.settings.database {
        case .sqlite:
            try await SQLiteSnapshot.requireLanternTables(sql)
            if let dataPath {
                try BackupFiles.createEmpty(dataPath)
                do {
                    // Reads one snapshot (WAL included) and writes a compact copy; bound as a literal.
                    try await sql.raw("VACUUM INTO \(literal: dataPath)").run()
                    try await SQLiteSnapshot.removeCaseKeys(from: dataPath, logger: app.logger)
                } catch {
                    try? FileManager.default.removeItem(atPath: dataPath)
                    if error is BackupFailure { throw error }
                    throw BackupFailure("VACUUM INTO failed: \(String(reflecting: error))")
                }
                try BackupFiles.sync(dataPath)
                written.data = "SQLite snapshot"
            }
            // After the data: every case in the snapshot that still exists has its key here.
            if let keysPath { written.keys = try await CaseKeysFile.write(to: keysPath, from: sql, app: app) }
        case .postgres:
            if let dataPath {
                try BackupFiles.createEmpty(dataPath)
                do {
                    let counts = try await PostgresDump.write(to: dataPath, keys: keysPath, from: app)
                    written.data = "\(counts.tables) tables, \(counts.rows) rows"
                    written.keys = counts.keys
                } catch {
                    try? FileManager.default.removeItem(atPath: dataPath)
                    throw error
                }
                try BackupFiles.sync(dataPath)
            } else if let keysPath {
                written.keys = try await app.db.transaction { tx -> Int in
                    guard let sql = tx as? any SQLDatabase else { throw BackupFailure("PostgreSQL connection without SQL") }
                    try await sql.raw("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY").run()
                    return try await CaseKeysFile.write(to: keysPath, from: sql, app: app)
                }
            }
        }
        return written
    }

    /// Restores, and returns what to tell the operator.
    static func restore(app: Application, dataPath: String, keysPath: String?) async throws -> [String] {
        guard let sql = app.db as? any SQLDatabase else { throw BackupFailure("this database cannot be restored into") }
        // The key file is checked (format, database, field key) before anything changes.
        let keys = try keysPath.map { try CaseKeysFile.open($0, app: app) }
        switch app.lantern.settings.database {
        case .sqlite(let target):
            let restored = try await SQLiteSnapshot.restore(from: dataPath, keys: keys, into: target, app: app, current: sql)
            return ["restored: \(target) from \(dataPath)"] + (restored.map { [$0.description] } ?? [])
        case .postgres:
            let counts = try await PostgresDump.restore(from: dataPath, keys: keys, app: app)
            return ["restored: \(counts.tables) tables, \(counts.rows) rows from \(dataPath)"] + (counts.restoredKeys.map { [$0.description] } ?? [])
        }
    }

    /// A database counts as empty when it has no tables, or only the rows that migrating and
    /// starting up create (the migration log, the audit head at genesis, the key check).
    static let bookkeepingTables: Set<String> = ["_fluent_migrations", AuditHead.schema, KeyCheck.schema]

    /// Tables counted from others, left out of a backup: restoring the cases counts them
    /// again (the summary table's triggers), so a copy would count every case twice. The
    /// list of cuboids is written by migrating, and must be in place before the cases come.
    static let derivedTables: Set<String> = [ProfileCellTriggers.schema, ProfileCellTriggers.cuboidsTable]

    /// Refuses a restore target that holds anything (`tables`: its tables).
    static func requireEmpty(_ sql: any SQLDatabase, tables: [String]) async throws {
        for table in tables where !bookkeepingTables.contains(table) && !derivedTables.contains(table) {
            let row = try await sql.raw("SELECT COUNT(*) AS n FROM \(ident: table)").first()
            if let count = try row?.decode(column: "n", as: Int.self), count > 0 {
                throw BackupFailure("the target database is not empty (\(table) has \(count) rows); restore only into an empty database")
            }
        }
        if tables.contains(AuditHead.schema),
           let head = try await sql.raw("SELECT MAX(seq) AS seq FROM \(ident: AuditHead.schema)").first(),
           let seq = try head.decode(column: "seq", as: Int?.self), seq > 0 {
            throw BackupFailure("the target database is not empty (its audit log has \(seq) entries)")
        }
    }

    static let keysRequired = "give the case keys with --keys-input FILE (the newest file written by `lantern backup --keys-output`): "
        + "without them no case's identifying details could be read"
}

struct BackupFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
