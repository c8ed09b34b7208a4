import Fluent
import Foundation
import SQLKit
import LanternCore

/// Runs problem-profile queries over imported figures: SUM(count) grouped by the chosen
/// dimensions, for one measure and span of quarters, for London (London's datasets and the
/// London rows of national ones) or for all the tables cover. Only dimensions the imported
/// tables carry can be chosen; the rest are refused with a reason.
struct DatasetProfileRepository {
    let db: any Database
    let boroughs: BoroughCatalogue
    var scope: ProfileScope = .london

    /// Only London's figures, when the profile answers for London.
    private func scoped(_ select: SQLSelectBuilder) -> SQLSelectBuilder {
        scope == .london ? select.where("in_london", .equal, SQLBind(true)) : select
    }

    /// The figures counted in a span of quarters (`ImportedPeriod.counted`): a quarter's when
    /// it lies in the span; a whole year's (stored as the year's code with quarter 0) only
    /// when the span holds all four of its quarters. The range comes first so the index on
    /// the quarter narrows the rows.
    /// A figure's quarter within its year: 1 to 4, or 0 for a whole year's figure.
    private static func quarterOfYear() -> SQLBinaryExpression {
        SQLBinaryExpression(SQLColumn("quarter"), .modulo, SQLLiteral.numeric("10"))
    }

    private static func counted(_ select: SQLSelectBuilder, from: Quarter, to: Quarter) -> SQLSelectBuilder {
        let firstYear = from.quarter == 1 ? from.year : from.year + 1, lastYear = to.quarter == 4 ? to.year : to.year - 1
        let quarter = SQLColumn("quarter")
        let isQuarter = SQLBinaryExpression(quarterOfYear(), .notEqual, SQLLiteral.numeric("0"))
        let isCoveredYear = SQLBinaryExpression(SQLBinaryExpression(quarter, .greaterThanOrEqual, SQLBind(firstYear * 10)), .and,
                                                SQLBinaryExpression(quarter, .lessThanOrEqual, SQLBind(lastYear * 10)))
        return select.where("quarter", .greaterThanOrEqual, SQLBind(min(from.code, firstYear * 10)))
            .where("quarter", .lessThanOrEqual, SQLBind(to.code))
            .where(SQLGroupExpression(SQLBinaryExpression(isQuarter, .or, isCoveredYear)))
    }

    /// Whether the measure has whole years' figures (a source that records no quarter) in the
    /// years the span touches, in any area.
    func countsWholeYears(measure: String, from: Quarter, to: Quarter) async throws -> Bool {
        guard let sql = db as? any SQLDatabase else { return false }
        let isYear = SQLBinaryExpression(Self.quarterOfYear(), .equal, SQLLiteral.numeric("0"))
        return try await sql.select().column("id").from(DatasetFigure.schema).where("measure", .equal, SQLBind(measure))
            .where("quarter", .greaterThanOrEqual, SQLBind(from.year * 10)).where("quarter", .lessThanOrEqual, SQLBind(to.year * 10))
            .where(isYear).limit(1).first() != nil
    }

    /// Whether any figure of the measure in the span is in this scope.
    func hasFigures(measure: String, from: Quarter, to: Quarter) async throws -> Bool {
        guard let sql = db as? any SQLDatabase else { return false }
        let select = sql.select().column("id").from(DatasetFigure.schema).where("measure", .equal, SQLBind(measure))
        return try await scoped(Self.counted(select, from: from, to: to)).limit(1).first() != nil
    }

    /// The figures' column for each dimension they carry.
    static func column(_ dimension: ProfileDimension) -> String? {
        switch dimension {
        case .boroughIdentified, .bcu: "borough"
        case .exploitationCombination: "exploitation_type"
        case .ageGroupAtExploitation, .ageGroup: "age_group"
        case .gender: "gender"
        case .nationality: "nationality"
        case .firstResponderType: "first_responder_type"
        case .firstResponder: "first_responder"
        case .quarter, .year: "quarter"
        default: nil
        }
    }

    static let supported: [ProfileDimension] = [.boroughIdentified, .bcu, .exploitationCombination, .ageGroupAtExploitation, .gender,
                                                .nationality, .firstResponderType, .firstResponder, .year, .quarter]

    func run(_ query: ProfileQuery, measure: String) async throws -> ProfileResult {
        guard let sql = db as? any SQLDatabase else { return ProfileResult(dimensions: query.dimensions, rows: []) }
        var select = sql.select().from(DatasetFigure.schema)
        let keys = query.dimensions.enumerated().map { index, dimension -> (any SQLExpression, String) in
            let column = SQLColumn(Self.column(dimension) ?? "borough")
            let expression: any SQLExpression = dimension == .year ? SQLBinaryExpression(column, .divide, SQLLiteral.numeric("10")) : column
            return (expression, "k\(index)")
        }
        for (expression, alias) in keys { select = select.column(SQLAlias(expression, as: SQLIdentifier(alias))) }
        select = select.column(SQLAlias(SQLFunction("SUM", args: SQLColumn("count")), as: SQLIdentifier("n")))
            .where("measure", .equal, SQLBind(measure))
        select = scoped(Self.counted(select, from: query.from, to: query.to))
        for (dimension, values) in query.filters.sorted(by: { $0.key.rawValue < $1.key.rawValue }) where !values.isEmpty {
            switch dimension {
            case .exploitationType:
                // Imported tables hold combinations ("Labour & Criminal"): a type filter matches any that include it.
                let labels = values.compactMap { ExploitationType(rawValue: $0) }.map { $0 == .domestic ? "Domestic" : $0.rawValue }
                select = select.where(SQLGroupExpression(labels.map { label in
                    SQLBinaryExpression(SQLColumn("exploitation_type"), .like, SQLBind("%\(label)%"))
                }.reduce(nil as (any SQLExpression)?) { partial, next in
                    partial.map { SQLBinaryExpression($0, .or, next) } ?? next
                } ?? SQLLiteral.boolean(false)))
            default:
                guard let column = Self.column(dimension) else { continue }
                select = select.where(SQLColumn(column), .in, SQLGroupExpression(Array(values).sorted().map { SQLBind($0) }))
            }
        }
        for (expression, _) in keys { select = select.groupBy(expression) }
        let rows = try await select.all()
        // A year is computed (quarter / 10): read as the number it is, whatever type the
        // database gives the division (PostgreSQL's bigint would not read as text).
        let result = ProfileResult(dimensions: query.dimensions, counts: rows.map { row in
            (zip(query.dimensions, keys).map { dimension, key in
                dimension == .year ? String(ProfileRepository.count(row, key.1)) : ProfileRepository.key(row, key.1)
            }, ProfileRepository.count(row, "n"))
        })
        return ProfileRepository(db: db, boroughs: boroughs).remappingBCU(result)
    }

    /// Which dimensions a measure's figures record in a span of quarters: a column counts
    /// as recorded when any figure in the span has a value in it (one query, every column);
    /// the quarter only when no figure counts a whole year.
    func coverage(measure: String, from: Quarter, to: Quarter) async throws -> SourceCoverage {
        guard let sql = db as? any SQLDatabase else { return SourceCoverage(recorded: []) }
        let columns = Array(Set(Self.supported.compactMap(Self.column))).filter { $0 != "quarter" }.sorted()
        var select = sql.select().from(DatasetFigure.schema)
        for column in columns {
            // The longest value: above zero when any figure records something here.
            let recorded = SQLFunction("MAX", args: SQLFunction("LENGTH", args: SQLColumn(column)))
            select = select.column(SQLAlias(recorded, as: SQLIdentifier(column)))
        }
        // The finest period: 0 when some figure counts a whole year.
        let finest = SQLFunction("MIN", args: Self.quarterOfYear())
        select = select.column(SQLAlias(finest, as: SQLIdentifier("finest")))
        select = scoped(Self.counted(select.where("measure", .equal, SQLBind(measure)), from: from, to: to))
        guard let row = try await select.first() else { return SourceCoverage(recorded: [.quarter]) }
        let recordedColumns = Set(columns.filter { ProfileRepository.count(row, $0) > 0 })
        let byQuarter = (try? row.decodeNil(column: "finest")) == true || ProfileRepository.count(row, "finest") > 0
        return SourceCoverage(recorded: Set(Self.supported.filter { dimension in
            switch dimension {
            case .year: true
            case .quarter: byQuarter
            default: Self.column(dimension).map(recordedColumns.contains) ?? false
            }
        }))
    }

    /// The latest population of each borough on or before a quarter, if one was imported.
    func populations(upTo quarter: Quarter) async throws -> [String: Int] {
        guard let sql = db as? any SQLDatabase else { return [:] }
        let rows = try await sql.select().column("borough").column("quarter").column("count").from(DatasetFigure.schema)
            .where("measure", .equal, SQLBind("population")).where("quarter", .lessThanOrEqual, SQLBind(quarter.code))
            .where("borough", .notEqual, SQLBind("")).orderBy("quarter").all()
        var latest: [String: Int] = [:]
        for row in rows {
            if let borough = try? row.decode(column: "borough", as: String.self), let count = try? row.decode(column: "count", as: Int.self) {
                latest[borough] = count
            }
        }
        return latest
    }
}
