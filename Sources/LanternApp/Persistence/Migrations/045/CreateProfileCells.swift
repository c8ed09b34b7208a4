import Fluent
import SQLKit

/// The profile's summary table and its list of cuboids (see `ProfileCellTriggers`), the
/// triggers, and the cells counted from the cases already recorded (at a million cases,
/// about five minutes on 2 cores).
struct CreateProfileCells: AsyncMigration {
    var name: String { "045_CreateProfileCells" }

    func prepare(on database: any Database) async throws {
        guard let sql = database as? any SQLDatabase else { return }
        try await ProfileCellTriggers.createTables(on: sql)
        try await ProfileCellTriggers.create(on: sql)
        try await ProfileCellStore(db: database).rebuild()
    }

    func revert(on database: any Database) async throws {
        guard let sql = database as? any SQLDatabase else { return }
        try await ProfileCellTriggers.drop(on: sql)
        try await ProfileCellTriggers.dropTables(on: sql)
    }
}
