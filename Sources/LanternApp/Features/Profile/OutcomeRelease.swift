import Fluent
import Foundation
import LanternCore
import SQLKit
import Vapor

/// Reads the facts the outcome measures count, one row per case (no name, no free text): the
/// days its referral was submitted and its decisions made (the first of each, from the case's
/// timeline), the outcomes, the person's match key and any spells in immigration detention.
/// Erased cases are not read.
struct OutcomeRepository {
    let db: any Database
    let boroughs: BoroughCatalogue

    func cases() async throws -> [OutcomeMeasures.CaseFacts] {
        guard let sql = db as? any SQLDatabase else { throw Abort(.internalServerError) }
        let submitted = PathwayEventKind.referralSubmitted.rawValue, rg = PathwayEventKind.reasonableGroundsDecision.rawValue,
            cg = PathwayEventKind.conclusiveGroundsDecision.rawValue
        let rows = try await sql.raw("""
            SELECT c.id AS id, c.record_key AS record_key, c.borough_identified AS borough, c.age_group AS age_group,
                   c.person_match_key AS person_key, c.rg_outcome AS rg_outcome, c.cg_outcome AS cg_outcome,
                   e.referred_on AS referred_on, e.rg_on AS rg_on, e.cg_on AS cg_on
            FROM cases c
            LEFT JOIN (SELECT case_id,
                              MIN(CASE WHEN name = \(bind: submitted) THEN occurred_on END) AS referred_on,
                              MIN(CASE WHEN name = \(bind: rg) THEN occurred_on END) AS rg_on,
                              MIN(CASE WHEN name = \(bind: cg) THEN occurred_on END) AS cg_on
                       FROM case_events WHERE name IN (\(bind: submitted), \(bind: rg), \(bind: cg)) GROUP BY case_id) e
              ON e.case_id = c.id
            WHERE c.erased_at IS NULL
            """).all()
        let spells = try await sql.raw("""
            SELECT case_id, from_day, until_day FROM case_accommodation WHERE kind = \(bind: AccommodationKind.immigrationDetention.rawValue)
            """).all()
        var detention: [UUID: [(from: Day, until: Day?)]] = [:]
        for row in spells {
            guard let id = try? row.decode(column: "case_id", as: UUID.self), let from = try? row.decode(column: "from_day", as: Int.self) else { continue }
            let until = (try? row.decode(column: "until_day", as: Int?.self)) ?? nil
            detention[id, default: []].append((Day(daysSinceEpoch: from), until.map(Day.init(daysSinceEpoch:))))
        }
        let bcuOf = Dictionary(boroughs.all.map { ($0.onsCode, $0.bcuCode ?? "") }, uniquingKeysWith: { a, _ in a })
        func day(_ row: any SQLRow, _ column: String) -> Day? {
            ((try? row.decode(column: column, as: Int?.self)) ?? nil).map(Day.init(daysSinceEpoch:))
        }
        func text(_ row: any SQLRow, _ column: String) -> String? { (try? row.decode(column: column, as: String?.self)) ?? nil }
        return rows.compactMap { row in
            guard let id = try? row.decode(column: "id", as: UUID.self), let key = try? row.decode(column: "record_key", as: Int.self) else { return nil }
            let borough = text(row, "borough") ?? ""
            let rgDecision = day(row, "rg_on").flatMap { on in text(row, "rg_outcome").map { OutcomeMeasures.Decision(on: on, positive: $0 == DecisionOutcome.positive.rawValue) } }
            let cgDecision = day(row, "cg_on").flatMap { on in text(row, "cg_outcome").map { OutcomeMeasures.Decision(on: on, positive: $0 == DecisionOutcome.positive.rawValue) } }
            return OutcomeMeasures.CaseFacts(id: id.uuidString, caseKey: key, borough: borough, bcu: bcuOf[borough] ?? "",
                                             ageGroup: text(row, "age_group") ?? "", referredOn: day(row, "referred_on"),
                                             reasonableGrounds: rgDecision, conclusiveGrounds: cgDecision,
                                             personKey: text(row, "person_key"), detention: detention[id] ?? [])
        }
    }
}

/// The outcome measures for one question, each table protected by the profile's disclosure
/// method for case records (the cell key method), with each row's median and 90th percentile
/// wait where the group is large enough. The page and the CSV both read this.
struct OutcomeRelease: Sendable {
    enum Table: String, Sendable, CaseIterable {
        case rgTime = "rg-time"
        case cgTime = "cg-time"
        case rgPending = "rg-pending"
        case cgPending = "cg-pending"
        case rgDecisions = "rg-decisions"
        case cgDecisions = "cg-decisions"
        case referrals
        case detention
    }

    struct Released: Sendable {
        var table: Table
        var rowKeys: [String]
        var columnKeys: [String]
        var figures: DisclosedTable
        /// Waits by row key (and "total"), for the timed tables.
        var waits: [String: OutcomeMeasures.WaitSummary]
    }

    var from: Quarter
    var to: Quarter
    var rows: OutcomeMeasures.Rows
    var tables: [Released]
    var method: DisclosureMethod
    var producedAt: Date

    func table(_ table: Table) -> Released? { tables.first { $0.table == table } }

    static func rowKeys(_ rows: OutcomeMeasures.Rows, from: Quarter, to: Quarter, boroughs: BoroughCatalogue,
                        counted: [[OutcomeMeasures.Counted]]) -> [String] {
        let base: [String]
        switch rows {
        case .borough: base = boroughs.all.sorted { $0.name < $1.name }.map(\.onsCode)
        case .bcu: base = Array(Set(boroughs.all.compactMap(\.bcuCode))).sorted()
        case .ageGroup: base = AgeGroup.allCases.map(\.rawValue)
        case .quarter: base = AfterDecisionFigures.quarterKeys(from: from, to: to)
        }
        // Values outside the list ("" for not recorded) only when counted.
        let extra = Set(counted.joined().map(\.row)).subtracting(base).sorted()
        return base + extra
    }

    static func build(from: Quarter, to: Quarter, rows: OutcomeMeasures.Rows, db: any Database, boroughs: BoroughCatalogue,
                      rules: DisclosureRules, now: Date) async throws -> OutcomeRelease {
        typealias M = OutcomeMeasures
        let method = try ProfileReleaseAssembly.method(forCaseRecords: true, rules: rules)
        let cases = try await OutcomeRepository(db: db, boroughs: boroughs).cases()
        let (first, last) = (AfterDecisionFigures.days(of: from).first, AfterDecisionFigures.days(of: to).last)
        let waitColumns = M.WaitBand.allCases.map(\.rawValue)
        let counted: [(Table, [String], [M.Counted])] = [
            (.rgTime, waitColumns, M.decisionTimes(.reasonableGrounds, cases: cases, from: first, to: last, by: rows)),
            (.cgTime, waitColumns, M.decisionTimes(.conclusiveGrounds, cases: cases, from: first, to: last, by: rows)),
            (.rgPending, waitColumns, M.pending(.reasonableGrounds, cases: cases, from: from, to: to, by: rows)),
            (.cgPending, waitColumns, M.pending(.conclusiveGrounds, cases: cases, from: from, to: to, by: rows)),
            (.rgDecisions, ["positive", "negative"], M.decisions(.reasonableGrounds, cases: cases, from: first, to: last, by: rows)),
            (.cgDecisions, ["positive", "negative"], M.decisions(.conclusiveGrounds, cases: cases, from: first, to: last, by: rows)),
            (.referrals, ["first_referral", "re_referral"], M.referrals(cases: cases, from: first, to: last, by: rows)),
            (.detention, ["detained", "not_detained"], M.detention(cases: cases, from: first, to: last, by: rows)),
        ]
        let rowKeys = Self.rowKeys(rows, from: from, to: to, boroughs: boroughs, counted: counted.map(\.2))
        let tables = counted.map { table, columns, items in
            let keyed = AfterDecisionFigures.keyedTable(rows: rowKeys, columns: columns, counted: M.asCounted(items))
            let timed = [.rgTime, .cgTime, .rgPending, .cgPending].contains(table)
            return Released(table: table, rowKeys: rowKeys, columnKeys: columns, figures: AfterDecisionFigures.protect(keyed, by: method),
                            waits: timed ? M.summaries(items, rows: rowKeys, threshold: rules.threshold) : [:])
        }
        return OutcomeRelease(from: from, to: to, rows: rows, tables: tables, method: method, producedAt: now)
    }
}
