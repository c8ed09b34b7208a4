import Fluent
import Foundation
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
        guard let sql = database as? any SQLDatabase else { return }
        // Fill in cases recorded before this migration. Plain SQL over the columns that exist
        // at this point, so later fields of the model cannot break an older migration.
        let cases = try await sql.select().column("id").column("identified_on").from(CaseRecord.schema).all()
        for row in cases {
            let id = try row.decode(column: "id", as: UUID.self)
            let day = Day(daysSinceEpoch: try row.decode(column: "identified_on", as: Int.self))
            let types = try await sql.select().column("type").from(CaseExploitationType.schema).where("case_id", .equal, SQLBind(id)).all()
                .compactMap { ExploitationType(rawValue: try $0.decode(column: "type", as: String.self)) }
            let c = day.components
            try await sql.update(CaseRecord.schema)
                .set("identified_year", to: SQLBind(c.year)).set("identified_quarter", to: SQLBind(c.year * 10 + day.quarter))
                .set("identified_month", to: SQLBind(c.year * 100 + c.month))
                .set("exploitation_combination", to: SQLBind(ExploitationType.combinationLabel(Set(types))))
                .where("id", .equal, SQLBind(id)).run()
        }
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
