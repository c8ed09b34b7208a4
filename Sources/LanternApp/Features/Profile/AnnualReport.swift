import Fluent
import Foundation
import SQLKit
import LanternCore

/// The figures of the annual report, in the shape London's leads network publishes them:
/// NRM referrals by London councils by borough (adult / child), this year against last by
/// borough, by police BCU, by exploitation type, and quarter by quarter. The tables are
/// released together and overlap (BCUs add up boroughs, the quarters add up the year), so
/// disclosure control runs over all of them at once as sums of the same underlying cells.
///
/// A year not yet over is reported as a part-year: its complete quarters only, compared with
/// the same quarters of the year before (never a part-year against a whole one).
struct AnnualReport: Sendable {
    /// A row's name: a borough, force, type or quarter as recorded, or one of the report's
    /// own rows, which the page words in its language.
    enum Label: Sendable, Equatable {
        case named(String)
        case london
        case notRecorded
        case cityOfLondonPolice
    }

    struct Row: Sendable {
        var label: Label
        var values: [DisclosedValue]
    }

    /// Which table: the page gives each its caption and column headings (`AnnualReportPages`).
    enum Kind: String, Sendable, CaseIterable {
        case councils, years, bcu, types, quarters
    }

    struct Table: Sendable {
        var kind: Kind
        var rows: [Row]
        var id: String { kind.rawValue }
    }

    var year: Int
    /// The last quarter counted: 4 for a whole year, fewer for the year in progress (0: no
    /// quarter of it is complete yet, and nothing is counted).
    var lastQuarter: Int
    var tables: [Table]
    var rules: DisclosureRules
    var producedAt: Date
    /// Referrals by every first responder in the period, and those London's councils made (the
    /// councils table counts only those).
    var referrals: Int
    var councilReferrals: Int

    var isPartYear: Bool { lastQuarter < 4 }

    /// The first and last day counted.
    var period: (first: Day, last: Day) {
        (Day(year: year, month: 1, day: 1)!, AfterDecisionFigures.days(of: Quarter(year: year, quarter: max(1, lastQuarter))!).last)
    }

    /// The same days of the year before, for the comparison.
    var previousPeriod: (first: Day, last: Day) {
        (Day(year: year - 1, month: 1, day: 1)!, AfterDecisionFigures.days(of: Quarter(year: year - 1, quarter: max(1, lastQuarter))!).last)
    }

    /// The last quarter of a year that is complete on a day: 4 for a past year, the quarter
    /// before today's for this year, 0 for a future year or this year's first quarter.
    static func lastCompleteQuarter(of year: Int, today: Day) -> Int {
        let current = Quarter(containing: today)
        if year < current.year { return 4 }
        if year > current.year { return 0 }
        return current.quarter - 1
    }

    /// One group of referred cases: the finest cell every published figure adds up.
    struct Atom: Hashable {
        var borough: String
        var age: String
        var council: Bool
        var quarter: Int
        var id: String { "\(borough)|\(age)|\(council ? 1 : 0)|\(quarter)" }
    }

    static func build(year: Int, through lastQuarter: Int = 4, db: any Database, boroughs: BoroughCatalogue, rules: DisclosureRules,
                      now: Date) async throws -> AnnualReport {
        guard let sql = db as? any SQLDatabase else { throw LanternError.notFound }
        let lo = (year - 1) * 10 + 1, hi = year * 10 + lastQuarter
        let rows = try await sql.select()
            .column(SQLAlias(SQLColumn("borough_identified"), as: SQLIdentifier("b")))
            .column(SQLAlias(SQLColumn("age_group"), as: SQLIdentifier("a")))
            .column(SQLAlias(SQLColumn("first_responder_type"), as: SQLIdentifier("f")))
            .column(SQLAlias(SQLColumn("referred_quarter"), as: SQLIdentifier("q")))
            .column(SQLAlias(SQLFunction("COUNT", args: SQLLiteral.all), as: SQLIdentifier("n")))
            .from(CaseRecord.schema)
            .where("referred_quarter", .greaterThanOrEqual, SQLBind(lo)).where("referred_quarter", .lessThanOrEqual, SQLBind(hi))
            .groupBy("borough_identified").groupBy("age_group").groupBy("first_responder_type").groupBy("referred_quarter")
            .all()
        var atoms: [Atom: Int] = [:]
        for row in rows {
            let atom = Atom(borough: ProfileRepository.key(row, "b"), age: ProfileRepository.key(row, "a"),
                            council: ProfileRepository.key(row, "f") == FirstResponderType.localAuthority.rawValue,
                            quarter: (try? row.decode(column: "q", as: Int.self)) ?? Int(ProfileRepository.key(row, "q")) ?? 0)
            atoms[atom, default: 0] += ProfileRepository.count(row, "n")
        }
        let types = try await typeCounts(sql, year: year, through: lastQuarter)

        // Every figure the report publishes, as a sum of atoms.
        var figures: [FigureDefinition] = []
        func add(_ id: String, _ include: (Atom) -> Bool) {
            let members = atoms.filter { include($0.key) }
            figures.append(FigureDefinition(id: id, atoms: Set(members.keys.map(\.id)), value: members.values.reduce(0, +)))
        }
        let boroughKeys = boroughs.all.map(\.onsCode) + (atoms.keys.contains { $0.borough.isEmpty } ? [""] : [])
        let ages = [AgeGroup.adult, .child, .unknown]
        let thisYear = { (a: Atom) in a.quarter / 10 == year && a.quarter % 10 <= lastQuarter }
        let sameQuartersBefore = { (a: Atom) in a.quarter / 10 == year - 1 && a.quarter % 10 <= lastQuarter }
        for b in boroughKeys {
            for age in ages { add("councils|\(b)|\(age.code)") { $0.council && thisYear($0) && $0.borough == b && $0.age == age.rawValue } }
            add("councils|\(b)|all") { $0.council && thisYear($0) && $0.borough == b }
            add("years|\(b)|\(year - 1)") { sameQuartersBefore($0) && $0.borough == b }
            add("years|\(b)|\(year)") { thisYear($0) && $0.borough == b }
        }
        for age in ages { add("councils|all|\(age.code)") { $0.council && thisYear($0) && $0.age == age.rawValue } }
        add("councils|all|all") { $0.council && thisYear($0) }
        add("years|all|\(year - 1)") { sameQuartersBefore($0) }
        add("years|all|\(year)") { thisYear($0) }
        let bcus = Array(Set(boroughs.all.map { $0.bcuCode ?? "CITY" })).sorted()
        for bcu in bcus {
            let members = Set(boroughs.all.filter { ($0.bcuCode ?? "CITY") == bcu }.map(\.onsCode))
            add("bcu|\(bcu)") { thisYear($0) && members.contains($0.borough) }
        }
        for q in stride(from: 1, through: lastQuarter, by: 1) { add("quarter|\(q)") { $0.quarter == year * 10 + q } }

        let control = DisclosureControl(rules: rules)
        let released = control.protect(figures)
        // Exploitation types count a case once per type, so they are not sums of the cells
        // above; they are released on their own, with no total that could be subtracted.
        let typeReleased = control.protect(types.map { FigureDefinition(id: "type|\($0.key)", atoms: ["type|\($0.key)"], value: $0.value) })
        func value(_ id: String) -> DisclosedValue { released[id] ?? typeReleased[id] ?? .count(0) }
        func label(_ b: String) -> Label { b.isEmpty ? .notRecorded : .named(boroughs.borough(code: b)?.name ?? b) }

        var tables: [Table] = []
        tables.append(Table(kind: .councils,
                            rows: boroughKeys.map { b in Row(label: label(b), values: ages.map { value("councils|\(b)|\($0.code)") } + [value("councils|\(b)|all")]) }
                                + [Row(label: .london, values: ages.map { value("councils|all|\($0.code)") } + [value("councils|all|all")])]))
        tables.append(Table(kind: .years,
                            rows: (boroughKeys + ["all"]).map { b in
                                let before = value("years|\(b)|\(year - 1)"), after = value("years|\(b)|\(year)")
                                let change: DisclosedValue = (before.count != nil && after.count != nil) ? .count(after.count! - before.count!) : .suppressed(.secondary)
                                return Row(label: b == "all" ? .london : label(b), values: [before, after, change])
                            }))
        tables.append(Table(kind: .bcu,
                            rows: bcus.map { bcu in
                                Row(label: bcu == "CITY" ? .cityOfLondonPolice : .named(boroughs.all.first { $0.bcuCode == bcu }?.bcuName ?? bcu),
                                    values: [value("bcu|\(bcu)")])
                            }))
        tables.append(Table(kind: .types,
                            rows: ExploitationType.allCases.map { Row(label: .named($0.rawValue), values: [value("type|\($0.rawValue)")]) }))
        tables.append(Table(kind: .quarters,
                            rows: (0..<lastQuarter).map { Row(label: .named("\(year) Q\($0 + 1)"), values: [value("quarter|\($0 + 1)")]) }))
        let total = atoms.filter { thisYear($0.key) }.values.reduce(0, +)
        let councils = atoms.filter { thisYear($0.key) && $0.key.council }.values.reduce(0, +)
        return AnnualReport(year: year, lastQuarter: lastQuarter, tables: lastQuarter > 0 ? tables : [], rules: rules, producedAt: now,
                            referrals: total, councilReferrals: councils)
    }

    static func typeCounts(_ sql: any SQLDatabase, year: Int, through lastQuarter: Int) async throws -> [String: Int] {
        let rows = try await sql.select()
            .column(SQLAlias(SQLColumn("type", table: "t"), as: SQLIdentifier("k")))
            .column(SQLAlias(SQLFunction("COUNT", args: SQLLiteral.all), as: SQLIdentifier("n")))
            .from(SQLAlias(SQLIdentifier(CaseRecord.schema), as: SQLIdentifier("c")))
            .join(SQLAlias(SQLIdentifier(CaseExploitationType.schema), as: SQLIdentifier("t")), method: SQLJoinMethod.inner,
                  on: SQLColumn("case_id", table: "t"), .equal, SQLColumn("id", table: "c"))
            .where(SQLColumn("referred_quarter", table: "c"), .greaterThanOrEqual, SQLBind(year * 10 + 1))
            .where(SQLColumn("referred_quarter", table: "c"), .lessThanOrEqual, SQLBind(year * 10 + lastQuarter))
            .groupBy(SQLColumn("type", table: "t"))
            .all()
        var counts = Dictionary(uniqueKeysWithValues: ExploitationType.allCases.map { ($0.rawValue, 0) })
        for row in rows { counts[ProfileRepository.key(row, "k"), default: 0] += ProfileRepository.count(row, "n") }
        return counts
    }
}
