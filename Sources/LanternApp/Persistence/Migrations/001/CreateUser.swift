import Fluent

struct CreateUser: AsyncMigration {
    var name: String { "001_CreateUser" }

    func prepare(on database: any Database) async throws {
        try await database.schema(User.schema)
            .id()
            .field("organisation_id", .uuid, .required, .references(Organisation.schema, "id"))
            .field("email", .string, .required)
            .field("display_name", .string, .required)
            .field("password_hash", .string, .required)
            .field("roles", .string, .required)
            .field("totp_secret", .string)
            .field("totp_last_step", .int64)
            .field("failed_attempts", .int, .required)
            .field("locked_until", .datetime)
            .field("disabled_at", .datetime)
            .field("created_at", .datetime, .required)
            .field("password_changed_at", .datetime, .required)
            .unique(on: "email")
            .create()
        try await database.schema(RecoveryCodeRecord.schema)
            .id()
            .field("user_id", .uuid, .required, .references(User.schema, "id", onDelete: .cascade))
            .field("code_hash", .string, .required)
            .field("used_at", .datetime)
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(RecoveryCodeRecord.schema).delete()
        try await database.schema(User.schema).delete()
    }
}
