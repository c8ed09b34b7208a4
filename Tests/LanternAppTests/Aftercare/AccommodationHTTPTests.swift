import Fluent
import Foundation
import SQLKit
import Testing
import VaporTesting
@testable import LanternApp
@testable import LanternCore

/// Accommodation, support and the contact log on a case, over HTTP on SQLite and PostgreSQL:
/// the owner records and ends stays and support and logs contacts (rules refused with field
/// messages, typed values kept, text sealed, every read and write audited); a partner with a
/// full-case share reads, one with the decision only and anyone else gets 404; 40 requests
/// racing to record the current stay leave one.
@Suite struct AccommodationHTTPTests {
    struct World {
        let lantern: TestLantern
        let worker: TestPerson
        let partner: TestPerson
        let decisionPartner: TestPerson
        let stranger: TestPerson
        let reference: String
    }

    static func world(_ lantern: TestLantern) async throws -> World {
        let council = try await lantern.makeOrganisation("Hackney Council")
        let housing = try await lantern.makeOrganisation("Hackney Housing")
        let police = try await lantern.makeOrganisation("Hackney Police")
        let unrelated = try await lantern.makeOrganisation("Croydon Council")
        let worker = try await lantern.makePerson(in: council, roles: [.caseWorker])
        let today = lantern.today
        let api = lantern.api(try await lantern.apiToken(for: worker))
        let reference = try #require(try await api.post("/api/v1/cases", PathwayHTTPTests.newCase(today, identifiedDaysAgo: 120))
            .json["reference"] as? String)
        for (organisation, scope) in [(housing, "full_case"), (police, "decision_status")] {
            let consent = try #require(try await api.post("/api/v1/cases/\(reference)/consents", [
                "basis": "child_safeguarding", "organisationIDs": [organisation.id!.uuidString], "scopes": [scope],
                "purpose": "Housing", "obtainedHow": "in_person_verbal", "givenOn": today.iso,
                "validUntil": today.adding(days: 100).iso]).json["id"] as? String)
            let share = try await api.post("/api/v1/cases/\(reference)/shares", [
                "organisationID": organisation.id!.uuidString, "scope": scope, "purpose": "Housing",
                "until": today.adding(days: 30).iso, "consentID": consent])
            #expect(share.status == .created, "\(share.body.string)")
        }
        return World(lantern: lantern, worker: worker,
                     partner: try await lantern.makePerson(in: housing, roles: [.caseWorker]),
                     decisionPartner: try await lantern.makePerson(in: police, roles: [.caseWorker]),
                     stranger: try await lantern.makePerson(in: unrelated, roles: [.caseWorker, .modernSlaveryLead]),
                     reference: reference)
    }

    static func stays(_ lantern: TestLantern) async throws -> [AccommodationEpisode] {
        try await AccommodationEpisode.query(on: lantern.app.db).sort(\.$fromDay).all()
    }

    @Test(arguments: TestDatabase.available)
    func theOwnerRecordsStaysSupportAndContactsUnderTheRules(database: TestDatabase) async throws {
        try await TestLantern.run(database) { lantern in
            let w = try await Self.world(lantern)
            let today = lantern.today, ref = w.reference
            let browser = try await lantern.signedIn(w.worker)
            let empty = try await browser.get("/cases/\(ref)").body.string
            #expect(empty.contains("Where the person is now") && empty.contains("No current accommodation recorded"))
            #expect(empty.contains("No contact recorded") && empty.contains("/cases/\(ref)/accommodation/new"))

            // A stay in B&B for 50 days, its provider and note sealed.
            #expect(try await browser.get("/cases/\(ref)/accommodation/new").status == .ok)
            let added = try await browser.post("/cases/\(ref)/accommodation/new", [
                ("kind", "bed_and_breakfast"), ("provider", "Canary House 7731"), ("borough", "E09000012"),
                ("from", today.adding(days: -50).iso), ("until", ""), ("note", "Canary note 5512")])
            #expect(added.status == .seeOther)
            #expect(added.location == "/cases/\(ref)?aftercare=stay-added#accommodation")
            let page = try await browser.get("/cases/\(ref)?aftercare=stay-added").body.string
            #expect(page.contains("Bed and breakfast") && page.contains("50 days") && page.contains("Hackney") && page.contains("Canary House 7731"))
            #expect(page.contains("Where the person is staying is recorded."))
            let bnb = try #require(try await Self.stays(lantern).first)
            #expect(bnb.kind == "bed_and_breakfast" && bnb.fromDay == today.adding(days: -50).daysSinceEpoch && bnb.untilDay == nil)
            #expect(bnb.sealedProvider?.contains("Canary") == false && bnb.sealedNote?.contains("Canary") == false)
            #expect(bnb.sealedProvider != nil && bnb.sealedNote != nil)
            #expect(try await browser.get("/cases/\(ref)/accommodation").body.string.contains("Canary note 5512"))

            // A second stay while the first is open: refused with the reason, what was typed kept; nothing written.
            let overlap = try await browser.post("/cases/\(ref)/accommodation/new", [
                ("kind", "hostel"), ("provider", "Typed Provider 4411"), ("from", today.adding(days: -10).iso)])
            #expect(overlap.status == .unprocessableEntity)
            #expect(overlap.body.string.contains("still recorded as staying at Bed and breakfast"))
            #expect(overlap.body.string.contains("Typed Provider 4411") && overlap.body.string.contains("href=\"#from\""))
            // Values a form could not send, and dates that cannot be.
            for (fields, message) in [
                ([("kind", "hostel"), ("from", today.adding(days: 2).iso)], "The start date cannot be in the future."),
                ([("kind", "castle"), ("from", today.iso)], "Choose where the person is staying."),
                ([("kind", "hostel"), ("from", "2026-02-30")], "Enter a real date"),
                ([("kind", "hostel"), ("from", today.adding(days: -5).iso), ("until", today.adding(days: -6).iso)], "cannot be before the start date"),
                ([("kind", "hostel"), ("from", today.iso), ("provider", "bell\u{07}")], "Remove the control characters"),
                ([("kind", "hostel"), ("from", today.iso), ("endCurrent[]", "maybe")], "Tick the box or leave it empty."),
                ([("kind", "hostel"), ("from", today.iso), ("borough", "E09999999")], "Choose a borough from the list"),
            ] {
                let refused = try await browser.post("/cases/\(ref)/accommodation/new", fields)
                #expect(refused.status == .unprocessableEntity, "\(fields)")
                #expect(refused.body.string.contains(message), "\(fields)")
            }
            #expect(try await Self.stays(lantern).count == 1)

            // The move: the B&B ends on the day the hostel starts.
            let moved = try await browser.post("/cases/\(ref)/accommodation/new", [
                ("kind", "hostel"), ("from", today.adding(days: -10).iso), ("endCurrent[]", "yes")])
            #expect(moved.status == .seeOther)
            let afterMove = try await Self.stays(lantern)
            #expect(afterMove.map(\.untilDay) == [today.adding(days: -10).daysSinceEpoch, nil])
            #expect(afterMove.first?.endReason == "moved_on")

            // Ending the hostel: not before it started, with a reason; then it is ended.
            let hostel = try #require(afterMove.last?.id)
            #expect(try await browser.get("/cases/\(ref)/accommodation/\(hostel)/end").status == .ok)
            let early = try await browser.post("/cases/\(ref)/accommodation/\(hostel)/end", [("on", today.adding(days: -11).iso), ("reason", "moved_on")])
            #expect(early.status == .unprocessableEntity && early.body.string.contains("It cannot end before it started"))
            let noReason = try await browser.post("/cases/\(ref)/accommodation/\(hostel)/end", [("on", today.iso), ("reason", "vanished")])
            #expect(noReason.status == .unprocessableEntity && noReason.body.string.contains("Choose why it ended."))
            let ended = try await browser.post("/cases/\(ref)/accommodation/\(hostel)/end", [("on", today.iso), ("reason", "asked_to_leave"),
                                                                                             ("note", "Canary end 9921")])
            #expect(ended.status == .seeOther)
            #expect(try await browser.post("/cases/\(ref)/accommodation/\(hostel)/end", [("on", today.iso), ("reason", "other")]).status
                    == .unprocessableEntity)
            #expect(try await browser.get("/cases/\(ref)/accommodation/\(UUID())/end").status == .notFound)
            #expect(try await browser.get("/cases/\(ref)/accommodation/not-an-id/end").status == .notFound)

            // Support: a planned end in the future, one of a kind at a time, ended with a reason.
            let support = try await browser.post("/cases/\(ref)/support/new", [
                ("kind", "vcc_outreach"), ("provider", "Canary Outreach 3141"), ("from", today.adding(days: -20).iso),
                ("until", today.adding(days: 30).iso)])
            #expect(support.status == .seeOther && support.location == "/cases/\(ref)?aftercare=support-added#support")
            let twice = try await browser.post("/cases/\(ref)/support/new", [("kind", "vcc_outreach"), ("from", today.iso)])
            #expect(twice.status == .unprocessableEntity && twice.body.string.contains("Victim Care Contract outreach support from"))
            let supportPage = try await browser.get("/cases/\(ref)").body.string
            #expect(supportPage.contains("Support now") && supportPage.contains("Planned to end"))
            let outreach = try #require(try await SupportEpisode.query(on: lantern.app.db).first())
            #expect(outreach.sealedProvider?.contains("Canary") == false)
            let endSupport = try await browser.post("/cases/\(ref)/support/\(outreach.requireID())/end", [("on", today.iso), ("reason", "completed")])
            #expect(endSupport.status == .seeOther)
            #expect(try await SupportEpisode.query(on: lantern.app.db).first()?.untilDay == today.daysSinceEpoch)

            // The contact log: an attempt is not contact.
            #expect(try await browser.post("/cases/\(ref)/contact-log/new", [("on", today.adding(days: -3).iso), ("method", "phone"),
                                                                             ("note", "Canary call 2718")]).status == .seeOther)
            #expect(try await browser.post("/cases/\(ref)/contact-log/new", [("on", today.adding(days: -1).iso), ("method", "attempted")]).status
                    == .seeOther)
            let badContact = try await browser.post("/cases/\(ref)/contact-log/new", [("on", today.adding(days: 1).iso), ("method", "pigeon")])
            #expect(badContact.status == .unprocessableEntity && badContact.body.string.contains("cannot be in the future")
                    && badContact.body.string.contains("Choose how the contact was made."))
            let withContact = try await browser.get("/cases/\(ref)").body.string
            #expect(withContact.contains("3 days ago") && withContact.contains("Phone call") && withContact.contains("Tried, but did not reach them"))
            let log = try await browser.get("/cases/\(ref)/contact-log").body.string
            #expect(log.contains("Canary call 2718"))
            let contact = try #require(try await ContactLogEntry.query(on: lantern.app.db).filter(\.$method == "phone").first())
            #expect(contact.sealedNote?.contains("Canary") == false)

            // Every read and write is in the audit log, with nothing personal in it.
            let actions = try await AuditEntry.query(on: lantern.app.db).all().map(\.action)
            for action in ["case.accommodation_viewed", "case.accommodation_added", "case.accommodation_ended", "case.support_viewed",
                           "case.support_added", "case.support_ended", "case.contact_logged", "case.contact_log_viewed"] {
                #expect(actions.contains(action), "\(action)")
            }
            #expect(actions.filter { $0 == "case.accommodation_added" }.count == 2)
        }
    }

    @Test(arguments: TestDatabase.available)
    func aFullSharePartnerReadsAndNobodyButTheOwnerWrites(database: TestDatabase) async throws {
        try await TestLantern.run(database) { lantern in
            let w = try await Self.world(lantern)
            let today = lantern.today, ref = w.reference
            let owner = try await lantern.signedIn(w.worker)
            try await owner.get("/cases/\(ref)/accommodation/new")
            #expect(try await owner.post("/cases/\(ref)/accommodation/new", [("kind", "refuge"), ("provider", "Canary Refuge 1618"),
                                                                             ("from", today.adding(days: -5).iso), ("note", "Canary secret 6021")]).status
                    == .seeOther)
            #expect(try await owner.post("/cases/\(ref)/contact-log/new", [("on", today.iso), ("method", "video"), ("note", "Canary video 8080")]).status
                    == .seeOther)
            let stay = try #require(try await Self.stays(lantern).first?.id)

            let partner = try await lantern.signedIn(w.partner)
            try await partner.get("/")
            let casePage = try await partner.get("/cases/\(ref)")
            #expect(casePage.status == .ok && casePage.body.string.contains("Where the person is now") && casePage.body.string.contains("Refuge"))
            #expect(!casePage.body.string.contains("/accommodation/new"))
            let record = try await partner.get("/cases/\(ref)/accommodation")
            #expect(record.status == .ok && record.body.string.contains("Refuge") && !record.body.string.contains("Canary secret 6021"))
            let log = try await partner.get("/cases/\(ref)/contact-log")
            #expect(log.status == .ok && log.body.string.contains("Video call") && !log.body.string.contains("Canary video 8080"))

            let decision = try await lantern.signedIn(w.decisionPartner)
            let stranger = try await lantern.signedIn(w.stranger)
            for reader in [decision, stranger] {
                for path in ["accommodation", "contact-log"] {
                    #expect(try await reader.get("/cases/\(ref)/\(path)").status == .notFound, "\(path)")
                }
                #expect(!(try await reader.get("/cases/\(ref)")).body.string.contains("Refuge"))
            }
            for writer in [partner, decision, stranger] {
                for path in ["accommodation/new", "support/new", "contact-log/new", "accommodation/\(stay)/end"] {
                    let form = try await writer.get("/cases/\(ref)/\(path)")
                    #expect([.notFound, .forbidden].contains(form.status), "\(path)")
                }
                try await writer.get("/")
                let posted = try await writer.post("/cases/\(ref)/accommodation/new", [("kind", "hostel"), ("from", today.iso), ("endCurrent[]", "yes")])
                #expect([.notFound, .forbidden].contains(posted.status))
                let ended = try await writer.post("/cases/\(ref)/accommodation/\(stay)/end", [("on", today.iso), ("reason", "other")])
                #expect([.notFound, .forbidden].contains(ended.status))
                let contact = try await writer.post("/cases/\(ref)/contact-log/new", [("on", today.iso), ("method", "phone")])
                #expect([.notFound, .forbidden].contains(contact.status))
            }
            let left = try await Self.stays(lantern)
            #expect(left.count == 1 && left.first?.untilDay == nil)
            #expect(try await ContactLogEntry.query(on: lantern.app.db).count() == 1)
        }
    }

    @Test(arguments: TestDatabase.available)
    func fortyStaysRacingToBeCurrentLeaveOneAndNeverAnOverlap(database: TestDatabase) async throws {
        try await TestLantern.run(database) { lantern in
            let w = try await Self.world(lantern)
            let today = lantern.today, ref = w.reference
            let browser = try await lantern.signedIn(w.worker)
            try await browser.get("/cases/\(ref)/accommodation/new")
            // MUT: 40 open stays at once, each from another day
            let statuses = try await withThrowingTaskGroup(of: HTTPStatus.self) { group in
                for i in 0..<40 {
                    group.addTask {
                        try await browser.post("/cases/\(ref)/accommodation/new", [("kind", "hostel"), ("from", today.adding(days: -i).iso)]).status
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(statuses.filter { $0 == .seeOther }.count == 1)
            #expect(statuses.filter { $0 == .unprocessableEntity }.count == 39)
            #expect(try await Self.stays(lantern).count == 1)

            // MUT: 40 moves at once, each ending the current stay on its own first day
            let moves = try await withThrowingTaskGroup(of: HTTPStatus.self) { group in
                for i in 0..<40 {
                    group.addTask {
                        try await browser.post("/cases/\(ref)/accommodation/new", [("kind", i % 2 == 0 ? "refuge" : "hostel"),
                                                                                   ("from", today.adding(days: -(i % 7)).iso), ("endCurrent[]", "yes")]).status
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(moves.allSatisfy { $0 == .seeOther || $0 == .unprocessableEntity })
            #expect(moves.contains(.seeOther))
            // validate: whatever order they ran in, one place at a time and one current stay
            let spans = try await Self.stays(lantern).map(\.span)
            #expect(spans.count == 1 + moves.filter { $0 == .seeOther }.count)
            #expect(spans.filter { $0.until == nil }.count == 1)
            for (i, a) in spans.enumerated() { for b in spans[(i + 1)...] { #expect(!a.overlaps(b), "\(a) \(b)") } }
        }
    }

    @Test func theDemoRecordsAFiftyDayBedAndBreakfastStayAndAPersonNotReachedForFortyDays() async throws {
        try await TestLantern.run(.sqlite) { lantern in
            let w = try await Self.world(lantern)
            let api = lantern.api(try await lantern.apiToken(for: w.worker))
            for _ in 0..<2 { _ = try await api.post("/api/v1/cases", PathwayHTTPTests.newCase(lantern.today, identifiedDaysAgo: 30)) }
            let demo = DemoContext(services: lantern.app.lantern, now: lantern.clock.now, today: lantern.today,
                                   organisations: [.council: w.worker.organisationID], people: [.caseWorker: w.worker.id])
            try await AccommodationDemo.seedDemo(demo, on: lantern.app.db)
            let stays = try await Self.stays(lantern)
            #expect(stays.contains { $0.kind == "bed_and_breakfast" && $0.untilDay == nil && $0.fromDay == lantern.today.adding(days: -50).daysSinceEpoch })
            #expect(stays.contains { $0.kind == "social_tenancy" && $0.untilDay == nil })
            let contacts = try await ContactLogEntry.query(on: lantern.app.db).all()
            #expect(contacts.contains { $0.method == "in_person" && $0.contactOn == lantern.today.adding(days: -40).daysSinceEpoch })
            // Whatever the demo wrote keeps the rules: one place at a time on each case.
            for (_, rows) in Dictionary(grouping: stays, by: { $0.$case.id }) {
                let spans = rows.map(\.span)
                for (i, a) in spans.enumerated() { for b in spans[(i + 1)...] { #expect(!a.overlaps(b)) } }
            }
            let browser = try await lantern.signedIn(w.worker)
            let bnbCase = try #require(try await CaseRecord.find(stays.first { $0.kind == "bed_and_breakfast" }?.$case.id, on: lantern.app.db))
            #expect(try await browser.get("/cases/\(bnbCase.reference)").body.string.contains("50 days"))
        }
    }
}
