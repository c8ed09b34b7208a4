import Fluent
import SQLKit

/// Multi-agency case conferences (MACC, MARAM): a series per borough and kind hosted by an
/// organisation (`conference_series`), its meetings with a chair (`conference_meetings`), the
/// people who sit on a meeting for their agency (`conference_members`), the agenda of cases
/// nominated to it (`conference_agenda`, one row per case and meeting), the chair's record for
/// each case (`conference_case_outcomes`) and the actions agreed (`conference_actions`).
/// Days are whole London days since the epoch (`Day.daysSinceEpoch`).
struct CreateCaseConferences: AsyncMigration {
    var name: String { "031_CreateCaseConferences" }

    func prepare(on database: any Database) async throws {
        try await database.transaction { tx in
            try await tx.schema(ConferenceSeries.schema)
                .id()
                .field("borough_code", .string, .required)
                .field("kind", .string, .required)
                .field("name", .string, .required)
                .field("organisation_id", .uuid, .required, .references(Organisation.schema, "id"))
                .field("access_days_after", .int, .required, .sql(.default(7)))
                .field("created_by", .uuid, .required)
                .field("created_at", .datetime, .required)
                .create()
            try await tx.schema(ConferenceMeeting.schema)
                .id()
                .field("series_id", .uuid, .required, .references(ConferenceSeries.schema, "id", onDelete: .cascade))
                .field("held_on", .int, .required)
                .field("chair_user_id", .uuid, .required)
                .field("state", .string, .required)
                .field("minutes_sealed", .string)
                .field("minutes_state", .string)
                .field("created_by", .uuid, .required)
                .field("created_at", .datetime, .required)
                .create()
            try await tx.schema(ConferenceMember.schema)
                .id()
                .field("meeting_id", .uuid, .required, .references(ConferenceMeeting.schema, "id", onDelete: .cascade))
                .field("user_id", .uuid, .required)
                .field("organisation_id", .uuid, .required)
                .field("agency_role", .string)
                .field("attended", .bool)
                .unique(on: "meeting_id", "user_id")
                .create()
            try await tx.schema(ConferenceAgendaItem.schema)
                .id()
                .field("meeting_id", .uuid, .required, .references(ConferenceMeeting.schema, "id", onDelete: .cascade))
                .field("case_id", .uuid, .required, .references(CaseRecord.schema, "id", onDelete: .cascade))
                .field("nominated_by", .uuid, .required)
                .field("nominated_by_organisation_id", .uuid, .required)
                .field("sealed_reason", .string, .required)
                .field("risk_level", .string, .required)
                .field("state", .string, .required)
                .field("decided_by", .uuid)
                .field("decided_at", .datetime)
                .field("position", .int, .required)
                .field("carried_from_item_id", .uuid)
                .field("created_at", .datetime, .required)
                .unique(on: "meeting_id", "case_id")
                .create()
            try await tx.schema(ConferenceCaseOutcome.schema)
                .id()
                .field("agenda_item_id", .uuid, .required, .references(ConferenceAgendaItem.schema, "id", onDelete: .cascade))
                .field("risk_level", .string, .required)
                .field("sealed_decisions", .string, .required)
                .field("review_on", .int)
                .field("recorded_by", .uuid, .required)
                .field("recorded_at", .datetime, .required)
                .unique(on: "agenda_item_id")
                .create()
            try await tx.schema(ConferenceAction.schema)
                .id()
                .field("agenda_item_id", .uuid, .required, .references(ConferenceAgendaItem.schema, "id", onDelete: .cascade))
                .field("meeting_id", .uuid, .required, .references(ConferenceMeeting.schema, "id", onDelete: .cascade))
                .field("case_id", .uuid, .required, .references(CaseRecord.schema, "id", onDelete: .cascade))
                .field("sealed_what", .string, .required)
                .field("owner_user_id", .uuid)
                .field("owner_team_id", .uuid)
                .field("owner_organisation_id", .uuid, .required)
                .field("due_on", .int, .required)
                .field("state", .string, .required)
                .field("done_at", .datetime)
                .field("chased_on", .int)
                .field("created_by", .uuid, .required)
                .field("created_at", .datetime, .required)
                .create()
            guard let sql = tx as? any SQLDatabase else { return }
            try await sql.create(index: "conference_series_host").on(ConferenceSeries.schema).column("organisation_id").run()
            try await sql.create(index: "conference_meetings_series").on(ConferenceMeeting.schema).column("series_id").column("held_on").run()
            // The read-time access check: "is this viewer a member of a meeting with this case accepted?"
            try await sql.create(index: "conference_members_user").on(ConferenceMember.schema).column("user_id").column("meeting_id").run()
            try await sql.create(index: "conference_agenda_case").on(ConferenceAgendaItem.schema).column("case_id").column("state").run()
            try await sql.create(index: "conference_actions_due").on(ConferenceAction.schema).column("state").column("due_on").run()
            try await sql.create(index: "conference_actions_case").on(ConferenceAction.schema).column("case_id").run()
        }
    }

    func revert(on database: any Database) async throws {
        try await database.schema(ConferenceAction.schema).delete()
        try await database.schema(ConferenceCaseOutcome.schema).delete()
        try await database.schema(ConferenceAgendaItem.schema).delete()
        try await database.schema(ConferenceMember.schema).delete()
        try await database.schema(ConferenceMeeting.schema).delete()
        try await database.schema(ConferenceSeries.schema).delete()
    }
}
