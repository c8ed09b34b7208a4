import ConsoleKit
import LanternCore
import Vapor

/// `lantern audit verify [--anchor SEQ:HASH]` reads the whole audit log and reports the first
/// broken entry, or "intact"; it exits non-zero when broken, so it can run from a scheduler.
/// `lantern audit anchor` prints the chain's head, to be kept somewhere the database's
/// administrators cannot write (a ticket, a printed report, another system's log).
struct AuditCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Argument(name: "action", help: "verify or anchor")
        var action: String

        @Option(name: "anchor", help: "SEQUENCE:HASH printed earlier by `lantern audit anchor`; verify checks the log still holds it")
        var anchor: String?
    }

    var help: String { "Checks the audit log's keyed hash chain (`verify [--anchor SEQ:HASH]`) or prints its head (`anchor`)" }

    struct Broken: Error, CustomStringConvertible { let description: String }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        switch signature.action {
        case "anchor":
            let anchor = try await AuditLog.anchor(on: app.db)
            context.console.print(anchor.description)
        case "verify":
            var anchor: AuditChain.Anchor?
            if let text = signature.anchor {
                guard let parsed = AuditChain.Anchor(text: text) else {
                    throw Broken(description: "--anchor must be SEQUENCE:HASH as printed by `lantern audit anchor`")
                }
                anchor = parsed
            }
            switch try await AuditLog.verify(key: app.lantern.auditChainKey, anchor: anchor, on: app.db) {
            case .intact(let entries):
                context.console.print("intact (\(entries) entries)" + (anchor.map { ", holds anchor \($0.sequence)" } ?? ""))
            case .broken(let sequence, let reason):
                context.console.error("broken at entry \(sequence): \(reason)")
                throw Broken(description: "audit log broken at entry \(sequence)")
            }
        default:
            throw Broken(description: "unknown audit action \(signature.action); use: lantern audit verify [--anchor SEQ:HASH] | lantern audit anchor")
        }
    }
}
