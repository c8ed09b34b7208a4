import Fluent
import SQLKit

/// Notifications: the outbox (messages written in the same transaction as the change that
/// causes them, sent later by the delivery job) and each person's tasks ("Your tasks").
struct CreateOutboxAndTasks: AsyncMigration {
    var name: String { "014_CreateOutboxAndTasks" }

    func prepare(on database: any Database) async throws {
        try await database.transaction { tx in
            try await tx.schema(OutboxMessage.schema)
                .id()
                .field("kind", .string, .required)
                .field("recipient", .string, .required)
                .field("organisation_id", .uuid)
                .field("subject", .string, .required)
                // The body holds a link that may be a credential (an invitation): sealed, and
                // cleared once the message has gone.
                .field("sealed_body", .string)
                .field("status", .string, .required)
                .field("attempts", .int, .required)
                .field("next_attempt_at", .datetime, .required)
                .field("claimed_by", .string)
                .field("claimed_until", .datetime)
                .field("last_error", .string)
                .field("created_at", .datetime, .required)
                .field("sent_at", .datetime)
                .create()
            try await tx.schema(PersonTask.schema)
                .id()
                .field("owner_id", .uuid, .required, .references(User.schema, "id", onDelete: .cascade))
                // For tasks addressed to a team (teams arrive in a later change).
                .field("team_id", .uuid)
                .field("title", .string, .required)
                .field("link", .string, .required)
                .field("due_on", .int)
                .field("source_key", .string)
                .field("created_at", .datetime, .required)
                .field("done_at", .datetime)
                .unique(on: "owner_id", "source_key")
                .create()
            guard let sql = tx as? any SQLDatabase else { return }
            // The delivery job's question: pending messages whose time has come.
            try await sql.create(index: "outbox_due").on(OutboxMessage.schema).column("status").column("next_attempt_at").run()
            try await sql.create(index: "tasks_open").on(PersonTask.schema).column("owner_id").column("done_at").run()
        }
    }

    func revert(on database: any Database) async throws {
        try await database.schema(PersonTask.schema).delete()
        try await database.schema(OutboxMessage.schema).delete()
    }
}
