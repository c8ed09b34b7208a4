import Fluent
import Foundation
import SQLKit
import Testing
import VaporTesting
@testable import LanternApp
@testable import LanternCore

/// Data-sharing agreements over HTTP: the secretariat records one; the person it names sees
/// exact figures for the cases it covers (and only those), every view audited, while it is in
/// force; nobody else does; downloads and the API stay controlled; ending it closes the view,
/// once, however many ask at the same moment; a bad agreement is refused field by field.
@Suite struct DataSharingAgreementHTTPTests {
    struct Parties {
        let council: Organisation, police: Organisation
        let secretariat: TestPerson, analyst: TestPerson, otherAnalyst: TestPerson
    }

    static let hackney = "E09000012", islington = "E09000019"

    static func parties(_ lantern: TestLantern, cases: Int) async throws -> Parties {
        let council = try await ProfileHTTPTests.seed(lantern, cases: cases)
        let police = try await lantern.makeOrganisation("Metropolitan Police Service", kind: .police)
        let board = try await lantern.makeOrganisation("London Modern Slavery Leads Network")
        return Parties(council: council, police: police,
                       secretariat: try await lantern.makePerson(in: board, roles: [.boardSecretariat]),
                       analyst: try await lantern.makePerson(in: council, roles: [.analyst]),
                       otherAnalyst: try await lantern.makePerson(in: police, roles: [.analyst]))
    }

    static func fields(_ p: Parties, today: Day, from: Int = -10, until: Int = 300) -> [(String, String)] {
        [("title", "Hackney and Met data sub-group ISA"), ("purpose", "Pooling police and council figures for the data sub-group."),
         ("parties[]", p.council.id!.uuidString), ("parties[]", p.police.id!.uuidString),
         ("lawfulBasis", LawfulBasis.publicTask.rawValue), ("condition", SpecialCategoryCondition.substantialPublicInterest.rawValue),
         ("from", today.adding(days: from).iso), ("until", today.adding(days: until).iso),
         ("people[]", p.analyst.id.uuidString), ("boroughs[]", hackney), ("boroughs[]", islington)]
    }

    /// Records an agreement through the form and returns its id.
    static func record(_ lantern: TestLantern, _ p: Parties, _ fields: [(String, String)]) async throws -> String {
        let browser = try await lantern.signedIn(p.secretariat)
        try await browser.get("/profile/agreements/new")
        let response = try await browser.post("/profile/agreements/new", fields)
        #expect(response.status == .seeOther)
        return try #require(response.location?.split(separator: "/").last.map(String.init))
    }

    @Test(arguments: TestDatabase.available)
    func aNamedAnalystSeesExactFiguresForWhatItCoversEveryViewAuditedAndNothingLeavesUncontrolled(database: TestDatabase) async throws {
        try await TestLantern.run(database) { lantern in
            let p = try await Self.parties(lantern, cases: 1_200)
            let id = try await Self.record(lantern, p, Self.fields(p, today: lantern.today))
            let to = Quarter(containing: lantern.today), from = to.adding(quarters: -7)

            // The truth, counted here: the covered boroughs' cases by age group.
            let sql = try #require(lantern.app.db as? any SQLDatabase)
            let rows = try await sql.raw("""
                SELECT age_group, COUNT(*) AS n FROM cases WHERE identified_quarter BETWEEN \(bind: from.code) AND \(bind: to.code)
                AND borough_identified IN (\(binds: [Self.hackney, Self.islington])) GROUP BY age_group
                """).all()
            let truth = rows.map { ProfileRepository.count($0, "n") }
            let total = truth.reduce(0, +)
            #expect(total > 0 && truth.contains { $0 < 10 }, "the fixture has small figures to show exactly")
            let everywhere = try await sql.raw("SELECT COUNT(*) AS n FROM cases WHERE identified_quarter BETWEEN \(bind: from.code) AND \(bind: to.code)")
                .first().map { ProfileRepository.count($0, "n") } ?? 0
            #expect(everywhere > total, "cases elsewhere exist and must not be counted")

            let analyst = try await lantern.signedIn(p.analyst)
            let list = try await analyst.get("/profile/agreements")
            #expect(list.status == .ok)
            #expect(list.body.string.contains("/profile/agreements/\(id)/figures"))
            let page = try await analyst.get("/profile/agreements/\(id)/figures?rows=age_group&from=\(from.text)&to=\(to.text)")
            #expect(page.status == .ok)
            let html = page.body.string
            #expect(html.contains("Exact figures, with nothing withheld or adjusted"))
            #expect(!html.contains("download.csv") && !html.contains("download.json"), "no download of exact figures")
            let shown = ProfileHTTPTests.cellNumbers(html)
            for figure in truth { #expect(shown.contains(figure), "\(figure) shown as it is") }
            #expect(shown.contains(total), "the total is exact too")
            #expect(!shown.contains(everywhere) || everywhere == total)

            // Every view is audited against the agreement.
            let views = try await AuditEntry.query(on: lantern.app.db).filter(\.$action == "profile.exact_viewed").all()
            #expect(views.count == 1)
            #expect(views.first?.recordID == id && views.first?.actorUserID == p.analyst.id.uuidString)

            // Downloads and the API keep the cell key method, whoever asks.
            let csv = try await analyst.get("/profile/download.csv?rows=age_group&from=\(from.text)&to=\(to.text)")
            #expect(csv.status == .ok && csv.body.string.contains("cell key"))
            #expect(!csv.body.string.contains("Exact figures"))

            // Someone the agreement does not name: the page does not exist for them.
            let other = try await lantern.signedIn(p.otherAnalyst)
            #expect(try await other.get("/profile/agreements/\(id)/figures").status == .notFound)
            #expect(try await AuditEntry.query(on: lantern.app.db).filter(\.$action == "profile.exact_viewed")
                        .filter(\.$actorUserID == p.otherAnalyst.id.uuidString).first()?.outcome == "denied")
            #expect(try await other.get("/profile/agreements").body.string.contains("No data-sharing agreement names you"))
            #expect(try await other.get("/profile/agreements/not-an-id/figures").status == .notFound)

            // The secretariat sees the view on the agreement's page, then ends the agreement.
            let secretariat = try await lantern.signedIn(p.secretariat)
            let shownAgreement = try await secretariat.get("/profile/agreements/\(id)")
            #expect(shownAgreement.status == .ok)
            #expect(shownAgreement.body.string.contains(p.analyst.user.displayName))
            #expect(try await secretariat.post("/profile/agreements/\(id)/end", [("reason", "")]).status == .unprocessableEntity)
            #expect(try await secretariat.post("/profile/agreements/\(id)/end", [("reason", "Withdrawn by the council")]).status == .seeOther)
            #expect(try await analyst.get("/profile/agreements/\(id)/figures").status == .notFound)
            #expect(try await analyst.get("/profile/agreements").body.string.contains("Ended early"))

            // The analysts' trail names what happened, in words.
            let importer = try await lantern.signedIn(try await lantern.makePerson(in: p.council, roles: [.analyst]))
            let trail = try await importer.get("/profile/datasets/activity").body.string
            for words in ["Recorded a data-sharing agreement", "Viewed exact figures under a data-sharing agreement",
                          "Ended a data-sharing agreement early"] {
                #expect(trail.contains(words), "\(words)")
            }
        }
    }

    @Test(arguments: TestDatabase.available)
    func fortyPeopleEndingAnAgreementAtOnceEndItOnce(database: TestDatabase) async throws {
        try await TestLantern.run(database) { lantern in
            let p = try await Self.parties(lantern, cases: 20)
            let id = try await Self.record(lantern, p, Self.fields(p, today: lantern.today))
            var browsers: [TestBrowser] = []
            for _ in 0..<4 {
                let browser = try await lantern.signedIn(p.secretariat)
                try await browser.get("/profile/agreements/\(id)")
                browsers.append(browser)
            }
            let statuses = try await withThrowingTaskGroup(of: HTTPStatus.self) { group in
                for index in 0..<40 {
                    let browser = browsers[index % browsers.count]
                    group.addTask { try await browser.post("/profile/agreements/\(id)/end", [("reason", "Replaced by ISA \(index)")]).status }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(statuses.filter { $0 == .seeOther }.count == 1)
            #expect(statuses.filter { $0 == .conflict }.count == 39)
            let ended = try await AuditEntry.query(on: lantern.app.db).filter(\.$action == "data_sharing_agreement.ended").count()
            #expect(ended == 1)
        }
    }

    @Test(arguments: TestDatabase.available)
    func anAgreementIsRefusedFieldByFieldAndNothingIsStored(database: TestDatabase) async throws {
        try await TestLantern.run(database) { lantern in
            let p = try await Self.parties(lantern, cases: 10)
            let caseWorker = try await lantern.makePerson(in: p.council, roles: [.caseWorker])
            let charity = try await lantern.makeOrganisation("Hope for Justice", kind: .charity)
            let outsider = try await lantern.makePerson(in: charity, roles: [.analyst])
            let browser = try await lantern.signedIn(p.secretariat)
            try await browser.get("/profile/agreements/new")
            let empty = try await browser.post("/profile/agreements/new", [])
            #expect(empty.status == .unprocessableEntity)
            for field in ["title", "purpose", "parties", "lawfulBasis", "condition", "from", "until", "people", "boroughs"] {
                #expect(empty.body.string.contains("href=\"#\(field)\""), "\(field)")
            }
            let good = Self.fields(p, today: lantern.today)
            func replacing(_ name: String, with values: [String]) -> [(String, String)] {
                good.filter { $0.0 != name } + values.map { (name, $0) }
            }
            let cases: [(String, [(String, String)])] = [
                ("until", replacing("until", with: [lantern.today.adding(days: -20).iso])),
                ("until", replacing("until", with: [lantern.today.adding(days: 3 * 366).iso])),
                ("from", replacing("from", with: ["31/03/2026"])),
                ("people", replacing("people[]", with: [caseWorker.id.uuidString])),
                ("people", replacing("people[]", with: [UUID().uuidString])),
                ("parties", replacing("parties[]", with: [p.council.id!.uuidString])),
                ("boroughs", replacing("boroughs[]", with: ["E09999999"])),
                ("lawfulBasis", replacing("lawfulBasis", with: ["because"])),
                ("people", replacing("people[]", with: [outsider.id.uuidString])),
                ("organisations", good + [("organisations[]", charity.id!.uuidString)]),
                ("title", replacing("title", with: [String(repeating: "x", count: 201)])),
                ("title", replacing("title", with: ["ISA\u{1B}[31m"])),
                ("purpose", replacing("purpose", with: ["Pooling\u{0}figures"])),
            ]
            for (field, fields) in cases {
                let response = try await browser.post("/profile/agreements/new", fields)
                #expect(response.status == .unprocessableEntity, "\(field)")
                #expect(response.body.string.contains("href=\"#\(field)\""), "\(field)")
            }
            #expect(try await DataSharingAgreement.query(on: lantern.app.db).count() == 0)
            #expect(try await DataSharingAgreementEntry.query(on: lantern.app.db).count() == 0)
            // Whoever records it is never one it names, whatever other roles they hold.
            let both = try await lantern.makePerson(in: p.council, roles: [.boardSecretariat, .analyst])
            let recorder = try await lantern.signedIn(both)
            try await recorder.get("/profile/agreements/new")
            let selfNamed = try await recorder.post("/profile/agreements/new", replacing("people[]", with: [both.id.uuidString]))
            #expect(selfNamed.status == .unprocessableEntity && selfNamed.body.string.contains("cannot name the person recording it"))
            #expect(try await DataSharingAgreement.query(on: lantern.app.db).count() == 0)
            // Only the secretariat (or a platform administrator) records one.
            let analyst = try await lantern.signedIn(p.analyst)
            #expect(try await analyst.get("/profile/agreements/new").status == .forbidden)
        }
    }

    @Test(arguments: TestDatabase.available)
    func anAgreementOpensNothingBeforeItsFirstDayOrAfterItsLast(database: TestDatabase) async throws {
        try await TestLantern.run(database) { lantern in
            let p = try await Self.parties(lantern, cases: 10)
            let early = try await Self.record(lantern, p, Self.fields(p, today: lantern.today, from: 1, until: 100))
            let analyst = try await lantern.signedIn(p.analyst)
            #expect(try await analyst.get("/profile/agreements/\(early)/figures").status == .notFound)
            #expect(try await analyst.get("/profile/agreements").body.string.contains("Not yet in force"))
            // An agreement whose last day has passed (stored as such: the form takes any term).
            let late = try await Self.record(lantern, p, Self.fields(p, today: lantern.today, from: -400, until: -1))
            #expect(try await analyst.get("/profile/agreements/\(late)/figures").status == .notFound)
            #expect(try await analyst.get("/profile/agreements").body.string.contains("Expired"))
            let today = try await Self.record(lantern, p, Self.fields(p, today: lantern.today, from: 0, until: 0))
            #expect(try await analyst.get("/profile/agreements/\(today)/figures").status == .ok)
            let views = try await AuditEntry.query(on: lantern.app.db).filter(\.$action == "profile.exact_viewed").all()
            #expect(views.filter { $0.outcome == "succeeded" }.count == 1)
            #expect(views.filter { $0.outcome == "denied" }.compactMap(\.recordID).sorted() == [early, late].sorted(), "refusals are recorded too")
        }
    }
}
