import Fluent
import SQLKit

/// Partner returns uploaded through the web. An upload that reads cleanly waits in
/// `dataset_uploads` (the file and what the analyst said of it) until its uploader confirms
/// or discards it; confirming stores it exactly as `lantern import` does. Datasets gain the
/// digest of their figures (`content_sha256`), unique per measure and period, so the same
/// content cannot be counted twice however it arrives (CSV or spreadsheet, in any row order)
/// or however many confirmations race: the index is the last word.
struct CreateDatasetUploads: AsyncMigration {
    var name: String { "041_CreateDatasetUploads" }

    func prepare(on database: any Database) async throws {
        try await database.transaction { tx in
            try await tx.schema(StatisticsDataset.schema).field("content_sha256", .string, .required, .sql(.default(""))).update()
            try await tx.schema(DatasetUpload.schema)
                .id()
                .field("user_id", .uuid, .required)
                .field("created_at", .datetime, .required)
                .field("file_name", .string, .required)
                .field("kind", .string, .required)
                .field("content", .data, .required)
                .field("choices", .string, .required)
                .create()
            guard let sql = tx as? any SQLDatabase else { return }
            try await sql.raw("""
                CREATE UNIQUE INDEX datasets_same_content ON datasets (content_sha256, measure, period_from, period_to) \
                WHERE content_sha256 <> ''
                """).run()
            try await sql.raw("CREATE INDEX dataset_uploads_user ON dataset_uploads (user_id, created_at)").run()
        }
    }

    func revert(on database: any Database) async throws {
        if let sql = database as? any SQLDatabase { try await sql.raw("DROP INDEX datasets_same_content").run() }
        try await database.schema(DatasetUpload.schema).delete()
        try await database.schema(StatisticsDataset.schema).deleteField("content_sha256").update()
    }
}
