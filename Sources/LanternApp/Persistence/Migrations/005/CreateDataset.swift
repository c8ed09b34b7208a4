import Fluent
import SQLKit

/// Imported statistics: datasets and their figures, indexed for the dashboard's GROUP BYs.
struct CreateDataset: AsyncMigration {
    var name: String { "005_CreateDataset" }

    func prepare(on database: any Database) async throws {
        try await database.schema(StatisticsDataset.schema)
            .id()
            .field("title", .string, .required)
            .field("measure", .string, .required)
            .field("mapping", .string, .required)
            .field("source", .string, .required)
            .field("licence", .string, .required)
            .field("period_from", .int, .required)
            .field("period_to", .int, .required)
            .field("imported_by", .uuid)
            .field("imported_by_label", .string, .required)
            .field("imported_at", .datetime, .required)
            .field("file_name", .string, .required)
            .field("file_sha256", .string, .required)
            .field("lines_read", .int, .required)
            .field("figure_count", .int, .required)
            .field("totals_checked", .int, .required)
            .create()
        try await database.schema(DatasetFigure.schema)
            .field("id", .int, .identifier(auto: true))
            .field("dataset_id", .uuid, .required, .references(StatisticsDataset.schema, "id", onDelete: .cascade))
            .field("measure", .string, .required)
            .field("quarter", .int, .required)
            .field("first_responder_type", .string, .required)
            .field("first_responder", .string, .required)
            .field("exploitation_type", .string, .required)
            .field("age_group", .string, .required)
            .field("gender", .string, .required)
            .field("nationality", .string, .required)
            .field("borough", .string, .required)
            .field("count", .int, .required)
            .create()
        guard let sql = database as? any SQLDatabase else { return }
        try await sql.create(index: "dataset_figures_dataset").on(DatasetFigure.schema).column("dataset_id").run()
        try await sql.create(index: "dataset_figures_measure_quarter").on(DatasetFigure.schema)
            .column("measure").column("quarter").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(DatasetFigure.schema).delete()
        try await database.schema(StatisticsDataset.schema).delete()
    }
}
