import Fluent

struct CreateSetupToken: AsyncMigration {
    var name: String { "001_CreateSetupToken" }

    func prepare(on database: any Database) async throws {
        try await database.schema(SetupToken.schema)
            .id()
            .field("token_hash", .string, .required)
            .field("created_at", .datetime, .required)
            .field("expires_at", .datetime, .required)
            .field("used_at", .datetime)
            .unique(on: "token_hash")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(SetupToken.schema).delete()
    }
}
