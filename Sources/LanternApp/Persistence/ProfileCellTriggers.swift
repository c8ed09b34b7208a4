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

    // MARK: - Tables

    static let cuboidsTable = "profile_cuboids"

    /// The cells, keyed by month first: the ~100 cells one case counts in are all in its month,
    /// so a write touches a few dozen neighbouring pages rather than one page per cuboid (on
    /// SQLite the key is the table's order). The second index finds one cuboid's quarters.
    /// `profile_cuboids` lists `ProfileCuboid.all`: which dimension each key column holds.
    static func createTables(on sql: any SQLDatabase) async throws {
        // BIGINT as Fluent's integers are, so periods come back as the cases' columns do.
        let withoutRowID: SQLQueryString = Dialect(sql) == .sqlite ? " WITHOUT ROWID" : ""
        try await sql.raw("""
            CREATE TABLE \(ident: schema) (dims BIGINT NOT NULL, quarter BIGINT NOT NULL, month BIGINT NOT NULL, \
            year BIGINT NOT NULL, k0 TEXT NOT NULL, k1 TEXT NOT NULL, n BIGINT NOT NULL, s BIGINT NOT NULL, \
            PRIMARY KEY (quarter, month, dims, year, k0, k1))\(withoutRowID)
            """).run()
        try await sql.raw("CREATE INDEX profile_cells_cuboid ON \(ident: schema) (dims, quarter)").run()
        try await sql.raw("""
            CREATE TABLE \(ident: cuboidsTable) (dims BIGINT PRIMARY KEY, per_mention BIGINT NOT NULL, \
            d0 BIGINT NOT NULL, d1 BIGINT NOT NULL)
            """).run()
        try await fillCuboids(on: sql)
    }

    /// `profile_cuboids` as `ProfileCuboid.all` says (emptied first).
    static func fillCuboids(on sql: any SQLDatabase) async throws {
        try await sql.raw("DELETE FROM \(ident: cuboidsTable)").run()
        for cuboid in ProfileCuboid.all {
            let slots = (0..<ProfileCuboid.maximumDimensions).map { $0 < cuboid.dimensions.count ? cuboid.dimensions[$0].rawValue : -1 }
            try await sql.raw("""
                INSERT INTO \(ident: cuboidsTable) (dims, per_mention, d0, d1) \
                VALUES (\(bind: cuboid.code), \(bind: cuboid.countsTypeMentions ? 1 : 0), \(bind: slots[0]), \(bind: slots[1]))
                """).run()
        }
    }

    static func dropTables(on sql: any SQLDatabase) async throws {
        try await sql.raw("DROP TABLE IF EXISTS \(ident: cuboidsTable)").run()
        try await sql.raw("DROP TABLE IF EXISTS \(ident: schema)").run()
    }

    // MARK: - Triggers

    static func createStatements(_ dialect: Dialect) -> [SQLQueryString] {
        let typeColumns: [String] = ["case_id", "type", "mention_key"]
        let bodies: [(name: String, timing: SQLQueryString, table: String, statement: SQLQueryString, keepsRow: Bool)] = [
            // A new case has no types yet: they count when they are inserted after it.
            ("profile_cells_case_insert", "AFTER INSERT", casesTable, upsert([caseSide(.new, sign: 1, perMention: false)], dialect), false),
            ("profile_cells_case_update", "AFTER UPDATE OF \(idents: caseColumns, joinedBy: ", ")", casesTable,
             upsert([caseSide(.old, sign: -1, perMention: true), caseSide(.new, sign: 1, perMention: true)], dialect), false),
            // Before the case goes: its types are still there to be subtracted (they are
            // deleted after it, by the foreign key, and then find no case to subtract from).
            ("profile_cells_case_delete", "BEFORE DELETE", casesTable, upsert([caseSide(.old, sign: -1, perMention: true)], dialect), true),
            ("profile_cells_type_insert", "AFTER INSERT", typesTable, upsert([typeSide(.new, sign: 1)], dialect), false),
            ("profile_cells_type_update", "AFTER UPDATE OF \(idents: typeColumns, joinedBy: ", ")", typesTable,
             upsert([typeSide(.old, sign: -1), typeSide(.new, sign: 1)], dialect), false),
            ("profile_cells_type_delete", "AFTER DELETE", typesTable, upsert([typeSide(.old, sign: -1)], dialect), false),
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

    /// Adds the rows (`dims, quarter, month, year, k0, k1, n, s`) to the cells: netted first, so
    /// a change that leaves a cell as it was does not touch it, and in the cells' key order,
    /// so two writers on PostgreSQL take the locks of the cells they share in the same order.
    /// One side alone (an insert or a deletion) has one row per cell already: nothing to net,
    /// which spares the busiest trigger a sort (it is compiled into every INSERT of a case).
    static func upsert(_ sides: [SQLQueryString], _ dialect: Dialect) -> SQLQueryString {
        let rows: SQLQueryString = sides.count == 1
            ? "SELECT * FROM (\(sides[0])) AS d WHERE true"
            : """
              SELECT dims, quarter, month, year, k0, k1, SUM(n), SUM(s) FROM (\(sides.joined(separator: " UNION ALL "))) AS d \
              WHERE true GROUP BY quarter, month, dims, year, k0, k1 HAVING SUM(n) <> 0 OR SUM(s) <> 0
              """
        // SQLite has one writer at a time: no lock order to keep, no sort to pay for.
        let ordered: SQLQueryString = dialect == .postgres ? " ORDER BY quarter, month, dims, year, k0, k1" : ""
        return """
            INSERT INTO \(ident: schema) (dims, quarter, month, year, k0, k1, n, s) \(rows)\(ordered) \
            ON CONFLICT (quarter, month, dims, year, k0, k1) DO UPDATE \
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

    /// One side of a case's change: a cell for each cuboid counted per case and, with
    /// `perMention`, one for each cuboid counted per type and each of the case's types.
    static func caseSide(_ row: Row, sign: Int, perMention: Bool) -> SQLQueryString {
        let r = row.sql
        let mentions: SQLQueryString = perMention
            ? " LEFT JOIN \(ident: typesTable) t ON q.per_mention = 1 AND t.case_id = \(r).id WHERE (q.per_mention = 0 OR t.case_id IS NOT NULL) AND"
            : " WHERE q.per_mention = 0 AND"
        let recordKey: SQLQueryString = perMention ? "CASE WHEN q.per_mention = 1 THEN t.mention_key ELSE \(r).record_key END" : "\(r).record_key"
        return """
            SELECT \(cellColumns(caseRow: row, typeRow: perMention ? .theType : nil, sign: sign, recordKey: recordKey)) \
            FROM \(ident: cuboidsTable) q\(mentions) \(r).identified_quarter IS NOT NULL
            """
    }

    /// One side of a type mention's change: a cell for each cuboid counted per type.
    static func typeSide(_ row: Row, sign: Int) -> SQLQueryString {
        """
        SELECT \(cellColumns(caseRow: .theCase, typeRow: row, sign: sign, recordKey: "\(row.sql).mention_key")) \
        FROM \(ident: casesTable) c JOIN \(ident: cuboidsTable) q ON q.per_mention = 1 \
        WHERE c.id = \(row.sql).case_id AND c.identified_quarter IS NOT NULL
        """
    }

    /// `dims, quarter, month, year, k0, k1, n, s` of the cell of cuboid `q` for a case (and type).
    static func cellColumns(caseRow: Row, typeRow: Row?, sign: Int, recordKey: SQLQueryString) -> SQLQueryString {
        let c = caseRow.sql
        return """
            q.dims AS dims, \(c).identified_quarter AS quarter, COALESCE(\(c).identified_month, 0) AS month, \
            COALESCE(\(c).identified_year, 0) AS year, \(slot("d0", caseRow: caseRow, typeRow: typeRow)) AS k0, \
            \(slot("d1", caseRow: caseRow, typeRow: typeRow)) AS k1, \(literal: sign) AS n, \(literal: sign) * \(recordKey) AS s
            """
    }

    /// The value a key column holds for the cuboid `q`: the dimension its bit number names.
    static func slot(_ column: String, caseRow: Row, typeRow: Row?) -> SQLQueryString {
        let arms = ProfileCellDimension.allCases.map { dimension -> SQLQueryString in
            "WHEN \(literal: dimension.rawValue) THEN \(key(dimension, caseRow: caseRow, typeRow: typeRow))"
        }
        return "CASE q.\(ident: column) \(arms.joined(separator: " ")) ELSE '' END"
    }

    /// A dimension's value as text ('' for NULL); organisation ids in upper case, as the
    /// profile reads and writes them on both databases. Without a type row (a new case,
    /// counted only by the cuboids kept per case) the type is never asked for.
    static func key(_ dimension: ProfileCellDimension, caseRow: Row, typeRow: Row?) -> SQLQueryString {
        switch dimension {
        case .exploitationType: typeRow.map { "COALESCE(\($0.sql).\(ident: dimension.column), '')" } ?? "''"
        case .firstResponder: "COALESCE(UPPER(CAST(\(caseRow.sql).\(ident: dimension.column) AS TEXT)), '')"
        default: "COALESCE(\(caseRow.sql).\(ident: dimension.column), '')"
        }
    }

    /// Whether `profile_cuboids` lists exactly `ProfileCuboid.all` (what the triggers count by).
    static func cuboidsMatch(on sql: any SQLDatabase) async throws -> Bool {
        let rows = try await sql.raw("SELECT dims, per_mention, d0, d1 FROM \(ident: cuboidsTable) ORDER BY dims").all()
        let stored = rows.map { row in ["dims", "per_mention", "d0", "d1"].map { ProfileCellStore.integer(row, $0) } }
        let expected = ProfileCuboid.all.sorted { $0.code < $1.code }.map { cuboid in
            [cuboid.code, cuboid.countsTypeMentions ? 1 : 0]
                + (0..<ProfileCuboid.maximumDimensions).map { $0 < cuboid.dimensions.count ? cuboid.dimensions[$0].rawValue : -1 }
        }
        return stored == expected
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
