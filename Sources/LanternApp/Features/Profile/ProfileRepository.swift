import Fluent
import Foundation
import SQLKit
import LanternCore

/// Runs problem-profile queries: from the summary table (`ProfileCellReader`) when it holds
/// every dimension the question needs, otherwise as one GROUP BY over the cases table
/// (joined to the exploitation types only when they are a dimension). Column names come from
/// `ProfileDimension`, values are always bound parameters.
///
/// Given more than one reader (one per event loop, so each has its own connection), the
/// period is split between them and the parts are read at the same time: the scan is
/// CPU-bound and a single SQLite statement uses one core. The parts are read as separate
/// statements, so a case recorded in between may be in one part's snapshot and not yet in
/// another's: the answer is a count of live data a moment either side, as a single
/// statement run a moment earlier or later would be.
struct ProfileRepository {
    let db: any Database
    let boroughs: BoroughCatalogue
    var readers: [any Database] = []
    /// Answer from the summary table when it can (false: always count the cases, as the
    /// exactness tests compare the two).
    var readsCells = true

    func run(_ query: ProfileQuery) async throws -> ProfileResult {
        if readsCells, let cuboid = ProfileCuboid.answering(query), let sql = db as? any SQLDatabase {
            return remappingBCU(try await ProfileCellReader(sql: sql, boroughs: boroughs).run(query, from: cuboid))
        }
        let parts = query.splitByPeriod(into: readers.count)
        guard parts.count > 1 else { return try await run(query, on: db) }
        let answers = try await withThrowingTaskGroup(of: ProfileResult.self) { group in
            for (part, reader) in zip(parts, readers) {
                group.addTask { try await run(part, on: reader) }
            }
            var answers: [ProfileResult] = []
            for try await answer in group { answers.append(answer) }
            return answers
        }
        return ProfileResult.adding(answers)
    }

    private func run(_ query: ProfileQuery, on db: any Database) async throws -> ProfileResult {
        guard let sql = db as? any SQLDatabase else { return ProfileResult(dimensions: query.dimensions, rows: []) }
        var select = sql.select().from(SQLAlias(SQLIdentifier(CaseRecord.schema), as: SQLIdentifier("c")))
        let joinsTypes = query.dimensions.contains(.exploitationType)
        if joinsTypes {
            select = select.join(SQLAlias(SQLIdentifier(CaseExploitationType.schema), as: SQLIdentifier("t")),
                                 method: SQLJoinMethod.inner,
                                 on: SQLColumn("case_id", table: "t"), .equal, SQLColumn("id", table: "c"))
        }
        let keyColumns = query.dimensions.enumerated().map { index, dimension -> (any SQLExpression, String) in
            let table = dimension == .exploitationType ? "t" : "c"
            return (SQLColumn(dimension.column, table: table), "k\(index)")
        }
        for (expression, alias) in keyColumns { select = select.column(SQLAlias(expression, as: SQLIdentifier(alias))) }
        select = select.column(SQLAlias(SQLFunction("COUNT", args: SQLLiteral.all), as: SQLIdentifier("n")))
        // The sum of the counted records' keys: each figure's cell key (see CellKeyPerturbation).
        // A case counted once per type contributes each mention's own key.
        let recordKey = joinsTypes ? SQLColumn("mention_key", table: "t") : SQLColumn("record_key", table: "c")
        select = select.column(SQLAlias(SQLFunction("SUM", args: recordKey), as: SQLIdentifier("s")))
        select = select.where(SQLColumn("identified_quarter", table: "c"), .greaterThanOrEqual, SQLBind(query.from.code))
            .where(SQLColumn("identified_quarter", table: "c"), .lessThanOrEqual, SQLBind(query.to.code))
        for (dimension, values) in query.filters.sorted(by: { $0.key.rawValue < $1.key.rawValue }) where !values.isEmpty {
            let bound = Array(values).sorted().map { SQLBind($0) }
            switch dimension {
            case .exploitationType:
                let subquery = SQLSubquery.select { sub in
                    sub.column("case_id").from(CaseExploitationType.schema).where("type", .in, Array(values).sorted())
                }
                select = select.where(SQLColumn("id", table: "c"), .in, subquery)
            case .bcu:
                let codes = boroughs.all.filter { values.contains($0.bcuCode ?? "") }.map(\.onsCode)
                select = select.where(SQLColumn("borough_identified", table: "c"), .in, SQLGroupExpression(codes.map { SQLBind($0) }))
            case .year, .quarter, .month:
                let numbers = values.compactMap(Int.init).sorted().map { SQLBind($0) }
                select = select.where(SQLColumn(dimension.column, table: "c"), .in, SQLGroupExpression(numbers))
            case .firstResponder:
                // Bound as ids: PostgreSQL compares no uuid column with text.
                let ids = values.compactMap { UUID(uuidString: $0) }.sorted { $0.uuidString < $1.uuidString }.map { SQLBind($0) }
                select = select.where(SQLColumn(dimension.column, table: "c"), .in, SQLGroupExpression(ids))
            default:
                select = select.where(SQLColumn(dimension.column, table: "c"), .in, SQLGroupExpression(bound))
            }
        }
        if let within = query.within { select = Self.restrict(select, to: within) }
        for (expression, _) in keyColumns { select = select.groupBy(expression) }
        let rows = try await select.all()
        let result = ProfileResult(dimensions: query.dimensions, rows: rows.map { row in
            (keyColumns.map { Self.key(row, $0.1) }, Self.count(row, "n"), Self.count(row, "s"))
        })
        return remappingBCU(result)
    }

    /// Only the cases a data-sharing agreement covers: identified in one of its boroughs, or
    /// with one of its organisations as first responder. An agreement that covers nothing
    /// lets nothing through.
    static func restrict(_ select: SQLSelectBuilder, to within: CoveredCases) -> SQLSelectBuilder {
        let boroughs = within.boroughs.sorted().map { SQLBind($0) }
        let organisations = within.organisations.compactMap { UUID(uuidString: $0) }.sorted { $0.uuidString < $1.uuidString }
            .map { SQLBind($0) }
        let byBorough = SQLBinaryExpression(SQLColumn(ProfileDimension.boroughIdentified.column, table: "c"), .in, SQLGroupExpression(boroughs))
        let byOrganisation = SQLBinaryExpression(SQLColumn(ProfileDimension.firstResponder.column, table: "c"), .in,
                                                 SQLGroupExpression(organisations))
        switch (boroughs.isEmpty, organisations.isEmpty) {
        case (false, false): return select.where(group: { $0.where(byBorough).orWhere(byOrganisation) })
        case (false, true): return select.where(byBorough)
        case (true, false): return select.where(byOrganisation)
        case (true, true): return select.where(SQLBinaryExpression(SQLLiteral.numeric("1"), .equal, SQLLiteral.numeric("0")))
        }
    }

    /// Boroughs grouped into their police BCU (the City of London has its own force).
    func remappingBCU(_ result: ProfileResult) -> ProfileResult {
        guard result.dimensions.contains(.bcu) else { return result }
        return result.remapping(.bcu, to: .bcu) { code in
            boroughs.borough(code: code).map { $0.bcuCode ?? "CITY" } ?? ""
        }
    }

    /// A count, whatever type the database returned it as (PostgreSQL sums integers as NUMERIC).
    static func count(_ row: any SQLRow, _ alias: String) -> Int {
        if let n = try? row.decode(column: alias, as: Int.self) { return n }
        if let n = try? row.decode(column: alias, as: Int64.self) { return Int(n) }
        if let d = try? row.decode(column: alias, as: Decimal.self) { return NSDecimalNumber(decimal: d).intValue }
        if let d = try? row.decode(column: alias, as: Double.self) { return Int(d.rounded()) }
        if let t = try? row.decode(column: alias, as: String.self) { return Int(Double(t) ?? 0) }
        return 0
    }

    /// A group key as text, whatever type the database returned it as.
    static func key(_ row: any SQLRow, _ alias: String) -> String {
        if let isNull = try? row.decodeNil(column: alias), isNull { return "" }
        if let text = try? row.decode(column: alias, as: String.self) { return text }
        if let number = try? row.decode(column: alias, as: Int.self) { return String(number) }
        if let id = try? row.decode(column: alias, as: UUID.self) { return id.uuidString }
        return ""
    }
}
