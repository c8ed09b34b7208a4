import Fluent
import SQLKit

struct CreateIntelligenceReport: AsyncMigration {
    var name: String { "005_CreateIntelligenceReport" }

    func prepare(on database: any Database) async throws {
        try await database.schema(IntelligenceReport.schema)
            .id()
            .field("reference", .string, .required)
            .field("organisation_id", .uuid, .required, .references(Organisation.schema, "id"))
            .field("created_by", .uuid, .required)
            .field("created_at", .datetime, .required)
            .field("reported_on", .int, .required)
            .field("quarter", .int, .required)
            .field("borough", .string, .required)
            .field("ward", .string)
            .field("exploitation_types", .string, .required)
            .field("indicators", .string, .required)
            .field("source_type", .string, .required)
            .field("source_evaluation", .string, .required)
            .field("assessment", .string, .required)
            .field("handling", .string, .required)
            .field("sealed_text", .string, .required)
            .unique(on: "reference")
            .create()
        guard let sql = database as? any SQLDatabase else { return }
        try await sql.create(index: "intelligence_quarter_borough").on(IntelligenceReport.schema)
            .column("quarter").column("borough").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(IntelligenceReport.schema).delete()
    }
}
