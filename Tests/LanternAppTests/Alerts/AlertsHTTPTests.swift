import Fluent
import Foundation
import SQLKit
import Testing
import VaporTesting
@testable import LanternApp
@testable import LanternCore

/// Alerts over the database and HTTP, on SQLite and PostgreSQL: the set-based SQL job raises
/// exactly what `AlertRules` says of generated cases, and running it again (or 40 times at
/// once) raises nothing more; tasks go to the case's worker and the organisation's active leads,
/// once each; on the case, 40 acknowledgements at once leave one; resolving needs a note, sealed.
@Suite struct AlertsHTTPTests {
    struct Key: Hashable { let caseID: UUID; let kind: String; let window: String }

    struct World {
        let a: Organisation, b: Organisation
        let workerA: TestPerson, leadA: TestPerson, disabledLeadA: TestPerson, workerB: TestPerson, leadB: TestPerson
    }

    static func world(_ lantern: TestLantern) async throws -> World {
        let a = try await lantern.makeOrganisation("Lambeth Council")
        let b = try await lantern.makeOrganisation("Brent Council")
        let disabled = try await lantern.makePerson(in: a, roles: [.modernSlaveryLead])
        disabled.user.disabledAt = lantern.clock.now
        try await disabled.user.save(on: lantern.app.db)
        // Brent checks in more often: no contact for 10 days raises an alert.
        try await (lantern.app.db as! any SQLDatabase).update("organisations").set("no_contact_alert_days", to: 10)
            .where("id", .equal, b.requireID()).run()
        return World(a: a, b: b, workerA: try await lantern.makePerson(in: a, roles: [.caseWorker]),
                     leadA: try await lantern.makePerson(in: a, roles: [.modernSlaveryLead]), disabledLeadA: disabled,
                     workerB: try await lantern.makePerson(in: b, roles: [.caseWorker]),
                     leadB: try await lantern.makePerson(in: b, roles: [.modernSlaveryLead, .caseWorker]))
    }

    static func tables(_ db: any Database) async throws -> Set<String> {
        struct Name: Decodable { let name: String }
        let sql = db as! any SQLDatabase
        let query: SQLQueryString = sql.dialect.name == "sqlite"
            ? "SELECT name FROM sqlite_master WHERE type = 'table'"
            : "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = current_schema()"
        return Set(try await sql.raw(query).all(decoding: Name.self).map(\.name))
    }

    /// Writes `count` generated cases with random aftercare records (in the tables that exist)
    /// and returns what the Swift rule says is due today for each.
    static func generateCases(_ lantern: TestLantern, _ w: World, count: Int, seed: UInt64) async throws -> Set<Key> {
        let db = lantern.app.db, sql = db as! any SQLDatabase
        let today = lantern.today.daysSinceEpoch, now = lantern.clock.now
        let present = try await tables(db)
        let owners = [SyntheticSeeder.Owner(organisationID: w.a.id!, userID: w.workerA.id, responderType: .localAuthority, weight: 2),
                      SyntheticSeeder.Owner(organisationID: w.b.id!, userID: w.workerB.id, responderType: .localAuthority, weight: 1)]
        let before = Set(try await CaseRecord.query(on: db).all().compactMap(\.id))
        try await SyntheticSeeder.seed(lantern.app, count: count, seed: seed, owners: owners)
        let cases = try await CaseRecord.query(on: db).all().filter { !before.contains($0.id!) }
        var rng = SyntheticRandom(seed: seed)
        var expected: Set<Key> = []
        for record in cases {
            let id = record.id!
            let stage: Stage = [.recoveryPeriod, .moveOn, .moveOn, .closed, .referralSubmitted].randomElement(using: &rng)!
            let due: Int? = stage == .moveOn ? today + rng.int(-5...30) : (rng.unit() < 0.5 ? today + rng.int(-10...40) : nil)
            let identified = today - rng.int(0...80)
            let child = rng.unit() < 0.3
            let erased = rng.unit() < 0.08
            try await sql.update("cases").set("stage", to: stage.rawValue).set("due_on", to: due).set("identified_on", to: identified)
                .set("age_group", to: child ? AgeGroup.child.rawValue : AgeGroup.adult.rawValue)
                .set("erased_at", to: erased ? now : nil).where("id", .equal, id).run()
            let org = record.$organisation.id
            var facts = AlertFacts(isOpen: stage != .closed && !erased, stage: stage, dueOn: due, identifiedOn: identified, isAdult: !child,
                                   turns18Month: nil, noContactDays: org == w.b.id! ? 10 : lantern.app.lantern.settings.noContactAlertDays)
            if present.contains("case_accommodation") {
                var from = today - rng.int(20...120)
                for _ in 0..<rng.int(0...2) {
                    let stayID = UUID()
                    let kind = ["bed_and_breakfast", "bed_and_breakfast", "social_tenancy", "hostel", "private_tenancy"].randomElement(using: &rng)!
                    let until: Int? = rng.unit() < 0.5 ? nil : from + rng.int(1...70)
                    try await sql.insert(into: "case_accommodation").columns("id", "case_id", "kind", "from_day", "until_day", "recorded_by", "recorded_at")
                        .values(SQLBind(stayID), SQLBind(id), SQLBind(kind), SQLBind(from), SQLBind(until), SQLBind(w.workerA.id), SQLBind(now)).run()
                    facts.stays.append(.init(id: CaseAlertJob.idText(stayID), kind: kind, from: from, until: until))
                    guard let until, until < today else { break }
                    from = until
                }
            }
            if present.contains("case_support") {
                for _ in 0..<rng.int(0...2) {
                    let from = today - rng.int(-3...60), until: Int? = rng.unit() < 0.4 ? nil : from + rng.int(1...60)
                    try await sql.insert(into: "case_support").columns("id", "case_id", "kind", "from_day", "until_day", "recorded_by", "recorded_at")
                        .values(SQLBind(UUID()), SQLBind(id), SQLBind("charity"), SQLBind(from), SQLBind(until), SQLBind(w.workerA.id), SQLBind(now)).run()
                    facts.supports.append(.init(from: from, until: until))
                }
            }
            if present.contains("case_contacts") {
                for _ in 0..<rng.int(0...3) {
                    let on = today - rng.int(0...60), method = ["in_person", "phone", "attempted", "message"].randomElement(using: &rng)!
                    try await sql.insert(into: "case_contacts").columns("id", "case_id", "contact_on", "method", "recorded_by", "recorded_at")
                        .values(SQLBind(UUID()), SQLBind(id), SQLBind(on), SQLBind(method), SQLBind(w.workerA.id), SQLBind(now)).run()
                    facts.contacts.append(.init(on: on, method: method))
                }
            }
            if present.contains("case_status") {
                for index in 0..<rng.int(0...3) {
                    let statusID = UUID(), from = today - rng.int(-2...40) / (index + 1)
                    let recorded = now.addingTimeInterval(Double(rng.int(-3...3)))
                    let nrpf = rng.unit() < 0.6
                    try await sql.insert(into: "case_status").columns("id", "case_id", "immigration_status", "nrpf", "from_day", "recorded_by", "recorded_at")
                        .values(SQLBind(statusID), SQLBind(id), SQLBind("no_leave"), SQLBind(nrpf), SQLBind(from), SQLBind(w.workerA.id), SQLBind(recorded)).run()
                    facts.statuses.append(.init(id: CaseAlertJob.idText(statusID), nrpf: nrpf, from: from, recordedAt: recorded.timeIntervalSince1970))
                }
            }
            if present.contains("case_children") && (child || rng.unit() < 0.1) {
                let month = AlertRules.monthIndex(lantern.today) + rng.int(-2...10) - 1
                let yyyymm = (month / 12) * 100 + month % 12 + 1
                try await sql.insert(into: "case_children").columns("id", "case_id", "turns_18_month", "county_lines", "criminal_exploitation",
                                                                   "recorded_by", "recorded_at", "updated_by", "updated_at")
                    .values(SQLBind(UUID()), SQLBind(id), SQLBind(yyyymm), SQLBind(false), SQLBind(false), SQLBind(w.workerA.id), SQLBind(now),
                            SQLBind(w.workerA.id), SQLBind(now)).run()
                facts.turns18Month = yyyymm
            }
            for due in AlertRules.alerts(for: facts, today: lantern.today) where due.kind.tables.isSubset(of: present) {
                expected.insert(Key(caseID: id, kind: due.kind.rawValue, window: due.windowKey))
            }
        }
        return expected
    }

    static func raised(_ db: any Database) async throws -> [Key] {
        try await CaseAlert.query(on: db).all().map { Key(caseID: $0.$case.id, kind: $0.kind, window: $0.windowKey) }
    }

    @Test(arguments: TestDatabase.available)
    func theSQLJobRaisesExactlyWhatTheRuleSaysOnceHoweverOftenItRuns(database: TestDatabase) async throws {
        try await TestLantern.run(database) { lantern in
            let w = try await Self.world(lantern)
            let db = lantern.app.db, services = lantern.app.lantern, today = lantern.today
            let expected = try await Self.generateCases(lantern, w, count: 160, seed: 11)
            #expect(expected.count > 20)

            let first = try await CaseAlertJob.raise(today: today, now: services.now, defaultNoContactDays: services.settings.noContactAlertDays, on: db)
            let rows = try await Self.raised(db)
            #expect(rows.count == Set(rows).count)
            #expect(Set(rows) == expected)
            #expect(first.raised.values.reduce(0, +) == expected.count)
            // Every kind whose tables exist showed up.
            let present = try await Self.tables(db)
            let kinds = Set(rows.compactMap { AlertKind(rawValue: $0.kind) })
            #expect(kinds == Set(AlertKind.allCases.filter { $0.tables.isSubset(of: present) }))

            // Again, and forty at once: nothing more.
            _ = try await CaseAlertJob.raise(today: today, now: services.now, defaultNoContactDays: 28, on: db)
            try await withThrowingTaskGroup(of: Void.self) { group in
                for _ in 0..<40 {
                    group.addTask { _ = try await CaseAlertJob.raise(today: today, now: services.now, defaultNoContactDays: 28, on: db) }
                }
                try await group.waitForAll()
            }
            #expect(try await CaseAlert.query(on: db).count() == expected.count)

            // Tasks: the case's worker and the organisation's active leads, once each per alert.
            let tasks = try await CaseAlertJob.giveTasks(today: today, services: services, on: db)
            let owners: [UUID: Set<UUID>] = [w.a.id!: [w.workerA.id, w.leadA.id], w.b.id!: [w.workerB.id, w.leadB.id]]
            let alerts = try await CaseAlert.query(on: db).all()
            #expect(tasks.tasks == alerts.reduce(0) { $0 + (owners[$1.organisationID]?.count ?? 0) })
            try await withThrowingTaskGroup(of: Void.self) { group in
                for _ in 0..<40 { group.addTask { _ = try await CaseAlertJob.giveTasks(today: today, services: services, on: db) } }
                try await group.waitForAll()
            }
            let made = try await PersonTask.query(on: db).filter(\.$sourceKey =~ "alert:").all()
            #expect(made.count == tasks.tasks)
            #expect(!made.contains { $0.ownerID == w.disabledLeadA.id })
            let one = try #require(alerts.first)
            let itsTasks = made.filter { $0.sourceKey == "alert:" + CaseAlertJob.idText(one.id!) }
            #expect(Set(itsTasks.map(\.ownerID)) == owners[one.organisationID])
            let reference = try #require(try await CaseRecord.find(one.$case.id, on: db)).reference
            #expect(itsTasks.allSatisfy { $0.link == "/cases/\(reference)" && $0.title.hasPrefix("Alert: ") && $0.title.hasSuffix(reference) })

            // The scheduled job: one run per window however many nodes try.
            let ran = try await withThrowingTaskGroup(of: Bool.self) { group in
                for node in 0..<40 {
                    group.addTask { try await ScheduledJobs.runIfDue(ScheduledJobs.caseAlerts, interval: 86_400, node: "n\(node)", app: lantern.app) }
                }
                return try await group.reduce(0) { $0 + ($1 ? 1 : 0) }
            }
            #expect(ran == 1)
            #expect(try await CaseAlert.query(on: db).count() == expected.count)
        }
    }

    /// One case of the worker's with a B&B stay of 50 days (or, without that table, no contact).
    static func caseWithAlert(_ lantern: TestLantern, _ w: World) async throws -> (reference: String, alert: CaseAlert) {
        let api = lantern.api(try await lantern.apiToken(for: w.workerA))
        let reference = try #require(try await api.post("/api/v1/cases", PathwayHTTPTests.newCase(lantern.today, identifiedDaysAgo: 60))
            .json["reference"] as? String)
        let record = try #require(try await CaseRecord.query(on: lantern.app.db).filter(\.$reference == reference).first())
        if try await tables(lantern.app.db).contains("case_accommodation") {
            try await (lantern.app.db as! any SQLDatabase).insert(into: "case_accommodation")
                .columns("id", "case_id", "kind", "from_day", "recorded_by", "recorded_at")
                .values(SQLBind(UUID()), SQLBind(record.id!), SQLBind("bed_and_breakfast"), SQLBind(lantern.today.adding(days: -50).daysSinceEpoch),
                        SQLBind(w.workerA.id), SQLBind(lantern.clock.now)).run()
        }
        _ = try await CaseAlertJob.run(services: lantern.app.lantern, today: lantern.today, on: lantern.app.db)
        let alert = try #require(try await CaseAlert.query(on: lantern.app.db).filter(\.$case.$id == record.id!).sort(\.$kind).first())
        return (reference, alert)
    }

    @Test(arguments: TestDatabase.available)
    func anAlertIsAcknowledgedOnceAndResolvedWithASealedNote(database: TestDatabase) async throws {
        try await TestLantern.run(database) { lantern in
            let w = try await Self.world(lantern)
            let db = lantern.app.db
            let (reference, alert) = try await Self.caseWithAlert(lantern, w)
            let id = alert.id!.uuidString
            let worker = try await lantern.signedIn(w.workerA)
            let page = try await worker.get("/cases/\(reference)").body.string
            #expect(page.contains("id=\"alerts\"") && page.contains("/cases/\(reference)/alerts/\(id)/acknowledge"))

            // Someone else's organisation: 404; a stranger's alert id on this case: 404.
            let other = try await lantern.signedIn(w.workerB)
            #expect(try await other.get("/cases/\(reference)/alerts/\(id)/acknowledge").status == .notFound)
            #expect(try await other.post("/cases/\(reference)/alerts/\(id)/resolve", [("note", "x")]).status == .notFound)
            #expect(try await worker.get("/cases/\(reference)/alerts/\(UUID().uuidString)/acknowledge").status == .notFound)
            #expect(try await worker.get("/cases/\(reference)/alerts/not-an-id/acknowledge").status == .notFound)

            // Forty acknowledgements at once: one wins, the rest are told it was done.
            let lead = try await lantern.signedIn(w.leadA)
            #expect(try await lead.get("/cases/\(reference)/alerts/\(id)/acknowledge").status == .ok)
            let statuses = try await withThrowingTaskGroup(of: HTTPStatus.self) { group in
                for i in 0..<40 {
                    let browser = i % 2 == 0 ? worker : lead
                    group.addTask { try await browser.post("/cases/\(reference)/alerts/\(id)/acknowledge", [("note", "Seen \(i)")]).status }
                }
                return try await group.reduce(into: [HTTPStatus]()) { $0.append($1) }
            }
            #expect(statuses.filter { $0 == .seeOther }.count == 1)
            #expect(statuses.filter { $0 == .conflict }.count == 39)
            let acknowledged = try #require(try await CaseAlert.find(alert.id, on: db))
            #expect(acknowledged.state == "acknowledged" && acknowledged.acknowledgedBy != nil)
            #expect(acknowledged.sealedAcknowledgeNote != nil && acknowledged.sealedAcknowledgeNote?.contains("Seen") == false)

            // Resolving needs a note; control characters are refused; typed text kept.
            let empty = try await worker.post("/cases/\(reference)/alerts/\(id)/resolve", [("note", "  ")])
            #expect(empty.status == .unprocessableEntity && empty.body.string.contains("Enter a note saying how the alert was resolved"))
            let control = try await worker.post("/cases/\(reference)/alerts/\(id)/resolve", [("note", "Moved\u{7}on")])
            #expect(control.status == .unprocessableEntity && control.body.string.contains("control characters"))
            let resolved = try await worker.post("/cases/\(reference)/alerts/\(id)/resolve", [("note", "Moved to Wren Court 4471 <b>")])
            #expect(resolved.status == .seeOther)
            let row = try #require(try await CaseAlert.find(alert.id, on: db))
            #expect(row.state == "resolved" && row.sealedNote?.contains("Wren") == false)
            #expect(try await worker.post("/cases/\(reference)/alerts/\(id)/resolve", [("note", "again")]).status == .conflict)
            let history = try await worker.get("/cases/\(reference)").body.string
            #expect(history.contains("Moved to Wren Court 4471 &lt;b&gt;") && history.contains("Resolved") && !history.contains("/alerts/\(id)/resolve"))
            // Its tasks are done with it.
            let open = try await PersonTask.query(on: db).filter(\.$sourceKey == "alert:" + CaseAlertJob.idText(alert.id!)).filter(\.$doneAt == nil).count()
            #expect(open == 0)
            let actions = Set(try await AuditEntry.query(on: db).all().map(\.action))
            #expect(actions.isSuperset(of: ["case.alerts_viewed", "case.alert_acknowledged", "case.alert_resolved", "case.alert_viewed"]))
            #expect(try await AuditEntry.query(on: db).filter(\.$action == "case.alert_acknowledged").count() == 1)
        }
    }

    @Test(arguments: TestDatabase.available)
    func theListShowsALeadTheOrganisationsAndAWorkerTheirOwnAndTheSettingIsTheLeads(database: TestDatabase) async throws {
        try await TestLantern.run(database) { lantern in
            let w = try await Self.world(lantern)
            let (reference, _) = try await Self.caseWithAlert(lantern, w)
            let lead = try await lantern.signedIn(w.leadA)
            #expect(try await lead.get("/alerts").body.string.contains(reference))
            #expect(try await lantern.signedIn(w.workerA).get("/alerts").body.string.contains(reference))
            let colleague = try await lantern.makePerson(in: w.a, roles: [.caseWorker])
            let theirs = try await lantern.signedIn(colleague).get("/alerts")
            #expect(theirs.status == .ok && !theirs.body.string.contains(reference))
            #expect(try await lantern.signedIn(w.leadB).get("/alerts").body.string.contains(reference) == false)

            // The organisation's "no contact" days: its lead (or administrator) sets them.
            #expect(try await lantern.signedIn(w.workerA).get("/alerts/settings").status == .forbidden)
            let settings = try await lead.get("/alerts/settings")
            #expect(settings.status == .ok && settings.body.string.contains("default of 28 days"))
            for bad in ["abc", "0", "366", "1e2", "-5", "12\u{0}"] {
                let refused = try await lead.post("/alerts/settings", [("days", bad)])
                #expect(refused.status == .unprocessableEntity && refused.body.string.contains("Enter a whole number of days"), "\(bad)")
            }
            #expect(try await lead.post("/alerts/settings", [("days", "14")]).status == .seeOther)
            #expect(try await AlertsController.noContactDays(organisation: w.a.id!, on: lantern.app.db) == 14)
            #expect(try await AlertsController.noContactDays(organisation: w.b.id!, on: lantern.app.db) == 10)
            #expect(try await lead.post("/alerts/settings", [("days", "")]).status == .seeOther)
            #expect(try await AlertsController.noContactDays(organisation: w.a.id!, on: lantern.app.db) == nil)
        }
    }

    @Test(arguments: TestDatabase.available)
    func theDemoHasAlertsDueToday(database: TestDatabase) async throws {
        try await TestLantern.run(database) { lantern in
            let w = try await Self.world(lantern)
            _ = try await Self.generateCases(lantern, w, count: 40, seed: 5)
            let demo = DemoContext(services: lantern.app.lantern, now: lantern.clock.now, today: lantern.today,
                                   organisations: [.council: w.a.id!], people: [.caseWorker: w.workerA.id, .modernSlaveryLead: w.leadA.id])
            try await AlertsDemo.seedDemo(demo, on: lantern.app.db)
            let alerts = try await CaseAlert.query(on: lantern.app.db).all()
            #expect(!alerts.isEmpty && alerts.allSatisfy { $0.raisedOn == lantern.today.daysSinceEpoch })
            #expect(try await PersonTask.query(on: lantern.app.db).filter(\.$ownerID == w.leadA.id).count() > 0)
        }
    }
}
