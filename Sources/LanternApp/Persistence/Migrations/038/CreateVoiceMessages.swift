import Fluent
import SQLKit

/// Survivor voice: `voice_messages`, the anonymous messages sent from the public site. No
/// address, browser, account or time of day: the day it came, the page's language, whether the
/// sender agreed to be quoted, and the words sealed with the field key.
struct CreateVoiceMessages: AsyncMigration {
    var name: String { "038_CreateVoiceMessages" }

    func prepare(on database: any Database) async throws {
        try await database.transaction { tx in
            try await tx.schema(VoiceMessage.schema)
                .id()
                .field("received_on", .int, .required)
                .field("language", .string, .required)
                .field("sealed_text", .string, .required)
                .field("consent_to_quote", .bool, .required)
                .field("state", .string, .required)
                .field("themes", .string, .required)
                .field("excerpt", .string)
                .field("published_on", .int)
                .field("moderated_on", .int)
                .create()
            guard let sql = tx as? any SQLDatabase else { return }
            try await sql.raw("CREATE INDEX voice_messages_state ON voice_messages (state, received_on)").run()
        }
    }

    func revert(on database: any Database) async throws {
        try await database.schema(VoiceMessage.schema).delete()
    }
}
