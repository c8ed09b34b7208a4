import ConsoleKit
import Vapor

/// `lantern audit verify`: reads the whole audit log and reports the first broken entry,
/// or "intact". Exits non-zero when broken, so it can run from a scheduler.
struct AuditCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Argument(name: "action", help: "verify")
        var action: String
    }

    var help: String { "Checks the audit log's hash chain: `lantern audit verify`" }

    struct Broken: Error, CustomStringConvertible { let description: String }

    func run(using context: CommandContext, signature: Signature) async throws {
        guard signature.action == "verify" else {
            throw Broken(description: "unknown audit action \(signature.action); use: lantern audit verify")
        }
        switch try await AuditLog.verify(on: context.application.db) {
        case .intact(let entries):
            context.console.print("intact (\(entries) entries)")
        case .broken(let sequence, let reason):
            context.console.error("broken at entry \(sequence): \(reason)")
            throw Broken(description: "audit log broken at entry \(sequence)")
        }
    }
}
