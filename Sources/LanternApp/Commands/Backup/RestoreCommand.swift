import ConsoleKit
import Vapor

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
