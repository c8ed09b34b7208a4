import Fluent
import Foundation
import SQLKit
import LanternCore

/// The figures of the annual report, in the shape London's leads network publishes them:
/// NRM referrals by London councils by borough (adult / child), this year against last by
/// borough, by police BCU, by exploitation type, and quarter by quarter. The tables are
/// released together and overlap (BCUs add up boroughs, the quarters add up the year), so
/// disclosure control runs over all of them at once as sums of the same underlying cells.
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
    var tables: [Table]
    var rules: DisclosureRules
    var producedAt: Date
    var referrals: Int

    /// One group of referred cases: the finest cell every published figure adds up.
    struct Atom: Hashable {
        var borough: String
        var age: String
        var council: Bool
        var quarter: Int
        var id: String { "\(borough)|\(age)|\(council ? 1 : 0)|\(quarter)" }
    }

    static func build(year: Int, db: any Database, boroughs: BoroughCatalogue, rules: DisclosureRules, now: Date) async throws -> AnnualReport {
        guard let sql = db as? any SQLDatabase else { throw LanternError.notFound }
        let lo = (year - 1) * 10 + 1, hi = year * 10 + 4
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
        let types = try await typeCounts(sql, year: year)

        // Every figure the report publishes, as a sum of atoms.
        var figures: [FigureDefinition] = []
        func add(_ id: String, _ include: (Atom) -> Bool) {
            let members = atoms.filter { include($0.key) }
            figures.append(FigureDefinition(id: id, atoms: Set(members.keys.map(\.id)), value: members.values.reduce(0, +)))
        }
        let boroughKeys = boroughs.all.map(\.onsCode) + (atoms.keys.contains { $0.borough.isEmpty } ? [""] : [])
        let ages = [AgeGroup.adult, .child, .unknown]
        let thisYear = { (a: Atom) in a.quarter / 10 == year }
        for b in boroughKeys {
            for age in ages { add("councils|\(b)|\(age.code)") { $0.council && thisYear($0) && $0.borough == b && $0.age == age.rawValue } }
            add("councils|\(b)|all") { $0.council && thisYear($0) && $0.borough == b }
            add("years|\(b)|\(year - 1)") { $0.quarter / 10 == year - 1 && $0.borough == b }
            add("years|\(b)|\(year)") { thisYear($0) && $0.borough == b }
        }
        for age in ages { add("councils|all|\(age.code)") { $0.council && thisYear($0) && $0.age == age.rawValue } }
        add("councils|all|all") { $0.council && thisYear($0) }
        add("years|all|\(year - 1)") { $0.quarter / 10 == year - 1 }
        add("years|all|\(year)") { thisYear($0) }
        let bcus = Array(Set(boroughs.all.map { $0.bcuCode ?? "CITY" })).sorted()
        for bcu in bcus {
            let members = Set(boroughs.all.filter { ($0.bcuCode ?? "CITY") == bcu }.map(\.onsCode))
            add("bcu|\(bcu)") { thisYear($0) && members.contains($0.borough) }
        }
        for q in 1...4 { add("quarter|\(q)") { $0.quarter == year * 10 + q } }

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
                            rows: (1...4).map { Row(label: .named("\(year) Q\($0)"), values: [value("quarter|\($0)")]) }))
        let total = atoms.filter { $0.key.quarter / 10 == year }.values.reduce(0, +)
        return AnnualReport(year: year, tables: tables, rules: rules, producedAt: now, referrals: total)
    }

    static func typeCounts(_ sql: any SQLDatabase, year: Int) async throws -> [String: Int] {
        let rows = try await sql.select()
            .column(SQLAlias(SQLColumn("type", table: "t"), as: SQLIdentifier("k")))
            .column(SQLAlias(SQLFunction("COUNT", args: SQLLiteral.all), as: SQLIdentifier("n")))
            .from(SQLAlias(SQLIdentifier(CaseRecord.schema), as: SQLIdentifier("c")))
            .join(SQLAlias(SQLIdentifier(CaseExploitationType.schema), as: SQLIdentifier("t")), method: SQLJoinMethod.inner,
                  on: SQLColumn("case_id", table: "t"), .equal, SQLColumn("id", table: "c"))
            .where(SQLColumn("referred_quarter", table: "c"), .greaterThanOrEqual, SQLBind(year * 10 + 1))
            .where(SQLColumn("referred_quarter", table: "c"), .lessThanOrEqual, SQLBind(year * 10 + 4))
            .groupBy(SQLColumn("type", table: "t"))
            .all()
        var counts = Dictionary(uniqueKeysWithValues: ExploitationType.allCases.map { ($0.rawValue, 0) })
        for row in rows { counts[ProfileRepository.key(row, "k"), default: 0] += ProfileRepository.count(row, "n") }
        return counts
    }
}
