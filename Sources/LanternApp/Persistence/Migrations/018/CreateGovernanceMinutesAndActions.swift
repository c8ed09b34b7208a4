import Fluent
import SQLKit

/// Partnership governance, part three: meetings' minutes in versions (a published version is
/// never changed; a correction is a new version that supersedes it), and the actions a group
/// agrees with their dated updates.
struct CreateGovernanceMinutesAndActions: AsyncMigration {
    var name: String { "018_CreateGovernanceMinutesAndActions" }

    func prepare(on database: any Database) async throws {
        try await database.transaction { tx in
            try await tx.schema(GovernanceMinutes.schema)
                .id()
                .field("group_id", .uuid, .required, .references(PartnershipGroup.schema, "id"))
                .field("meeting_id", .uuid, .required, .references(Meeting.schema, "id"))
                .field("version", .int, .required)
                .field("state", .string, .required)
                // `MinutesDocument` as JSON: general notes and a minute per agenda item.
                .field("body", .string, .required)
                // The names withheld from the public version, a JSON array.
                .field("withheld_names", .string, .required)
                .field("circulated_on", .int)
                .field("approved_by", .uuid)
                .field("approved_at_meeting_id", .uuid)
                .field("approved_on", .int)
                .field("published_on", .int)
                .field("published_by", .uuid)
                .field("correction_note", .string)
                .field("supersedes_id", .uuid)
                .field("created_at", .datetime, .required)
                .field("created_by", .uuid, .required)
                .unique(on: "meeting_id", "version")
                // A published version is corrected once: a second correction corrects the correction.
                .unique(on: "supersedes_id")
                .create()
            try await tx.schema(PartnershipAction.schema)
                .id()
                .field("group_id", .uuid, .required, .references(PartnershipGroup.schema, "id"))
                .field("meeting_id", .uuid)
                .field("agenda_item_id", .uuid)
                .field("title", .string, .required)
                .field("owner_user_id", .uuid, .required, .references(User.schema, "id"))
                .field("owner_organisation_id", .uuid, .required, .references(Organisation.schema, "id"))
                .field("due_on", .int, .required)
                .field("status", .string, .required)
                .field("drop_reason", .string)
                .field("done_on", .int)
                .field("created_at", .datetime, .required)
                .field("created_by", .uuid, .required)
                .create()
            try await tx.schema(PartnershipActionUpdate.schema)
                .id()
                .field("action_id", .uuid, .required, .references(PartnershipAction.schema, "id", onDelete: .cascade))
                .field("written_on", .int, .required)
                .field("text", .string, .required)
                .field("written_by", .uuid, .required)
                .field("created_at", .datetime, .required)
                .create()
            guard let sql = tx as? any SQLDatabase else { return }
            try await sql.create(index: "governance_minutes_group").on(GovernanceMinutes.schema).column("group_id").run()
            try await sql.create(index: "governance_actions_group").on(PartnershipAction.schema).column("group_id").run()
            // The daily sweep looks for open actions by due day.
            try await sql.create(index: "governance_actions_due").on(PartnershipAction.schema).column("status").column("due_on").run()
            try await sql.create(index: "governance_action_updates_action").on(PartnershipActionUpdate.schema).column("action_id").run()
        }
    }

    func revert(on database: any Database) async throws {
        try await database.schema(PartnershipActionUpdate.schema).delete()
        try await database.schema(PartnershipAction.schema).delete()
        try await database.schema(GovernanceMinutes.schema).delete()
    }
}
