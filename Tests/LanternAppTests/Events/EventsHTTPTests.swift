import Fluent
import Foundation
import Testing
import VaporTesting
@testable import LanternApp
@testable import LanternCore

/// Events over HTTP, on SQLite and PostgreSQL: an organiser adds an event (bad input answered
/// in words, nothing stored); forty people booking three places get exactly three; attendance
/// waits for the day; those who came answer feedback once (of forty presses, one), anonymously,
/// and results wait for five answers and the window's end; the public iCalendar feed carries
/// public events and Anti-Slavery Day and never a members' event; a cancelled event tells
/// everyone with a place and goes out as CANCELLED with a higher SEQUENCE.
@Suite struct EventsHTTPTests {
    static let fields: [(String, String)] = [
        ("kind", "conference"), ("title", "Leads network conference"), ("description", "A day for the partnership."),
        ("startTime", "09:30"), ("endTime", "16:00"), ("place", "City Hall, London E16"), ("isPublic", "yes"),
    ]

    static func add(_ browser: TestBrowser, on day: Day, capacity: String = "", isPublic: Bool = true, group: String = "") async throws -> String {
        let created = try await browser.post("/events/new", fields.filter { $0.0 != "isPublic" }
            + [("date", day.iso), ("capacity", capacity), ("isPublic", isPublic ? "yes" : "no"), ("group", group)])
        #expect(created.status == .seeOther, "\(created.body.string.prefix(2000))")
        return String(try #require(created.location).split(separator: "/").last!.split(separator: "?").first!)
    }

    @Test(arguments: TestDatabase.available)
    func anOrganiserAddsAnEventAndFortyPeopleGetExactlyThePlacesThereAre(database: TestDatabase) async throws {
        try await TestLantern.run(database) { lantern in
            let council = try await lantern.makeOrganisation("Camden Council")
            let db = lantern.app.db
            let organiser = try await lantern.makePerson(in: council, roles: [.boardSecretariat])
            let browser = try await lantern.signedIn(organiser)
            _ = try await browser.get("/events")
            for (fields, message) in [
                ([("kind", "picnic")], "Choose what kind of event it is"),
                ([("endTime", "08:00")], ""),
                ([("place", ""), ("link", "http://insecure.example.org")], ""),
                ([("capacity", "0")], "Enter the number of places"),
                ([("group", UUID().uuidString)], "Choose one of the groups"),
                ([("isPublic", "maybe")], "Choose whether the event is public"),
            ] {
                let names = Set(fields.map(\.0))
                let answer = try await browser.post("/events/new", Self.fields.filter { !names.contains($0.0) } + fields + [("date", lantern.today.adding(days: 5).iso)])
                #expect(answer.status == .unprocessableEntity, "\(fields)")
                if !message.isEmpty { #expect(answer.body.string.contains(message), "\(message)") }
            }
            #expect(try await browser.post("/events/new", []).status == .unprocessableEntity)
            #expect(try await PartnershipEvent.query(on: db).count() == 0)

            let event = try await Self.add(browser, on: lantern.today.adding(days: 5), capacity: "3")
            var people: [TestPerson] = []
            for _ in 0..<40 { people.append(try await lantern.makePerson(in: council, roles: [.caseWorker])) }
            var browsers: [TestBrowser] = []
            for person in people {
                let b = lantern.browser()
                try await b.signIn(person, at: lantern.clock.now)
                _ = try await b.get("/events/\(event)")
                browsers.append(b)
            }
            let answers = try await withThrowingTaskGroup(of: HTTPStatus.self) { group in
                for b in browsers { group.addTask { try await b.post("/events/\(event)/book").status } }
                return try await group.reduce(into: [HTTPStatus]()) { $0.append($1) }
            }
            #expect(answers.filter { $0 == .seeOther }.count == 3, "\(answers.map(\.code))")
            #expect(answers.filter { $0 == .conflict }.count == 37)
            #expect(try await PartnershipEvent.find(UUID(uuidString: event), on: db)?.bookedCount == 3)
            #expect(try await EventPlace.query(on: db).count() == 3)
            // A second press by someone with a place, and a give-up that frees a place.
            let holder = try #require(try await EventPlace.query(on: db).first())
            let holderBrowser = browsers[people.firstIndex { $0.id == holder.userID }!]
            #expect(try await holderBrowser.post("/events/\(event)/book").status == .conflict)
            #expect(try await holderBrowser.post("/events/\(event)/give-up").status == .seeOther)
            #expect(try await holderBrowser.post("/events/\(event)/give-up").status == .conflict)
            #expect(try await PartnershipEvent.find(UUID(uuidString: event), on: db)?.bookedCount == 2)
        }
    }

    @Test(arguments: TestDatabase.available)
    func attendanceWaitsForTheDayAndFeedbackIsAnsweredOnceAndShownFromFiveAnswers(database: TestDatabase) async throws {
        try await TestLantern.run(database) { lantern in
            let council = try await lantern.makeOrganisation("Camden Council")
            let db = lantern.app.db
            let organiser = try await lantern.makePerson(in: council, roles: [.modernSlaveryLead])
            var browser = try await lantern.signedIn(organiser)
            _ = try await browser.get("/events")
            let event = try await Self.add(browser, on: lantern.today.adding(days: 1), isPublic: false)
            var people: [TestPerson] = []
            for _ in 0..<6 {
                let person = try await lantern.makePerson(in: council, roles: [.caseWorker])
                let b = lantern.browser()
                try await b.signIn(person, at: lantern.clock.now)
                _ = try await b.get("/events/\(event)")
                #expect(try await b.post("/events/\(event)/book").status == .seeOther)
                people.append(person)
            }
            let places = try await EventPlace.query(on: db).all()
            let early = try await browser.post("/events/\(event)/attendance", [("place", places[0].id!.uuidString)])
            #expect(early.status == .unprocessableEntity)
            lantern.clock.advance(86_400)
            browser = try await lantern.signedIn(organiser)
            _ = try await browser.get("/events/\(event)")
            for place in places { #expect(try await browser.post("/events/\(event)/attendance", [("place", place.id!.uuidString)]).status == .seeOther) }
            #expect(try await browser.post("/events/\(event)/attendance", [("place", places[0].id!.uuidString)]).status == .conflict)

            // Someone who did not come has no feedback form.
            let stranger = try await lantern.makePerson(in: council, roles: [.caseWorker])
            let strangerBrowser = try await lantern.signedIn(stranger)
            #expect(try await strangerBrowser.get("/events/\(event)/feedback").status == .notFound)
            // Forty presses of one person's answer: one answer.
            let first = lantern.browser()
            try await first.signIn(people[0], at: lantern.clock.now)
            _ = try await first.get("/events/\(event)/feedback")
            #expect(try await first.post("/events/\(event)/feedback", [("rating", "9")]).status == .unprocessableEntity)
            let presses = try await withThrowingTaskGroup(of: HTTPStatus.self) { group in
                for _ in 0..<40 { group.addTask { try await first.post("/events/\(event)/feedback", [("rating", "4"), ("comment", "Useful")]).status } }
                return try await group.reduce(into: [HTTPStatus]()) { $0.append($1) }
            }
            #expect(presses.filter { $0 == .seeOther }.count == 1, "\(presses.map(\.code))")
            #expect(presses.filter { $0 == .conflict }.count == 39)
            #expect(try await EventFeedback.query(on: db).count() == 1)
            // Three more people answering at the same moment: every answer kept, none twice.
            var others: [TestBrowser] = []
            for person in people.dropFirst().prefix(3) {
                let b = lantern.browser()
                try await b.signIn(person, at: lantern.clock.now)
                _ = try await b.get("/events/\(event)/feedback")
                others.append(b)
            }
            let together = try await withThrowingTaskGroup(of: HTTPStatus.self) { group in
                for b in others { group.addTask { try await b.post("/events/\(event)/feedback", [("rating", "5")]).status } }
                return try await group.reduce(into: [HTTPStatus]()) { $0.append($1) }
            }
            #expect(together.allSatisfy { $0 == .seeOther }, "\(together.map(\.code))")
            // Four answers, window closed: still withheld.
            lantern.clock.advance(86_400 * 31)
            browser = try await lantern.signedIn(organiser)
            #expect(try await browser.get("/events/\(event)").body.string.contains("only from five answers"))
            // Held a month ago: it can no longer be cancelled (it stays in the year's figures).
            _ = try await browser.get("/events/\(event)")
            #expect(try await browser.post("/events/\(event)/cancel").status == .conflict)
            // The answers hold no person, and the receipts no answer.
            let rows = try await EventFeedback.query(on: db).all()
            #expect(rows.count == 4 && rows.allSatisfy { $0.eventID.uuidString == event })
            #expect(try await EventFeedbackReceipt.query(on: db).count() == 4)
            let audit = try await AuditEntry.query(on: db).filter(\.$action == "event.feedback_given").all()
            #expect(audit.count == 4 && audit.allSatisfy { $0.actorUserID == nil && $0.sourceAddress == nil })
            // The organiser did not come as an attendee; had they, they could not answer their own event.
            #expect(try await browser.get("/events/\(event)/feedback").status == .notFound)
        }
    }

    @Test(arguments: TestDatabase.available)
    func theCalendarFeedsCarryPublicEventsAndCancellations(database: TestDatabase) async throws {
        try await TestLantern.run(database) { lantern in
            let council = try await lantern.makeOrganisation("Camden Council")
            let db = lantern.app.db
            let network = PartnershipGroup(kind: .network, name: "Leads network", slug: "leads", purpose: "Leads", parentID: nil,
                                           hostOrganisationID: council.id!, isPublic: true, createdAt: Date())
            try await network.create(on: db)
            let hidden = PartnershipGroup(kind: .subgroup, name: "Private group", slug: "private", purpose: "Private", parentID: nil,
                                          hostOrganisationID: council.id!, isPublic: false, createdAt: Date())
            try await hidden.create(on: db)
            let organiser = try await lantern.makePerson(in: council, roles: [.trainer])
            let browser = try await lantern.signedIn(organiser)
            _ = try await browser.get("/events")
            let open = try await Self.add(browser, on: lantern.today.adding(days: 10), group: network.id!.uuidString)
            let members = try await Self.add(browser, on: lantern.today.adding(days: 11), isPublic: false)
            let member = try await lantern.makePerson(in: council, roles: [.readOnly])
            let memberBrowser = try await lantern.signedIn(member)
            _ = try await memberBrowser.get("/events/\(open)")
            #expect(try await memberBrowser.post("/events/\(open)/book").status == .seeOther)

            let feed = try await lantern.browser().get("/partnership/events.ics")
            #expect(feed.status == .ok && feed.headers.contentType?.description.hasPrefix("text/calendar") == true)
            let text = feed.body.string
            #expect(text.contains("\r\n") && text.contains("BEGIN:VCALENDAR"))
            #expect(text.contains("UID:event-\(open.lowercased())@"))
            #expect(!text.contains(members.lowercased()))
            #expect(text.contains("Anti-Slavery Day"))
            let groupFeed = try await lantern.browser().get("/partnership/groups/leads/events.ics")
            #expect(groupFeed.status == .ok && groupFeed.body.string.contains("UID:event-\(open.lowercased())@"))
            #expect(try await lantern.browser().get("/partnership/groups/private/events.ics").status == .notFound)
            #expect(try await lantern.browser().get("/partnership/groups/nothing-here/events.ics").status == .notFound)
            // A member's own copy of a members' event; signed out, nothing.
            #expect(try await memberBrowser.get("/events/\(members)/event.ics").body.string.contains("UID:event-\(members.lowercased())@"))
            #expect(try await lantern.browser().get("/events/\(members)/event.ics").status == .seeOther)

            #expect(try await browser.post("/events/\(open)/cancel").status == .seeOther)
            #expect(try await browser.post("/events/\(open)/cancel").status == .conflict)
            let after = try await lantern.browser().get("/partnership/events.ics").body.string
            #expect(after.contains("STATUS:CANCELLED") && after.contains("SEQUENCE:1"))
            #expect(try await PersonTask.query(on: db).filter(\.$ownerID == member.id).count() == 1)
            #expect(try await memberBrowser.post("/events/\(open)/book").status == .conflict)
        }
    }
}
