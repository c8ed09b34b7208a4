import ConsoleKit
import Foundation
import LanternCore
import Vapor

/// `lantern retention erase-due`: does now what the daily retention job does (erases every
/// case whose retention period has ended and that no legal hold keeps, each erasure in the
/// audit log), for example after the retention period setting was shortened. Safe to run
/// while Lantern serves, and at any time: a case not yet due is never touched.
struct RetentionCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Argument(name: "action", help: "erase-due")
        var action: String
    }

    var help: String { "Erases now what the retention rules say is due (`erase-due`), as the daily job does" }

    func run(using context: CommandContext, signature: Signature) async throws {
        guard signature.action == "erase-due" else {
            throw BackupFailure("unknown retention action \(signature.action); use: lantern retention erase-due")
        }
        let app = context.application
        let services = app.lantern
        let result = try await RetentionSweep.run(services: services, today: services.today, requestID: "cli", on: app.db)
        try await AuditLog.appendAlone(AuditEvent(action: "retention.erase_due", recordType: nil, recordID: nil), actor: nil,
                                       organisation: nil, requestID: "cli", sourceAddress: nil, at: services.now,
                                       key: services.auditChainKey, on: app.db)
        context.console.print("retention: \(result.erased) cases erased, \(result.held) due but kept by a legal hold")
    }
}
