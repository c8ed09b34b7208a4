import Fluent
import SQLKit

/// Training (issue 13, first part): courses (`training_courses`), their sessions
/// (`training_sessions`, with a place counter and a waiting-list counter that bookings move in
/// one guarded statement), the trainers named on a session (`training_session_trainers`), the
/// places people asked for (`training_registrations`: a member by account, or an external
/// person by name, organisation, borough and email), completions (`training_completions`, one
/// per attended place, with who trained them for the cascade) and the Train-the-Trainer
/// commitments made by completing such a course (`training_commitments`). Days are whole
/// London days since the epoch (`Day.daysSinceEpoch`).
struct CreateTraining: AsyncMigration {
    var name: String { "033_CreateTraining" }

    func prepare(on database: any Database) async throws {
        try await database.transaction { tx in
            try await tx.schema(TrainingCourse.schema)
                .id()
                .field("title", .string, .required)
                .field("audience", .string, .required)
                .field("format", .string, .required)
                .field("duration_minutes", .int, .required)
                .field("outcomes", .string, .required)
                .field("valid_months", .int)
                .field("train_the_trainer", .bool, .required)
                .field("commit_sessions", .int)
                .field("commit_months", .int)
                .field("organisation_id", .uuid, .required, .references(Organisation.schema, "id"))
                .field("created_by", .uuid, .required)
                .field("created_at", .datetime, .required)
                .create()
            try await tx.schema(TrainingSession.schema)
                .id()
                .field("course_id", .uuid, .required, .references(TrainingCourse.schema, "id"))
                .field("held_on", .int, .required)
                .field("starts_at", .string, .required)
                .field("format", .string, .required)
                .field("place", .string, .required)
                .field("capacity", .int, .required)
                .field("booked_count", .int, .required, .sql(.default(0)))
                .field("waiting_seq", .int, .required, .sql(.default(0)))
                .field("target_boroughs", .string, .required)
                .field("target_agencies", .string, .required)
                .field("state", .string, .required)
                .field("organisation_id", .uuid, .required, .references(Organisation.schema, "id"))
                .field("created_by", .uuid, .required)
                .field("created_at", .datetime, .required)
                .create()
            try await tx.schema(TrainingSessionTrainer.schema)
                .id()
                .field("session_id", .uuid, .required, .references(TrainingSession.schema, "id", onDelete: .cascade))
                .field("user_id", .uuid, .required, .references(User.schema, "id"))
                .field("lead", .bool, .required)
                .unique(on: "session_id", "user_id")
                .create()
            try await tx.schema(TrainingRegistration.schema)
                .id()
                .field("session_id", .uuid, .required, .references(TrainingSession.schema, "id", onDelete: .cascade))
                .field("user_id", .uuid, .references(User.schema, "id"))
                .field("external_name", .string)
                .field("external_organisation", .string)
                .field("external_email", .string)
                .field("organisation_id", .uuid)
                .field("borough_code", .string)
                .field("agency_kind", .string, .required)
                .field("state", .string, .required)
                .field("waiting_position", .int)
                .field("registered_by", .uuid, .required)
                .field("created_at", .datetime, .required)
                .field("updated_at", .datetime, .required)
                .create()
            try await tx.schema(TrainingCompletion.schema)
                .id()
                .field("registration_id", .uuid, .required, .references(TrainingRegistration.schema, "id", onDelete: .cascade))
                .field("session_id", .uuid, .required, .references(TrainingSession.schema, "id", onDelete: .cascade))
                .field("course_id", .uuid, .required, .references(TrainingCourse.schema, "id"))
                .field("user_id", .uuid)
                .field("trainer_user_id", .uuid)
                .field("in_cascade", .bool, .required)
                .field("completed_on", .int, .required)
                .field("valid_until", .int)
                .field("borough_code", .string)
                .field("agency_kind", .string, .required)
                .field("recorded_by", .uuid, .required)
                .field("recorded_at", .datetime, .required)
                .unique(on: "registration_id")
                .create()
            try await tx.schema(TrainingCommitment.schema)
                .id()
                .field("user_id", .uuid, .required, .references(User.schema, "id"))
                .field("course_id", .uuid, .required, .references(TrainingCourse.schema, "id"))
                .field("completion_id", .uuid, .required, .references(TrainingCompletion.schema, "id", onDelete: .cascade))
                .field("sessions_due", .int, .required)
                .field("made_on", .int, .required)
                .field("due_on", .int, .required)
                .unique(on: "user_id", "course_id")
                .create()
            guard let sql = tx as? any SQLDatabase else { return }
            // One live place per person and session: a cancelled place may be asked for again.
            try await sql.raw("CREATE UNIQUE INDEX training_registrations_one_live ON training_registrations (session_id, user_id) WHERE state <> 'cancelled' AND user_id IS NOT NULL").run()
            // The same for people without an account, by their email.
            try await sql.raw("CREATE UNIQUE INDEX training_registrations_one_external ON training_registrations (session_id, external_email) WHERE state <> 'cancelled' AND user_id IS NULL").run()
            try await sql.raw("CREATE INDEX training_registrations_session ON training_registrations (session_id, state)").run()
            try await sql.raw("CREATE INDEX training_sessions_day ON training_sessions (held_on)").run()
            try await sql.raw("CREATE INDEX training_completions_user ON training_completions (user_id, course_id)").run()
            try await sql.raw("CREATE INDEX training_completions_trainer ON training_completions (trainer_user_id)").run()
        }
    }

    func revert(on database: any Database) async throws {
        for schema in [TrainingCommitment.schema, TrainingCompletion.schema, TrainingRegistration.schema, TrainingSessionTrainer.schema,
                       TrainingSession.schema, TrainingCourse.schema] {
            try await database.schema(schema).delete()
        }
    }
}
