import Fluent

/// The annual report's narrative: one row per year (unique), its five sections, and the
/// version each save is checked against.
struct CreateAnnualReportNarratives: AsyncMigration {
    var name: String { "044_CreateAnnualReportNarratives" }

    func prepare(on database: any Database) async throws {
        try await database.schema(AnnualReportNarrative.schema)
            .id()
            .field("year", .int, .required)
            .field("foreword", .string, .required)
            .field("context", .string, .required)
            .field("achievements", .string, .required)
            .field("challenges", .string, .required)
            .field("next_steps", .string, .required)
            .field("version", .int, .required)
            .field("updated_by", .uuid, .required)
            .field("updated_at", .datetime, .required)
            .unique(on: "year")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(AnnualReportNarrative.schema).delete()
    }
}
