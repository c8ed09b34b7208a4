import Foundation
import SQLKit
import LanternCore

/// The summary table `profile_cells` and the database triggers that keep it: every insert,
/// change or deletion of a case or of one of its exploitation types adds its +1 or −1 (and
/// its record key) to the cells of every `ProfileCuboid`, inside the statement that made the
/// change, so the table is exact in every transaction whichever code path wrote the case
/// (the web, the API, an import, the seeder, a restore or a hand-written UPDATE).
///
/// A row is one cell: a cuboid (`dims`, its bit mask), a month (with its quarter and year,
/// copied from the case) and up to two key values (`k0`, `k1`; '' for none or NULL), with
/// the number of cases or type mentions in it (`n`) and the sum of their record keys (`s`,
/// what the cell key method perturbs with). A cell emptied by changes keeps `n = 0`.
///
/// Every statement here is built from the closed lists of `ProfileCuboid` and table and
/// column names Lantern owns; nothing a person typed reaches it.
enum ProfileCellTriggers {
    static let schema = "profile_cells"
    static let casesTable = "cases"
    static let typesTable = "case_exploitation_types"

    enum Dialect {
        case sqlite, postgres
        init(_ sql: any SQLDatabase) { self = sql.dialect.name == "postgresql" ? .postgres : .sqlite }
    }

    /// The triggers, by name, with the table each is on.
    static let triggers: [(name: String, table: String)] = [
        ("profile_cells_case_insert", casesTable), ("profile_cells_case_update", casesTable),
        ("profile_cells_case_delete", casesTable), ("profile_cells_type_insert", typesTable),
        ("profile_cells_type_update", typesTable), ("profile_cells_type_delete", typesTable),
    ]

    /// The columns of `cases` a cell depends on: a change to any other column touches no cell.
    static var caseColumns: [String] {
        ProfileCellDimension.allCases.filter { $0 != .exploitationType }.map(\.column)
            + ["identified_quarter", "identified_month", "identified_year", "record_key"]
    }

    static func create(on sql: any SQLDatabase) async throws {
        for statement in createStatements(Dialect(sql)) { try await sql.raw(statement).run() }
    }

    static func drop(on sql: any SQLDatabase) async throws {
        let dialect = Dialect(sql)
        for trigger in triggers {
            switch dialect {
            case .sqlite: try await sql.raw("DROP TRIGGER IF EXISTS \(ident: trigger.name)").run()
            case .postgres:
                try await sql.raw("DROP TRIGGER IF EXISTS \(ident: trigger.name) ON \(ident: trigger.table)").run()
                try await sql.raw("DROP FUNCTION IF EXISTS \(ident: trigger.name)()").run()
            }
        }
    }

    /// Which of the triggers exist (a missing one means the cells no longer follow the cases).
    static func missing(on sql: any SQLDatabase) async throws -> [String] {
        let rows: [any SQLRow]
        switch Dialect(sql) {
        case .sqlite: rows = try await sql.raw("SELECT name FROM sqlite_master WHERE type = 'trigger'").all()
        case .postgres:
            rows = try await sql.raw("""
                SELECT tgname AS name FROM pg_trigger WHERE NOT tgisinternal AND tgrelid IN (
                  SELECT c.oid FROM pg_class c WHERE c.relnamespace = to_regnamespace(current_schema()))
                """).all()
        }
        let present = Set(rows.compactMap { try? $0.decode(column: "name", as: String.self) })
        return triggers.map(\.name).filter { !present.contains($0) }
    }

    // MARK: - Statements

    static func createStatements(_ dialect: Dialect) -> [SQLQueryString] {
        let typeColumns: [String] = ["case_id", "type", "mention_key"]
        let bodies: [(name: String, timing: SQLQueryString, table: String, statement: SQLQueryString, keepsRow: Bool)] = [
            ("profile_cells_case_insert", "AFTER INSERT", casesTable, upsert(caseSide(.new, sign: 1)), false),
            ("profile_cells_case_update", "AFTER UPDATE OF \(idents: caseColumns, joinedBy: ", ")", casesTable,
             upsert(caseSide(.old, sign: -1) + caseSide(.new, sign: 1)), false),
            // Before the case goes: its types are still there to be subtracted (they are
            // deleted after it, by the foreign key, and then find no case to subtract from).
            ("profile_cells_case_delete", "BEFORE DELETE", casesTable, upsert(caseSide(.old, sign: -1)), true),
            ("profile_cells_type_insert", "AFTER INSERT", typesTable, upsert(typeSide(.new, sign: 1)), false),
            ("profile_cells_type_update", "AFTER UPDATE OF \(idents: typeColumns, joinedBy: ", ")", typesTable,
             upsert(typeSide(.old, sign: -1) + typeSide(.new, sign: 1)), false),
            ("profile_cells_type_delete", "AFTER DELETE", typesTable, upsert(typeSide(.old, sign: -1)), false),
        ]
        return bodies.flatMap { body -> [SQLQueryString] in
            switch dialect {
            case .sqlite:
                return ["CREATE TRIGGER \(ident: body.name) \(body.timing) ON \(ident: body.table) FOR EACH ROW BEGIN \(body.statement); END"]
            case .postgres:
                let returned: SQLQueryString = body.keepsRow ? "OLD" : "NULL"
                return [
                    "CREATE OR REPLACE FUNCTION \(ident: body.name)() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN \(body.statement); RETURN \(returned); END $$",
                    "CREATE TRIGGER \(ident: body.name) \(body.timing) ON \(ident: body.table) FOR EACH ROW EXECUTE FUNCTION \(ident: body.name)()",
                ]
            }
        }
    }

    /// Adds the rows (`dims, quarter, month, year, k0, k1, n, s`) to the cells, netted first so
    /// that a change which leaves a cell as it was does not touch it, in cell order (see
    /// `ProfileCuboid.all`).
    static func upsert(_ rows: [SQLQueryString]) -> SQLQueryString {
        """
        INSERT INTO \(ident: schema) (dims, quarter, month, year, k0, k1, n, s) \
        SELECT dims, quarter, month, year, k0, k1, SUM(n), SUM(s) FROM (\(rows.joined(separator: " UNION ALL "))) AS d \
        WHERE true GROUP BY dims, quarter, month, year, k0, k1 HAVING SUM(n) <> 0 OR SUM(s) <> 0 \
        ORDER BY dims, quarter, month, year, k0, k1 \
        ON CONFLICT (dims, quarter, month, year, k0, k1) DO UPDATE \
        SET n = \(ident: schema).n + excluded.n, s = \(ident: schema).s + excluded.s
        """
    }

    /// Which row a trigger reads: the new or old values, or (in a type's trigger) the case.
    enum Row {
        case new, old, theCase, theType
        var sql: SQLQueryString {
            switch self {
            case .new: "NEW"
            case .old: "OLD"
            case .theCase: "c"
            case .theType: "t"
            }
        }
    }

    /// One side of a case's change: a row for each cuboid, the ones counted per type mention
    /// read from the case's types.
    static func caseSide(_ row: Row, sign: Int) -> [SQLQueryString] {
        ProfileCuboid.all.map { cuboid in
            let counted = cellColumns(cuboid, caseRow: row, typeRow: .theType, sign: sign)
            if cuboid.countsTypeMentions {
                return "SELECT \(counted) FROM \(ident: typesTable) t WHERE t.case_id = \(row.sql).id AND \(row.sql).identified_quarter IS NOT NULL"
            }
            return "SELECT \(counted) WHERE \(row.sql).identified_quarter IS NOT NULL"
        }
    }

    /// One side of a type mention's change, for the cuboids counted per mention.
    static func typeSide(_ row: Row, sign: Int) -> [SQLQueryString] {
        ProfileCuboid.all.filter(\.countsTypeMentions).map { cuboid in
            let counted = cellColumns(cuboid, caseRow: .theCase, typeRow: row, sign: sign)
            return "SELECT \(counted) FROM \(ident: casesTable) c WHERE c.id = \(row.sql).case_id AND c.identified_quarter IS NOT NULL"
        }
    }

    /// `dims, quarter, month, year, k0, k1, n, s` of one cuboid's cell for a case (and type).
    static func cellColumns(_ cuboid: ProfileCuboid, caseRow: Row, typeRow: Row, sign: Int) -> SQLQueryString {
        let keys = (0..<ProfileCuboid.maximumDimensions).map { index -> SQLQueryString in
            index < cuboid.dimensions.count ? key(cuboid.dimensions[index], caseRow: caseRow, typeRow: typeRow) : "''"
        }
        let recordKey: SQLQueryString = cuboid.countsTypeMentions ? "\(typeRow.sql).mention_key" : "\(caseRow.sql).record_key"
        let c = caseRow.sql
        return """
            \(literal: cuboid.code) AS dims, \(c).identified_quarter AS quarter, COALESCE(\(c).identified_month, 0) AS month, \
            COALESCE(\(c).identified_year, 0) AS year, \(keys[0]) AS k0, \(keys[1]) AS k1, \(literal: sign) AS n, \
            \(literal: sign) * \(recordKey) AS s
            """
    }

    /// A dimension's value as text ('' for NULL); organisation ids in upper case, as the
    /// profile reads and writes them on both databases.
    static func key(_ dimension: ProfileCellDimension, caseRow: Row, typeRow: Row) -> SQLQueryString {
        switch dimension {
        case .exploitationType: "COALESCE(\(typeRow.sql).\(ident: dimension.column), '')"
        case .firstResponder: "COALESCE(UPPER(CAST(\(caseRow.sql).\(ident: dimension.column) AS TEXT)), '')"
        default: "COALESCE(\(caseRow.sql).\(ident: dimension.column), '')"
        }
    }

    // MARK: - Counting from the cases

    /// The cells of one cuboid counted from the cases: what the table must hold (`rebuild`
    /// inserts it, `verify` compares with it). Columns as the table's.
    static func countedFromCases(_ cuboid: ProfileCuboid) -> SQLQueryString {
        let keys = (0..<ProfileCuboid.maximumDimensions).map { index -> SQLQueryString in
            index < cuboid.dimensions.count ? key(cuboid.dimensions[index], caseRow: .theCase, typeRow: .theType) : "''"
        }
        let join: SQLQueryString = cuboid.countsTypeMentions ? " JOIN \(ident: typesTable) t ON t.case_id = c.id" : ""
        let recordKey: SQLQueryString = cuboid.countsTypeMentions ? "t.mention_key" : "c.record_key"
        return """
            SELECT \(literal: cuboid.code) AS dims, c.identified_quarter AS quarter, COALESCE(c.identified_month, 0) AS month, \
            COALESCE(c.identified_year, 0) AS year, \(keys[0]) AS k0, \(keys[1]) AS k1, COUNT(*) AS n, SUM(\(recordKey)) AS s \
            FROM \(ident: casesTable) c\(join) WHERE c.identified_quarter IS NOT NULL GROUP BY 1, 2, 3, 4, 5, 6
            """
    }
}
