import Fluent
import Foundation
import LanternCore
import SQLKit

/// Answers kept with what they answer (a session, an event, a survey), never with a person:
/// the evaluation of a training session, an event's feedback and a member survey write them
/// the same way. The caller first takes the row of what is answered (so two people answering
/// at once take turns) and the person's one-time receipt; then every answer of it is written
/// afresh here, the new ones among them, in random order and with fresh ids, so no row's
/// place, id or transaction says which came when and none can be matched with the receipts or
/// the audit trail by order; and the audit says only that it was answered.
enum AnonymousAnswers {
    /// Replaces the rows of `table` whose `scopeColumn` is `scopeID` with `rows` (each the
    /// values of `columns`, the id left out), shuffled, a hundred rows a statement.
    static func rewrite(_ table: String, scope scopeColumn: String, _ scopeID: UUID, columns: [String], rows: [[any SQLExpression]],
                        on sql: any SQLDatabase) async throws {
        try await sql.delete(from: table).where(SQLIdentifier(scopeColumn), .equal, SQLBind(scopeID)).run()
        let shuffled = rows.shuffled()
        for start in stride(from: 0, to: shuffled.count, by: 100) {
            var insert = sql.insert(into: table).columns(["id"] + columns)
            for row in shuffled[start..<min(start + 100, shuffled.count)] { insert = insert.values([SQLBind(UUID())] + row) }
            try await insert.run()
        }
    }

    /// The audit of an answer: what was answered, with no person, organisation, request or address.
    static func audit(_ event: AuditEvent, services: LanternServices, on db: any Database) async throws {
        try await AuditLog.append(event, actor: nil, organisation: nil, requestID: nil, sourceAddress: nil, at: services.now,
                                  key: services.auditChainKey, on: db)
    }
}
