import Fluent
import SQLKit

/// The partnership's events: `events` (a conference, a webinar, an Anti-Slavery Day event…,
/// organised by an organisation and optionally a group, public or for members), `event_places`
/// (one live place per person; `booked_count` moves only in guarded statements), and anonymous
/// feedback: `event_feedback_receipts` says a place answered, `event_feedback` holds the
/// answer with its event only.
struct CreateEvents: AsyncMigration {
    var name: String { "036_CreateEvents" }

    func prepare(on database: any Database) async throws {
        try await database.transaction { tx in
            try await tx.schema(PartnershipEvent.schema)
                .id()
                .field("kind", .string, .required)
                .field("title", .string, .required)
                .field("description", .string, .required)
                .field("starts_at", .datetime, .required)
                .field("ends_at", .datetime, .required)
                .field("held_on", .int, .required)
                .field("place", .string)
                .field("link", .string)
                .field("is_public", .bool, .required)
                .field("capacity", .int)
                .field("booked_count", .int, .required)
                .field("group_id", .uuid, .references(PartnershipGroup.schema, "id"))
                .field("organisation_id", .uuid, .required, .references(Organisation.schema, "id"))
                .field("cancelled_at", .datetime)
                .field("sequence", .int, .required)
                .field("created_by", .uuid, .required)
                .field("created_at", .datetime, .required)
                .create()
            try await tx.schema(EventPlace.schema)
                .id()
                .field("event_id", .uuid, .required, .references(PartnershipEvent.schema, "id", onDelete: .cascade))
                .field("user_id", .uuid, .required, .references(User.schema, "id", onDelete: .cascade))
                .field("organisation_id", .uuid, .required)
                .field("state", .string, .required)
                .field("created_at", .datetime, .required)
                .field("updated_at", .datetime, .required)
                .create()
            try await tx.schema(EventFeedbackReceipt.schema)
                .id()
                .field("place_id", .uuid, .required, .references(EventPlace.schema, "id", onDelete: .cascade))
                .unique(on: "place_id")
                .create()
            try await tx.schema(EventFeedback.schema)
                .id()
                .field("event_id", .uuid, .required, .references(PartnershipEvent.schema, "id", onDelete: .cascade))
                .field("rating", .int, .required)
                .field("comment", .string)
                .create()
            guard let sql = tx as? any SQLDatabase else { return }
            try await sql.raw("CREATE UNIQUE INDEX event_places_one_live ON event_places (event_id, user_id) WHERE state <> 'cancelled'").run()
            try await sql.raw("CREATE INDEX events_day ON events (held_on)").run()
            try await sql.raw("CREATE INDEX event_feedback_event ON event_feedback (event_id)").run()
        }
    }

    func revert(on database: any Database) async throws {
        for schema in [EventFeedback.schema, EventFeedbackReceipt.schema, EventPlace.schema, PartnershipEvent.schema] {
            try await database.schema(schema).delete()
        }
    }
}
