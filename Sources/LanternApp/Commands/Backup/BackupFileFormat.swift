import Foundation
import SQLKit
import Vapor

/// The line the two JSON-lines files of a backup begin with, the PostgreSQL data backup
/// (`PostgresDump`) and the case key file (`CaseKeysFile`): their format and its version, the
/// kind of database, when they were written and the database's key check. Fields left nil are
/// left out of the line.
struct BackupFileHeader: Codable {
    var format: String
    var version: Int
    /// "sqlite" or "postgresql": each keeps dates its own way, so keys go back into the same kind.
    var database: String
    var createdAt: String
    /// A data backup's tables, in the order written, and the migrations its schema has had.
    var tables: [String]?
    var migrations: [String]?
    var keyCheck: String?
}

/// What writing and reading those files share (SQLite's data backup is a database file, with
/// the key check in its own table, read with `keyCheck` too).
enum BackupFileFormat {
    /// Every line is written with sorted keys and slashes as they are.
    static func encoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }

    /// When a file was written, as its header says it.
    static func createdAt(_ app: Application) -> String {
        ISO8601DateFormatter().string(from: app.lantern.now)
    }

    /// The key check a database holds (a known text sealed with its field key), if any.
    static func keyCheck(_ sql: any SQLDatabase) async throws -> String? {
        try await sql.raw("SELECT sealed FROM \(ident: KeyCheck.schema) WHERE id = 1").first()?.decode(column: "sealed", as: String.self)
    }

    /// Refuses a backup file whose key check does not open with the key in use (`file`: "this backup").
    static func requireKey(_ sealed: String?, app: Application, file: String) throws {
        guard let sealed, (try? app.lantern.cipher.open(sealed, context: KeyCheck.context)) == KeyCheck.plaintext else {
            throw BackupFailure("the key in use does not match \(file); set LANTERN_KEY or LANTERN_KEY_FILE to the key of the backed-up database")
        }
    }

    /// The first line as a header of `format`: `notThisFormat` if it is none, and a refusal
    /// of any other version (`versionOf`: what to call it, "case key file").
    static func header(from lines: LineReader, format: String, version: Int, notThisFormat: String, versionOf: String) throws -> BackupFileHeader {
        guard let first = try lines.next(), let header = try? JSONDecoder().decode(BackupFileHeader.self, from: first),
              header.format == format else {
            throw BackupFailure(notThisFormat)
        }
        guard header.version == version else { throw BackupFailure("\(versionOf) version \(header.version) is not supported") }
        return header
    }
}
