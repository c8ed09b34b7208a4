import ConsoleKit
import Fluent
import FluentPostgresDriver
import FluentSQLiteDriver
import Foundation
import SQLKit
import Vapor

/// `lantern backup --output FILE [--keys-output KEYS]`: a consistent snapshot of the whole
/// database, taken while Lantern keeps serving. SQLite: a compact database file (`VACUUM
/// INTO`, one read transaction). PostgreSQL: JSON lines, every table in foreign-key order,
/// read in one REPEATABLE READ transaction. Neither the field-encryption key nor the case
/// keys are ever in a data backup: the case keys go to their own file (`--keys-output`, also
/// on its own), so that erasing a case (destroying its key) reaches every old data backup too.
struct BackupCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Option(name: "output", short: "o", help: "The data backup to write; it must not exist yet")
        var output: String?

        @Option(name: "keys-output", help: "The case key file to write (kept apart from the data backups; only the newest one kept)")
        var keysOutput: String?
    }

    var help: String {
        "Writes a consistent snapshot of the database: `lantern backup --output FILE [--keys-output KEYS]` (no keys in FILE; the case keys in KEYS)"
    }

    func run(using context: CommandContext, signature: Signature) async throws {
        guard signature.output != nil || signature.keysOutput != nil else {
            throw BackupFailure("give the data backup with --output FILE, the case keys with --keys-output FILE, or both")
        }
        let path = try signature.output.map { try BackupFiles.checkedPath($0, flag: "--output") }
        let keysPath = try signature.keysOutput.map { try BackupFiles.checkedPath($0, flag: "--keys-output") }
        if path != nil && path == keysPath { throw BackupFailure("--output and --keys-output must be different files") }
        let written = try await LanternBackup.write(app: context.application, dataPath: path, keysPath: keysPath)
        if let path, let summary = written.data {
            context.console.print("backup written: \(path) (\(summary)), without the case keys. Keep the key (LANTERN_KEY or lantern.key) separately.")
        }
        if let keysPath, let keys = written.keys {
            context.console.print("case keys written: \(keysPath) (\(keys) keys). Keep it apart from the data backups, and keep only the newest.")
        } else {
            context.console.print("The case keys are not in this backup: write them with `lantern backup --keys-output FILE` (a restore needs both).")
        }
    }
}

/// `lantern restore --input FILE --keys-input KEYS`: puts a backup into an empty database (one
/// with no tables, or freshly migrated with no data), with the case keys from a key file.
/// Use the newest key file: cases erased since the backup stay unreadable. Refuses a database
/// that holds anything, and a backup or key file whose key check does not open with the key in use.
struct RestoreCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Option(name: "input", short: "i", help: "The backup file written by `lantern backup`")
        var input: String?

        @Option(name: "keys-input", help: "The newest case key file written by `lantern backup --keys-output`")
        var keysInput: String?
    }

    var help: String {
        "Restores a backup into an empty database: `lantern restore --input FILE --keys-input KEYS` (stop Lantern first; same key; newest case keys)"
    }

    func run(using context: CommandContext, signature: Signature) async throws {
        let path = try BackupFiles.checkedPath(signature.input, flag: "--input", mustExist: true)
        let keysPath = try signature.keysInput.map { try BackupFiles.checkedPath($0, flag: "--keys-input", mustExist: true) }
        for line in try await LanternBackup.restore(app: context.application, dataPath: path, keysPath: keysPath) {
            context.console.print(line)
        }
    }
}

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

    static let keysRequired = "give the case keys with --keys-input FILE (the newest file written by `lantern backup --keys-output`): "
        + "without them no case's identifying details could be read"
}

struct BackupFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

// MARK: - files

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

/// A database counts as empty when it has no tables, or only the rows that migrating and
/// starting up create (the migration log, the audit head at genesis, the key check).
private let bookkeepingTables: Set<String> = ["_fluent_migrations", AuditHead.schema, KeyCheck.schema]

private func requireEmpty(_ sql: any SQLDatabase, tables: [String]) async throws {
    for table in tables where !bookkeepingTables.contains(table) {
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

private func checkKey(_ sealed: String?, app: Application) throws {
    guard let sealed else { return }
    guard (try? app.lantern.cipher.open(sealed, context: KeyCheck.context)) == KeyCheck.plaintext else {
        throw BackupFailure("the key in use does not match this backup; set LANTERN_KEY or LANTERN_KEY_FILE to the key of the backed-up database")
    }
}

// MARK: - SQLite

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
        try await requireEmpty(current, tables: try await tables(current))

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
            if names.contains(KeyCheck.schema) {
                let row = try await backup.raw("SELECT sealed FROM \(ident: KeyCheck.schema) WHERE id = 1").first()
                try checkKey(try row?.decode(column: "sealed", as: String.self), app: app)
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

// MARK: - PostgreSQL

/// The JSON-lines format: a header line, then per table a section line followed by its rows
/// (each the table's own `row_to_json`), then an end line with the totals.
///
///     {"format":"lantern-backup","version":1,"database":"postgresql","tables":[...],"migrations":[...],"keyCheck":"..."}
///     {"table":"organisations","columns":["id","name",...],"rows":2}
///     {"id":"…","name":"…",…}
///     {"end":true,"tables":14,"rows":1234}
enum PostgresDump {
    static let format = "lantern-backup"
    static let version = 1
    static let batchSize = 500

    struct Header: Codable {
        var format: String
        var version: Int
        var database: String
        var createdAt: String
        var tables: [String]
        var migrations: [String]
        var keyCheck: String?
    }

    struct Section: Codable {
        var table: String
        var columns: [String]
        var rows: Int
    }

    struct End: Codable {
        var end: Bool
        var tables: Int
        var rows: Int
    }

    struct Counts: Sendable {
        var tables: Int
        var rows: Int
        /// Keys written to the key file alongside (backup).
        var keys: Int?
        /// What putting the keys back found (restore).
        var restoredKeys: CaseKeysFile.Restored?
    }

    // MARK: schema facts

    static func tableNames(_ sql: any SQLDatabase) async throws -> [String] {
        let rows = try await sql.raw("""
            SELECT c.relname AS name FROM pg_catalog.pg_class c
            JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
            WHERE c.relkind IN ('r', 'p') AND n.nspname = current_schema() ORDER BY c.relname
            """).all()
        return try rows.map { try $0.decode(column: "name", as: String.self) }
    }

    /// Parents before children, so rows can be inserted in this order.
    static func dependencyOrder(_ sql: any SQLDatabase) async throws -> [String] {
        let names = try await tableNames(sql)
        let edges = try await sql.raw("""
            SELECT child.relname AS child, parent.relname AS parent FROM pg_catalog.pg_constraint co
            JOIN pg_catalog.pg_class child ON child.oid = co.conrelid
            JOIN pg_catalog.pg_class parent ON parent.oid = co.confrelid
            JOIN pg_catalog.pg_namespace n ON n.oid = child.relnamespace
            WHERE co.contype = 'f' AND n.nspname = current_schema()
            """).all()
        var parents: [String: Set<String>] = Dictionary(uniqueKeysWithValues: names.map { ($0, []) })
        for edge in edges {
            let child = try edge.decode(column: "child", as: String.self)
            let parent = try edge.decode(column: "parent", as: String.self)
            if child != parent, parents[child] != nil, parents[parent] != nil { parents[child]?.insert(parent) }
        }
        var ordered: [String] = []
        var placed = Set<String>()
        while ordered.count < names.count {
            let ready = names.filter { !placed.contains($0) && parents[$0, default: []].isSubset(of: placed) }
            guard !ready.isEmpty else { throw BackupFailure("the tables' foreign keys form a cycle; cannot order them") }
            ordered += ready
            placed.formUnion(ready)
        }
        return ordered
    }

    static func columns(of table: String, _ sql: any SQLDatabase) async throws -> [String] {
        let rows = try await sql.raw("""
            SELECT column_name::text AS name FROM information_schema.columns
            WHERE table_schema = current_schema() AND table_name = \(bind: table) ORDER BY ordinal_position
            """).all()
        return try rows.map { try $0.decode(column: "name", as: String.self) }
    }

    static func primaryKey(of table: String, _ sql: any SQLDatabase) async throws -> [String] {
        let rows = try await sql.raw("""
            SELECT a.attname::text AS name FROM pg_catalog.pg_index i
            JOIN pg_catalog.pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey)
            WHERE i.indrelid = quote_ident(\(bind: table))::regclass AND i.indisprimary
            ORDER BY array_position(i.indkey::int2[], a.attnum)
            """).all()
        return try rows.map { try $0.decode(column: "name", as: String.self) }
    }

    static func migrationNames(_ sql: any SQLDatabase) async throws -> [String] {
        try await sql.raw("SELECT name FROM \(ident: "_fluent_migrations") ORDER BY name").all()
            .map { try $0.decode(column: "name", as: String.self) }
    }

    // MARK: backup

    /// The case keys' table is written empty: its rows go to the key file (`keysPath`), from
    /// the same snapshot, or nowhere.
    static func write(to path: String, keys keysPath: String?, from app: Application) async throws -> Counts {
        let writer = try LineWriter(path: path)
        let createdAt = ISO8601DateFormatter().string(from: app.lantern.now)
        let counts = try await app.db.transaction { tx -> Counts in
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            guard let sql = tx as? any SQLDatabase else { throw BackupFailure("PostgreSQL connection without SQL") }
            // One snapshot for every table, and nothing written by this transaction.
            try await sql.raw("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY").run()
            let tables = try await dependencyOrder(sql)
            guard tables.contains("_fluent_migrations") else {
                throw BackupFailure("there is no Lantern database here (no tables); check DATABASE_URL")
            }
            var keyCheck: String?
            if tables.contains(KeyCheck.schema) {
                keyCheck = try await sql.raw("SELECT sealed FROM \(ident: KeyCheck.schema) WHERE id = 1").first()?
                    .decode(column: "sealed", as: String.self)
            }
            let header = Header(format: format, version: version, database: "postgresql", createdAt: createdAt,
                                tables: tables, migrations: try await migrationNames(sql), keyCheck: keyCheck)
            try writer.line(encoder.encode(header))
            var total = 0
            for table in tables {
                let columns = try await columns(of: table, sql)
                let key = try await primaryKey(of: table, sql)
                if table == CaseKey.schema {
                    try writer.line(encoder.encode(Section(table: table, columns: columns, rows: 0)))
                    continue
                }
                let count = try await sql.raw("SELECT COUNT(*) AS n FROM \(ident: table)").first()?.decode(column: "n", as: Int.self) ?? 0
                try writer.line(encoder.encode(Section(table: table, columns: columns, rows: count)))
                let order: SQLQueryString = key.isEmpty ? "" : " ORDER BY \(idents: key, joinedBy: ", ")"
                try await sql.raw("""
                    DECLARE lantern_backup NO SCROLL CURSOR FOR SELECT row_to_json(t)::text AS row FROM \(ident: table) AS t\(order)
                    """).run()
                var written = 0
                while true {
                    let batch = try await sql.raw("FETCH FORWARD \(literal: batchSize) FROM lantern_backup").all()
                    for row in batch { try writer.line(Data(try row.decode(column: "row", as: String.self).utf8)) }
                    written += batch.count
                    if batch.count < batchSize { break }
                }
                try await sql.raw("CLOSE lantern_backup").run()
                guard written == count else { throw BackupFailure("\(table) changed while being read (\(count) then \(written) rows)") }
                total += written
            }
            try writer.line(encoder.encode(End(end: true, tables: tables.count, rows: total)))
            let keys = try await keysPath.asyncMap { try await CaseKeysFile.write(to: $0, from: sql, app: app) }
            return Counts(tables: tables.count, rows: total, keys: keys)
        }
        try writer.finish()
        return counts
    }

    // MARK: restore

    static func restore(from path: String, keys: CaseKeysFile.Reader?, app: Application) async throws -> Counts {
        let reader = try LineReader(path: path)
        let decoder = JSONDecoder()
        guard let first = try reader.next(), let header = try? decoder.decode(Header.self, from: first),
              header.format == format, header.database == "postgresql" else {
            throw BackupFailure("\(path) is not a Lantern PostgreSQL backup (for SQLite, the backup is a database file)")
        }
        guard header.version == version else { throw BackupFailure("backup format version \(header.version) is not supported") }
        try checkKey(header.keyCheck, app: app)
        guard let sql = app.db as? any SQLDatabase else { throw BackupFailure("PostgreSQL connection without SQL") }
        try await requireEmpty(sql, tables: try await tableNames(sql))

        // The same schema as the backup: migrate, then insist on the same migrations.
        try await app.autoMigrate()
        let migrations = try await migrationNames(sql)
        guard Set(migrations) == Set(header.migrations) else {
            throw BackupFailure("the backup was taken at another schema version (its migrations: \(header.migrations.count), this Lantern's: \(migrations.count)); restore with the matching Lantern version")
        }
        let present = Set(try await tableNames(sql))
        if let missing = header.tables.first(where: { !present.contains($0) }) {
            throw BackupFailure("the backup has a table this database lacks: \(missing)")
        }

        return try await app.db.transaction { tx -> Counts in
            let decoder = JSONDecoder()
            guard let sql = tx as? any SQLDatabase else { throw BackupFailure("PostgreSQL connection without SQL") }
            // Clear what migrating and start-up wrote; the backup has its own copies.
            for table in header.tables.reversed() { try await sql.raw("DELETE FROM \(ident: table)").run() }
            var total = 0
            var tables = 0
            var cases = 0
            while let line = try reader.next() {
                if let end = try? decoder.decode(End.self, from: line), end.end {
                    guard end.tables == tables, end.rows == total, tables == header.tables.count else {
                        throw BackupFailure("the backup's totals do not match its content (\(tables) tables, \(total) rows read)")
                    }
                    guard try reader.next() == nil else { throw BackupFailure("the backup has content after its end line") }
                    // The keys of the cases in the backup, from the key file, in the same transaction.
                    if header.tables.contains(CaseKey.schema) {
                        if cases > 0 && keys == nil { throw BackupFailure(LanternBackup.keysRequired) }
                    } else if keys != nil {
                        throw BackupFailure("\(path) was taken before cases had keys of their own; restore it without --keys-input")
                    }
                    let restored = try await keys.asyncMap { try await CaseKeysFile.restorePostgres($0, into: sql) }
                    return Counts(tables: tables, rows: total, restoredKeys: restored)
                }
                guard let section = try? decoder.decode(Section.self, from: line), header.tables.contains(section.table) else {
                    throw BackupFailure("the backup is damaged: expected a table section after \(tables) tables")
                }
                if section.table == "cases" { cases = section.rows }
                var remaining = section.rows
                while remaining > 0 {
                    var batch: [String] = []
                    while batch.count < min(batchSize, remaining), let row = try reader.next() {
                        batch.append(String(decoding: row, as: UTF8.self))
                    }
                    guard !batch.isEmpty else { throw BackupFailure("the backup ends inside \(section.table)") }
                    let json = "[" + batch.joined(separator: ",") + "]"
                    try await sql.raw("""
                        INSERT INTO \(ident: section.table) (\(idents: section.columns, joinedBy: ", "))
                        SELECT \(idents: section.columns, joinedBy: ", ") FROM json_populate_recordset(NULL::\(ident: section.table), \(bind: json)::json)
                        """).run()
                    remaining -= batch.count
                    total += batch.count
                }
                tables += 1
            }
            throw BackupFailure("the backup is incomplete: it has no end line (it may have been cut short)")
        }
    }
}

/// Buffered line output to a file.
final class LineWriter: @unchecked Sendable {
    private let handle: FileHandle
    private var buffer = Data()
    private let lock = NSLock()

    init(path: String) throws {
        guard let handle = FileHandle(forWritingAtPath: path) else { throw BackupFailure("cannot write \(path)") }
        self.handle = handle
    }

    func line(_ data: Data) throws {
        lock.lock()
        defer { lock.unlock() }
        buffer.append(data)
        buffer.append(0x0A)
        if buffer.count >= 1 << 20 { try flushLocked() }
    }

    func finish() throws {
        lock.lock()
        defer { lock.unlock() }
        try flushLocked()
        try handle.synchronize()
        try handle.close()
    }

    private func flushLocked() throws {
        guard !buffer.isEmpty else { return }
        try handle.write(contentsOf: buffer)
        buffer.removeAll(keepingCapacity: true)
    }
}

/// Reads a file line by line without loading it whole.
final class LineReader: @unchecked Sendable {
    private let handle: FileHandle
    private var buffer = Data()
    private var position = 0
    private var atEnd = false
    private let lock = NSLock()

    init(path: String) throws {
        guard let handle = FileHandle(forReadingAtPath: path) else { throw BackupFailure("cannot read \(path)") }
        self.handle = handle
    }

    deinit { try? handle.close() }

    /// The next line without its newline, or nil at the end of the file.
    func next() throws -> Data? {
        lock.lock()
        defer { lock.unlock() }
        while true {
            let start = buffer.startIndex + position
            if let newline = buffer[start...].firstIndex(of: 0x0A) {
                position = newline + 1 - buffer.startIndex
                return Data(buffer[start..<newline])
            }
            if atEnd {
                guard start < buffer.endIndex else { return nil }
                position = buffer.count
                return Data(buffer[start...])
            }
            // Keep only the unread part, then read on.
            buffer = Data(buffer[start...])
            position = 0
            if let chunk = try handle.read(upToCount: 1 << 20), !chunk.isEmpty { buffer.append(chunk) } else { atEnd = true }
        }
    }
}
