import Fluent
import SQLKit

/// Indexes that let the coverage map and the cascade read 100,000 completions without
/// sorting them or reading the table: coverage groups by borough, agency and person in index
/// order (the course and validity are read from the index too), and the cascade counts each
/// trainer's places from one range of the index. (The trainers' own places are then found
/// through `training_completions_user`.)
struct AddTrainingFigureIndexes: AsyncMigration {
    var name: String { "040_AddTrainingFigureIndexes" }

    func prepare(on database: any Database) async throws {
        try await database.transaction { tx in
            guard let sql = tx as? any SQLDatabase else { return }
            try await sql.raw("""
                CREATE INDEX training_completions_coverage ON training_completions (borough_code, agency_kind, user_id, valid_until, course_id)
                """).run()
            try await sql.raw("CREATE INDEX training_completions_cascade ON training_completions (in_cascade, trainer_user_id, user_id)").run()
        }
    }

    func revert(on database: any Database) async throws {
        guard let sql = database as? any SQLDatabase else { return }
        try await sql.raw("DROP INDEX training_completions_cascade").run()
        try await sql.raw("DROP INDEX training_completions_coverage").run()
    }
}
