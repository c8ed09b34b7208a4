import Fluent
import Foundation
import SQLKit
import Testing
import VaporTesting
@testable import LanternApp
@testable import LanternCore

/// The children's pathway over HTTP, on SQLite and PostgreSQL: the 72-hour clock and its
/// checklist, missing episodes and the return home interview, the markers and the sealed
/// section 45 note, the month a child turns 18, and an adult's case refused.
@Suite struct ChildrenHTTPTests {
    struct World {
        let lantern: TestLantern
        let worker: TestPerson
        let stranger: TestPerson
        let browser: TestBrowser
        let reference: String
    }

    /// A council with a case worker, a child's case identified in Hackney (E09000012), and a
    /// case worker of another council.
    static func world(_ lantern: TestLantern, age: String = "child") async throws -> World {
        let council = try await lantern.makeOrganisation("Hackney Council")
        let other = try await lantern.makeOrganisation("Croydon Council")
        let worker = try await lantern.makePerson(in: council, roles: [.caseWorker])
        let stranger = try await lantern.makePerson(in: other, roles: [.caseWorker, .modernSlaveryLead])
        let api = lantern.api(try await lantern.apiToken(for: worker))
        let created = try await api.post("/api/v1/cases", PathwayHTTPTests.newCase(lantern.today, age: age, identifiedDaysAgo: 3))
        #expect(created.status == .created, "\(created.body.string)")
        let reference = try #require(created.json["reference"] as? String)
        let browser = try await lantern.signedIn(worker)
        return World(lantern: lantern, worker: worker, stranger: stranger, browser: browser, reference: reference)
    }

    /// A moment `hours` before the test clock's now, as the form's date and time (London), to the minute.
    static func fields(_ lantern: TestLantern, hoursAgo hours: Double, prefix: String = "") -> [(String, String)] {
        let at = lantern.clock.now.addingTimeInterval(-hours * 3600)
        let date = prefix.isEmpty ? "date" : prefix + "Date", time = prefix.isEmpty ? "time" : prefix + "Time"
        return [(date, ChildTime.day(of: at).iso), (time, ChildTime.clock(of: at))]
    }

    static func page(_ w: World) async throws -> String {
        let response = try await w.browser.get("/cases/\(w.reference)/children")
        #expect(response.status == .ok)
        return response.body.string
    }

    @Test(arguments: TestDatabase.available)
    func theFirst72HoursRunFromContactAndTheChecklistSaysOverdueInWords(database: TestDatabase) async throws {
        try await TestLantern.run(database, settings: { $0.ictgBoroughs = ["E09000012"] }) { lantern in
            // setup
            let w = try await Self.world(lantern)
            let base = "/cases/\(w.reference)/children"
            #expect(try await Self.page(w).contains("Record when the child came into contact or care first"))
            // MUT: the child came into contact 70 hours ago
            let recorded = try await w.browser.post("\(base)/contact", Self.fields(lantern, hoursAgo: 70))
            #expect(recorded.status == .seeOther && recorded.location == "\(base)?done=contact")
            // validate: due in 2 hours; the guardian referral is on the list in Hackney
            var text = try await Self.page(w)
            #expect(text.contains("Due in 2 hours"))
            #expect(text.contains("Referral to an Independent Child Trafficking Guardian"))
            _ = try await w.browser.get(base)
            #expect(try await w.browser.post("\(base)/checklist/strategy_discussion",
                                             [("status", "done")] + Self.fields(lantern, hoursAgo: 60)).status == .seeOther)
            #expect(try await w.browser.post("\(base)/checklist/interpreter",
                                             [("status", "not_needed"), ("reason", "Canary-reason-5521 speaks English")]).status == .seeOther)
            // corrected: it was 73 hours ago (moving the clock that far would end the session)
            _ = try await w.browser.get(base)
            #expect(try await w.browser.post("\(base)/contact", Self.fields(lantern, hoursAgo: 73)).status == .seeOther)
            text = try await Self.page(w)
            #expect(text.contains("Overdue by 1 hour"))
            #expect(text.contains("Canary-reason-5521"), "the owner reads the reason")
            let casePage = try await w.browser.get("/cases/\(w.reference)").body.string
            #expect(casePage.contains("Overdue by 1 hour") && casePage.contains("Safe placement"))
            // the reason is sealed; every write is audited
            let entries = try await ChildChecklistEntry.query(on: lantern.app.db).all()
            #expect(entries.count == 2 && !entries.contains { $0.sealedNotNeededReason?.contains("Canary") == true })
            let audited = try await AuditEntry.query(on: lantern.app.db).filter(\.$action ~~ ["case.child_contact_recorded", "case.child_checklist_recorded"]).count()
            #expect(audited == 4)
            #expect(try await AuditEntry.query(on: lantern.app.db).filter(\.$action == "case.children_viewed").count() >= 3)

            // bad input: field messages, nothing stored
            _ = try await w.browser.get(base)
            let future = try await w.browser.post("\(base)/contact", Self.fields(lantern, hoursAgo: -2))
            #expect(future.status == .unprocessableEntity && future.body.string.contains("must be now or in the past"))
            let badTime = try await w.browser.post("\(base)/contact", [("date", "2026-03-29"), ("time", "01:30")])
            #expect(badTime.status == .unprocessableEntity && badTime.body.string.contains("the clocks went forward"))
            #expect(badTime.body.string.contains("value=\"2026-03-29\""), "what was typed is kept")
            let control = try await w.browser.post("\(base)/checklist/health_check", [("status", "not_needed"), ("reason", "a\u{1B}b")])
            #expect(control.status == .unprocessableEntity && control.body.string.contains("Remove the control characters"))
            let noStatus = try await w.browser.post("\(base)/checklist/health_check", [("status", "maybe")])
            #expect(noStatus.status == .unprocessableEntity && noStatus.body.string.contains("Choose done or not needed"))
            #expect(try await w.browser.post("\(base)/checklist/nonsense", [("status", "done")]).status == .notFound)
            #expect(try await ChildChecklistEntry.query(on: lantern.app.db).count() == 2)
        }
    }

    @Test(arguments: TestDatabase.available)
    func theGuardianReferralIsOnlyWhereTheBoroughHasTheService(database: TestDatabase) async throws {
        try await TestLantern.run(database, settings: { $0.ictgBoroughs = ["E09000030"] }) { lantern in
            let w = try await Self.world(lantern)
            let base = "/cases/\(w.reference)/children"
            _ = try await w.browser.post("\(base)/contact", Self.fields(lantern, hoursAgo: 1))
            let text = try await Self.page(w)
            #expect(!text.contains("Referral to an Independent Child Trafficking Guardian</td>"))
            #expect(text.contains("no Independent Child Trafficking Guardian service"))
            let refused = try await w.browser.post("\(base)/checklist/ictg_referral", [("status", "done")] + Self.fields(lantern, hoursAgo: 0.5))
            #expect(refused.status == .notFound)
        }
    }

    @Test(arguments: TestDatabase.available)
    func anAdultsCaseIsRefusedInWordsAndNothingIsWritten(database: TestDatabase) async throws {
        try await TestLantern.run(database) { lantern in
            let w = try await Self.world(lantern, age: "adult")
            let base = "/cases/\(w.reference)/children"
            let shown = try await w.browser.get(base)
            #expect(shown.status == .unprocessableEntity && shown.body.string.contains("is for a child"))
            for (path, fields) in [("contact", Self.fields(lantern, hoursAgo: 1)), ("missing", Self.fields(lantern, hoursAgo: 1, prefix: "from")),
                                   ("turns-18", [("month", "5"), ("year", "2027")]), ("markers", [("countyLines[]", "yes")])] {
                let response = try await w.browser.post("\(base)/\(path)", fields)
                #expect(response.status == .unprocessableEntity, "\(path)")
                #expect(response.body.string.contains("Nothing was recorded"), "\(path)")
            }
            #expect(try await ChildRecord.query(on: lantern.app.db).count() == 0)
            #expect(try await ChildMissingEpisode.query(on: lantern.app.db).count() == 0)
            #expect(!(try await w.browser.get("/cases/\(w.reference)")).body.string.contains("children-heading"))
        }
    }

    @Test(arguments: TestDatabase.available)
    func missingEpisodesRefuseOverlapsAndBackwardsDatesAndTheInterviewIsDueWithin72Hours(database: TestDatabase) async throws {
        try await TestLantern.run(database) { lantern in
            let w = try await Self.world(lantern)
            let base = "/cases/\(w.reference)/children"
            _ = try await w.browser.get(base)
            // ten days ago to nine days ago, no interview: overdue
            let first = try await w.browser.post("\(base)/missing", Self.fields(lantern, hoursAgo: 240, prefix: "from")
                                                    + Self.fields(lantern, hoursAgo: 216, prefix: "until"))
            #expect(first.status == .seeOther)
            let overlap = try await w.browser.post("\(base)/missing", Self.fields(lantern, hoursAgo: 230, prefix: "from")
                                                      + Self.fields(lantern, hoursAgo: 200, prefix: "until"))
            #expect(overlap.status == .unprocessableEntity && overlap.body.string.contains("This overlaps the missing episode from"))
            let backwards = try await w.browser.post("\(base)/missing", Self.fields(lantern, hoursAgo: 100, prefix: "from")
                                                        + Self.fields(lantern, hoursAgo: 120, prefix: "until"))
            #expect(backwards.status == .unprocessableEntity && backwards.body.string.contains("The return must be after the child went missing"))
            // missing now since two days ago; a second open episode is refused
            #expect(try await w.browser.post("\(base)/missing", Self.fields(lantern, hoursAgo: 48, prefix: "from")).status == .seeOther)
            var text = try await Self.page(w)
            #expect(text.contains("Missing now: missing since"))
            #expect(text.contains("Return home interview: Overdue by 6 days"))
            let second = try await w.browser.post("\(base)/missing", Self.fields(lantern, hoursAgo: 24, prefix: "from"))
            #expect(second.status == .unprocessableEntity && second.body.string.contains("Record their return on that episode first"))
            // the return, a day ago: the interview is due within 72 hours of it
            let open = try #require(try await ChildMissingEpisode.query(on: lantern.app.db).filter(\.$untilAt == nil).first())
            let episode = "\(base)/missing/\(open.id!.uuidString.lowercased())"
            _ = try await w.browser.get(base)
            let early = try await w.browser.post(episode, Self.fields(lantern, hoursAgo: 24, prefix: "until")
                                                    + Self.fields(lantern, hoursAgo: 30, prefix: "held"))
            #expect(early.status == .unprocessableEntity && early.body.string.contains("must be after the child came back"))
            #expect(try await w.browser.post(episode, Self.fields(lantern, hoursAgo: 24, prefix: "until")).status == .seeOther)
            text = try await Self.page(w)
            #expect(text.contains("Return home interview: Due in 48 hours") && !text.contains("Missing now"))
            let caseText = try await w.browser.get("/cases/\(w.reference)").body.string
            #expect(caseText.contains("1 return home interview overdue"))
            // bad ids
            #expect(try await w.browser.post("\(base)/missing/not-an-id", []).status == .notFound)
            #expect(try await w.browser.post("\(base)/missing/\(UUID().uuidString)", []).status == .notFound)
            #expect(try await ChildMissingEpisode.query(on: lantern.app.db).count() == 2)
        }
    }

    @Test(arguments: TestDatabase.available)
    func fortyAtOnceLeaveOneOpenEpisodeAndOneCopyOfAnEpisode(database: TestDatabase) async throws {
        try await TestLantern.run(database) { lantern in
            let w = try await Self.world(lantern)
            let base = "/cases/\(w.reference)/children"
            _ = try await w.browser.get(base)
            let closed = Self.fields(lantern, hoursAgo: 300, prefix: "from") + Self.fields(lantern, hoursAgo: 290, prefix: "until")
            let statuses = try await withThrowingTaskGroup(of: [HTTPStatus].self) { group in
                for index in 0..<40 {
                    group.addTask {
                        let open = Self.fields(lantern, hoursAgo: Double(10 + index), prefix: "from")
                        return [try await w.browser.post("\(base)/missing", open).status,
                                try await w.browser.post("\(base)/missing", closed).status]
                    }
                }
                return try await group.reduce(into: []) { $0 += $1 }
            }
            #expect(statuses.filter { $0 == .seeOther }.count == 2, "\(statuses.map(\.code))")
            #expect(statuses.filter { $0 == .unprocessableEntity }.count == 78, "\(statuses.map(\.code))")
            let episodes = try await ChildMissingEpisode.query(on: lantern.app.db).all()
            #expect(episodes.count == 2 && episodes.filter { $0.untilAt == nil }.count == 1)
            #expect(try await ChildRecord.query(on: lantern.app.db).count() == 1)
        }
    }

    @Test(arguments: TestDatabase.available)
    func markersAndTheSection45NoteAreSealedAndOnlyTheOwnerWrites(database: TestDatabase) async throws {
        try await TestLantern.run(database) { lantern in
            let w = try await Self.world(lantern)
            let base = "/cases/\(w.reference)/children"
            _ = try await w.browser.get(base)
            let saved = try await w.browser.post("\(base)/markers", [("countyLines[]", "yes"), ("criminalExploitation[]", "yes"),
                                                                     ("section45", "Canary-s45-7781: held drugs under threat")])
            #expect(saved.status == .seeOther)
            let row = try #require(try await ChildRecord.query(on: lantern.app.db).first())
            #expect(row.countyLines && row.criminalExploitation)
            #expect(row.sealedSection45Note != nil && row.sealedSection45Note?.contains("Canary") == false)
            #expect(try await Self.page(w).contains("Canary-s45-7781"))
            let caseText = try await w.browser.get("/cases/\(w.reference)").body.string
            #expect(caseText.contains("Criminal exploitation, County lines") && !caseText.contains("Canary-s45"))
            // a box's value other than "yes", and a note with control characters, are refused
            _ = try await w.browser.get(base)
            let box = try await w.browser.post("\(base)/markers", [("countyLines[]", "on")])
            #expect(box.status == .unprocessableEntity && box.body.string.contains("Tick the box or leave it empty"))
            let note = try await w.browser.post("\(base)/markers", [("section45", "x\u{7}y")])
            #expect(note.status == .unprocessableEntity && note.body.string.contains("Remove the control characters"))
            #expect(try await ChildRecord.query(on: lantern.app.db).first()?.countyLines == true)
            // unticking clears a marker
            #expect(try await w.browser.post("\(base)/markers", [("criminalExploitation[]", "yes")]).status == .seeOther)
            #expect(try await ChildRecord.query(on: lantern.app.db).first()?.countyLines == false)
            // another organisation sees nothing and writes nothing
            let stranger = try await lantern.signedIn(w.stranger)
            #expect(try await stranger.get(base).status == .notFound)
            #expect(try await stranger.post("\(base)/markers", [("countyLines[]", "yes")]).status == .notFound)
            #expect(try await ChildRecord.query(on: lantern.app.db).first()?.countyLines == false)
        }
    }

    @Test(arguments: TestDatabase.available)
    func theMonthTheChildTurns18ShowsTheTransitionFromSixMonthsBefore(database: TestDatabase) async throws {
        try await TestLantern.run(database) { lantern in
            let w = try await Self.world(lantern)
            let base = "/cases/\(w.reference)/children"
            let today = lantern.today.components
            func monthsAhead(_ n: Int) -> (month: String, year: String) {
                let index = today.year * 12 + today.month - 1 + n
                return (String(index % 12 + 1), String(index / 12))
            }
            _ = try await w.browser.get(base)
            let seven = monthsAhead(7)
            #expect(try await w.browser.post("\(base)/turns-18", [("month", seven.month), ("year", seven.year)]).status == .seeOther)
            #expect(!(try await w.browser.get("/cases/\(w.reference)")).body.string.contains("plan the transition to adult support"))
            let six = monthsAhead(6)
            #expect(try await w.browser.post("\(base)/turns-18", [("month", six.month), ("year", six.year)]).status == .seeOther)
            let caseText = try await w.browser.get("/cases/\(w.reference)").body.string
            #expect(caseText.contains("Turns 18 in ") && caseText.contains(": plan the transition to adult support."))
            let stored = try await ChildRecord.query(on: lantern.app.db).first()?.turns18Month
            #expect(stored == Int(six.year)! * 100 + Int(six.month)!)
            // what the alert job reads, by name
            if let sql = lantern.app.db as? any SQLDatabase {
                let row = try await sql.raw("SELECT turns_18_month FROM case_children").first()
                #expect(try row?.decode(column: "turns_18_month", as: Int.self) == stored)
            }
            _ = try await w.browser.get(base)
            for (fields, words) in [([("month", "13"), ("year", "2027")], "Choose a month from the list"),
                                    ([("month", ""), ("year", "2027")], "Choose the month the child turns 18"),
                                    ([("month", "5"), ("year", "27")], "Enter the year as four digits"),
                                    ([("month", "5"), ("year", "2099")], "from a year ago to 18 years ahead")] {
                let response = try await w.browser.post("\(base)/turns-18", fields)
                #expect(response.status == .unprocessableEntity && response.body.string.contains(words), "\(fields)")
            }
            #expect(try await ChildRecord.query(on: lantern.app.db).first()?.turns18Month == stored)
        }
    }

    @Test func theGuardianBoroughsSettingTakesLondonONSCodesOnly() throws {
        let settings = try LanternSettings.fromEnvironment(["LANTERN_ICTG_BOROUGHS": "E09000012, e09000030"])
        #expect(settings.ictgBoroughs == ["E09000012", "E09000030"])
        #expect(try LanternSettings.fromEnvironment([:]).ictgBoroughs.isEmpty)
        for bad in ["E09000099", "E09000012,,E09000030", "Hackney"] {
            #expect(throws: LanternSettings.Invalid.self, "\(bad)") { try LanternSettings.fromEnvironment(["LANTERN_ICTG_BOROUGHS": bad]) }
        }
    }

    @Test(arguments: TestDatabase.available)
    func theDemoHasAChildInTheFirst72HoursOneMissingOneOverdueInterviewAndOneTurning18(database: TestDatabase) async throws {
        try await TestLantern.run(database) { lantern in
            // setup
            let council = try await lantern.makeOrganisation("Demo Borough Council (fictional)")
            let worker = try await lantern.makePerson(in: council, roles: [.caseWorker])
            let demo = DemoContext(services: lantern.app.lantern, now: lantern.clock.now, today: lantern.today,
                                   organisations: [.council: try council.requireID()], people: [.caseWorker: worker.id])
            // MUT
            try await ChildrenDemo.seedDemo(demo, on: lantern.app.db)
            // validate: each child's case page says what the demo is for
            let browser = try await lantern.signedIn(worker)
            let cases = try await CaseRecord.query(on: lantern.app.db).sort(\.$identifiedOn, .descending).all()
            #expect(cases.count == 4)
            var pages: [String] = []
            for record in cases { pages.append(try await browser.get("/cases/\(record.reference)").body.string) }
            #expect(pages[0].contains("Due in ") && pages[0].contains("Still outstanding"))
            #expect(pages[1].contains("Missing now: missing since"))
            #expect(pages[2].contains("1 return home interview overdue"))
            #expect(pages[3].contains(": plan the transition to adult support."))
            let children = try await browser.get("/cases/\(cases[3].reference)/children").body.string
            #expect(children.contains("Fictional demo note"), "the sealed note opens with the case key")
        }
    }

    /// Shares the case with another organisation, whole or its decision only, for safeguarding.
    static func share(_ w: World, with organisation: Organisation, scope: String) async throws {
        let api = w.lantern.api(try await w.lantern.apiToken(for: w.worker))
        let today = w.lantern.today
        let consent = try await api.post("/api/v1/cases/\(w.reference)/consents", [
            "basis": "child_safeguarding", "organisationIDs": [organisation.id!.uuidString], "scopes": [scope],
            "purpose": "Children's services", "obtainedHow": "in_person_verbal", "givenOn": today.iso,
            "validUntil": today.adding(days: 365).iso])
        #expect(consent.status == .created, "\(consent.body.string)")
        let share = try await api.post("/api/v1/cases/\(w.reference)/shares", [
            "organisationID": organisation.id!.uuidString, "scope": scope, "purpose": "Children's services",
            "until": today.adding(days: 30).iso, "consentID": try #require(consent.json["id"] as? String)])
        #expect(share.status == .created, "\(share.body.string)")
    }

    @Test(arguments: TestDatabase.available)
    func aPartnerWithTheWholeCaseReadsThePathwayButOnlyTheOwnerWrites(database: TestDatabase) async throws {
        try await TestLantern.run(database) { lantern in
            // setup: a children's services partner with the whole case, a police partner with the decision only
            let w = try await Self.world(lantern)
            let base = "/cases/\(w.reference)/children"
            _ = try await w.browser.get(base)
            #expect(try await w.browser.post("\(base)/markers", [("countyLines[]", "yes"), ("section45", "Canary-s45-3318")]).status == .seeOther)
            let partner = try await lantern.makeOrganisation("Children's Services Partner")
            let police = try await lantern.makeOrganisation("Police Partner", kind: .police)
            try await Self.share(w, with: partner, scope: "full_case")
            try await Self.share(w, with: police, scope: "decision_status")
            let reader = try await lantern.signedIn(try await lantern.makePerson(in: partner, roles: [.caseWorker]))
            let officer = try await lantern.signedIn(try await lantern.makePerson(in: police, roles: [.caseWorker]))
            // MUT + validate: the partner reads, with no forms, and cannot write
            let shown = try await reader.get(base)
            #expect(shown.status == .ok && shown.body.string.contains("Canary-s45-3318"))
            #expect(!shown.body.string.contains("action=\"\(base)/markers\""))
            #expect(try await reader.get("/cases/\(w.reference)").body.string.contains("children-heading"))
            #expect(try await reader.post("\(base)/markers", [("section45", "changed")]).status == .notFound)
            // the decision-only partner sees none of it
            #expect(try await officer.get(base).status == .notFound)
            #expect(!(try await officer.get("/cases/\(w.reference)")).body.string.contains("children-heading"))
            #expect(try await ChildRecord.query(on: lantern.app.db).first()?.countyLines == true)
        }
    }
}
