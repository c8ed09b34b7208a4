import Fluent
import SQLKit

/// A group's meetings, their agenda items, attendance and papers (the files themselves in the
/// database or, when configured, a storage folder).
struct CreateGovernanceMeetings: AsyncMigration {
    var name: String { "017_CreateGovernanceMeetings" }

    func prepare(on database: any Database) async throws {
        try await database.transaction { tx in
            try await tx.schema(Meeting.schema)
                .id()
                .field("group_id", .uuid, .required, .references(PartnershipGroup.schema, "id", onDelete: .cascade))
                .field("title", .string, .required)
                .field("starts_at", .datetime, .required)
                .field("ends_at", .datetime, .required)
                .field("place", .string)
                .field("link", .string)
                .field("is_public", .bool, .required)
                .field("status", .string, .required)
                .field("created_at", .datetime, .required)
                .create()
            try await tx.schema(AgendaItem.schema)
                .id()
                .field("meeting_id", .uuid, .required, .references(Meeting.schema, "id", onDelete: .cascade))
                .field("position", .int, .required)
                .field("title", .string, .required)
                .field("presenter", .string, .required)
                .field("is_confidential", .bool, .required)
                .field("created_at", .datetime, .required)
                .create()
            try await tx.schema(MeetingAttendance.schema)
                .id()
                .field("meeting_id", .uuid, .required, .references(Meeting.schema, "id", onDelete: .cascade))
                .field("user_id", .uuid)
                .field("person_name", .string, .required)
                .field("organisation_id", .uuid)
                .field("organisation_name", .string, .required)
                .field("status", .string, .required)
                .unique(on: "meeting_id", "user_id")
                .create()
            try await tx.schema(Paper.schema)
                .id()
                .field("agenda_item_id", .uuid, .required, .references(AgendaItem.schema, "id", onDelete: .cascade))
                .field("file_name", .string, .required)
                .field("media_type", .string, .required)
                .field("byte_count", .int, .required)
                .field("sha256", .string, .required)
                .field("storage", .string, .required)
                .field("content", .data)
                .field("storage_key", .string)
                .field("uploaded_by", .uuid, .required)
                .field("created_at", .datetime, .required)
                .create()
            guard let sql = tx as? any SQLDatabase else { return }
            try await sql.create(index: "governance_meetings_group").on(Meeting.schema).column("group_id").column("starts_at").run()
            try await sql.create(index: "governance_agenda_items_meeting").on(AgendaItem.schema).column("meeting_id").column("position").run()
            try await sql.create(index: "governance_papers_item").on(Paper.schema).column("agenda_item_id").run()
        }
    }

    func revert(on database: any Database) async throws {
        try await database.schema(Paper.schema).delete()
        try await database.schema(MeetingAttendance.schema).delete()
        try await database.schema(AgendaItem.schema).delete()
        try await database.schema(Meeting.schema).delete()
    }
}
