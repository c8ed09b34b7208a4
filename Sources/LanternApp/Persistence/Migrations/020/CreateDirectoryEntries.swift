import Fluent
import SQLKit

/// The contacts directory: its entries and every version of each (history is kept; an entry
/// is retired, never deleted). `(entry_id, version)` is unique, so two writers who saw the
/// same version cannot both record the next one.
struct CreateDirectoryEntries: AsyncMigration {
    var name: String { "020_CreateDirectoryEntries" }

    func prepare(on database: any Database) async throws {
        try await database.transaction { tx in
            try await tx.schema(DirectoryEntry.schema)
                .id()
                .field("organisation_id", .uuid, .required, .references(Organisation.schema, "id"))
                .field("borough_code", .string, .required)
                .field("kind", .string, .required)
                .field("role_title", .string, .required)
                .field("organisation_name", .string, .required)
                .field("team", .string)
                .field("email", .string)
                .field("phone", .string)
                .field("web_form", .string)
                .field("is_published", .bool, .required)
                .field("personal_email_published", .bool, .required)
                .field("verified_at", .datetime, .required)
                .field("verified_by", .uuid)
                .field("retired_at", .datetime)
                .field("version", .int, .required)
                .field("created_at", .datetime, .required)
                .field("created_by", .uuid)
                .field("updated_at", .datetime, .required)
                .create()
            try await tx.schema(DirectoryEntryVersion.schema)
                .id()
                .field("entry_id", .uuid, .required, .references(DirectoryEntry.schema, "id"))
                .field("version", .int, .required)
                .field("change", .string, .required)
                .field("changed_fields", .string, .required)
                .field("snapshot", .string, .required)
                .field("changed_at", .datetime, .required)
                .field("changed_by", .uuid)
                .unique(on: "entry_id", "version")
                .create()
            guard let sql = tx as? any SQLDatabase else { return }
            // The public list reads by borough; the sweep and the managers' list by organisation.
            try await sql.create(index: "directory_entries_borough").on(DirectoryEntry.schema).column("borough_code").run()
            try await sql.create(index: "directory_entries_organisation").on(DirectoryEntry.schema).column("organisation_id").run()
        }
    }

    func revert(on database: any Database) async throws {
        try await database.schema(DirectoryEntryVersion.schema).delete()
        try await database.schema(DirectoryEntry.schema).delete()
    }
}
