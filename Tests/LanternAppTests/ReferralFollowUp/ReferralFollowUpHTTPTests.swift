import Fluent
import Foundation
import SQLKit
import Testing
import VaporTesting
@testable import LanternApp
@testable import LanternCore

/// The referral's own follow-up over HTTP, on SQLite and PostgreSQL: the Home Office reference
/// (format-checked, clear messages) and acknowledgement, chases with sealed notes, each on the
/// case's timeline; a chase sent forty times at once is recorded once; other organisations get
/// 404; the daily job `rg_chases` gives the worker one chase task per window (forty runs at
/// once make one), none for a case whose decision arrived, nor one chased in the window.
@Suite struct ReferralFollowUpHTTPTests {
    struct World {
        let lantern: TestLantern
        let council: Organisation
        let worker: TestPerson, colleague: TestPerson, stranger: TestPerson
        let api: APIClient
    }

    static func world(_ lantern: TestLantern) async throws -> World {
        let council = try await lantern.makeOrganisation("Hackney Council")
        let other = try await lantern.makeOrganisation("Croydon Council")
        let worker = try await lantern.makePerson(in: council, roles: [.caseWorker])
        return World(lantern: lantern, council: council, worker: worker,
                     colleague: try await lantern.makePerson(in: council, roles: [.caseWorker]),
                     stranger: try await lantern.makePerson(in: other, roles: [.caseWorker, .modernSlaveryLead]),
                     api: lantern.api(try await lantern.apiToken(for: worker)))
    }

    /// A child's case taken through the API to a referral submitted `submittedDaysAgo` days ago
    /// (and a Reasonable Grounds decision `decidedDaysAgo` days ago when given).
    static func submittedCase(_ w: World, submittedDaysAgo: Int?, decidedDaysAgo: Int? = nil) async throws -> String {
        let today = w.lantern.today
        let created = try await w.api.post("/api/v1/cases", PathwayHTTPTests.newCase(today, identifiedDaysAgo: 70))
        let reference = try #require(created.json["reference"] as? String)
        guard let submittedDaysAgo else { return reference }
        let path = "/api/v1/cases/\(reference)"
        let start = today.adding(days: -(submittedDaysAgo + 2))
        #expect(try await w.api.post("\(path)/events", ["event": "referral_decision", "date": start.iso]).status == .ok)
        #expect(try await w.api.put("\(path)/referral", PathwayHTTPTests.childReferral).status == .ok)
        var steps: [[String: Any]] = [["event": "referral_marked_ready", "date": start.adding(days: 1).iso],
                                      ["event": "referral_submitted", "date": today.adding(days: -submittedDaysAgo).iso]]
        if let decidedDaysAgo {
            steps.append(["event": "reasonable_grounds_decision", "date": today.adding(days: -decidedDaysAgo).iso, "outcome": "positive"])
        }
        for body in steps {
            let response = try await w.api.post("\(path)/events", body)
            #expect(response.status == .ok, "\(body): \(response.body.string)")
        }
        return reference
    }

    static func caseID(_ w: World, _ reference: String) async throws -> UUID {
        try #require(try await CaseRecord.query(on: w.lantern.app.db).filter(\.$reference == reference).first()?.id)
    }

    static func timeline(_ w: World, _ reference: String) async throws -> [CaseEvent] {
        try await CaseEvent.query(on: w.lantern.app.db).filter(\.$case.$id == caseID(w, reference)).all()
    }

    @Test(arguments: TestDatabase.available)
    func theReferenceAndChasesAreRecordedCheckedAndLoggedOnTheTimeline(database: TestDatabase) async throws {
        try await TestLantern.run(database) { lantern in
            let w = try await Self.world(lantern)
            let db = lantern.app.db, today = lantern.today
            let reference = try await Self.submittedCase(w, submittedDaysAgo: 12)
            let page = "/cases/\(reference)/referral-follow-up"
            let worker = try await lantern.signedIn(w.worker)

            // The case page's section links to the page; the page shows what is awaited.
            let casePage = try await worker.get("/cases/\(reference)").body.string
            #expect(casePage.contains("id=\"referral-follow-up\"") && casePage.contains(page))
            let shown = try await worker.get(page)
            #expect(shown.status == .ok && shown.body.string.contains("Overdue: expected by")
                    && shown.body.string.contains("The Reasonable Grounds decision is late"))

            // Another organisation, a malformed reference: 404; nothing written.
            let stranger = try await lantern.signedIn(w.stranger)
            #expect(try await stranger.get(page).status == .notFound)
            #expect(try await stranger.post(page, [("homeOfficeReference", "NRM-1")]).status == .notFound)
            #expect(try await stranger.post("\(page)/chases", [("chasedOn", today.iso), ("method", "email")]).status == .notFound)
            #expect(try await worker.get("/cases/not-a-reference/referral-follow-up").status == .notFound)
            #expect(try await worker.post("/cases/LNT-0000-0000-0000/referral-follow-up/chases", [("chasedOn", today.iso)]).status == .notFound)

            // Bad input: clear messages, typed text kept, nothing written.
            let before = try await Self.timeline(w, reference).count
            let bad = try await worker.post(page, [("homeOfficeReference", "NRM <b>"), ("acknowledgedOn", today.adding(days: -13).iso)])
            #expect(bad.status == .unprocessableEntity)
            #expect(bad.body.string.contains("Enter the Home Office reference as the acknowledgement shows it")
                    && bad.body.string.contains("NRM &lt;b&gt;") && bad.body.string.contains("before the referral was submitted"))
            #expect(try await ReferralFollowUpRecord.query(on: db).count() == 0)

            // Saved; saved again unchanged: one timeline entry each.
            let saved = try await worker.post(page, [("homeOfficeReference", " nrm-2026-0412345"), ("acknowledgedOn", today.adding(days: -10).iso)])
            #expect(saved.status == .seeOther)
            #expect(try await worker.post(page, [("homeOfficeReference", "NRM-2026-0412345"), ("acknowledgedOn", today.adding(days: -10).iso)])
                .status == .seeOther)
            let row = try #require(try await ReferralFollowUpRecord.find(try await Self.caseID(w, reference), on: db))
            #expect(row.homeOfficeReference == "NRM-2026-0412345" && row.acknowledgedOn == today.adding(days: -10).daysSinceEpoch)
            var events = try await Self.timeline(w, reference)
            #expect(events.count == before + 2)
            #expect(events.contains { $0.name == "home_office_reference_recorded" && $0.label == "Home Office reference recorded" })
            // The reference itself is never on the timeline (partners who see the timeline see its labels).
            #expect(!events.contains { $0.label.contains("NRM-2026-0412345") })
            #expect(events.contains { $0.name == "referral_acknowledged" && $0.occurredOn == today.adding(days: -10).daysSinceEpoch })

            // A chase: method required, control characters refused; then recorded, note sealed.
            let noMethod = try await worker.post("\(page)/chases", [("chasedOn", today.iso), ("note", "x")])
            #expect(noMethod.status == .unprocessableEntity && noMethod.body.string.contains("Select how you chased the Home Office"))
            let control = try await worker.post("\(page)/chases", [("chasedOn", today.iso), ("method", "phone"), ("note", "a\u{1}b")])
            #expect(control.status == .unprocessableEntity && control.body.string.contains("control characters"))
            let chased = try await worker.post("\(page)/chases", [("chasedOn", today.adding(days: -1).iso), ("method", "phone"),
                                                                   ("note", "Duty officer Wren said next week <i>")])
            #expect(chased.status == .seeOther)
            let chase = try #require(try await RGChase.query(on: db).first())
            #expect(chase.sealedNote != nil && chase.sealedNote?.contains("Wren") == false)
            let after = try await worker.get(page).body.string
            #expect(after.contains("Duty officer Wren said next week &lt;i&gt;") && !after.contains("The Reasonable Grounds decision is late"))
            #expect(try await worker.get("/cases/\(reference)").body.string.contains("Chased the Home Office for the Reasonable Grounds decision (Phone)"))

            // The same chase forty times at once: one recorded, the rest told so (409), one timeline entry.
            let statuses = try await withThrowingTaskGroup(of: HTTPStatus.self) { group in
                for _ in 0..<40 {
                    group.addTask { try await worker.post("\(page)/chases", [("chasedOn", today.iso), ("method", "email")]).status }
                }
                return try await group.reduce(into: [HTTPStatus]()) { $0.append($1) }
            }
            #expect(statuses.filter { $0 == .seeOther }.count == 1)
            #expect(statuses.filter { $0 == .conflict }.count == 39)
            #expect(try await RGChase.query(on: db).count() == 2)
            events = try await Self.timeline(w, reference)
            #expect(events.filter { $0.name == "rg_chased" }.count == 2)

            // The API: the same rules and the same records.
            let api = "/api/v1/cases/\(reference)/referral-follow-up"
            let got = try await w.api.get(api)
            #expect(got.status == .ok && got.json["homeOfficeReference"] as? String == "NRM-2026-0412345")
            #expect((got.json["chases"] as? [[String: Any]])?.count == 2 && got.json["awaitingDecision"] as? Bool == true)
            let refused = try await w.api.put(api, ["homeOfficeReference": "NRM", "acknowledgedOn": today.iso])
            #expect(refused.status == .unprocessableEntity && refused.body.string.contains("4 to 30 letters"))
            #expect(try await w.api.put(api, ["homeOfficeReference": "NRM-77", "acknowledgedOn": today.iso]).json["homeOfficeReference"] as? String == "NRM-77")
            let created = try await w.api.post("\(api)/chases", ["chasedOn": today.iso, "method": "portal", "note": "Asked online"])
            #expect(created.status == .created && created.json["method"] as? String == "portal")
            #expect(try await w.api.post("\(api)/chases", ["chasedOn": today.iso, "method": "portal"]).status == .conflict)
            #expect(try await w.api.post("\(api)/chases", ["chasedOn": today.adding(days: 1).iso, "method": "portal"]).status == .unprocessableEntity)
            let strangerAPI = lantern.api(try await lantern.apiToken(for: w.stranger))
            #expect(try await strangerAPI.get(api).status == .notFound)
            #expect(try await strangerAPI.post("\(api)/chases", ["chasedOn": today.iso, "method": "email"]).status == .notFound)

            let actions = Set(try await AuditEntry.query(on: db).all().map(\.action))
            #expect(actions.isSuperset(of: ["case.referral_followup_viewed", "case.referral_followup_recorded", "case.rg_chase_recorded"]))
            for action in ["case.referral_followup_viewed", "case.referral_followup_recorded", "case.rg_chase_recorded", "job.rg_chases"] {
                #expect(AuditWords.known(action) != nil, "\(action)")
            }
        }
    }

    @Test(arguments: TestDatabase.available)
    func beforeSubmissionAndAfterTheDecisionThereIsNothingToChase(database: TestDatabase) async throws {
        try await TestLantern.run(database) { lantern in
            let w = try await Self.world(lantern)
            let today = lantern.today
            let worker = try await lantern.signedIn(w.worker)
            let draft = try await Self.submittedCase(w, submittedDaysAgo: nil)
            #expect(try await worker.get("/cases/\(draft)").body.string.contains("id=\"referral-follow-up\"") == false)
            let page = try await worker.get("/cases/\(draft)/referral-follow-up")
            #expect(page.status == .ok && page.body.string.contains("submission on the case first"))
            let early = try await worker.post("/cases/\(draft)/referral-follow-up/chases", [("chasedOn", today.iso), ("method", "email")])
            #expect(early.status == .unprocessableEntity && early.body.string.contains("nothing to follow up yet"))

            let decided = try await Self.submittedCase(w, submittedDaysAgo: 12, decidedDaysAgo: 2)
            let late = try await worker.post("/cases/\(decided)/referral-follow-up/chases", [("chasedOn", today.iso), ("method", "email")])
            #expect(late.status == .unprocessableEntity && late.body.string.contains("there is nothing to chase"))
            #expect(try await worker.get("/cases/\(decided)/referral-follow-up").body.string.contains("Received on"))
            #expect(try await RGChase.query(on: lantern.app.db).count() == 0)
        }
    }

    /// A negative decision asked to be reconsidered sends the case back to await a fresh one: it
    /// is chased again, its windows counted from the request (found by CI on a demo case).
    @Test(arguments: TestDatabase.available)
    func aReconsiderationAwaitsAFreshDecisionChasedFromItsRequest(database: TestDatabase) async throws {
        try await TestLantern.run(database) { lantern in
            let w = try await Self.world(lantern)
            let db = lantern.app.db, today = lantern.today
            let reference = try await Self.submittedCase(w, submittedDaysAgo: 30)
            for body: [String: Any] in [["event": "reasonable_grounds_decision", "date": today.adding(days: -20).iso, "outcome": "negative"],
                                        ["event": "reconsideration_requested", "date": today.adding(days: -6).iso]] {
                let response = try await w.api.post("/api/v1/cases/\(reference)/events", body)
                #expect(response.status == .ok, "\(body): \(response.body.string)")
            }
            let summary = try await RGChaseJob.run(services: lantern.app.lantern, today: today, on: db)
            let caseID = try await Self.caseID(w, reference)
            let keys = try await PersonTask.query(on: db).filter(\.$sourceKey =~ "rg_chase:").all().compactMap(\.sourceKey)
            let requested = today.adding(days: -6).daysSinceEpoch
            #expect(summary.tasks == 1 && keys == [RGChaseJob.sourceKeyPrefix(caseID) + "r\(requested)-1"])

            let worker = try await lantern.signedIn(w.worker)
            let page = try await worker.get("/cases/\(reference)/referral-follow-up")
            #expect(page.body.string.contains("is being reconsidered") && !page.body.string.contains("Received on"))
            #expect(page.body.string.contains("Overdue: expected by"))
            let chase = try await worker.post("/cases/\(reference)/referral-follow-up/chases", [("chasedOn", today.iso), ("method", "portal")])
            #expect(chase.status == .seeOther, "\(chase.body.string)")
            let json = try await w.api.get("/api/v1/cases/\(reference)/referral-follow-up").json
            #expect(json["awaitingDecision"] as? Bool == true && (json["reasonableGroundsDecidedOn"] ?? NSNull()) is NSNull)
            #expect(json["expectedBy"] as? String == today.adding(days: -1).iso)
        }
    }

    @Test(arguments: TestDatabase.available)
    func theDailyJobGivesTheWorkerOneChaseTaskPerWindow(database: TestDatabase) async throws {
        try await TestLantern.run(database) { lantern in
            let w = try await Self.world(lantern)
            let db = lantern.app.db, services = lantern.app.lantern
            #expect(services.settings.rgExpectedDays == 5)
            let late = try await Self.submittedCase(w, submittedDaysAgo: 12)          // window 2: a task
            let recent = try await Self.submittedCase(w, submittedDaysAgo: 3)         // not yet
            let decided = try await Self.submittedCase(w, submittedDaysAgo: 20, decidedDaysAgo: 1)  // decided, never chased: none
            let chased = try await Self.submittedCase(w, submittedDaysAgo: 7)         // window 1, chased in it: none
            let worker = try await lantern.signedIn(w.worker)
            _ = try await worker.get("/cases/\(chased)/referral-follow-up")
            #expect(try await worker.post("/cases/\(chased)/referral-follow-up/chases",
                                          [("chasedOn", lantern.today.adding(days: -1).iso), ("method", "email")]).status == .seeOther)
            // Once migration 027 adds the case's worker, the task goes to the worker, not the recorder.
            let sql = db as! any SQLDatabase
            let hasWorker = try await RGChaseJob.hasColumn("cases", "worker_id", on: sql, CaseAlertJob.Dialect(sql))
            if hasWorker {
                try await sql.update("cases").set("worker_id", to: w.colleague.id).where("reference", .equal, late).run()
            }
            let owner = hasWorker ? w.colleague.id : w.worker.id

            // Forty runs at once: one task.
            let today = lantern.today
            try await withThrowingTaskGroup(of: Void.self) { group in
                for _ in 0..<40 { group.addTask { _ = try await RGChaseJob.run(services: services, today: today, on: db) } }
                try await group.waitForAll()
            }
            var tasks = try await PersonTask.query(on: db).filter(\.$sourceKey =~ "rg_chase:").all()
            #expect(tasks.count == 1)
            let lateID = try await Self.caseID(w, late)
            let task = try #require(tasks.first)
            #expect(task.ownerID == owner && task.sourceKey == RGChaseJob.sourceKeyPrefix(lateID) + "2")
            #expect(task.link == "/cases/\(late)/referral-follow-up" && task.title.hasSuffix(late) && task.dueOn == today.daysSinceEpoch)

            // The scheduled job: one run per window however many nodes try; nothing more.
            let ran = try await withThrowingTaskGroup(of: Bool.self) { group in
                for node in 0..<40 {
                    group.addTask { try await ScheduledJobs.runIfDue(ScheduledJobs.rgChases, interval: 86_400, node: "n\(node)", app: lantern.app) }
                }
                return try await group.reduce(0) { $0 + ($1 ? 1 : 0) }
            }
            #expect(ran == 1)
            #expect(try await PersonTask.query(on: db).filter(\.$sourceKey =~ "rg_chase:").count() == 1)

            // Three days on: the late case's next window (15 days) and the chased case's second
            // window (10 days, the chase was in the first) each make one more; the recent case's first.
            lantern.clock.advance(3 * 86_400)
            let later = lantern.today
            let summary = try await RGChaseJob.run(services: services, today: later, on: db)
            tasks = try await PersonTask.query(on: db).filter(\.$sourceKey =~ "rg_chase:").all()
            let keys = Set(tasks.compactMap(\.sourceKey))
            #expect(summary.tasks == 3 && tasks.count == 4)
            #expect(keys.contains(RGChaseJob.sourceKeyPrefix(lateID) + "3"))
            #expect(keys.contains(RGChaseJob.sourceKeyPrefix(try await Self.caseID(w, chased)) + "2"))
            #expect(keys.contains(RGChaseJob.sourceKeyPrefix(try await Self.caseID(w, recent)) + "1"))
            let decidedPrefix = RGChaseJob.sourceKeyPrefix(try await Self.caseID(w, decided))
            #expect(!keys.contains { $0.hasPrefix(decidedPrefix) })

            // Recording a chase marks the case's open chase tasks done.
            let again = try await lantern.signedIn(w.worker)
            _ = try await again.get("/cases/\(late)/referral-follow-up")
            #expect(try await again.post("/cases/\(late)/referral-follow-up/chases", [("chasedOn", later.iso), ("method", "phone")]).status == .seeOther)
            #expect(try await RGChase.query(on: db).filter(\.$caseID == lateID).count() == 1)
            let open = try await PersonTask.query(on: db).filter(\.$sourceKey =~ RGChaseJob.sourceKeyPrefix(lateID)).filter(\.$doneAt == nil).count()
            #expect(open == 0)

            // The decision arrives for the recent case: the next run marks its chase task done.
            let recentPrefix = RGChaseJob.sourceKeyPrefix(try await Self.caseID(w, recent))
            #expect(try await w.api.post("/api/v1/cases/\(recent)/events", ["event": "reasonable_grounds_decision", "date": later.iso,
                                                                            "outcome": "negative"]).status == .ok)
            _ = try await RGChaseJob.run(services: services, today: later, on: db)
            let stillOpen = try await PersonTask.query(on: db).filter(\.$sourceKey =~ recentPrefix).filter(\.$doneAt == nil).count()
            let tasksKnowTheirCase = try await RGChaseJob.hasColumn(PersonTask.schema, "case_id", on: sql, CaseAlertJob.Dialect(sql))
            #expect(stillOpen == (tasksKnowTheirCase ? 0 : 1))
        }
    }

    @Test(arguments: TestDatabase.available)
    func theDemoHasACaseAwaitingItsDecisionWithAChaseDue(database: TestDatabase) async throws {
        try await TestLantern.run(database) { lantern in
            let w = try await Self.world(lantern)
            let lead = try await lantern.makePerson(in: w.council, roles: [.modernSlaveryLead])
            let demo = DemoContext(services: lantern.app.lantern, now: lantern.clock.now, today: lantern.today,
                                   organisations: [.council: w.council.id!], people: [.caseWorker: w.worker.id, .modernSlaveryLead: lead.id])
            try await ReferralFollowUpDemo.seedDemo(demo, on: lantern.app.db)
            #expect(try await ReferralFollowUpRecord.query(on: lantern.app.db).count() >= 1)
            #expect(try await RGChase.query(on: lantern.app.db).count() >= 1)
            #expect(try await PersonTask.query(on: lantern.app.db).filter(\.$sourceKey =~ "rg_chase:").filter(\.$ownerID == w.worker.id).count() == 1)
        }
    }
}
