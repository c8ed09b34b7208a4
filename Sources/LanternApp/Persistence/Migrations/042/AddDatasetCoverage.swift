import Fluent
import LanternCore
import SQLKit

/// What each dataset covers (`DatasetCoverage`), and for each figure whether it is London's:
/// every figure of a London body's return, and of a national table the rows London's bodies
/// made (`LondonBodies`) or that name a London borough. Datasets imported before this were the
/// Home Office's national tables: their London rows are found from their first responders.
struct AddDatasetCoverage: AsyncMigration {
    var name: String { "042_AddDatasetCoverage" }

    func prepare(on database: any Database) async throws {
        try await database.transaction { tx in
            try await tx.schema(StatisticsDataset.schema).field("coverage", .string, .required, .sql(.default("national"))).update()
            try await tx.schema(DatasetFigure.schema).field("in_london", .bool, .required, .sql(.default(false))).update()
            guard let sql = tx as? any SQLDatabase else { return }
            let bodies = LondonBodies(.london)
            let names = try await sql.raw("SELECT DISTINCT first_responder FROM dataset_figures WHERE first_responder <> ''").all()
                .compactMap { try? $0.decode(column: "first_responder", as: String.self) }
                .filter { bodies.isLondon(firstResponder: $0) }
            try await sql.raw("UPDATE dataset_figures SET in_london = \(bind: true) WHERE borough <> ''").run()
            for start in stride(from: 0, to: names.count, by: 500) {
                let batch = Array(names[start..<min(start + 500, names.count)])
                try await sql.raw("UPDATE dataset_figures SET in_london = \(bind: true) WHERE first_responder IN (\(binds: batch))").run()
            }
        }
    }

    func revert(on database: any Database) async throws {
        try await database.schema(DatasetFigure.schema).deleteField("in_london").update()
        try await database.schema(StatisticsDataset.schema).deleteField("coverage").update()
    }
}
