import Fluent

struct CreateJobRun: AsyncMigration {
    var name: String { "004_CreateJobRun" }

    func prepare(on database: any Database) async throws {
        try await database.schema(JobRun.schema)
            .id()
            .field("job", .string, .required)
            .field("window_start", .int64, .required)
            .field("node", .string, .required)
            .field("started_at", .datetime, .required)
            .field("finished_at", .datetime)
            .field("result", .string)
            .unique(on: "job", "window_start")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(JobRun.schema).delete()
    }
}
