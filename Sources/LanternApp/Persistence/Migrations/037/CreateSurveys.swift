import Fluent
import SQLKit

/// Member surveys: `surveys`, `survey_invitations` (one per member sent it, answered or not)
/// and `survey_answers` (anonymous: the survey and the question only).
struct CreateSurveys: AsyncMigration {
    var name: String { "037_CreateSurveys" }

    func prepare(on database: any Database) async throws {
        try await database.transaction { tx in
            try await tx.schema(Survey.schema)
                .id()
                .field("organisation_id", .uuid, .required, .references(Organisation.schema, "id"))
                .field("group_id", .uuid, .required, .references(PartnershipGroup.schema, "id"))
                .field("title", .string, .required)
                .field("intro", .string, .required)
                .field("questions", .string, .required)
                .field("state", .string, .required)
                .field("closes_on", .int, .required)
                .field("sent_on", .int)
                .field("reminded_on", .int)
                .field("responses", .int, .required)
                .field("created_by", .uuid, .required)
                .field("created_at", .datetime, .required)
                .create()
            try await tx.schema(SurveyInvitation.schema)
                .id()
                .field("survey_id", .uuid, .required, .references(Survey.schema, "id", onDelete: .cascade))
                .field("user_id", .uuid, .required, .references(User.schema, "id", onDelete: .cascade))
                .field("answered", .bool, .required)
                .unique(on: "survey_id", "user_id")
                .create()
            try await tx.schema(SurveyAnswerRow.schema)
                .id()
                .field("survey_id", .uuid, .required, .references(Survey.schema, "id", onDelete: .cascade))
                .field("question_index", .int, .required)
                .field("choice", .int)
                .field("text", .string)
                .create()
            guard let sql = tx as? any SQLDatabase else { return }
            try await sql.raw("CREATE INDEX survey_answers_survey ON survey_answers (survey_id)").run()
            try await sql.raw("CREATE INDEX surveys_organisation ON surveys (organisation_id)").run()
            try await sql.raw("CREATE INDEX survey_invitations_user ON survey_invitations (user_id)").run()
        }
    }

    func revert(on database: any Database) async throws {
        for schema in [SurveyAnswerRow.schema, SurveyInvitation.schema, Survey.schema] {
            try await database.schema(schema).delete()
        }
    }
}
