import Fluent

struct CreateOrganisation: AsyncMigration {
    var name: String { "001_CreateOrganisation" }

    func prepare(on database: any Database) async throws {
        try await database.schema(Organisation.schema)
            .id()
            .field("name", .string, .required)
            .field("kind", .string, .required)
            .field("created_at", .datetime, .required)
            .unique(on: "name")
            .create()
        try await database.schema(OrganisationBorough.schema)
            .id()
            .field("organisation_id", .uuid, .required, .references(Organisation.schema, "id", onDelete: .cascade))
            .field("borough_code", .string, .required)
            .unique(on: "organisation_id", "borough_code")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(OrganisationBorough.schema).delete()
        try await database.schema(Organisation.schema).delete()
    }
}
