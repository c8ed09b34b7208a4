import Fluent
import Foundation
import SQLKit
import Testing
import VaporTesting
@testable import LanternApp
@testable import LanternCore

/// Case conferences over HTTP on SQLite and PostgreSQL: the host's lead sets up a series and a
/// meeting with a chair and members by agency; a worker nominates their organisation's case
/// (another organisation's answers 404, nothing written); the chair decides once, even forty
/// times at once; members read the accepted case from acceptance until the end of the access
/// window (checked when read, no job), audited with the basis; a non-member and an organisation
/// that is not attending never do.
@Suite struct ConferencesHTTPTests {
    struct World {
        let lantern: TestLantern
        let lead: TestPerson
        let worker: TestPerson
        let member: TestPerson
        let nonMember: TestPerson
        let outsider: TestPerson
        let reference: String
    }

    static func world(_ lantern: TestLantern) async throws -> World {
        let camden = try await lantern.makeOrganisation("Camden Council")
        let housing = try await lantern.makeOrganisation("Camden Housing Association")
        let police = try await lantern.makeOrganisation("Camden Police")
        let croydon = try await lantern.makeOrganisation("Croydon Council")
        let worker = try await lantern.makePerson(in: camden, roles: [.caseWorker])
        let api = lantern.api(try await lantern.apiToken(for: worker))
        let reference = try #require(try await api.post("/api/v1/cases", PathwayHTTPTests.newCase(lantern.today, identifiedDaysAgo: 30))
            .json["reference"] as? String)
        return World(lantern: lantern, lead: try await lantern.makePerson(in: camden, roles: [.modernSlaveryLead]), worker: worker,
                     member: try await lantern.makePerson(in: housing, roles: [.caseWorker]),
                     nonMember: try await lantern.makePerson(in: police, roles: [.caseWorker, .modernSlaveryLead]),
                     outsider: try await lantern.makePerson(in: croydon, roles: [.caseWorker, .modernSlaveryLead]),
                     reference: reference)
    }

    /// The lead sets up a series (7 days' access) and a meeting in three days chaired by themself,
    /// with the housing worker as a member. Returns the meeting's id.
    static func meeting(_ w: World, lead: TestBrowser) async throws -> UUID {
        let today = w.lantern.today
        try await lead.get("/conferences/new")
        let bad = try await lead.post("/conferences/new", [("name", ""), ("borough", "E09999999"), ("kind", "nope"), ("accessDays", "99")])
        #expect(bad.status == .unprocessableEntity && bad.body.string.contains("Choose the borough") && bad.body.string.contains("from 0 to 60"))
        #expect(try await ConferenceSeries.query(on: w.lantern.app.db).count() == 0)
        let made = try await lead.post("/conferences/new", [("name", "Camden MACC"), ("borough", "E09000007"), ("kind", "macc"), ("accessDays", "7")])
        #expect(made.status == .seeOther)
        let series = try #require(try await ConferenceSeries.query(on: w.lantern.app.db).first())
        try await lead.get("/conferences/\(series.id!)/meetings/new")
        let past = try await lead.post("/conferences/\(series.id!)/meetings/new", [("heldOn", today.adding(days: -1).iso), ("chair", w.member.id.uuidString)])
        #expect(past.status == .unprocessableEntity && past.body.string.contains("cannot be in the past") && past.body.string.contains("Choose a chair"))
        #expect(try await lead.post("/conferences/\(series.id!)/meetings/new", [("heldOn", today.adding(days: 3).iso), ("chair", w.lead.id.uuidString)])
            .status == .seeOther)
        let meeting = try #require(try await ConferenceMeeting.query(on: w.lantern.app.db).first())
        try await lead.get("/conference-meetings/\(meeting.id!)")
        #expect(try await lead.post("/conference-meetings/\(meeting.id!)/members", [("userID", w.member.id.uuidString), ("agencyRole", "Housing")])
            .status == .seeOther)
        return meeting.id!
    }

    @Test(arguments: TestDatabase.available)
    func membersReadAnAcceptedCaseOnlyWithinTheWindowAndOthersNever(database: TestDatabase) async throws {
        try await TestLantern.run(database) { lantern in
            // setup
            let w = try await Self.world(lantern)
            let db = lantern.app.db
            let lead = try await lantern.signedIn(w.lead)
            let meetingID = try await Self.meeting(w, lead: lead)
            let ref = w.reference

            // nominations: another organisation's case answers 404 and writes nothing
            let outsider = try await lantern.signedIn(w.outsider)
            #expect(try await outsider.get("/cases/\(ref)/conferences/nominate").status == .notFound)
            try await outsider.get("/conferences")
            let refused = try await outsider.post("/cases/\(ref)/conferences/nominate", [("meetingID", meetingID.uuidString), ("reason", "x"), ("riskLevel", "high")])
            #expect(refused.status == .notFound)
            let outsiderAPI = lantern.api(try await lantern.apiToken(for: w.outsider))
            #expect(try await outsiderAPI.post("/api/v1/cases/\(ref)/conferences/nominations",
                                               ["meetingId": meetingID.uuidString, "reason": "x", "riskLevel": "high"]).status == .notFound)
            #expect(try await ConferenceAgendaItem.query(on: db).count() == 0)

            // the worker nominates: bad input keeps what was typed; then the case goes on the agenda
            let worker = try await lantern.signedIn(w.worker)
            #expect(try await worker.get("/cases/\(ref)").body.string.contains("/cases/\(ref)/conferences/nominate"))
            try await worker.get("/cases/\(ref)/conferences/nominate")
            let bad = try await worker.post("/cases/\(ref)/conferences/nominate", [("meetingID", UUID().uuidString), ("reason", "Canary 5521"), ("riskLevel", "huge")])
            #expect(bad.status == .unprocessableEntity && bad.body.string.contains("Choose a planned meeting")
                    && bad.body.string.contains("Choose the risk level") && bad.body.string.contains("Canary 5521"))
            #expect(try await worker.post("/cases/\(ref)/conferences/nominate", [("meetingID", meetingID.uuidString), ("reason", "Canary 5521 at risk"),
                                                                                ("riskLevel", "high")]).status == .seeOther)
            let item = try #require(try await ConferenceAgendaItem.query(on: db).first())
            #expect(item.agendaState == .nominated && !item.sealedReason.contains("Canary"))
            let twice = try await worker.post("/cases/\(ref)/conferences/nominate", [("meetingID", meetingID.uuidString), ("reason", "Again"), ("riskLevel", "high")])
            #expect(twice.status == .unprocessableEntity && twice.body.string.contains("already on that meeting"))
            #expect(try await PersonTask.query(on: db).filter(\.$ownerID == w.lead.id).count() == 1)

            // before acceptance the member cannot read the case
            let member = try await lantern.signedIn(w.member)
            #expect(try await member.get("/cases/\(ref)").status == .notFound)
            // nor learns from the meeting (page or API) that the case was put forward, or by whom
            let meetingPage = try await member.get("/conference-meetings/\(meetingID)")
            #expect(meetingPage.status == .ok && !meetingPage.body.string.contains(ref))
            let memberToken = try await lantern.apiToken(for: w.member)
            #expect(try await !lantern.api(memberToken).get("/api/v1/conference-meetings/\(meetingID)").body.string.contains(ref))

            // only the chair decides; the member's try is 404
            try await member.get("/conference-meetings/\(meetingID)")
            #expect(try await member.post("/conference-agenda/\(item.id!)/decision", [("decision", "accept")]).status == .notFound)

            // forty accepts at once: one 303, thirty-nine 409
            let page = try await lead.get("/conference-meetings/\(meetingID)")
            #expect(page.body.string.contains("Canary 5521 at risk") && page.body.string.contains("/conference-agenda/\(item.id!)/decision"))
            let statuses = try await withThrowingTaskGroup(of: HTTPStatus.self) { group in
                for index in 0..<40 {
                    group.addTask { try await lead.post("/conference-agenda/\(item.id!)/decision", [("decision", index % 2 == 0 ? "accept" : "decline")]).status }
                }
                return try await group.reduce(into: [HTTPStatus]()) { $0.append($1) }
            }
            #expect(statuses.filter { $0 == .seeOther }.count == 1)
            #expect(statuses.filter { $0 == .conflict }.count == 39)
            #expect(try await AuditEntry.query(on: db).filter(\.$action == "conference_agenda.decided").count() == 1)
            let decided = try #require(try await ConferenceAgendaItem.find(item.id, on: db))
            if decided.agendaState == .declined {
                guard let sql = db as? any SQLDatabase else { return }
                try await sql.update(ConferenceAgendaItem.schema).set("state", to: "accepted").where("id", .equal, item.id!).run()
            }

            // during the window: the member reads the case (page and API), audited with the basis
            let during = try await member.get("/cases/\(ref)")
            #expect(during.status == .ok)
            let memberAPI = lantern.api(try await lantern.apiToken(for: w.member))
            #expect(try await memberAPI.get("/api/v1/cases/\(ref)").status == .ok)
            #expect(try await AuditEntry.query(on: db).filter(\.$action == "case.viewed_for_conference").count() >= 2)
            #expect(try await AuditEntry.query(on: db).filter(\.$action == "conference_meeting.case_viewed")
                .filter(\.$recordID == meetingID.uuidString).count() >= 2)
            let meetingJSON = try await memberAPI.get("/api/v1/conference-meetings/\(meetingID)")
            #expect(meetingJSON.status == .ok && meetingJSON.body.string.contains(ref) && meetingJSON.body.string.contains("\"accessEndsOn\""))

            // a non-member and an organisation not attending: 404, on the case and the meeting
            let nonMember = try await lantern.signedIn(w.nonMember)
            for reader in [nonMember, outsider] {
                #expect(try await reader.get("/cases/\(ref)").status == .notFound)
                #expect(try await reader.get("/conference-meetings/\(meetingID)").status == .notFound)
            }
            #expect(try await outsiderAPI.get("/api/v1/conference-meetings/\(meetingID)").status == .notFound)
            #expect(try await outsiderAPI.get("/api/v1/cases/\(ref)").status == .notFound)

            // the last day of the window (held in 3 days + 7 days after) still reads; the day after does not
            // (sessions end when idle that long, so each reader signs in again; tokens last)
            lantern.clock.advance(86_400 * 10)
            #expect(try await lantern.signedIn(w.member).get("/cases/\(ref)").status == .ok)
            #expect(try await memberAPI.get("/api/v1/cases/\(ref)").status == .ok)
            lantern.clock.advance(86_400)
            #expect(try await lantern.signedIn(w.member).get("/cases/\(ref)").status == .notFound)
            #expect(try await memberAPI.get("/api/v1/cases/\(ref)").status == .notFound)
            #expect(try await !memberAPI.get("/api/v1/conference-meetings/\(meetingID)").body.string.contains(ref))
            // the owner still reads it, and sees the conference on the case page
            let ownerPage = try await lantern.signedIn(w.worker).get("/cases/\(ref)")
            #expect(ownerPage.status == .ok && ownerPage.body.string.contains("Camden MACC"))
            // the worker is not a member: the meeting is named, not linked (its page would answer
            // 404); the host's lead, who may open it, has the link
            #expect(!ownerPage.body.string.contains("/conference-meetings/\(meetingID)"))
            #expect(try await lantern.signedIn(w.worker).get("/conference-meetings/\(meetingID)").status == .notFound)
            #expect(try await lantern.signedIn(w.lead).get("/cases/\(ref)").body.string.contains("href=\"/conference-meetings/\(meetingID)\""))
        }
    }

    @Test(arguments: TestDatabase.available)
    func theAPINominatesAndTheChairDecidesWithClearRefusals(database: TestDatabase) async throws {
        try await TestLantern.run(database) { lantern in
            // setup
            let w = try await Self.world(lantern)
            let lead = try await lantern.signedIn(w.lead)
            let meetingID = try await Self.meeting(w, lead: lead)
            let workerAPI = lantern.api(try await lantern.apiToken(for: w.worker))
            let leadAPI = lantern.api(try await lantern.apiToken(for: w.lead))

            // MUT + validate
            let bad = try await workerAPI.post("/api/v1/cases/\(w.reference)/conferences/nominations", ["meetingId": "nope", "reason": "", "riskLevel": "x"])
            #expect(bad.status == .unprocessableEntity && bad.body.string.contains("meetingId"))
            let made = try await workerAPI.post("/api/v1/cases/\(w.reference)/conferences/nominations",
                                                ["meetingId": meetingID.uuidString, "reason": "Needs housing and police together", "riskLevel": "medium"])
            #expect(made.status == .created)
            let itemID = try #require(made.json["id"] as? String)
            let list = try await leadAPI.get("/api/v1/conferences")
            #expect(list.status == .ok && list.body.string.contains("Camden MACC"))
            #expect(try await leadAPI.post("/api/v1/conference-agenda/\(itemID)/decision", ["decision": "maybe"]).status == .unprocessableEntity)
            let accepted = try await leadAPI.post("/api/v1/conference-agenda/\(itemID)/decision", ["decision": "accept"])
            #expect(accepted.status == .ok && (accepted.json["state"] as? String) == "accepted")
            #expect(try await leadAPI.post("/api/v1/conference-agenda/\(itemID)/decision", ["decision": "decline"]).status == .conflict)
            #expect(try await workerAPI.post("/api/v1/conference-agenda/\(UUID())/decision", ["decision": "accept"]).status == .notFound)
            #expect(try await leadAPI.get("/api/v1/conference-meetings/not-an-id").status == .notFound)
        }
    }
}
