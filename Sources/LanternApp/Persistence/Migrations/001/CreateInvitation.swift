import Fluent

struct CreateInvitation: AsyncMigration {
    var name: String { "001_CreateInvitation" }

    func prepare(on database: any Database) async throws {
        try await database.schema(Invitation.schema)
            .id()
            .field("organisation_id", .uuid, .required, .references(Organisation.schema, "id", onDelete: .cascade))
            .field("email", .string, .required)
            .field("display_name", .string, .required)
            .field("roles", .string, .required)
            .field("token_hash", .string, .required)
            .field("invited_by", .uuid, .references(User.schema, "id", onDelete: .setNull))
            .field("created_at", .datetime, .required)
            .field("expires_at", .datetime, .required)
            .field("accepted_at", .datetime)
            .field("revoked_at", .datetime)
            .unique(on: "token_hash")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(Invitation.schema).delete()
    }
}
