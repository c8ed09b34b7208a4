import Fluent
import Foundation
import SQLKit
import Testing
import VaporTesting
@testable import LanternApp
@testable import LanternCore

/// A conference's record of a case over HTTP, on SQLite and PostgreSQL: the chair records the
/// outcome (decisions sealed) and agrees actions whose owners get tasks (a team: each active
/// member); an owner outside the conference is refused with nothing written; an action is marked
/// done once of 40 at once; the daily job chases overdue actions once per due date; the minutes
/// are the members' only; the next meeting opens with what was left.
@Suite struct ConferenceOutcomeHTTPTests {
    struct World {
        let host: Organisation, police: Organisation, outsider: Organisation
        let chair: TestPerson, hostWorker: TestPerson, member: TestPerson, teamMate: TestPerson, disabledTeamMate: TestPerson, stranger: TestPerson
        let team: Team, outsideTeam: Team
        let series: ConferenceSeries, meeting: ConferenceMeeting, item: ConferenceAgendaItem
        let reference: String
    }

    static func world(_ lantern: TestLantern, heldOn: Day? = nil) async throws -> World {
        let db = lantern.app.db, now = lantern.clock.now
        let host = try await lantern.makeOrganisation("Lambeth Council")
        let police = try await lantern.makeOrganisation("Met Police Central South", kind: .police)
        let outsider = try await lantern.makeOrganisation("Brent Council")
        let chair = try await lantern.makePerson(in: host, roles: [.modernSlaveryLead])
        let hostWorker = try await lantern.makePerson(in: host, roles: [.caseWorker])
        let member = try await lantern.makePerson(in: police, roles: [.caseWorker])
        let teamMate = try await lantern.makePerson(in: police, roles: [.caseWorker])
        let disabled = try await lantern.makePerson(in: police, roles: [.caseWorker])
        disabled.user.disabledAt = now
        try await disabled.user.save(on: db)
        let stranger = try await lantern.makePerson(in: outsider, roles: [.caseWorker, .modernSlaveryLead])
        let team = Team(organisationID: try police.requireID(), name: "Modern slavery unit", createdAt: now)
        try await team.create(on: db)
        for person in [teamMate, disabled] {
            let row = TeamMember()
            row.$team.id = try team.requireID()
            row.$user.id = person.id
            row.addedAt = now
            row.addedBy = chair.id
            try await row.create(on: db)
        }
        let outsideTeam = Team(organisationID: try outsider.requireID(), name: "Brent housing", createdAt: now)
        try await outsideTeam.create(on: db)

        let api = lantern.api(try await lantern.apiToken(for: hostWorker))
        let created = try await api.post("/api/v1/cases", PathwayHTTPTests.newCase(lantern.today, age: "adult", identifiedDaysAgo: 3,
                                                                                    extra: ["confirmedNew": true]))
        #expect(created.status == .created)
        let reference = try #require(created.json["reference"] as? String)
        let record = try #require(try await CaseRecord.query(on: db).filter(\.$reference == reference).first())

        let series = ConferenceSeries(boroughCode: "E09000022", kind: "macc", name: "Lambeth MACC", organisationID: try host.requireID(),
                                      accessDaysAfter: 7, createdBy: chair.id, createdAt: now)
        try await series.create(on: db)
        let meeting = ConferenceMeeting(seriesID: try series.requireID(), heldOn: heldOn ?? lantern.today, chairUserID: chair.id,
                                        createdBy: chair.id, createdAt: now)
        try await meeting.create(on: db)
        for person in [chair, member] {
            try await ConferenceMember(meetingID: try meeting.requireID(), userID: person.id, organisationID: person.organisationID, agencyRole: nil).create(on: db)
        }
        let item = ConferenceAgendaItem(meetingID: try meeting.requireID(), caseID: try record.requireID(), nominatedBy: hostWorker.id,
                                        nominatedByOrganisationID: try host.requireID(), sealedReason: "x", riskLevel: .high, state: .accepted,
                                        position: 1, createdAt: now)
        try await item.create(on: db)
        return World(host: host, police: police, outsider: outsider, chair: chair, hostWorker: hostWorker, member: member, teamMate: teamMate,
                     disabledTeamMate: disabled, stranger: stranger, team: team, outsideTeam: outsideTeam, series: series, meeting: meeting,
                     item: item, reference: reference)
    }

    @Test(arguments: TestDatabase.available)
    func theChairRecordsTheOutcomeAndActionsThatLandInTheOwnersTasks(database: TestDatabase) async throws {
        try await TestLantern.run(database) { lantern in
            let w = try await Self.world(lantern)
            let db = lantern.app.db
            let itemID = w.item.id!.uuidString
            let due = lantern.today.adding(days: 14).iso
            let chair = try await lantern.signedIn(w.chair)
            let member = try await lantern.signedIn(w.member)
            let stranger = try await lantern.signedIn(w.stranger)
            let hostWorker = try await lantern.signedIn(w.hostWorker)

            // Members and the host's lead read; the chair sees the forms; others get 404.
            let page = try await chair.get("/conference-agenda/\(itemID)")
            #expect(page.status == .ok && page.body.string.contains("Record the outcome") && page.body.string.contains(w.reference))
            let memberPage = try await member.get("/conference-agenda/\(itemID)")
            #expect(memberPage.status == .ok && !memberPage.body.string.contains("Record the outcome"))
            #expect(try await stranger.get("/conference-agenda/\(itemID)").status == .notFound)
            #expect(try await hostWorker.get("/conference-agenda/\(itemID)").status == .notFound)
            #expect(try await chair.get("/conference-agenda/not-an-id").status == .notFound)
            #expect(try await chair.get("/conference-agenda/\(UUID().uuidString)").status == .notFound)

            // The outcome: checked, then sealed; only the chair writes.
            let bad = try await chair.post("/conference-agenda/\(itemID)/outcome", [("risk", "severe"), ("decisions", " "), ("review", "2020-01-01")])
            #expect(bad.status == .unprocessableEntity && bad.body.string.contains("Choose the risk level")
                    && bad.body.string.contains("The review date must be on or after the meeting"))
            #expect(try await member.post("/conference-agenda/\(itemID)/outcome", [("risk", "high"), ("decisions", "x")]).status == .notFound)
            let review = lantern.today.adding(days: 28).iso
            let saved = try await chair.post("/conference-agenda/\(itemID)/outcome",
                                             [("risk", "medium"), ("decisions", "Refer to Wren Court housing panel <b>"), ("review", review)])
            #expect(saved.status == .seeOther)
            let outcome = try #require(try await ConferenceCaseOutcome.query(on: db).filter(\.$agendaItemID == w.item.id!).first())
            #expect(outcome.riskLevel == "medium" && outcome.reviewOn == Day(iso: review)!.daysSinceEpoch && !outcome.sealedDecisions.contains("Wren"))
            #expect(try await member.get("/conference-agenda/\(itemID)").body.string.contains("Refer to Wren Court housing panel &lt;b&gt;"))

            // An owner outside the conference: a field message, nothing written.
            let tasksBefore = try await PersonTask.query(on: db).count()
            for outside in ["person:\(w.stranger.id.uuidString)", "person:\(w.hostWorker.id.uuidString)", "team:\(w.outsideTeam.id!.uuidString)",
                            "team:nonsense", "everyone"] {
                let refused = try await chair.post("/conference-agenda/\(itemID)/actions", [("what", "Book a visit"), ("owner", outside), ("due", due)])
                #expect(refused.status == .unprocessableEntity, "\(outside)")
                #expect(refused.body.string.contains("The owner must be a member of this meeting or a team of an organisation attending it"), "\(outside)")
            }
            #expect(try await ConferenceAction.query(on: db).count() == 0)
            #expect(try await PersonTask.query(on: db).count() == tasksBefore)
            #expect(try await member.post("/conference-agenda/\(itemID)/actions",
                                          [("what", "x"), ("owner", "person:\(w.member.id.uuidString)"), ("due", due)]).status == .notFound)

            // A person and a team (its active members) as owners: a task each, once.
            #expect(try await chair.post("/conference-agenda/\(itemID)/actions",
                                         [("what", "Check the address at 12 Wren Court"), ("owner", "person:\(w.member.id.uuidString)"), ("due", due)]).status == .seeOther)
            #expect(try await chair.post("/conference-agenda/\(itemID)/actions",
                                         [("what", "Share the intelligence picture"), ("owner", "team:\(w.team.id!.uuidString.lowercased())"), ("due", due)]).status == .seeOther)
            let actions = try await ConferenceAction.query(on: db).sort(\.$createdAt).all()
            #expect(actions.count == 2 && actions.allSatisfy { !$0.sealedWhat.contains("Wren") && $0.ownerOrganisationID == w.police.id! })
            let keys: Set<String> = [ConferenceActionRules.taskSourceKey(actionID: actions[0].id!.uuidString, userID: w.member.id.uuidString),
                                     ConferenceActionRules.taskSourceKey(actionID: actions[1].id!.uuidString, userID: w.teamMate.id.uuidString)]
            let tasks = try await PersonTask.query(on: db).all().filter { $0.sourceKey.map(keys.contains) == true }
            #expect(tasks.count == 2)
            #expect(try await PersonTask.query(on: db).filter(\.$ownerID == w.disabledTeamMate.id).count() == 0)
            #expect(tasks.allSatisfy { !$0.title.contains("Wren") && $0.link.hasPrefix("/conference-actions/") })

            // The team's member (not a conference member) reads their action and may mark it done; a stranger may not.
            let mate = try await lantern.signedIn(w.teamMate)
            let teamAction = actions[1].id!.uuidString
            let actionPage = try await mate.get("/conference-actions/\(teamAction)")
            #expect(actionPage.status == .ok && actionPage.body.string.contains("Share the intelligence picture") && actionPage.body.string.contains("Mark this action done"))
            #expect(try await mate.get("/conference-agenda/\(itemID)").status == .notFound)
            #expect(try await stranger.get("/conference-actions/\(teamAction)").status == .notFound)
            #expect(try await stranger.post("/conference-actions/\(teamAction)/done").status == .notFound)
            #expect(try await member.post("/conference-actions/\(teamAction)/done").status == .notFound)
            #expect(try await mate.post("/conference-actions/\(teamAction)/done").status == .seeOther)
            #expect(try await PersonTask.query(on: db).filter(\.$ownerID == w.teamMate.id).filter(\.$doneAt == nil).count() == 0)

            // The API: the same checks.
            let api = lantern.api(try await lantern.apiToken(for: w.chair))
            let refused = try await api.post("/api/v1/conference-agenda/\(itemID)/actions",
                                             ["what": "Visit", "owner": "person:\(w.stranger.id.uuidString)", "dueOn": due])
            #expect(refused.status == .unprocessableEntity)
            #expect(((refused.json["errors"] as? [[String: Any]]) ?? []).contains { $0["field"] as? String == "owner" })
            let made = try await api.post("/api/v1/conference-agenda/\(itemID)/actions",
                                          ["what": "Visit", "owner": "person:\(w.member.id.uuidString)", "dueOn": due])
            #expect(made.status == .created && made.json["state"] as? String == "open")
            let read = try await api.get("/api/v1/conference-agenda/\(itemID)")
            #expect(read.status == .ok && (read.json["actions"] as? [Any])?.count == 3)
            #expect(((read.json["outcome"] as? [String: Any])?["riskLevel"] as? String) == "medium")
            let outsiderAPI = lantern.api(try await lantern.apiToken(for: w.stranger))
            #expect(try await outsiderAPI.get("/api/v1/conference-agenda/\(itemID)").status == .notFound)
            let auditActions = Set(try await AuditEntry.query(on: db).all().map(\.action))
            #expect(auditActions.isSuperset(of: ["conference.outcome_recorded", "conference.action_agreed", "conference.action_done",
                                                 "conference.outcome_viewed", "conference.action_viewed"]))
        }
    }

    @Test(arguments: TestDatabase.available)
    func fortyPressesOfDoneLeaveOne(database: TestDatabase) async throws {
        try await TestLantern.run(database) { lantern in
            let w = try await Self.world(lantern)
            let chair = try await lantern.signedIn(w.chair)
            #expect(try await chair.get("/conference-agenda/\(w.item.id!.uuidString)").status == .ok)
            #expect(try await chair.post("/conference-agenda/\(w.item.id!.uuidString)/actions",
                                         [("what", "Call back"), ("owner", "person:\(w.member.id.uuidString)"),
                                          ("due", lantern.today.adding(days: 3).iso)]).status == .seeOther)
            let action = try #require(try await ConferenceAction.query(on: lantern.app.db).first())
            let id = action.id!.uuidString
            let member = try await lantern.signedIn(w.member)
            #expect(try await member.get("/conference-actions/\(id)").status == .ok)
            let statuses = try await withThrowingTaskGroup(of: HTTPStatus.self) { group in
                for _ in 0..<40 { group.addTask { try await member.post("/conference-actions/\(id)/done").status } }
                return try await group.reduce(into: [HTTPStatus]()) { $0.append($1) }
            }
            #expect(statuses.filter { $0 == .seeOther }.count == 1)
            #expect(statuses.filter { $0 == .conflict }.count == 39)
            #expect(try await AuditEntry.query(on: lantern.app.db).filter(\.$action == "conference.action_done").count() == 1)
            let done = try #require(try await ConferenceAction.find(action.id, on: lantern.app.db))
            #expect(done.state == "done" && done.doneAt != nil)
            let api = lantern.api(try await lantern.apiToken(for: w.member))
            #expect(try await api.post("/api/v1/conference-actions/\(id)/done", [:]).status == .conflict)
        }
    }

    @Test(arguments: TestDatabase.available)
    func theDailyJobChasesOverdueActionsOncePerDueDate(database: TestDatabase) async throws {
        try await TestLantern.run(database) { lantern in
            let meetingDay = lantern.today.adding(days: -20)
            let w = try await Self.world(lantern, heldOn: meetingDay)
            let db = lantern.app.db, services = lantern.app.lantern
            func action(_ owner: (user: UUID?, team: UUID?), due: Day, state: ConferenceActionState = .open) async throws -> ConferenceAction {
                let made = ConferenceAction(agendaItemID: w.item.id!, meetingID: w.meeting.id!, caseID: w.item.caseID, sealedWhat: "sealed",
                                            ownerUserID: owner.user, ownerTeamID: owner.team, ownerOrganisationID: w.police.id!, dueOn: due,
                                            createdBy: w.chair.id, createdAt: lantern.clock.now)
                made.state = state.rawValue
                try await made.create(on: db)
                return made
            }
            let overduePerson = try await action((w.member.id, nil), due: lantern.today.adding(days: -2))
            let overdueTeam = try await action((nil, w.team.id!), due: lantern.today.adding(days: -1))
            _ = try await action((w.member.id, nil), due: lantern.today)
            _ = try await action((w.member.id, nil), due: lantern.today.adding(days: -5), state: .done)
            func chases() async throws -> [PersonTask] {
                try await PersonTask.query(on: db).all().filter { $0.sourceKey?.hasPrefix(ConferenceActionRules.chaseSourcePrefix) == true }
            }
            let summary = try await ConferenceChaseJob.run(services: services, today: lantern.today, on: db)
            #expect(summary.chased == 2 && summary.tasks == 2)
            // Again, and 40 times at once: nothing more.
            _ = try await ConferenceChaseJob.run(services: services, today: lantern.today, on: db)
            try await withThrowingTaskGroup(of: Void.self) { group in
                for _ in 0..<40 { group.addTask { _ = try await ConferenceChaseJob.run(services: services, today: lantern.today, on: db) } }
                try await group.waitForAll()
            }
            let first = try await chases()
            #expect(first.count == 2)
            #expect(Set(first.map(\.ownerID)) == [w.member.id, w.teamMate.id])
            #expect(Set(first.compactMap(\.sourceKey)) == [ConferenceActionRules.chaseSourceKey(actionID: overduePerson.id!.uuidString, due: overduePerson.dueDay),
                                                    ConferenceActionRules.chaseSourceKey(actionID: overdueTeam.id!.uuidString, due: overdueTeam.dueDay)])
            #expect(first.allSatisfy { $0.link == "/conference-actions/\(($0.ownerID == w.member.id ? overduePerson : overdueTeam).id!.uuidString.lowercased())" })
            #expect(try await ConferenceAction.find(overduePerson.id, on: db)?.chasedOn == lantern.today.daysSinceEpoch)
            // A week later the two are still overdue on the same due dates: not chased again; the
            // action that was due on the first day is overdue now and is chased.
            lantern.clock.advance(7 * 86_400)
            #expect(try await ConferenceChaseJob.run(services: services, today: lantern.today, on: db).tasks == 1)
            #expect(try await ConferenceChaseJob.run(services: services, today: lantern.today, on: db).tasks == 0)
            // Given a new due date that then passes: chased once more.
            try await (db as! any SQLDatabase).update(ConferenceAction.schema).set("due_on", to: lantern.today.daysSinceEpoch + 1)
                .where("id", .equal, overduePerson.id!).run()
            lantern.clock.advance(3 * 86_400)
            #expect(try await ConferenceChaseJob.run(services: services, today: lantern.today, on: db).tasks == 1)
            #expect(try await chases().count == 4)
        }
    }

    @Test(arguments: TestDatabase.available)
    func theMinutesAreTheMembersOnlyAndApprovedOnce(database: TestDatabase) async throws {
        try await TestLantern.run(database) { lantern in
            let w = try await Self.world(lantern)
            let id = w.meeting.id!.uuidString
            let chair = try await lantern.signedIn(w.chair)
            let member = try await lantern.signedIn(w.member)
            let hostLead = try await lantern.signedIn(try await lantern.makePerson(in: w.host, roles: [.modernSlaveryLead]))
            #expect(try await chair.get("/conference-meetings/\(id)/minutes").status == .ok)
            #expect(try await member.get("/conference-meetings/\(id)/minutes").status == .ok)
            // The host's lead who is not a member does not read them: minutes are the members'.
            #expect(try await hostLead.get("/conference-meetings/\(id)/minutes").status == .notFound)
            #expect(try await lantern.signedIn(w.hostWorker).get("/conference-meetings/\(id)/minutes").status == .notFound)
            #expect(try await lantern.signedIn(w.stranger).get("/conference-meetings/\(id)/minutes").status == .notFound)
            #expect(try await lantern.signedIn(w.teamMate).get("/conference-meetings/\(id)/minutes").status == .notFound)
            #expect(try await chair.get("/conference-meetings/nope/minutes").status == .notFound)

            #expect(try await chair.post("/conference-meetings/\(id)/minutes/approve").status == .conflict)
            let empty = try await chair.post("/conference-meetings/\(id)/minutes", [("text", "  ")])
            #expect(empty.status == .unprocessableEntity && empty.body.string.contains("Enter the minutes"))
            #expect(try await member.post("/conference-meetings/\(id)/minutes", [("text", "Mine")]).status == .notFound)
            #expect(try await chair.post("/conference-meetings/\(id)/minutes", [("text", "Present: Lambeth, police.\nAgreed: visit at Wren Court.")]).status == .seeOther)
            let sealed = try #require(try await ConferenceMeeting.find(w.meeting.id, on: lantern.app.db))
            #expect(sealed.minutesState == "draft" && sealed.minutesSealed?.contains("Wren") == false)
            #expect(try await member.get("/conference-meetings/\(id)/minutes").body.string.contains("Agreed: visit at Wren Court."))
            #expect(try await member.post("/conference-meetings/\(id)/minutes/approve").status == .notFound)
            #expect(try await chair.post("/conference-meetings/\(id)/minutes/approve").status == .seeOther)
            #expect(try await chair.post("/conference-meetings/\(id)/minutes/approve").status == .conflict)
            #expect(try await chair.post("/conference-meetings/\(id)/minutes", [("text", "Changed")]).status == .conflict)
            let approved = try #require(try await ConferenceMeeting.find(w.meeting.id, on: lantern.app.db))
            #expect(approved.minutesState == "approved")
            #expect(try await member.get("/conference-meetings/\(id)/minutes").body.string.contains("Agreed: visit at Wren Court."))
        }
    }

    @Test(arguments: TestDatabase.available)
    func theNextMeetingOpensWithOutstandingActionsThenReviewsDue(database: TestDatabase) async throws {
        try await TestLantern.run(database) { lantern in
            let w = try await Self.world(lantern, heldOn: lantern.today.adding(days: -28))
            let db = lantern.app.db, services = lantern.app.lantern, now = lantern.clock.now
            let api = lantern.api(try await lantern.apiToken(for: w.hostWorker))
            var cases: [CaseRecord] = []
            for _ in 0..<3 {
                let created = try await api.post("/api/v1/cases", PathwayHTTPTests.newCase(lantern.today, age: "adult", identifiedDaysAgo: 3,
                                                                                            extra: ["confirmedNew": true]))
                let reference = try #require(created.json["reference"] as? String)
                cases.append(try #require(try await CaseRecord.query(on: db).filter(\.$reference == reference).first()))
            }
            // Case 0 (the world's): an open action. Case 1: review due. Case 2: review later. Case 3: only a done action.
            func item(_ record: CaseRecord, position: Int) async throws -> ConferenceAgendaItem {
                let made = ConferenceAgendaItem(meetingID: w.meeting.id!, caseID: record.id!, nominatedBy: w.hostWorker.id,
                                                nominatedByOrganisationID: w.host.id!, sealedReason: "x", riskLevel: .standard, state: .accepted,
                                                position: position, createdAt: now)
                try await made.create(on: db)
                return made
            }
            let reviewDue = try await item(cases[0], position: 2), reviewLater = try await item(cases[1], position: 3)
            let doneOnly = try await item(cases[2], position: 4)
            let open = ConferenceAction(agendaItemID: w.item.id!, meetingID: w.meeting.id!, caseID: w.item.caseID, sealedWhat: "s", ownerUserID: w.member.id,
                                        ownerTeamID: nil, ownerOrganisationID: w.police.id!, dueOn: lantern.today, createdBy: w.chair.id, createdAt: now)
            try await open.create(on: db)
            let done = ConferenceAction(agendaItemID: doneOnly.id!, meetingID: w.meeting.id!, caseID: doneOnly.caseID, sealedWhat: "s", ownerUserID: w.member.id,
                                        ownerTeamID: nil, ownerOrganisationID: w.police.id!, dueOn: lantern.today, createdBy: w.chair.id, createdAt: now)
            done.state = ConferenceActionState.done.rawValue
            try await done.create(on: db)
            try await ConferenceCaseOutcome(agendaItemID: reviewDue.id!, riskLevel: .high, sealedDecisions: "s", reviewOn: lantern.today,
                                            recordedBy: w.chair.id, recordedAt: now).create(on: db)
            try await ConferenceCaseOutcome(agendaItemID: reviewLater.id!, riskLevel: .high, sealedDecisions: "s", reviewOn: lantern.today.adding(days: 60),
                                            recordedBy: w.chair.id, recordedAt: now).create(on: db)

            let next = ConferenceMeeting(seriesID: w.series.id!, heldOn: lantern.today.adding(days: 1), chairUserID: w.chair.id, createdBy: w.chair.id, createdAt: now)
            try await next.create(on: db)
            #expect(try await ConferenceActionCarry.open(next, services: services, on: db) == 2)
            let items = try await ConferenceAgendaItem.query(on: db).filter(\.$meetingID == next.id!).sort(\.$position).all()
            #expect(items.map(\.caseID) == [w.item.caseID, cases[0].id!])
            #expect(items.map(\.carriedFromItemID) == [w.item.id!, reviewDue.id!])
            // Carried, never accepted by the carrying: the chair accepts each again before members read the case.
            #expect(items.allSatisfy { $0.agendaState == .nominated && $0.decidedBy == nil })
            #expect(items[1].risk == .high)
            // The carried reason reads with the case's key, as the agenda's own reasons do.
            let cipher = try #require(try await services.caseKeys.cipher(for: items[0].caseID, on: db))
            #expect(try cipher.open(items[0].sealedReason, context: ConferenceOutcomeService.reasonContext(items[0].id!)).contains("Outstanding actions"))
            // Opening again carries nothing twice.
            #expect(try await ConferenceActionCarry.open(next, services: services, on: db) == 0)
        }
    }

    @Test(arguments: TestDatabase.available)
    func theDemoHasAnActionDoneAndOneOverdueThatTheSweepChases(database: TestDatabase) async throws {
        try await TestLantern.run(database) { lantern in
            let w = try await Self.world(lantern)
            let db = lantern.app.db
            let demo = DemoContext(services: lantern.app.lantern, now: lantern.clock.now, today: lantern.today,
                                   organisations: [.council: w.host.id!, .police: w.police.id!],
                                   people: [.modernSlaveryLead: w.chair.id, .caseWorker: w.hostWorker.id])
            try await ConferenceOutcomeDemo.seedDemo(demo, on: db)
            let today = lantern.today
            #expect(try await ConferenceAction.query(on: db).filter(\.$state == "done").count() == 1)
            let overdue = try await ConferenceAction.query(on: db).filter(\.$state == "open").filter(\.$dueOn < today.daysSinceEpoch).all()
            #expect(overdue.count == 1)
            let summary = try await ConferenceChaseJob.run(services: lantern.app.lantern, today: lantern.today, on: db)
            #expect(summary.chased == 1 && summary.tasks == 1)
            let meeting = try #require(try await ConferenceMeeting.find(overdue[0].meetingID, on: db))
            #expect(meeting.minutesState == "approved")
            // Its page reads for the chair, with the decisions opened.
            let chair = try await lantern.signedIn(w.chair)
            let page = try await chair.get("/conference-agenda/\(overdue[0].agendaItemID.uuidString)")
            #expect(page.status == .ok && page.body.string.contains("Safety plan agreed") && page.body.string.contains("Overdue"))
        }
    }
}
