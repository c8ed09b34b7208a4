import Fluent

struct CreateKeyCheck: AsyncMigration {
    var name: String { "001_CreateKeyCheck" }

    func prepare(on database: any Database) async throws {
        try await database.schema(KeyCheck.schema)
            .field("id", .int, .identifier(auto: false))
            .field("sealed", .string, .required)
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(KeyCheck.schema).delete()
    }
}
