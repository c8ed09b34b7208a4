import Fluent
import SQLKit

/// A case's accommodation episodes, support episodes and contact log (issue 11). The alert
/// job reads these tables and columns in SQL: their names are fixed.
struct CreateCaseAccommodation: AsyncMigration {
    var name: String { "021_CreateCaseAccommodation" }

    func prepare(on database: any Database) async throws {
        try await database.transaction { tx in
            try await tx.schema(AccommodationEpisode.schema)
                .id()
                .field("case_id", .uuid, .required, .references(CaseRecord.schema, "id", onDelete: .cascade))
                .field("kind", .string, .required)
                .field("provider", .string)
                .field("borough_code", .string)
                .field("from_day", .int, .required)
                .field("until_day", .int)
                .field("end_reason", .string)
                .field("sealed_note", .string)
                .field("recorded_by", .uuid, .required)
                .field("recorded_at", .datetime, .required)
                .create()
            try await tx.schema(SupportEpisode.schema)
                .id()
                .field("case_id", .uuid, .required, .references(CaseRecord.schema, "id", onDelete: .cascade))
                .field("kind", .string, .required)
                .field("provider", .string)
                .field("from_day", .int, .required)
                .field("until_day", .int)
                .field("end_reason", .string)
                .field("sealed_note", .string)
                .field("recorded_by", .uuid, .required)
                .field("recorded_at", .datetime, .required)
                .create()
            try await tx.schema(ContactLogEntry.schema)
                .id()
                .field("case_id", .uuid, .required, .references(CaseRecord.schema, "id", onDelete: .cascade))
                .field("contact_on", .int, .required)
                .field("method", .string, .required)
                .field("sealed_note", .string)
                .field("recorded_by", .uuid, .required)
                .field("recorded_at", .datetime, .required)
                .create()
            guard let sql = tx as? any SQLDatabase else { return }
            // The case page reads by case; the alert job by kind and by what is still open.
            try await sql.create(index: "case_accommodation_case_until").on(AccommodationEpisode.schema).column("case_id").column("until_day").run()
            try await sql.create(index: "case_accommodation_kind_until").on(AccommodationEpisode.schema).column("kind").column("until_day").run()
            try await sql.create(index: "case_support_case_until").on(SupportEpisode.schema).column("case_id").column("until_day").run()
            try await sql.create(index: "case_support_kind_until").on(SupportEpisode.schema).column("kind").column("until_day").run()
            try await sql.create(index: "case_contacts_case_on").on(ContactLogEntry.schema).column("case_id").column("contact_on").run()
        }
    }

    func revert(on database: any Database) async throws {
        try await database.schema(ContactLogEntry.schema).delete()
        try await database.schema(SupportEpisode.schema).delete()
        try await database.schema(AccommodationEpisode.schema).delete()
    }
}
