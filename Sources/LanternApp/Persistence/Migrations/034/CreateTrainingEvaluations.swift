import Fluent
import SQLKit

/// Anonymous evaluation of training sessions. `training_evaluation_receipts` records that a
/// place's person answered (so they answer once); `training_evaluations` holds the answers with
/// their session, course and lead trainer only: no person, no place and no time, so no page,
/// export or log can tie an answer to whoever gave it.
struct CreateTrainingEvaluations: AsyncMigration {
    var name: String { "034_CreateTrainingEvaluations" }

    func prepare(on database: any Database) async throws {
        try await database.transaction { tx in
            try await tx.schema(TrainingEvaluationReceipt.schema)
                .id()
                .field("registration_id", .uuid, .required, .references(TrainingRegistration.schema, "id", onDelete: .cascade))
                .field("session_id", .uuid, .required, .references(TrainingSession.schema, "id", onDelete: .cascade))
                .unique(on: "registration_id")
                .create()
            try await tx.schema(TrainingEvaluation.schema)
                .id()
                .field("session_id", .uuid, .required, .references(TrainingSession.schema, "id", onDelete: .cascade))
                .field("course_id", .uuid, .required, .references(TrainingCourse.schema, "id"))
                .field("trainer_user_id", .uuid)
                .field("confidence_before", .int, .required)
                .field("confidence_after", .int, .required)
                .field("outcomes_met", .string, .required)
                .field("comment", .string)
                .create()
            guard let sql = tx as? any SQLDatabase else { return }
            try await sql.raw("CREATE INDEX training_evaluations_course ON training_evaluations (course_id, session_id)").run()
        }
    }

    func revert(on database: any Database) async throws {
        try await database.schema(TrainingEvaluation.schema).delete()
        try await database.schema(TrainingEvaluationReceipt.schema).delete()
    }
}
