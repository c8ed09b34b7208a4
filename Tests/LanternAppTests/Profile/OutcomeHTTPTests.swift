import Fluent
import Foundation
import SQLKit
import Testing
import VaporTesting
@testable import LanternApp
@testable import LanternCore

/// The outcome measures over HTTP: every table on the page and in the CSV, published under the
/// cell key method (the same question, the same figures), medians only for groups large
/// enough, re-referrals and detention from the records, and bad questions refused by field.
@Suite struct OutcomeHTTPTests {
    @Test(arguments: TestDatabase.available)
    func anAnalystSeesTheOutcomeMeasuresAndDownloadsExactlyThem(database: TestDatabase) async throws {
        try await TestLantern.run(database) { lantern in
            let council = try await ProfileHTTPTests.seed(lantern, cases: 400)
            let analyst = try await lantern.makePerson(in: council, roles: [.analyst])
            let browser = try await lantern.signedIn(analyst)
            let to = Quarter(containing: lantern.today), from = to.adding(quarters: -7)
            let query = "from=\(from.text)&to=\(to.text)"

            // Two referrals of one person: the later one is a re-referral. One person in detention.
            let sql = try #require(lantern.app.db as? any SQLDatabase)
            let referred = try await sql.raw("""
                SELECT c.id AS id, MIN(e.occurred_on) AS on_day FROM cases c JOIN case_events e ON e.case_id = c.id
                WHERE e.name = 'referral_submitted' AND e.occurred_on >= \(bind: AfterDecisionFigures.days(of: from).first.daysSinceEpoch)
                GROUP BY c.id ORDER BY MIN(e.occurred_on) LIMIT 50
                """).all()
            // The first referral in the period, and one made on a later day.
            let firstDay = try #require(referred.first).decode(column: "on_day", as: Int.self)
            let later = try #require(try referred.first { try $0.decode(column: "on_day", as: Int.self) > firstDay })
            let ids = [try referred[0].decode(column: "id", as: UUID.self), try later.decode(column: "id", as: UUID.self)]
            try await sql.raw("UPDATE cases SET person_match_key = 'same-person' WHERE id IN (\(binds: ids))").run()
            let detentionDay = try later.decode(column: "on_day", as: Int.self)
            try await sql.raw("""
                INSERT INTO case_accommodation (id, case_id, kind, from_day, until_day, borough_code, recorded_by, recorded_at)
                VALUES (\(bind: UUID()), \(bind: ids[1]), 'immigration_detention', \(bind: detentionDay), NULL, NULL, \(bind: analyst.id), \(bind: Date()))
                """).run()

            let page = try await browser.get("/profile/outcomes?\(query)")
            #expect(page.status == .ok)
            let html = page.body.string
            for table in OutcomeRelease.Table.allCases { #expect(html.contains("id=\"outcome-\(table.rawValue)\""), "\(table)") }
            #expect(html.contains("Median (days)"))

            // The figures, as the release publishes them, and the truth beneath.
            let release = try await OutcomeRelease.build(from: from, to: to, rows: .borough, db: lantern.app.db, boroughs: .london,
                                                         rules: DisclosureRules(threshold: 5), now: Date())
            let cases = try await OutcomeRepository(db: lantern.app.db, boroughs: .london).cases()
            let (first, last) = (AfterDecisionFigures.days(of: from).first, AfterDecisionFigures.days(of: to).last)
            let truth = OutcomeMeasures.decisions(.reasonableGrounds, cases: cases, from: first, to: last, by: .borough)
            #expect(truth.count > 20)
            let published = try #require(release.table(.rgDecisions))
            guard case .count(let total) = published.figures.grandTotal else { Issue.record("the total was withheld"); return }
            #expect(abs(total - truth.count) <= 5, "a large total is perturbed by a little at most")
            // Medians only for groups of at least the threshold; the whole period has enough.
            let waits = try #require(release.table(.rgTime)?.waits)
            #expect(waits["total"]?.median != nil)
            #expect(waits.values.allSatisfy { $0.count >= 5 || $0.median == nil })
            let referrals = OutcomeMeasures.referrals(cases: cases, from: first, to: last, by: .borough)
            #expect(referrals.filter { $0.column == "re_referral" }.count == 1)
            #expect(OutcomeMeasures.detention(cases: cases, from: first, to: last, by: .borough).filter { $0.column == "detained" }.count == 1)

            // The same question again: the same figures (the cell key method is deterministic).
            let again = try await OutcomeRelease.build(from: from, to: to, rows: .borough, db: lantern.app.db, boroughs: .london,
                                                       rules: DisclosureRules(threshold: 5), now: Date())
            #expect(again.tables.map(\.figures) == release.tables.map(\.figures))

            // The CSV: every table, the same figures as the page.
            let csv = try await browser.get("/profile/outcomes/download.csv?\(query)")
            #expect(csv.status == .ok)
            #expect(csv.body.string.components(separatedBy: "# Table: ").count - 1 == OutcomeRelease.Table.allCases.count)
            #expect(csv.body.string.contains("Positive rate (%)"))
            for by in ["bcu", "age_group", "quarter"] {
                #expect(try await browser.get("/profile/outcomes?\(query)&by=\(by)").status == .ok, "\(by)")
            }

            // Bad questions are refused by field (who may ask is the authorisation matrix's).
            let bad = try await browser.get("/profile/outcomes?from=2026-Q9&by=planet")
            #expect(bad.status == .unprocessableEntity)
            #expect(bad.body.string.contains("error-summary"))
        }
    }
}
