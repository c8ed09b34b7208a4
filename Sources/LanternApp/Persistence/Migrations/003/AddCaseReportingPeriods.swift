import Fluent
import SQLKit
import LanternCore

/// Reporting columns for the problem profile: the month, quarter and year a case was
/// identified, and its exploitation-type combination as the statistics label it
/// ("Labour & Criminal"), so aggregates are plain GROUP BYs over indexed columns.
struct AddCaseReportingPeriods: AsyncMigration {
    var name: String { "003_AddCaseReportingPeriods" }

    func prepare(on database: any Database) async throws {
        // One column per statement: SQLite's ALTER TABLE adds a single column at a time.
        for (column, type) in [("identified_year", DatabaseSchema.DataType.int), ("identified_quarter", .int),
                               ("identified_month", .int), ("exploitation_combination", .string)] {
            try await database.schema(CaseRecord.schema).field(.definition(name: .key(.init(stringLiteral: column)),
                                                                           dataType: type, constraints: [])).update()
        }
        // Fill in cases recorded before this migration.
        let cases = try await CaseRecord.query(on: database).with(\.$exploitationTypes).all()
        for record in cases {
            record.setReportingColumns(types: Set(record.exploitationTypes.compactMap { ExploitationType(rawValue: $0.type) }))
            try await record.save(on: database)
        }
        guard let sql = database as? any SQLDatabase else { return }
        try await sql.create(index: "cases_quarter_borough").on(CaseRecord.schema)
            .column("identified_quarter").column("borough_identified").run()
        try await sql.create(index: "case_types_case").on(CaseExploitationType.schema).column("case_id").column("type").run()
    }

    func revert(on database: any Database) async throws {
        guard let sql = database as? any SQLDatabase else { return }
        try await sql.drop(index: "case_types_case").run()
        try await sql.drop(index: "cases_quarter_borough").run()
        for column in ["identified_year", "identified_quarter", "identified_month", "exploitation_combination"] {
            try await database.schema(CaseRecord.schema).deleteField(.init(stringLiteral: column)).update()
        }
    }
}
