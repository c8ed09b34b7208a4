import Fluent
import Foundation
import LanternCore
import SQLKit
import Vapor

/// Sends what is in the outbox. Each message is claimed by one conditional UPDATE before it is
/// sent, so two nodes (or two runs) never send the same message; a claim lapses after
/// `lease`, so a node that dies mid-send leaves the message to be tried again (delivery is at
/// least once, and only a crash between sending and recording can repeat a message).
struct OutboxDelivery {
    let database: any Database
    let transport: any MailTransport
    let services: LanternServices
    var backoff = DeliveryBackoff()
    var lease: TimeInterval = 5 * 60
    /// What else happens when a message is given up (the message id and its organisation):
    /// the scheduled job gives the organisation's administrators a task. A hook, so the outbox
    /// knows nothing of tasks (tasks send their emails through the outbox).
    var whenGivenUp: @Sendable (UUID, UUID?, any Database) async throws -> Void = { _, _, _ in }

    struct Summary: Equatable { var sent = 0, retrying = 0, failed = 0 }

    /// Sends every message due now, at most `limit`.
    func run(node: String, limit: Int = 200) async throws -> Summary {
        var summary = Summary()
        for _ in 0..<limit {
            guard let id = try await claimNext(node: node) else { break }
            try await deliver(id, node: node, into: &summary)
        }
        return summary
    }

    /// Claims the next message due, or nil when none is. One statement: the conditions are
    /// checked again on the row being updated, so a row another claimer took in the meantime
    /// is not taken twice (PostgreSQL re-checks a locked row after it is released; SQLite has
    /// one writer).
    func claimNext(node: String, only id: UUID? = nil) async throws -> UUID? {
        let sql = try sqlDatabase()
        let now = services.now
        let pending = OutboxMessage.Status.pending.rawValue
        let target: SQLQueryString = if let id { "\(bind: id)" } else {
            """
            (SELECT id FROM outbox_messages WHERE status = \(bind: pending) AND next_attempt_at <= \(bind: now)
             AND (claimed_until IS NULL OR claimed_until <= \(bind: now)) ORDER BY next_attempt_at, created_at LIMIT 1)
            """
        }
        let row = try await sql.raw("""
            UPDATE outbox_messages SET claimed_by = \(bind: node), claimed_until = \(bind: now.addingTimeInterval(lease)),
              attempts = attempts + 1
            WHERE id = \(target) AND status = \(bind: pending) AND next_attempt_at <= \(bind: now)
              AND (claimed_until IS NULL OR claimed_until <= \(bind: now))
            RETURNING id
            """).first()
        return try row?.decode(column: "id", as: UUID.self)
    }

    /// Sends one claimed message and records what happened, only if the claim is still ours.
    func deliver(_ id: UUID, node: String, into summary: inout Summary) async throws {
        guard let message = try await OutboxMessage.find(id, on: database), message.claimedBy == node else { return }
        let now = services.now
        do {
            guard let kind = NotificationKind(rawValue: message.kind), let sealed = message.sealedBody else {
                throw MailFailure.refusedRecipient
            }
            let body = try services.cipher.open(sealed, context: OutboxMessage.bodyContext(id))
            let notification = ComposedNotification(kind: kind, subject: message.subject, body: body)
            let domain = URL(string: services.settings.publicURL)?.host ?? "lantern.invalid"
            let mail: MailMessage
            do {
                mail = try MailMessage(recipient: message.recipient, notification: notification,
                                       messageID: id.uuidString.lowercased(), date: now, domain: domain)
            } catch { throw MailFailure.refusedRecipient }
            try await transport.send(mail.rendered)
            try await record(id, node: node, status: .sent, error: nil, next: now, sent: services.now)
            summary.sent += 1
        } catch {
            let reason = (error as? MailFailure)?.description ?? "the message could not be prepared"
            if let delay = backoff.delay(afterFailedAttempts: message.attempts) {
                try await record(id, node: node, status: .pending, error: reason, next: now.addingTimeInterval(delay), sent: nil)
                summary.retrying += 1
            } else {
                try await record(id, node: node, status: .failed, error: reason, next: now, sent: nil)
                try await whenGivenUp(id, message.organisationID, database)
                summary.failed += 1
            }
        }
    }

    private func record(_ id: UUID, node: String, status: OutboxMessage.Status, error: String?, next: Date, sent: Date?) async throws {
        let sql = try sqlDatabase()
        var update = sql.update(OutboxMessage.schema)
            .set("status", to: status.rawValue)
            .set("last_error", to: error)
            .set("next_attempt_at", to: next)
            .set("claimed_by", to: SQLLiteral.null)
            .set("claimed_until", to: SQLLiteral.null)
        if let sent {
            // The link may be a credential: once delivered it is no longer kept.
            update = update.set("sent_at", to: sent).set("sealed_body", to: SQLLiteral.null)
        }
        try await update.where("id", .equal, id).where("claimed_by", .equal, node).run()
    }

    private func sqlDatabase() throws -> any SQLDatabase {
        guard let sql = database as? any SQLDatabase else { throw Abort(.internalServerError) }
        return sql
    }
}
