import Fluent
import Foundation
import SQLKit
import Testing
import VaporTesting
@testable import LanternApp
@testable import LanternCore

/// The annual report as the network publishes it: a year not yet over is a part-year of its
/// complete quarters, compared with the same quarters before; every table says which
/// referrals it counts; the secretariat's narrative sits around the figures, saved once over
/// the version it was written on however many save at once; and the server prints the same
/// report to PDF.
@Suite struct AnnualReportHTTPTests {
    /// Referrals in quarters `from...to` (codes like 20261), by every referrer or by councils only.
    static func referrals(_ lantern: TestLantern, from: Int, to: Int, councilsOnly: Bool = false) async throws -> Int {
        let sql = try #require(lantern.app.db as? any SQLDatabase)
        let row = try await sql.raw("""
            SELECT COUNT(*) AS n FROM cases WHERE referred_quarter BETWEEN \(bind: from) AND \(bind: to)
            \(unsafeRaw: councilsOnly ? "AND first_responder_type = '\(FirstResponderType.localAuthority.rawValue)'" : "")
            """).first()
        return row.map { ProfileRepository.count($0, "n") } ?? 0
    }

    @Test(arguments: TestDatabase.available)
    func aPartYearCountsItsCompleteQuartersAgainstTheSameQuartersOfTheYearBefore(database: TestDatabase) async throws {
        try await TestLantern.run(database) { lantern in
            let council = try await ProfileHTTPTests.seed(lantern, cases: 600)
            let year = lantern.today.components.year
            // The clock's year has no complete quarter yet: the report says so and counts nothing.
            let secretariat = try await lantern.makePerson(in: council, roles: [.boardSecretariat])
            var browser = try await lantern.signedIn(secretariat)
            let empty = try await browser.get("/profile/annual-report")
            #expect(empty.status == .ok)
            #expect(empty.body.string.contains("No quarter of \(year) is complete yet"))

            // Into the third quarter: the first two are complete.
            let now = lantern.today
            let august = try #require(Day(year: now.components.year, month: 8, day: 10))
            lantern.clock.advance(TimeInterval(august.daysSinceEpoch - now.daysSinceEpoch) * 86_400)
            #expect(AnnualReport.lastCompleteQuarter(of: year, today: lantern.today) == 2)
            browser = try await lantern.signedIn(secretariat)
            let page = try await browser.get("/profile/annual-report?year=\(year - 1)")
            #expect(page.status == .ok)
            #expect(!page.body.string.contains("Part-year"), "a past year is whole")

            let report = try await AnnualReport.build(year: year, through: 2, db: lantern.app.db, boroughs: .london,
                                                      rules: DisclosureRules(threshold: 0), now: Date())
            let before = try await Self.referrals(lantern, from: (year - 1) * 10 + 1, to: (year - 1) * 10 + 2)
            let after = try await Self.referrals(lantern, from: year * 10 + 1, to: year * 10 + 2)
            #expect(before > 0)
            #expect(report.isPartYear && report.referrals == after)
            #expect(report.councilReferrals == (try await Self.referrals(lantern, from: year * 10 + 1, to: year * 10 + 2, councilsOnly: true)))
            let london = try #require(report.tables.first { $0.kind == .years }?.rows.last)
            #expect(london.values[0] == .count(before) && london.values[1] == .count(after), "the same quarters on both sides")
            #expect(report.tables.first { $0.kind == .quarters }?.rows.count == 2)

            let current = try await browser.get("/profile/annual-report?year=\(year)")
            let html = current.body.string
            #expect(html.contains("Part-year"))
            #expect(html.contains("1 January \(year) to 30 June \(year)"))
            #expect(html.contains("1 January \(year - 1) to 30 June \(year - 1)"))
            #expect(html.contains("Counts: referrals made by London&#39;s councils as first responders (no other referrer)"))
            #expect(html.contains("of which London&#39;s councils made"))
            #expect(!html.contains("\(year) Q3"), "the quarter in progress is not counted")
        }
    }

    @Test(arguments: TestDatabase.available)
    func theSecretariatWritesTheNarrativeOnceOverTheVersionItOpened(database: TestDatabase) async throws {
        try await TestLantern.run(database) { lantern in
            let council = try await ProfileHTTPTests.seed(lantern, cases: 20)
            let year = lantern.today.components.year - 1
            let secretariat = try await lantern.signedIn(try await lantern.makePerson(in: council, roles: [.boardSecretariat]))
            let form = try await secretariat.get("/profile/annual-report/narrative?year=\(year)")
            #expect(form.status == .ok)
            #expect(form.body.string.contains("name=\"version\" value=\"0\""))
            let words: [(String, String)] = [("year", String(year)), ("foreword", "A year of <b>joint</b> work.\r\n\r\nThanks to every partner."),
                                             ("context", "The Illegal Migration Act changed the picture."), ("achievements", "Trained 1,200 staff."),
                                             ("challenges", "Waits for decisions grew."), ("next_steps", "A data-sharing agreement with the Met.")]
            #expect(try await secretariat.post("/profile/annual-report/narrative", words + [("version", "0")]).status == .seeOther)
            let page = try await secretariat.get("/profile/annual-report?year=\(year)").body.string
            #expect(page.contains("A year of &lt;b&gt;joint&lt;/b&gt; work."), "written words are escaped")
            #expect(page.contains("<p class=\"body pre-line\">Thanks to every partner.</p>"), "a blank line starts a paragraph")
            for heading in ["Foreword", "Context", "Achievements", "Challenges", "Next steps"] { #expect(page.contains(heading)) }
            #expect(page.range(of: "Foreword")!.lowerBound < page.range(of: "by police Basic Command Unit")!.lowerBound)
            #expect(page.range(of: "Next steps")!.lowerBound > page.range(of: "by police Basic Command Unit")!.lowerBound)

            // A save over a version someone already saved past is refused, nothing lost silently.
            let stale = try await secretariat.post("/profile/annual-report/narrative", words + [("version", "0")])
            #expect(stale.status == .conflict)
            #expect(stale.body.string.contains("Someone saved the narrative after you opened it"))
            #expect(stale.body.string.contains("name=\"version\" value=\"1\""), "comes back over the version now saved")
            // Forty saves over version 1 at once: one is saved.
            let statuses = try await withThrowingTaskGroup(of: HTTPStatus.self) { group in
                for index in 0..<40 {
                    group.addTask {
                        try await secretariat.post("/profile/annual-report/narrative",
                                                   [("year", String(year)), ("version", "1"), ("foreword", "Version \(index)")]).status
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(statuses.filter { $0 == .seeOther }.count == 1)
            #expect(statuses.filter { $0 == .conflict }.count == 39)
            let saved = try #require(try await AnnualReportNarrative.query(on: lantern.app.db).filter(\.$year == year).first())
            #expect(saved.version == 2 && saved.foreword.hasPrefix("Version "))
            #expect(try await AuditEntry.query(on: lantern.app.db).filter(\.$action == "annual_report.narrative_saved").count() == 2)

            // Bad input: refused by field, nothing stored; others cannot write it.
            let long = try await secretariat.post("/profile/annual-report/narrative",
                                                  [("year", String(year)), ("version", "2"), ("challenges", String(repeating: "x", count: 10_001))])
            #expect(long.status == .unprocessableEntity && long.body.string.contains("href=\"#challenges\""))
            let control = try await secretariat.post("/profile/annual-report/narrative",
                                                     [("year", String(year)), ("version", "2"), ("context", "bell\u{7}")])
            #expect(control.status == .unprocessableEntity)
            #expect(try await secretariat.post("/profile/annual-report/narrative", [("year", "1700"), ("version", "0")]).status == .unprocessableEntity)
            #expect(try await AnnualReportNarrative.query(on: lantern.app.db).first()?.version == 2)
            let analyst = try await lantern.signedIn(try await lantern.makePerson(in: council, roles: [.analyst]))
            #expect(try await analyst.get("/profile/annual-report/narrative?year=\(year)").status == .forbidden)
            #expect(!(try await analyst.get("/profile/annual-report?year=\(year)").body.string.contains("Write the report")))
        }
    }

    @Test(arguments: TestDatabase.available)
    func theServerPrintsTheReportToPDF(database: TestDatabase) async throws {
        try await TestLantern.run(database) { lantern in
            let council = try await ProfileHTTPTests.seed(lantern, cases: 50)
            let year = lantern.today.components.year - 1
            let analyst = try await lantern.signedIn(try await lantern.makePerson(in: council, roles: [.analyst]))
            let response = try await analyst.get("/profile/annual-report.pdf?year=\(year)")
            #expect(response.status == .ok, "headless Chromium is installed by scripts/check")
            #expect(response.headers.contentType?.subType == "pdf")
            #expect(response.body.readableBytesView.starts(with: Array("%PDF".utf8)))
            #expect(response.headers.first(name: .contentDisposition)?.contains("lantern-annual-report-\(year).pdf") == true)
            let audited = try await AuditEntry.query(on: lantern.app.db).filter(\.$action == "profile.exported").all()
            #expect(audited.map(\.recordID) == ["annual-report-pdf"])
            #expect(try await analyst.get("/profile/annual-report.pdf?year=1700").status == .unprocessableEntity)
            // The document printed carries its stylesheet and the same words as the page.
            let model = AnnualReportPages.Model(report: try await AnnualReport.build(year: year, db: lantern.app.db, boroughs: .london,
                                                                                   rules: .standard, now: Date()),
                                                years: [year], errors: FormErrors())
            let document = AnnualReportPages.document(model, l: .englishGB)
            #expect(document.hasPrefix("<!doctype html>") && document.contains(".report-section"))
            #expect(document.contains("Content-Security-Policy"))
            #expect(!document.contains("<script") && !document.contains("<form"))
        }
    }
}
