import ConsoleKit
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
