import Fluent
import Foundation
import Testing
import VaporTesting
@testable import LanternApp
@testable import LanternCore

/// Safeguarding concerns raised once: routed through the directory to a council team (and the
/// police where they must know), seen by that team, its organisation's lead and the raising
/// organisation only; acknowledged once; escalated once; re-routed with history; closed.
@Suite struct SafeguardingHTTPTests {
    /// Two organisations' people around one borough's directory entries.
    struct World {
        let lantern: TestLantern
        let borough: String
        let raiserOrg: Organisation, council: Organisation, police: Organisation, stranger: Organisation
        let adultTeam: Team, otherTeam: Team
        let raiser: TestPerson, raiserLead: TestPerson
        let teamWorker: TestPerson, otherTeamWorker: TestPerson, councilLead: TestPerson, strangerLead: TestPerson, policeWorker: TestPerson

        static func make(_ lantern: TestLantern) async throws -> World {
            let raiserOrg = try await lantern.makeOrganisation("Outreach Charity", kind: .charity)
            let council = try await lantern.makeOrganisation("Hackney Council")
            let police = try await lantern.makeOrganisation("Metropolitan Police", kind: .police)
            let stranger = try await lantern.makeOrganisation("Camden Council")
            let adultTeam = Team(organisationID: council.id!, name: "Adult safeguarding", createdAt: Date())
            try await adultTeam.create(on: lantern.app.db)
            let otherTeam = Team(organisationID: council.id!, name: "Housing", createdAt: Date())
            try await otherTeam.create(on: lantern.app.db)
            let teamWorker = try await lantern.makePerson(in: council, roles: [.caseWorker])
            let otherTeamWorker = try await lantern.makePerson(in: council, roles: [.caseWorker])
            try await AuthorisationMatrixTests.join(adultTeam, teamWorker, lantern)
            try await AuthorisationMatrixTests.join(otherTeam, otherTeamWorker, lantern)
            let borough = lantern.app.lantern.boroughs.all[0].onsCode
            let services = lantern.app.lantern
            func draft(_ kind: DirectoryEntryKind, _ name: String) -> DirectoryEntryDraft {
                DirectoryEntryDraft(boroughCode: borough, kind: kind, roleTitle: "SPOC", organisationName: name, team: nil,
                                    email: "spoc@example.org", phone: nil, webForm: nil, isPublished: true, personalEmailPublished: false)
            }
            let adult = try await ContactsDirectory.create(draft(.councilAdultSafeguarding, "Hackney Council"), organisationID: council.id!,
                                                           by: nil, services: services, on: lantern.app.db)
            adult.teamID = adultTeam.id
            try await adult.save(on: lantern.app.db)
            _ = try await ContactsDirectory.create(draft(.metBCU, "Met Police"), organisationID: police.id!, by: nil, services: services, on: lantern.app.db)
            return World(lantern: lantern, borough: borough, raiserOrg: raiserOrg, council: council, police: police, stranger: stranger,
                         adultTeam: adultTeam, otherTeam: otherTeam,
                         raiser: try await lantern.makePerson(in: raiserOrg, roles: [.caseWorker]),
                         raiserLead: try await lantern.makePerson(in: raiserOrg, roles: [.modernSlaveryLead]),
                         teamWorker: teamWorker, otherTeamWorker: otherTeamWorker,
                         councilLead: try await lantern.makePerson(in: council, roles: [.modernSlaveryLead]),
                         strangerLead: try await lantern.makePerson(in: stranger, roles: [.modernSlaveryLead]),
                         policeWorker: try await lantern.makePerson(in: police, roles: [.modernSlaveryLead]))
        }

        func raise(_ browser: TestBrowser, subject: String = "adult", kind: String = "neglect", urgency: String = "standard",
                   police: String? = nil, seen: String = "Seen sleeping in the shop's storeroom", path: String = "/concerns/new") async throws -> TestingHTTPResponse {
            var fields = [("subject", subject), ("kind", kind), ("urgency", urgency), ("borough", borough), ("seen", seen)]
            if let police { fields.append(("police[]", police)) }
            return try await browser.post(path, fields)
        }

        var db: any Database { lantern.app.db }

        /// Signed in, with the page's form token (the home page's sign-out form carries it).
        func signedIn(_ person: TestPerson) async throws -> TestBrowser {
            let browser = try await lantern.signedIn(person)
            try await browser.get("/")
            return browser
        }
        func concerns() async throws -> [SafeguardingConcern] { try await SafeguardingConcern.query(on: db).sort(\.$recordedAt).all() }
    }

    @Test(arguments: TestDatabase.available)
    func aConcernIsRoutedToTheTeamAndSeenOnlyByItTheLeadAndTheRaisers(database: TestDatabase) async throws {
        try await TestLantern.run(database, settings: { $0.mailCommand = ["true"] }) { lantern in
            let w = try await World.make(lantern)
            let raiser = try await w.signedIn(w.raiser)

            // MUT: raised on its own
            #expect(try await raiser.get("/concerns/new").status == .ok)
            let raised = try await w.raise(raiser)
            #expect(raised.status == .seeOther)
            let concern = try #require(try await w.concerns().first)
            #expect(try await w.concerns().count == 1)
            #expect(concern.routedOrganisationID == w.council.id && concern.routedTeamID == w.adultTeam.id && concern.caseID == nil)
            #expect(!concern.sealedSeen.contains("storeroom"))
            #expect(try lantern.app.lantern.cipher.open(concern.sealedSeen, context: SafeguardingConcern.seenContext(concern.id!)).contains("storeroom"))
            #expect(try await SafeguardingConcernRoute.query(on: w.db).count() == 1)
            // The team is told a concern waits (no details); the police are not (neglect, box not ticked).
            let mail = try await OutboxMessage.query(on: w.db).filter(\.$kind == "concern_waiting").all()
            #expect(mail.map(\.recipient) == [w.teamWorker.email])
            #expect(!mail[0].subject.contains("storeroom"))
            let path = "/concerns/\(concern.id!)"

            // validate: who sees it
            for (person, status) in [(w.teamWorker, HTTPStatus.ok), (w.councilLead, .ok), (w.raiser, .ok), (w.raiserLead, .ok),
                                     (w.otherTeamWorker, .notFound), (w.strangerLead, .notFound), (w.policeWorker, .notFound)] {
                let page = try await w.signedIn(person).get(path)
                #expect(page.status == status, "\(person.email)")
                #expect(page.body.string.contains("storeroom") == (status == .ok))
            }
            // Lists narrowed in SQL the same way.
            for (person, listed) in [(w.teamWorker, true), (w.councilLead, true), (w.raiser, true), (w.otherTeamWorker, false), (w.strangerLead, false)] {
                #expect(try await w.signedIn(person).get("/concerns").body.string.contains(path) == listed, "\(person.email)")
            }

            // Only the routed team (and the lead) may handle it.
            for person in [w.raiser, w.raiserLead, w.otherTeamWorker, w.strangerLead] {
                #expect(try await w.signedIn(person).post("\(path)/acknowledge").status == .notFound, "\(person.email)")
            }
            let team = try await w.signedIn(w.teamWorker)
            // The outcome waits for the acknowledgement.
            #expect(try await team.post("\(path)/outcome", [("outcome", "section_42_enquiry")]).status == .unprocessableEntity)
            #expect(try await team.post("\(path)/acknowledge").status == .seeOther)
            #expect(try await SafeguardingConcern.find(concern.id, on: w.db)?.acknowledgedBy == w.teamWorker.id)
            #expect(try await team.post("\(path)/outcome", [("outcome", "made_up")]).status == .unprocessableEntity)
            #expect(try await team.post("\(path)/outcome", [("outcome", "section_42_enquiry"), ("note", "Enquiry \u{7}")]).status == .unprocessableEntity)
            #expect(try await team.post("\(path)/outcome", [("outcome", "section_42_enquiry"), ("note", "Enquiry opened; visit on Monday")]).status == .seeOther)
            let closed = try #require(try await SafeguardingConcern.find(concern.id, on: w.db))
            #expect(closed.state == .closed && closed.outcome == "section_42_enquiry" && !(closed.sealedOutcomeNote ?? "").contains("Monday"))
            // Nothing changes a closed concern.
            #expect(try await team.post("\(path)/outcome", [("outcome", "no_further_action")]).status == .unprocessableEntity)

            // The raiser sees what happened.
            let seen = try await raiser.get(path).body.string
            #expect(seen.contains("Adult safeguarding enquiry (section 42)") && seen.contains("visit on Monday") && !seen.contains("Acknowledge this concern"))

            // Audited, without the text.
            let entries = try await AuditEntry.query(on: w.db).all()
            #expect(Set(entries.map(\.action)).isSuperset(of: ["concern.raised", "concern.viewed", "concern.acknowledged", "concern.closed",
                                                              "concern.access_denied", "concerns.listed"]))
        }
    }

    @Test(arguments: TestDatabase.available)
    func badInputAndABoroughWithoutAnEntryWriteNothing(database: TestDatabase) async throws {
        try await TestLantern.run(database) { lantern in
            let w = try await World.make(lantern)
            let raiser = try await w.signedIn(w.raiser)
            // No children's services entry for the borough: a clear message, nothing written.
            let child = try await w.raise(raiser, subject: "child")
            #expect(child.status == .unprocessableEntity)
            #expect(child.body.string.contains("has no Council children"))
            #expect(child.body.string.contains("Seen sleeping in the shop"))  // what was typed is kept
            for (fields, field) in [([("subject", "adult"), ("kind", "neglect"), ("urgency", "standard"), ("borough", w.borough), ("seen", " ")], "seen"),
                                    ([("subject", "adult"), ("kind", "arson"), ("urgency", "standard"), ("borough", w.borough), ("seen", "x")], "kind"),
                                    ([("subject", "adult"), ("kind", "neglect"), ("urgency", "soon"), ("borough", w.borough), ("seen", "x")], "urgency"),
                                    ([("subject", "adult"), ("kind", "neglect"), ("urgency", "standard"), ("borough", "W1"), ("seen", "x")], "borough"),
                                    ([("subject", "adult"), ("kind", "neglect"), ("urgency", "standard"), ("borough", w.borough), ("seen", "a\u{1}b")], "seen"),
                                    ([("subject", "adult"), ("kind", "neglect"), ("urgency", "standard"), ("borough", w.borough), ("seen", "x"),
                                      ("police[]", "maybe")], "police")] {
                let response = try await raiser.post("/concerns/new", fields)
                #expect(response.status == .unprocessableEntity, "\(field)")
                #expect(response.body.string.contains("href=\"#\(field)\""), "\(field)")
            }
            #expect(try await w.concerns().isEmpty)
            #expect(try await SafeguardingConcernRoute.query(on: w.db).count() == 0)
            // Without the token: refused.
            #expect(try await raiser.post("/concerns/new", [("subject", "adult")], csrf: false).status == .forbidden)
            // A read-only person cannot raise.
            let reader = try await lantern.makePerson(in: w.raiserOrg, roles: [.readOnly])
            #expect(try await w.signedIn(reader).get("/concerns/new").status == .forbidden)
        }
    }

    @Test(arguments: TestDatabase.available)
    func criminalExploitationAlsoGoesToThePolice(database: TestDatabase) async throws {
        try await TestLantern.run(database) { lantern in
            let w = try await World.make(lantern)
            #expect(try await w.raise(try await w.signedIn(w.raiser), kind: "criminal_exploitation").status == .seeOther)
            let concerns = try await w.concerns()
            #expect(concerns.count == 2)
            let council = try #require(concerns.first { $0.routedOrganisationID == w.council.id })
            let police = try #require(concerns.first { $0.routedOrganisationID == w.police.id })
            #expect(police.linkedConcernID == council.id && council.linkedConcernID == nil)
            // Each receiver sees its own; the council's team does not see the police's copy.
            #expect(try await w.signedIn(w.policeWorker).get("/concerns/\(police.id!)").status == .ok)
            #expect(try await w.signedIn(w.policeWorker).get("/concerns/\(council.id!)").status == .notFound)
            #expect(try await w.signedIn(w.teamWorker).get("/concerns/\(police.id!)").status == .notFound)
            // The police box with neglect: also the police.
            #expect(try await w.raise(try await w.signedIn(w.raiser), police: "yes").status == .seeOther)
            #expect(try await w.concerns().count == 4)
        }
    }

    @Test(arguments: TestDatabase.available)
    func fortyAcknowledgementsAtOnceMakeOne(database: TestDatabase) async throws {
        try await TestLantern.run(database) { lantern in
            let w = try await World.make(lantern)
            #expect(try await w.raise(try await w.signedIn(w.raiser)).status == .seeOther)
            let concern = try #require(try await w.concerns().first)
            let team = try await w.signedIn(w.teamWorker)
            let lead = try await w.signedIn(w.councilLead)
            let statuses = try await withThrowingTaskGroup(of: HTTPStatus.self) { group in
                for index in 0..<40 {
                    let browser = index % 2 == 0 ? team : lead
                    group.addTask { try await browser.post("/concerns/\(concern.id!)/acknowledge").status }
                }
                return try await group.reduce(into: [HTTPStatus]()) { $0.append($1) }
            }
            #expect(statuses.allSatisfy { $0 == .seeOther })
            #expect(try await AuditEntry.query(on: w.db).filter(\.$action == "concern.acknowledged").count() == 1)
            let fresh = try #require(try await SafeguardingConcern.find(concern.id, on: w.db))
            #expect(fresh.acknowledgedAt != nil && [w.teamWorker.id, w.councilLead.id].contains(fresh.acknowledgedBy))
            #expect(try await team.get("/concerns/\(concern.id!)?done=already-acknowledged").body.string.contains("Already acknowledged"))
        }
    }

    @Test(arguments: TestDatabase.available)
    func anUnacknowledgedConcernIsEscalatedOnceToTheLeads(database: TestDatabase) async throws {
        try await TestLantern.run(database, settings: { $0.mailCommand = ["true"] }) { lantern in
            let w = try await World.make(lantern)
            #expect(try await w.raise(try await w.signedIn(w.raiser), urgency: "urgent").status == .seeOther)
            let concern = try #require(try await w.concerns().first)
            let services = lantern.app.lantern
            // Not yet due: nothing.
            #expect(concern.acknowledgeBy > lantern.clock.now)
            #expect(try await ConcernEscalations.run(services: services, on: w.db) == 0)
            lantern.clock.advance(concern.acknowledgeBy.timeIntervalSince(lantern.clock.now) + 60)
            // Forty sweeps at once (several nodes): escalated once, one task and one email per lead.
            let counts = try await withThrowingTaskGroup(of: Int.self) { group in
                for _ in 0..<40 { group.addTask { try await ConcernEscalations.run(services: services, on: lantern.app.db) } }
                return try await group.reduce(0, +)
            }
            #expect(counts == 1)
            let fresh = try #require(try await SafeguardingConcern.find(concern.id, on: w.db))
            #expect(fresh.state == .escalated)
            let tasks = try await PersonTask.query(on: w.db).all()
            #expect(tasks.map(\.ownerID) == [w.councilLead.id])
            #expect(tasks[0].link == "/concerns/\(concern.id!)")
            #expect(try await OutboxMessage.query(on: w.db).filter(\.$recipient == w.councilLead.email).count() == 1)
            #expect(try await AuditEntry.query(on: w.db).filter(\.$action == "concern.escalated").count() == 1)
            // Overdue, in words, for the raiser and the team; still acknowledged after escalation.
            #expect(try await w.signedIn(w.raiser).get("/concerns/\(concern.id!)").body.string.contains("Overdue"))
            #expect(try await w.signedIn(w.councilLead).post("/concerns/\(concern.id!)/acknowledge").status == .seeOther)
            #expect(try await SafeguardingConcern.find(concern.id, on: w.db)?.state == .acknowledged)
            // The scheduled job runs it too.
            #expect(try await ScheduledJobs.perform(ScheduledJobs.concernEscalations, now: lantern.clock.now, app: lantern.app) == "escalated=0")
        }
    }

    @Test(arguments: TestDatabase.available)
    func reroutingMovesItToAnotherTeamAndKeepsTheHistory(database: TestDatabase) async throws {
        try await TestLantern.run(database) { lantern in
            let w = try await World.make(lantern)
            #expect(try await w.raise(try await w.signedIn(w.raiser)).status == .seeOther)
            let concern = try #require(try await w.concerns().first)
            let path = "/concerns/\(concern.id!)"
            let team = try await w.signedIn(w.teamWorker)
            #expect(try await team.post("\(path)/acknowledge").status == .seeOther)
            let page = try await team.get(path).body.string
            #expect(page.contains("team:\(w.otherTeam.id!)"))
            // A reason is needed, and a destination from the list.
            #expect(try await team.post("\(path)/reroute", [("to", "team:\(w.otherTeam.id!)"), ("reason", " ")]).status == .unprocessableEntity)
            #expect(try await team.post("\(path)/reroute", [("to", "team:\(UUID())"), ("reason", "Wrong team")]).status == .unprocessableEntity)
            let moved = try await team.post("\(path)/reroute", [("to", "team:\(w.otherTeam.id!)"), ("reason", "Housing need, not care")])
            #expect(moved.status == .seeOther)
            let fresh = try #require(try await SafeguardingConcern.find(concern.id, on: w.db))
            #expect(fresh.routedTeamID == w.otherTeam.id && fresh.acknowledgedAt == nil && fresh.state == .awaitingAcknowledgement)
            #expect(try await SafeguardingConcernRoute.query(on: w.db).count() == 2)
            // The old team no longer sees it; the new one does, with the history.
            #expect(try await team.get(path).status == .notFound)
            let other = try await w.signedIn(w.otherTeamWorker).get(path)
            #expect(other.status == .ok && other.body.string.contains("Housing need, not care") && other.body.string.contains("Hackney Council: Adult safeguarding"))
            #expect(try await w.signedIn(w.raiser).get(path).body.string.contains("Hackney Council: Housing"))
            // The police's entry is a destination too.
            let police = try await w.signedIn(w.councilLead).post("\(path)/reroute", [
                ("to", "entry:\(try #require(try await DirectoryEntry.query(on: w.db).filter(\.$kind == "met_bcu_spoc").first()?.id))"),
                ("reason", "A crime")])
            #expect(police.status == .seeOther)
            #expect(try await SafeguardingConcern.find(concern.id, on: w.db)?.routedOrganisationID == w.police.id)
            #expect(try await AuditEntry.query(on: w.db).filter(\.$action == "concern.rerouted").count() == 2)
        }
    }

    @Test(arguments: TestDatabase.available)
    func aConcernOnACaseIsSealedWithTheCasesKeyAndShownOnTheCase(database: TestDatabase) async throws {
        try await TestLantern.run(database) { lantern in
            let w = try await World.make(lantern)
            let api = lantern.api(try await lantern.apiToken(for: w.raiser))
            let reference = try #require(try await api.post("/api/v1/cases", PathwayHTTPTests.newCase(lantern.today, age: "adult",
                extra: ["boroughIdentified": w.borough])).json["reference"] as? String)
            let raiser = try await w.signedIn(w.raiser)
            let form = try await raiser.get("/cases/\(reference)/concerns/new")
            #expect(form.status == .ok && form.body.string.contains("value=\"\(w.borough)\" selected"))
            // Nobody outside the case's organisation raises on it.
            #expect(try await w.signedIn(w.strangerLead).get("/cases/\(reference)/concerns/new").status == .notFound)
            #expect(try await w.raise(try await w.signedIn(w.strangerLead), path: "/cases/\(reference)/concerns/new").status == .notFound)
            #expect(try await w.raise(raiser, path: "/cases/\(reference)/concerns/new").status == .seeOther)
            let concern = try #require(try await w.concerns().first)
            let record = try #require(try await CaseRecord.query(on: w.db).filter(\.$reference == reference).first())
            #expect(concern.caseID == record.id)
            let caseCipher = try #require(try await lantern.app.lantern.caseKeys.cipher(for: record.id!, on: w.db))
            #expect(try caseCipher.open(concern.sealedSeen, context: SafeguardingConcern.seenContext(concern.id!)).contains("storeroom"))
            #expect((try? lantern.app.lantern.cipher.open(concern.sealedSeen, context: SafeguardingConcern.seenContext(concern.id!))) == nil)
            // The receiving team reads it, without a link to the case.
            let received = try await w.signedIn(w.teamWorker).get("/concerns/\(concern.id!)").body.string
            #expect(received.contains("storeroom") && !received.contains("/cases/\(reference)"))
            // The case page's section shows it to the case's organisation, with its state.
            let casePage = try await raiser.get("/cases/\(reference)").body.string
            #expect(casePage.contains("Safeguarding concerns") && casePage.contains("/concerns/\(concern.id!)") && casePage.contains("Waiting to be acknowledged"))
            #expect(try await AuditEntry.query(on: w.db).filter(\.$action == "case.concern_raised").count() == 1)
        }
    }

    @Test(arguments: TestDatabase.available)
    func theDemoRaisesAWaitingAnEscalatedAndAClosedConcern(database: TestDatabase) async throws {
        try await TestLantern.run(database) { lantern in
            let council = try await lantern.makeOrganisation("Demo Council")
            let police = try await lantern.makeOrganisation("Demo Police", kind: .police)
            let worker = try await lantern.makePerson(in: council, roles: [.caseWorker])
            let lead = try await lantern.makePerson(in: council, roles: [.modernSlaveryLead])
            let services = lantern.app.lantern
            let demo = DemoContext(services: services, now: services.now, today: services.today,
                                   organisations: [.council: council.id!, .police: police.id!],
                                   people: [.caseWorker: worker.id, .modernSlaveryLead: lead.id])
            _ = try await ContactsDirectory.seedDemo(demo, on: lantern.app.db)
            try await SafeguardingDemo.seedDemo(demo, on: lantern.app.db)
            let concerns = try await SafeguardingConcern.query(on: lantern.app.db).all()
            #expect(concerns.count == 3)  // the child's concern and its police copy, and the closed one (no case in this test)
            #expect(concerns.contains { $0.state == .escalated } && concerns.contains { $0.state == .closed })
            #expect(try await SafeguardingConcernRoute.query(on: lantern.app.db).count() == 4)
            #expect(try await PersonTask.query(on: lantern.app.db).filter(\.$ownerID == lead.id).count() == 1)
            let browser = try await lantern.signedIn(worker)
            let list = try await browser.get("/concerns")
            #expect(list.status == .ok && list.body.string.contains("Overdue"))
        }
    }

    @Test(arguments: TestDatabase.available)
    func theContactsFormNamesTheTeamConcernsAreRoutedTo(database: TestDatabase) async throws {
        try await TestLantern.run(database) { lantern in
            let w = try await World.make(lantern)
            let admin = try await lantern.makePerson(in: w.council, roles: [.organisationAdmin])
            let browser = try await w.signedIn(admin)
            let form = try await browser.get("/contacts/manage/new").body.string
            #expect(form.contains("name=\"teamID\"") && form.contains("Adult safeguarding") && !form.contains(w.strangerLead.email))
            func fields(_ team: String) -> [(String, String)] {
                [("borough", w.lantern.app.lantern.boroughs.all[1].onsCode), ("kind", "council_adult_safeguarding_spoc"), ("roleTitle", "Adult safeguarding SPOC"),
                 ("organisationName", "Hackney Council"), ("email", "adult.safeguarding@example.org"), ("teamID", team)]
            }
            let strangerTeam = Team(organisationID: w.stranger.id!, name: "Elsewhere", createdAt: Date())
            try await strangerTeam.create(on: w.db)
            let refused = try await browser.post("/contacts/manage/new", fields(strangerTeam.id!.uuidString))
            #expect(refused.status == .unprocessableEntity && refused.body.string.contains("href=\"#teamID\""))
            #expect(try await browser.post("/contacts/manage/new", fields(w.adultTeam.id!.uuidString)).status == .seeOther)
            let entry = try #require(try await DirectoryEntry.query(on: w.db).filter(\.$roleTitle == "Adult safeguarding SPOC").first())
            #expect(entry.teamID == w.adultTeam.id)
            // Changing only the team is a change.
            let changed = try await browser.post("/contacts/manage/\(entry.id!)/edit", fields(w.otherTeam.id!.uuidString) + [("version", "1")])
            #expect(changed.status == .seeOther)
            #expect(try await DirectoryEntry.find(entry.id, on: w.db)?.teamID == w.otherTeam.id)
        }
    }
}
