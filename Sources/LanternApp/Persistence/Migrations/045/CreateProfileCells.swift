import Fluent
import SQLKit

/// The profile's summary table (see `ProfileCellTriggers`), its triggers, and its cells
/// counted from the cases already recorded (at a million cases, a minute or two on 2 cores).
struct CreateProfileCells: AsyncMigration {
    var name: String { "045_CreateProfileCells" }

    func prepare(on database: any Database) async throws {
        try await database.schema(ProfileCellTriggers.schema)
            .field("dims", .int, .required)
            .field("quarter", .int, .required)
            .field("month", .int, .required)
            .field("year", .int, .required)
            .field("k0", .string, .required)
            .field("k1", .string, .required)
            .field("n", .int64, .required)
            .field("s", .int64, .required)
            // The key of a cell, in the order questions narrow it: a cuboid, then a span of quarters.
            .unique(on: "dims", "quarter", "month", "year", "k0", "k1")
            .create()
        guard let sql = database as? any SQLDatabase else { return }
        try await ProfileCellTriggers.create(on: sql)
        try await ProfileCellStore(db: database).rebuild()
    }

    func revert(on database: any Database) async throws {
        if let sql = database as? any SQLDatabase { try await ProfileCellTriggers.drop(on: sql) }
        try await database.schema(ProfileCellTriggers.schema).delete()
    }
}
