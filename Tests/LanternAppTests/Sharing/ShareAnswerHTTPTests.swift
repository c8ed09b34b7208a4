import Fluent
import Foundation
import Testing
import VaporTesting
@testable import LanternApp
@testable import LanternCore

/// Shares that are answered: the answer-by day by purpose, the recipient's one answer (forty
/// at once: one recorded), an answer after the share was withdrawn refused in words with
/// nothing written, the sharer's contact and the answer on both sides, the API, and the daily
/// chase and escalation, each once. On SQLite and PostgreSQL.
@Suite(.serialized) struct ShareAnswerHTTPTests {
    struct World {
        let lantern: TestLantern
        let camden: Organisation, hackney: Organisation, outside: Organisation
        let worker: TestPerson, camdenLead: TestPerson
        let hackneyLead: TestPerson, hackneyWorker: TestPerson, hackneyReader: TestPerson, outsider: TestPerson
        let reference: String
    }

    static func world(_ lantern: TestLantern) async throws -> World {
        let camden = try await lantern.makeOrganisation("Camden Council")
        let hackney = try await lantern.makeOrganisation("Hackney Housing")
        let outside = try await lantern.makeOrganisation("Elsewhere Charity", kind: .charity)
        let worker = try await lantern.makePerson(in: camden, roles: [.caseWorker], email: "sharer@camden.example")
        let camdenLead = try await lantern.makePerson(in: camden, roles: [.modernSlaveryLead])
        let hackneyLead = try await lantern.makePerson(in: hackney, roles: [.modernSlaveryLead])
        let hackneyWorker = try await lantern.makePerson(in: hackney, roles: [.caseWorker])
        let hackneyReader = try await lantern.makePerson(in: hackney, roles: [.readOnly])
        let outsider = try await lantern.makePerson(in: outside, roles: [.modernSlaveryLead])
        let made = try await lantern.api(try await lantern.apiToken(for: worker))
            .post("/api/v1/cases", PathwayHTTPTests.newCase(lantern.today, identifiedDaysAgo: 3))
        let reference = try #require(made.json["reference"] as? String, "\(made.body.string)")
        return World(lantern: lantern, camden: camden, hackney: hackney, outside: outside, worker: worker, camdenLead: camdenLead,
                     hackneyLead: hackneyLead, hackneyWorker: hackneyWorker, hackneyReader: hackneyReader, outsider: outsider,
                     reference: reference)
    }

    /// Shares the case's decision status with Hackney (or one of its teams) for a purpose; the share's id.
    static func share(_ w: World, kind: String? = "housing", scope: String = "decision_status", team: Team? = nil) async throws -> UUID {
        let api = w.lantern.api(try await w.lantern.apiToken(for: w.worker))
        let today = w.lantern.today
        let consent = try await api.post("/api/v1/cases/\(w.reference)/consents", [
            "basis": "child_safeguarding", "organisationIDs": [w.hackney.id!.uuidString], "scopes": [scope],
            "purpose": "Housing", "obtainedHow": "in_person_verbal", "givenOn": today.iso, "validUntil": today.adding(days: 365).iso])
        let consentID = try #require(consent.json["id"] as? String, "\(consent.body.string)")
        var body: [String: Any] = ["organisationID": w.hackney.id!.uuidString, "scope": scope, "purpose": "Housing application",
                                   "until": today.adding(days: 90).iso, "consentID": consentID]
        if let kind { body["purposeKind"] = kind }
        if let team { body["teamID"] = team.id!.uuidString }
        let made = try await api.post("/api/v1/cases/\(w.reference)/shares", body)
        #expect(made.status == .created, "\(made.body.string)")
        return try #require(UUID(uuidString: made.json["id"] as? String ?? ""))
    }

    static func answerRow(_ w: World, _ id: UUID) async throws -> ShareAnswerRecord {
        try #require(try await ShareAnswerRecord.find(id, on: w.lantern.app.db))
    }

    @Test(arguments: TestDatabase.available)
    func aHousingShareIsAnsweredOnceAndBothSidesSeeIt(database: TestDatabase) async throws {
        try await TestLantern.run(database) { lantern in
            // setup
            let w = try await Self.world(lantern)
            // The case record (a decision-only partner's page is the decision alone, without sections).
            let id = try await Self.share(w, scope: "full_case")
            let row = try await Self.answerRow(w, id)
            #expect(row.state == .awaiting && row.kind == .housing)
            #expect(row.due == ShareAnswerRules.answerDue(sharedOn: lantern.today, kind: .housing, workingDays: ShareAnswerRules.workingDays(),
                                                           holidays: CaseService.limits.holidays))

            // the recipient sees who shared it, how to reach them, and the day to answer by
            let lead = try await lantern.signedIn(w.hackneyLead)
            let page = try await lead.get("/shared/\(id.uuidString)")
            #expect(page.status == .ok)
            for text in [w.worker.user.displayName, "sharer@camden.example", "Camden Council", "Answer by", "Send answer"] {
                #expect(page.body.string.contains(text), "\(text)")
            }
            let casePage = try await lead.get("/cases/\(w.reference)")
            #expect(casePage.body.string.contains("Shared with you by") && casePage.body.string.contains("/shared/\(id.uuidString)"))
            #expect(try await lead.get("/shared-cases").body.string.contains("Awaiting an answer"))
            // others: another organisation and bad ids answer 404; a reader sees it but has no form
            let outsider = try await lantern.signedIn(w.outsider)
            #expect(try await outsider.get("/shared/\(id.uuidString)").status == .notFound)
            #expect([.forbidden, .notFound].contains(try await outsider.post("/shared/\(id.uuidString)", [("decision", "accept")]).status))
            #expect(try await lead.get("/shared/not-an-id").status == .notFound)
            #expect(try await lead.get("/shared/\(UUID().uuidString)").status == .notFound)
            let reader = try await lantern.signedIn(w.hackneyReader)
            let read = try await reader.get("/shared/\(id.uuidString)")
            #expect(read.status == .ok && !read.body.string.contains("Send answer"))
            #expect([.forbidden, .notFound].contains(try await reader.post("/shared/\(id.uuidString)", [("decision", "accept")]).status))
            // declining without a reason: a clear message, nothing written
            let noReason = try await lead.post("/shared/\(id.uuidString)", [("decision", "decline"), ("reason", "  ")])
            #expect(noReason.status == .unprocessableEntity && noReason.body.string.contains("Give the reason you decline"))
            #expect(try await Self.answerRow(w, id).state == .awaiting)

            // MUT: forty answers at once, half accepting, half declining with a reason
            let statuses = try await withThrowingTaskGroup(of: HTTPStatus.self) { group in
                for index in 0..<40 {
                    let fields = index % 2 == 0 ? [("decision", "accept")] : [("decision", "decline"), ("reason", "No capacity \(index)")]
                    group.addTask { try await lead.post("/shared/\(id.uuidString)", fields).status }
                }
                return try await group.reduce(into: [HTTPStatus]()) { $0.append($1) }
            }

            // validate: one answer, audited once, one task for the sharer; the rest told so
            #expect(statuses.filter { $0 == .seeOther }.count == 1)
            #expect(statuses.filter { $0 == .conflict }.count == 39)
            let answered = try await Self.answerRow(w, id)
            #expect(answered.state != .awaiting && answered.answeredBy == w.hackneyLead.id)
            #expect(try await AuditEntry.query(on: lantern.app.db).filter(\.$action == "case.share_answered").count() == 1)
            let tasks = try await PersonTask.query(on: lantern.app.db).filter(\.$ownerID == w.worker.id).all()
            #expect(tasks.count == 1 && tasks.first?.sourceKey == "share_answered:\(id.uuidString)")
            let again = try await lead.post("/shared/\(id.uuidString)", [("decision", "accept")])
            #expect(again.status == .conflict && again.body.string.contains("already been answered"))
            // the reason is sealed in the database and read on the owner's case page
            if answered.state == .declined {
                #expect(!(answered.sealedAnswerReason ?? "").contains("No capacity"))
            }
            let owner = try await lantern.signedIn(w.worker)
            let ownerPage = try await owner.get("/cases/\(w.reference)")
            #expect(ownerPage.body.string.contains("Answers to shares"))
            #expect(ownerPage.body.string.contains(answered.state == .accepted ? "Accepted" : "No capacity"))
        }
    }

    @Test(arguments: TestDatabase.available)
    func anAnswerAfterTheShareWasWithdrawnIsRefusedAndNothingIsWritten(database: TestDatabase) async throws {
        try await TestLantern.run(database) { lantern in
            // setup
            let w = try await Self.world(lantern)
            let id = try await Self.share(w)
            let lead = try await lantern.signedIn(w.hackneyLead)
            _ = try await lead.get("/shared/\(id.uuidString)")
            let ownerAPI = lantern.api(try await lantern.apiToken(for: w.worker))
            #expect(try await ownerAPI.post("/api/v1/cases/\(w.reference)/shares/\(id.uuidString)/revoke", [:]).status == .ok)

            // MUT
            let page = try await lead.post("/shared/\(id.uuidString)", [("decision", "accept")])
            let api = try await lantern.api(try await lantern.apiToken(for: w.hackneyLead))
                .post("/api/v1/shares/\(id.uuidString)/answer", ["decision": "decline", "reason": "Too late"])

            // validate
            #expect(page.status == .gone && page.body.string.contains("withdrew the share"))
            #expect(api.status == .gone)
            let row = try await Self.answerRow(w, id)
            #expect(row.state == .awaiting && row.answeredAt == nil && row.sealedAnswerReason == nil)
            #expect(try await AuditEntry.query(on: lantern.app.db).filter(\.$action == "case.share_answered").count() == 0)
            #expect(try await PersonTask.query(on: lantern.app.db).filter(\.$ownerID == w.worker.id).count() == 0)
            let shown = try await lead.get("/shared/\(id.uuidString)")
            #expect(shown.status == .ok && shown.body.string.contains("withdrawn the share") && !shown.body.string.contains("Send answer"))
        }
    }

    @Test(arguments: TestDatabase.available)
    func theAPIAnswersOnceWithClearProblems(database: TestDatabase) async throws {
        try await TestLantern.run(database) { lantern in
            // setup
            let w = try await Self.world(lantern)
            let id = try await Self.share(w, kind: "legal")
            let api = lantern.api(try await lantern.apiToken(for: w.hackneyWorker))
            #expect(try await Self.answerRow(w, id).kind == .legal)

            // MUT + validate
            #expect(try await api.post("/api/v1/shares/\(id.uuidString)/answer", ["decision": "decline"]).status == .unprocessableEntity)
            #expect(try await api.post("/api/v1/shares/\(id.uuidString)/answer", ["decision": "perhaps"]).status == .unprocessableEntity)
            #expect(try await api.post("/api/v1/shares/not-an-id/answer", ["decision": "accept"]).status == .notFound)
            let outsider = lantern.api(try await lantern.apiToken(for: w.outsider))
            #expect(try await outsider.post("/api/v1/shares/\(id.uuidString)/answer", ["decision": "accept"]).status == .notFound)
            let accepted = try await api.post("/api/v1/shares/\(id.uuidString)/answer", ["decision": "accept"])
            #expect(accepted.status == .ok, "\(accepted.body.string)")
            #expect(accepted.json["state"] as? String == "accepted" && accepted.json["purposeKind"] as? String == "legal")
            #expect(try await api.post("/api/v1/shares/\(id.uuidString)/answer", ["decision": "decline", "reason": "x"]).status == .conflict)
            // a purpose kind not on the list is refused when sharing
            let owner = lantern.api(try await lantern.apiToken(for: w.worker))
            let bad = try await owner.post("/api/v1/cases/\(w.reference)/shares", [
                "organisationID": w.hackney.id!.uuidString, "scope": "decision_status", "purpose": "x", "purposeKind": "flats",
                "until": lantern.today.adding(days: 10).iso, "consentID": UUID().uuidString])
            #expect(bad.status == .unprocessableEntity && bad.body.string.contains("Select what the share is for"))
        }
    }

    @Test(arguments: TestDatabase.available)
    func theDailyJobChasesTheRecipientThenEscalatesToTheSharersLeadsEachOnce(database: TestDatabase) async throws {
        try await TestLantern.run(database) { lantern in
            // setup: one share to Hackney as a whole, one to a team of it
            let w = try await Self.world(lantern)
            let team = Team(organisationID: w.hackney.id!, name: "Housing options", createdAt: lantern.clock.now)
            try await team.create(on: lantern.app.db)
            try await AuthorisationMatrixTests.join(team, w.hackneyWorker, lantern)
            let toOrganisation = try await Self.share(w, kind: "housing")
            let toTeam = try await Self.share(w, kind: "housing", team: team)
            let due = try #require(try await Self.answerRow(w, toOrganisation).due)
            let db = lantern.app.db, services = lantern.app.lantern
            func run() async throws -> ShareChase.Summary { try await ShareChase.run(services: services, today: lantern.today, on: db) }
            func keys(_ person: TestPerson) async throws -> [String] {
                try await PersonTask.query(on: db).filter(\.$ownerID == person.id).all().compactMap(\.sourceKey).sorted()
            }

            // on the answer-by day: nothing yet
            lantern.clock.advance(Double(due.daysSinceEpoch - lantern.today.daysSinceEpoch) * 86_400)
            #expect(try await run().chased == 0)

            // the day after: chased, the organisation's lead for one, the team's member for the other
            lantern.clock.advance(86_400)
            let first = try await run()
            #expect(first.chased == 2 && first.escalated == 0)
            #expect(try await keys(w.hackneyLead) == ["share_chase:\(toOrganisation.uuidString)"])
            #expect(try await keys(w.hackneyWorker) == ["share_chase:\(toTeam.uuidString)"])
            #expect(try await run() == ShareChase.Summary())
            #expect(try await Self.answerRow(w, toOrganisation).chasedOn == lantern.today.daysSinceEpoch)

            // an answered share is not escalated; the other is, once, to Camden's lead
            let api = lantern.api(try await lantern.apiToken(for: w.hackneyWorker))
            #expect(try await api.post("/api/v1/shares/\(toTeam.uuidString)/answer", ["decision": "accept"]).status == .ok)
            let escalation = ShareAnswerRules.escalationDay(due: due, holidays: CaseService.limits.holidays)
            lantern.clock.advance(Double(escalation.daysSinceEpoch - lantern.today.daysSinceEpoch - 1) * 86_400)
            #expect(try await run().escalated == 0)
            lantern.clock.advance(86_400)
            let escalated = try await run()
            #expect(escalated.escalated == 1 && escalated.chased == 0)
            #expect(try await keys(w.camdenLead) == ["share_escalation:\(toOrganisation.uuidString)"])
            #expect(try await run() == ShareChase.Summary())
            #expect(try await keys(w.hackneyLead) == ["share_chase:\(toOrganisation.uuidString)"])
            // through the scheduled job too: once per window
            #expect(try await ScheduledJobs.runIfDue(ScheduledJobs.shareAnswers, interval: 86_400, node: "a", app: lantern.app))
            #expect(try await ScheduledJobs.runIfDue(ScheduledJobs.shareAnswers, interval: 86_400, node: "b", app: lantern.app) == false)
        }
    }
}
