import Fluent
import SQLKit

/// Sessions open to the public: a session a trainer opens (`open_to_public`) is listed on the
/// public site, where people outside the partnership's accounts book a place themselves. The
/// place they book is reached again by a link only they hold: `place_token_hash` keeps the
/// link's SHA-256, never the link.
struct AddOpenTrainingSessions: AsyncMigration {
    var name: String { "039_AddOpenTrainingSessions" }

    func prepare(on database: any Database) async throws {
        try await database.transaction { tx in
            try await tx.schema(TrainingSession.schema).field("open_to_public", .bool, .required, .sql(.default(false))).update()
            try await tx.schema(TrainingRegistration.schema).field("place_token_hash", .string).update()
            guard let sql = tx as? any SQLDatabase else { return }
            try await sql.raw("CREATE UNIQUE INDEX training_registrations_place_token ON training_registrations (place_token_hash)").run()
            try await sql.raw("CREATE INDEX training_sessions_open ON training_sessions (open_to_public, held_on)").run()
        }
    }

    func revert(on database: any Database) async throws {
        guard let sql = database as? any SQLDatabase else { return }
        try await sql.raw("DROP INDEX training_sessions_open").run()
        try await sql.raw("DROP INDEX training_registrations_place_token").run()
        try await database.schema(TrainingRegistration.schema).deleteField("place_token_hash").update()
        try await database.schema(TrainingSession.schema).deleteField("open_to_public").update()
    }
}
