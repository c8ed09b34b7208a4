import Foundation
import SQLKit
import LanternCore

/// Answers a problem-profile question from the summary table (`profile_cells`, kept by
/// `ProfileCellTriggers`): the cells of one cuboid over the question's quarters, added up by
/// the question's dimensions. The answer is the one the GROUP BY over the cases gives (the
/// same counts and key sums, so the same perturbed figures), read from cells whose number
/// does not grow with the number of cases.
struct ProfileCellReader {
    let sql: any SQLDatabase
    let boroughs: BoroughCatalogue

    /// `cuboid` must be `ProfileCuboid.answering(query)`. BCUs come back as their boroughs.
    func run(_ query: ProfileQuery, from cuboid: ProfileCuboid) async throws -> ProfileResult {
        let table = ProfileCellTriggers.schema
        let keyColumns = query.dimensions.enumerated().map { index, dimension in
            (column: column(for: dimension, in: cuboid), alias: "k\(index)")
        }
        var select = sql.select().from(table)
        for key in keyColumns { select = select.column(SQLAlias(SQLColumn(key.column), as: SQLIdentifier(key.alias))) }
        select = select
            .column(SQLAlias(SQLFunction("SUM", args: SQLColumn("n")), as: SQLIdentifier("n")))
            .column(SQLAlias(SQLFunction("SUM", args: SQLColumn("s")), as: SQLIdentifier("s")))
            .where("dims", .equal, SQLBind(cuboid.code))
            .where("quarter", .greaterThanOrEqual, SQLBind(query.from.code))
            .where("quarter", .lessThanOrEqual, SQLBind(query.to.code))
        for (dimension, values) in query.filters.sorted(by: { $0.key.rawValue < $1.key.rawValue }) where !values.isEmpty {
            let target = SQLColumn(column(for: dimension, in: cuboid))
            switch dimension {
            case .year, .quarter, .month:
                select = select.where(target, .in, SQLGroupExpression(values.compactMap(Int.init).sorted().map { SQLBind($0) }))
            case .bcu:
                let codes = boroughs.all.filter { values.contains($0.bcuCode ?? "") }.map(\.onsCode).sorted()
                select = select.where(target, .in, SQLGroupExpression(codes.map { SQLBind($0) }))
            case .firstResponder:
                select = select.where(target, .in, SQLGroupExpression(values.compactMap { UUID(uuidString: $0)?.uuidString }.sorted().map { SQLBind($0) }))
            default:
                select = select.where(target, .in, SQLGroupExpression(values.sorted().map { SQLBind($0) }))
            }
        }
        if let within = query.within { select = restrict(select, to: within, in: cuboid) }
        for key in keyColumns { select = select.groupBy(SQLColumn(key.column)) }
        select = select.having(SQLFunction("SUM", args: SQLColumn("n")), .greaterThan, SQLBind(0))
        let rows = try await select.all()
        return ProfileResult(dimensions: query.dimensions, rows: rows.map { row in
            (keyColumns.map { ProfileRepository.key(row, $0.alias) }, ProfileRepository.count(row, "n"), ProfileRepository.count(row, "s"))
        })
    }

    /// The cells' column holding a dimension: the period columns, or the key column the cuboid keeps it in.
    private func column(for dimension: ProfileDimension, in cuboid: ProfileCuboid) -> String {
        switch dimension {
        case .year: return "year"
        case .quarter: return "quarter"
        case .month: return "month"
        default:
            // `answering` put every dimension of the question in the cuboid.
            let kept = ProfileCellDimension(dimension).flatMap(cuboid.keyIndex(of:)) ?? 0
            return "k\(kept)"
        }
    }

    /// An agreement's cases: identified in one of its boroughs, or recorded by one of its organisations.
    private func restrict(_ select: SQLSelectBuilder, to within: CoveredCases, in cuboid: ProfileCuboid) -> SQLSelectBuilder {
        let byBorough = SQLBinaryExpression(SQLColumn(column(for: .boroughIdentified, in: cuboid)), .in,
                                            SQLGroupExpression(within.boroughs.sorted().map { SQLBind($0) }))
        let byOrganisation = SQLBinaryExpression(SQLColumn(column(for: .firstResponder, in: cuboid)), .in,
                                                 SQLGroupExpression(within.organisations.compactMap { UUID(uuidString: $0)?.uuidString }.sorted().map { SQLBind($0) }))
        switch (within.boroughs.isEmpty, within.organisations.isEmpty) {
        case (false, false): return select.where(group: { $0.where(byBorough).orWhere(byOrganisation) })
        case (false, true): return select.where(byBorough)
        case (true, false): return select.where(byOrganisation)
        case (true, true): return select.where(SQLBinaryExpression(SQLLiteral.numeric("1"), .equal, SQLLiteral.numeric("0")))
        }
    }
}
