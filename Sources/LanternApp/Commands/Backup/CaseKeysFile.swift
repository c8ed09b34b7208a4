import Fluent
import FluentSQLiteDriver
import Foundation
import SQLKit
import Vapor

/// The case keys, kept apart from the data backups. A data backup never holds them, so an
/// old data backup restored later brings back only the cases whose keys are still in the
/// newest key file: a case erased since stays unreadable. The keys are written as stored,
/// sealed with the field key, so the file alone opens nothing; it is created owner-only.
///
/// JSON lines: a header, one line per key (the row as the database holds it, so a restore
/// puts back exactly what was there), and an end line with the count.
///
///     {"format":"lantern-case-keys","version":1,"database":"sqlite","createdAt":"…","keyCheck":"v1.…"}
///     {"case_id":"…","created_at":1800000000.5,"sealed_key":"v1.…"}
///     {"end":true,"keys":1234}
enum CaseKeysFile {
    static let format = "lantern-case-keys"
    static let version = 1
    static let pageSize = 1_000

    struct End: Codable {
        var end: Bool
        var keys: Int
    }

    /// One key as SQLite holds it (the id as text here; a date as seconds since 1970).
    struct SQLiteRow: Codable {
        var case_id: String
        var sealed_key: String
        var created_at: Double
    }

    static func databaseName(_ app: Application) -> String {
        if case .postgres = app.lantern.settings.database { return "postgresql" }
        return "sqlite"
    }

    // MARK: writing

    /// Writes every key the database holds now. On PostgreSQL pass the backup's transaction,
    /// so keys and data come from one snapshot; on SQLite call it after the data snapshot,
    /// so every case in the snapshot that still exists has its key here.
    static func write(to path: String, from sql: any SQLDatabase, app: Application) async throws -> Int {
        try BackupFiles.createEmpty(path)
        do {
            let writer = try LineWriter(path: path)
            let encoder = BackupFileFormat.encoder()
            let database = databaseName(app)
            try writer.line(encoder.encode(BackupFileHeader(format: format, version: version, database: database,
                                                  createdAt: BackupFileFormat.createdAt(app),
                                                  keyCheck: try await BackupFileFormat.keyCheck(sql))))
            var count = 0
            var after: UUID?
            while true {
                let page: SQLQueryString = after.map { " WHERE case_id > \(bind: $0)" } ?? ""
                if database == "postgresql" {
                    let rows = try await sql.raw("""
                        SELECT case_id, row_to_json(t)::text AS row FROM \(ident: CaseKey.schema) AS t\(page)
                        ORDER BY case_id LIMIT \(literal: pageSize)
                        """).all()
                    for row in rows { try writer.line(Data(try row.decode(column: "row", as: String.self).utf8)) }
                    count += rows.count
                    guard rows.count == pageSize else { break }
                    after = try rows.last?.decode(column: "case_id", as: UUID.self)
                } else {
                    let rows = try await sql.raw("""
                        SELECT case_id, sealed_key, created_at FROM \(ident: CaseKey.schema)\(page) ORDER BY case_id LIMIT \(literal: pageSize)
                        """).all()
                    for row in rows {
                        let id = try row.decode(column: "case_id", as: UUID.self)
                        try writer.line(encoder.encode(SQLiteRow(case_id: id.uuidString, sealed_key: try row.decode(column: "sealed_key", as: String.self),
                                                                 created_at: try row.decode(column: "created_at", as: Double.self))))
                    }
                    count += rows.count
                    guard rows.count == pageSize else { break }
                    after = try rows.last?.decode(column: "case_id", as: UUID.self)
                }
            }
            try writer.line(encoder.encode(End(end: true, keys: count)))
            try writer.finish()
            try BackupFiles.sync(path)
            return count
        } catch {
            try? FileManager.default.removeItem(atPath: path)
            throw error
        }
    }

    // MARK: reading

    /// An opened key file: checked header (format, database, field key), then its key lines.
    final class Reader: @unchecked Sendable {
        let path: String
        let header: BackupFileHeader
        private let lines: LineReader
        private var read = 0

        init(path: String, header: BackupFileHeader, lines: LineReader) {
            self.path = path
            self.header = header
            self.lines = lines
        }

        /// The next key's line, or nil after the end line (checked against the count).
        func nextKey() throws -> Data? {
            guard let line = try lines.next() else {
                throw BackupFailure("\(path) is incomplete: it has no end line (it may have been cut short)")
            }
            if let end = try? JSONDecoder().decode(End.self, from: line), end.end {
                guard end.keys == read else {
                    throw BackupFailure("\(path) is damaged: its end line counts \(end.keys) keys, the file has \(read)")
                }
                guard try lines.next() == nil else { throw BackupFailure("\(path) has content after its end line") }
                return nil
            }
            read += 1
            return line
        }
    }

    static func open(_ path: String, app: Application) throws -> Reader {
        let lines = try LineReader(path: path)
        let header = try BackupFileFormat.header(from: lines, format: format, version: version,
            notThisFormat: "\(path) is not a Lantern case key file (written by `lantern backup --keys-output`)", versionOf: "case key file")
        guard header.database == databaseName(app) else {
            throw BackupFailure("\(path) holds the keys of a \(header.database) database; this Lantern uses \(databaseName(app))")
        }
        try BackupFileFormat.requireKey(header.keyCheck, app: app, file: "this case key file")
        return Reader(path: path, header: header, lines: lines)
    }

    /// What putting keys back found.
    struct Restored: Sendable, CustomStringConvertible {
        var keys = 0
        /// Keys of cases recorded after the data backup (not in it): left out.
        var withoutCase = 0
        /// Cases in the data backup with no key in the file: erased since the backup. Their
        /// identifying details cannot be read, and the next retention run erases what is left.
        var unreadable = 0

        var description: String {
            "\(keys) case keys restored; \(withoutCase) keys of cases not in this backup left out; "
                + "\(unreadable) cases without a key (erased since the backup: their identifying details cannot be read)"
        }
    }

    /// Puts the keys of the cases present into `case_keys` (SQLite: the restored file's
    /// connection, inside a transaction the caller runs).
    static func restoreSQLite(_ reader: Reader, into sql: any SQLDatabase) async throws -> Restored {
        var restored = Restored()
        let decoder = JSONDecoder()
        while let line = try reader.nextKey() {
            guard let row = try? decoder.decode(SQLiteRow.self, from: line), let id = UUID(exactly: row.case_id) else {
                throw BackupFailure("the case key file is damaged: a line is not a key")
            }
            let inserted = try await sql.raw("""
                INSERT INTO \(ident: CaseKey.schema) (case_id, sealed_key, created_at)
                SELECT \(bind: id), \(bind: row.sealed_key), \(bind: row.created_at) WHERE EXISTS (SELECT 1 FROM cases WHERE id = \(bind: id))
                RETURNING case_id
                """).first()
            if inserted == nil { restored.withoutCase += 1 } else { restored.keys += 1 }
        }
        restored.unreadable = try await unkeyedCases(sql)
        return restored
    }

    /// The same on PostgreSQL, inside the restore's transaction.
    static func restorePostgres(_ reader: Reader, into sql: any SQLDatabase) async throws -> Restored {
        var restored = Restored()
        var finished = false
        while !finished {
            var batch: [Data] = []
            while batch.count < 500 {
                guard let line = try reader.nextKey() else { finished = true; break }
                batch.append(line)
            }
            guard !batch.isEmpty else { break }
            let json = "[" + batch.map { String(decoding: $0, as: UTF8.self) }.joined(separator: ",") + "]"
            let inserted = try await sql.raw("""
                INSERT INTO \(ident: CaseKey.schema) (case_id, sealed_key, created_at)
                SELECT k.case_id, k.sealed_key, k.created_at FROM json_populate_recordset(NULL::\(ident: CaseKey.schema), \(bind: json)::json) AS k
                WHERE EXISTS (SELECT 1 FROM cases c WHERE c.id = k.case_id)
                RETURNING case_id
                """).all().count
            restored.keys += inserted
            restored.withoutCase += batch.count - inserted
        }
        restored.unreadable = try await unkeyedCases(sql)
        return restored
    }

    static func unkeyedCases(_ sql: any SQLDatabase) async throws -> Int {
        try await sql.raw("""
            SELECT COUNT(*) AS n FROM cases c WHERE c.erased_at IS NULL
            AND NOT EXISTS (SELECT 1 FROM \(ident: CaseKey.schema) k WHERE k.case_id = c.id)
            """).first()?.decode(column: "n", as: Int.self) ?? 0
    }
}
