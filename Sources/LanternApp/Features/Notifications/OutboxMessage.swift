import Fluent
import Foundation

/// One email waiting to be sent, sent, or given up on. Written in the transaction of the change
/// that causes it, so a change rolled back leaves no message, and a message never goes out for
/// a change that did not happen.
final class OutboxMessage: Model, @unchecked Sendable {
    static let schema = "outbox_messages"

    enum Status: String { case pending, sent, failed }

    @ID(key: .id) var id: UUID?
    @Field(key: "kind") var kind: String
    @Field(key: "recipient") var recipient: String
    /// Whose administrators see it if it cannot be delivered.
    @OptionalField(key: "organisation_id") var organisationID: UUID?
    @Field(key: "subject") var subject: String
    @OptionalField(key: "sealed_body") var sealedBody: String?
    @Field(key: "status") var status: String
    @Field(key: "attempts") var attempts: Int
    @Field(key: "next_attempt_at") var nextAttemptAt: Date
    @OptionalField(key: "claimed_by") var claimedBy: String?
    @OptionalField(key: "claimed_until") var claimedUntil: Date?
    /// Why the last try failed, in words without personal data (see `MailFailure`).
    @OptionalField(key: "last_error") var lastError: String?
    @Field(key: "created_at") var createdAt: Date
    @OptionalField(key: "sent_at") var sentAt: Date?

    init() {}

    /// The sealed body is bound to its row.
    static func bodyContext(_ id: UUID) -> String { "outbox_messages.sealed_body:\(id.uuidString)" }
}
