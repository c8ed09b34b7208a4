import Fluent
import FluentPostgresDriver
import Foundation
import SQLKit
import Vapor

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
        let createdAt = BackupFileFormat.createdAt(app)
        let counts = try await app.db.transaction { tx -> Counts in
            let encoder = BackupFileFormat.encoder()
            guard let sql = tx as? any SQLDatabase else { throw BackupFailure("PostgreSQL connection without SQL") }
            // One snapshot for every table, and nothing written by this transaction.
            try await sql.raw("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY").run()
            let tables = try await dependencyOrder(sql).filter { !LanternBackup.derivedTables.contains($0) }
            guard tables.contains("_fluent_migrations") else {
                throw BackupFailure("there is no Lantern database here (no tables); check DATABASE_URL")
            }
            let keyCheck = tables.contains(KeyCheck.schema) ? try await BackupFileFormat.keyCheck(sql) : nil
            let header = BackupFileHeader(format: format, version: version, database: "postgresql", createdAt: createdAt,
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
        let notABackup = "\(path) is not a Lantern PostgreSQL backup (for SQLite, the backup is a database file)"
        let header = try BackupFileFormat.header(from: reader, format: format, version: version,
                                                 notThisFormat: notABackup, versionOf: "backup format")
        guard header.database == "postgresql", let backupTables = header.tables, let backupMigrations = header.migrations else {
            throw BackupFailure(notABackup)
        }
        if let keyCheck = header.keyCheck { try BackupFileFormat.requireKey(keyCheck, app: app, file: "this backup") }
        guard let sql = app.db as? any SQLDatabase else { throw BackupFailure("PostgreSQL connection without SQL") }
        try await LanternBackup.requireEmpty(sql, tables: try await tableNames(sql))

        // The same schema as the backup: migrate, then insist on the same migrations.
        try await app.autoMigrate()
        let migrations = try await migrationNames(sql)
        guard Set(migrations) == Set(backupMigrations) else {
            throw BackupFailure("the backup was taken at another schema version (its migrations: \(backupMigrations.count), this Lantern's: \(migrations.count)); restore with the matching Lantern version")
        }
        let present = Set(try await tableNames(sql))
        if let missing = backupTables.first(where: { !present.contains($0) }) {
            throw BackupFailure("the backup has a table this database lacks: \(missing)")
        }

        return try await app.db.transaction { tx -> Counts in
            let decoder = JSONDecoder()
            guard let sql = tx as? any SQLDatabase else { throw BackupFailure("PostgreSQL connection without SQL") }
            // Clear what migrating and start-up wrote; the backup has its own copies.
            for table in backupTables.reversed() { try await sql.raw("DELETE FROM \(ident: table)").run() }
            var total = 0
            var tables = 0
            var cases = 0
            while let line = try reader.next() {
                if let end = try? decoder.decode(End.self, from: line), end.end {
                    guard end.tables == tables, end.rows == total, tables == backupTables.count else {
                        throw BackupFailure("the backup's totals do not match its content (\(tables) tables, \(total) rows read)")
                    }
                    guard try reader.next() == nil else { throw BackupFailure("the backup has content after its end line") }
                    // The keys of the cases in the backup, from the key file, in the same transaction.
                    if backupTables.contains(CaseKey.schema) {
                        if cases > 0 && keys == nil { throw BackupFailure(LanternBackup.keysRequired) }
                    } else if keys != nil {
                        throw BackupFailure("\(path) was taken before cases had keys of their own; restore it without --keys-input")
                    }
                    let restored = try await keys.asyncMap { try await CaseKeysFile.restorePostgres($0, into: sql) }
                    return Counts(tables: tables, rows: total, restoredKeys: restored)
                }
                guard let section = try? decoder.decode(Section.self, from: line), backupTables.contains(section.table) else {
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
