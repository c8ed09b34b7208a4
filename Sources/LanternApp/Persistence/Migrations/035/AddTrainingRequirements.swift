import Fluent
import SQLKit

/// Training that unlocks actions. A course may carry a qualification (`first-responder`): a
/// valid completion of any course with it meets a requirement naming it. An organisation's
/// administrator may exempt one of its people from one requirement until a day
/// (`training_exemptions`); at most one exemption per person and action is live at a time.
struct AddTrainingRequirements: AsyncMigration {
    var name: String { "035_AddTrainingRequirements" }

    func prepare(on database: any Database) async throws {
        try await database.transaction { tx in
            try await tx.schema(TrainingCourse.schema).field("qualification", .string).update()
            try await tx.schema(TrainingExemption.schema)
                .id()
                .field("user_id", .uuid, .required, .references(User.schema, "id", onDelete: .cascade))
                .field("organisation_id", .uuid, .required, .references(Organisation.schema, "id"))
                .field("action", .string, .required)
                .field("until_day", .int, .required)
                .field("reason", .string, .required)
                .field("granted_by", .uuid, .required)
                .field("granted_at", .datetime, .required)
                .field("revoked_by", .uuid)
                .field("revoked_at", .datetime)
                .create()
            guard let sql = tx as? any SQLDatabase else { return }
            try await sql.raw("CREATE UNIQUE INDEX training_exemptions_one_live ON training_exemptions (user_id, action) WHERE revoked_at IS NULL").run()
            try await sql.raw("CREATE INDEX training_courses_qualification ON training_courses (qualification)").run()
        }
    }

    func revert(on database: any Database) async throws {
        try await database.schema(TrainingExemption.schema).delete()
        // SQLite will not drop an indexed column.
        if let sql = database as? any SQLDatabase { try await sql.raw("DROP INDEX IF EXISTS training_courses_qualification").run() }
        try await database.schema(TrainingCourse.schema).deleteField("qualification").update()
    }
}
