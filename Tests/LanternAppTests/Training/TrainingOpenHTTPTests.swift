import Fluent
import Foundation
import SQLKit
import Testing
import VaporTesting
@testable import LanternApp
@testable import LanternCore

/// Booking a place on the public site, over HTTP on SQLite and PostgreSQL: a trainer opens a
/// session to the public; anyone finds it at `/training/open` and books with their name,
/// organisation, borough, kind of agency and email (mistakes answered in words, nothing kept);
/// the place is theirs by a link only they hold (the trainer sees it on the register, marked);
/// where Lantern emails, the link goes by email and the page says the same whether or not the
/// address had a place already; forty people at once for the last places get exactly those
/// places and a waiting list; giving up by the link hands the place on; a machine, a replayed
/// form and a flood from one address are held.
@Suite struct TrainingOpenHTTPTests {
    /// A trainer's course and a session on it, open to the public or not; returns the session's id.
    static func openSession(_ lantern: TestLantern, capacity: Int = 20, open: Bool = true) async throws -> (String, TestBrowser) {
        let world = try await TrainingHTTPTests.world(lantern)
        let trainer = try await TrainingHTTPTests.open(lantern, world.trainer)
        let course = try await TrainingHTTPTests.addCourse(trainer)
        return (try await addSession(lantern, trainer, course: course, lead: world.trainer.id, capacity: capacity, open: open), trainer)
    }

    static func addSession(_ lantern: TestLantern, _ trainer: TestBrowser, course: String, lead: UUID, capacity: Int = 20,
                           open: Bool = true) async throws -> String {
        let created = try await trainer.post("/training/courses/\(course)/sessions/new", [
            ("day", lantern.today.adding(days: 14).iso), ("startsAt", "09:30"), ("format", "face_to_face"),
            ("place", "Lambeth Town Hall, Brixton Hill"), ("capacity", "\(capacity)"), ("leadTrainer", lead.uuidString),
            ("openToPublic", open ? "yes" : "no"),
        ])
        #expect(created.status == .seeOther)
        return String(try #require(created.location).split(separator: "/").last!)
    }

    static func fields(_ page: TestingHTTPResponse, name: String = "Ada Okafor", email: String = "ada@surgery.example.org",
                       borough: String = "E09000022", agency: String = "nhs", trap: String = "") -> [(String, String)] {
        [("name", name), ("organisation", "Brixton Hill Surgery"), ("borough", borough), ("agency", agency), ("email", email),
         (TrainingOpenPages.trapField, trap), ("ticket", VoiceHTTPTests.ticket(page))]
    }

    static func places(_ lantern: TestLantern) async throws -> [TrainingRegistration] {
        try await TrainingRegistration.query(on: lantern.app.db).filter(\.$userID == nil).all()
    }

    /// The links in the messages of `kind` queued for `email`, in no particular order (the
    /// test clock stands still, so their times tie).
    static func mailedLinks(_ lantern: TestLantern, to email: String, kind: String = "training_place") async throws -> Set<String> {
        var links: Set<String> = []
        for message in try await OutboxMessage.query(on: lantern.app.db).filter(\.$recipient == email).filter(\.$kind == kind).all() {
            guard let sealed = message.sealedBody, let id = message.id else { continue }
            let body = try lantern.app.lantern.cipher.open(sealed, context: OutboxMessage.bodyContext(id))
            if let start = body.range(of: "/training/booking/") {
                links.insert("/training/booking/" + body[start.upperBound...].prefix { !$0.isWhitespace })
            }
        }
        return links
    }

    @Test(arguments: TestDatabase.available)
    func anyoneBooksAnOpenSessionAndHoldsThePlaceByItsLink(database: TestDatabase) async throws {
        try await TestLantern.run(database) { lantern in
            let world = try await TrainingHTTPTests.world(lantern)
            let trainer = try await TrainingHTTPTests.open(lantern, world.trainer)
            let course = try await TrainingHTTPTests.addCourse(trainer)
            let sessionID = try await Self.addSession(lantern, trainer, course: course, lead: world.trainer.id)
            let closedID = try await Self.addSession(lantern, trainer, course: course, lead: world.trainer.id, open: false)
            let visitor = lantern.browser()
            // MUT: the list shows the open session only, and its page has the form
            let list = try await visitor.get("/training/open")
            #expect(list.status == .ok && list.body.string.contains("/training/open/\(sessionID)") && !list.body.string.contains(closedID))
            #expect(try await visitor.get("/training/open/\(closedID)").status == .notFound)
            #expect(try await visitor.get("/training/open/not-a-session").status == .notFound)
            let form = try await visitor.get("/training/open/\(sessionID)")
            #expect(form.status == .ok && form.body.string.contains("name=\"email\""))

            // Mistakes are named, what was typed is kept, and nothing is stored.
            lantern.clock.advance(30)
            let wrong = try await visitor.post("/training/open/\(sessionID)", Self.fields(form, name: "", email: "not-an-address", borough: "E0900XXXX", agency: "army"))
            #expect(wrong.status == .unprocessableEntity)
            for words in ["Enter your name", "Enter an email address like name@example.org", "Choose the borough you work in",
                          "Choose the kind of organisation", "value=\"not-an-address\""] {
                #expect(wrong.body.string.contains(words), "\(words)")
            }
            #expect(try await Self.places(lantern).isEmpty)

            lantern.clock.advance(30)
            let booked = try await visitor.post("/training/open/\(sessionID)", Self.fields(wrong))
            #expect(booked.status == .seeOther)
            let link = try #require(booked.location)
            #expect(link.hasPrefix("/training/booking/") && link.hasSuffix("?new=1"))
            let place = try await visitor.get(link)
            #expect(place.status == .ok && place.body.string.contains("Your place is booked") && place.body.string.contains("Ada Okafor"))
            let row = try #require(try await Self.places(lantern).first)
            #expect(row.registrationState == .booked && row.externalEmail == "ada@surgery.example.org" && row.boroughCode == "E09000022")
            #expect(row.registeredBy == TrainingRegistration.bookedOnThePublicSite && row.agencyKind == "nhs")
            // The link's token is kept only as its hash.
            let token = String(link.dropFirst("/training/booking/".count).prefix { $0 != "?" })
            #expect(row.placeTokenHash == SecretToken.storedHash(of: token))

            // The trainer sees them on the register, marked as booked on the public site.
            let register = try await trainer.get("/training/sessions/\(sessionID)")
            #expect(register.body.string.contains("Ada Okafor") && register.body.string.contains("booked on the public site"))

            // The same email again: told it has a place, nothing more kept (Lantern does not email here).
            let again = try await visitor.get("/training/open/\(sessionID)")
            lantern.clock.advance(30)
            let twice = try await visitor.post("/training/open/\(sessionID)", Self.fields(again, email: " ADA@surgery.example.org "))
            #expect(twice.status == .conflict && twice.body.string.contains("already has a place"))
            #expect(try await Self.places(lantern).count == 1)
            // The question spent its stamp like any attempt: asked again with it, nothing is kept.
            let replayed = try await visitor.post("/training/open/\(sessionID)", Self.fields(again, email: "other@surgery.example.org"))
            #expect(replayed.location == "/training/open/\(sessionID)?sent=1")
            #expect(try await Self.places(lantern).count == 1)

            // Giving up by the link; a made-up link reaches nothing.
            #expect(try await visitor.get("/training/booking/made-up-token").status == .notFound)
            #expect(try await visitor.post("/training/booking/made-up-token/give-up", []).status == .notFound)
            let gaveUp = try await visitor.post("/training/booking/\(token)/give-up", [])
            #expect(gaveUp.status == .seeOther)
            let after = try await visitor.get(try #require(gaveUp.location))
            #expect(after.body.string.contains("Your place was given up") && !after.body.string.contains("Give up my place"))
            #expect(try await Self.places(lantern).first?.registrationState == .cancelled)
            let audit = try await AuditEntry.query(on: lantern.app.db).filter(\.$action ~~ ["training_place.booked_publicly",
                "training_place.viewed_by_link", "training_place.given_up_by_link"]).all()
            #expect(Set(audit.map(\.action)) == ["training_place.booked_publicly", "training_place.viewed_by_link", "training_place.given_up_by_link"])
        }
    }

    @Test(arguments: TestDatabase.available)
    func whereLanternEmailsTheLinkGoesByEmailAndThePageSaysTheSameEitherWay(database: TestDatabase) async throws {
        try await TestLantern.run(database, settings: { $0.mailCommand = ["true"] }) { lantern in
            let (sessionID, trainer) = try await Self.openSession(lantern)
            let visitor = lantern.browser()
            let form = try await visitor.get("/training/open/\(sessionID)")
            lantern.clock.advance(30)
            // MUT: book, then book again with the same address
            let first = try await visitor.post("/training/open/\(sessionID)", Self.fields(form))
            #expect(first.status == .seeOther && first.location == "/training/open/\(sessionID)?sent=1")
            let firstLink = try #require(try await Self.mailedLinks(lantern, to: "ada@surgery.example.org").first)
            #expect(try await visitor.get(firstLink).status == .ok)
            let again = try await visitor.get("/training/open/\(sessionID)")
            lantern.clock.advance(30)
            let second = try await visitor.post("/training/open/\(sessionID)", Self.fields(again))
            // validate: the same answer; a fresh link by email, and the old one stops working
            #expect(second.status == .seeOther && second.location == first.location)
            let check = try await visitor.get(try #require(second.location))
            #expect(check.body.string.contains("Check your email"))
            let links = try await Self.mailedLinks(lantern, to: "ada@surgery.example.org")
            #expect(links.count == 2)
            let secondLink = try #require(links.subtracting([firstLink]).first)
            #expect(try await visitor.get(firstLink).status == .notFound)
            #expect(try await visitor.get(secondLink).status == .ok)
            #expect(try await Self.places(lantern).count == 1)
            let mail = try await OutboxMessage.query(on: lantern.app.db).filter(\.$kind == "training_place").count()
            #expect(mail == 2)
            // The session is cancelled: they hear by email, with a fresh link that says so.
            #expect(try await trainer.post("/training/sessions/\(sessionID)/cancel", []).status == .seeOther)
            let cancelled = try await OutboxMessage.query(on: lantern.app.db).filter(\.$kind == "training_session_cancelled").all()
            #expect(cancelled.map(\.recipient) == ["ada@surgery.example.org"])
            let thirdLink = try #require(try await Self.mailedLinks(lantern, to: "ada@surgery.example.org", kind: "training_session_cancelled").first)
            #expect(thirdLink != secondLink)
            let place = try await visitor.get(thirdLink)
            #expect(place.body.string.contains("The session was cancelled") && !place.body.string.contains("Give up my place"))
            #expect(try await visitor.get("/training/open/\(sessionID)").status == .notFound)
        }
    }

    @Test(arguments: TestDatabase.available)
    func fortyPeopleAtOnceForThreePlacesGetThreeAndAWaitingListAndAGivenUpPlaceMovesOn(database: TestDatabase) async throws {
        try await TestLantern.run(database, settings: { $0.publicTrainingLimitPerAddress = 1_000 }) { lantern in
            let (sessionID, _) = try await Self.openSession(lantern, capacity: 3)
            var pages: [TestingHTTPResponse] = []
            let visitors = (0..<40).map { _ in lantern.browser() }
            for visitor in visitors { pages.append(try await visitor.get("/training/open/\(sessionID)")) }
            lantern.clock.advance(30)
            // MUT: forty bookings at once
            let statuses = try await withThrowingTaskGroup(of: (Int, String?).self) { group in
                for (n, visitor) in visitors.enumerated() {
                    let fields = Self.fields(pages[n], name: "Person \(n)", email: "person\(n)@example.org")
                    group.addTask { let r = try await visitor.post("/training/open/\(sessionID)", fields); return (Int(r.status.code), r.location) }
                }
                return try await group.reduce(into: [(Int, String?)]()) { $0.append($1) }
            }
            // validate: every one got a place or a waiting position; three places, 37 in order
            #expect(statuses.allSatisfy { $0.0 == 303 })
            let rows = try await Self.places(lantern)
            #expect(rows.count == 40)
            #expect(rows.filter { $0.registrationState == .booked }.count == 3)
            #expect(rows.compactMap(\.waitingPosition).sorted() == Array(1...37))
            let session = try #require(try await TrainingSession.find(UUID(uuidString: sessionID), on: lantern.app.db))
            #expect(session.bookedCount == 3)
            // A booked person gives up by their link: the first waiting takes the place.
            let bookedLink = try #require(statuses.compactMap(\.1).first { link in
                rows.contains { $0.registrationState == .booked && $0.placeTokenHash == SecretToken.storedHash(of: Self.token(link)) }
            })
            let holder = lantern.browser()
            #expect(try await holder.get("/training/booking/\(Self.token(bookedLink))").status == .ok)
            let gaveUp = try await holder.post("/training/booking/\(Self.token(bookedLink))/give-up", [])
            #expect(gaveUp.status == .seeOther)
            let now = try await Self.places(lantern)
            #expect(now.filter { $0.registrationState == .booked }.count == 3)
            let firstInLine = try #require(rows.first { $0.waitingPosition == 1 })
            #expect(now.first { $0.id == firstInLine.id }?.registrationState == .booked)
        }
    }

    static func token(_ link: String) -> String { String(link.dropFirst("/training/booking/".count).prefix { $0 != "?" }) }

    @Test(arguments: TestDatabase.available)
    func aMachineAReplayAndAFloodAreHeld(database: TestDatabase) async throws {
        try await TestLantern.run(database, settings: { $0.publicTrainingLimitPerAddress = 3 }) { lantern in
            let (sessionID, _) = try await Self.openSession(lantern)
            let visitor = lantern.browser()
            let form = try await visitor.get("/training/open/\(sessionID)")
            lantern.clock.advance(30)
            // The hidden field filled, or no stamp Lantern signed: told to check their email, nothing kept.
            let trapped = try await visitor.post("/training/open/\(sessionID)", Self.fields(form, trap: "http://spam.example"))
            #expect(trapped.location == "/training/open/\(sessionID)?sent=1")
            var forged = Self.fields(form, email: "forged@example.org")
            forged.removeAll { $0.0 == "ticket" }
            forged.append(("ticket", "1.00000000000000000000000000000000.abc"))
            #expect(try await visitor.post("/training/open/\(sessionID)", forged).location == "/training/open/\(sessionID)?sent=1")
            #expect(try await Self.places(lantern).isEmpty)
            // Sent sooner than a person could: the form comes back to send again, words kept.
            let fresh = try await visitor.get("/training/open/\(sessionID)")
            let quick = try await visitor.post("/training/open/\(sessionID)", Self.fields(fresh, email: "quick@example.org"))
            #expect(quick.status == .unprocessableEntity && quick.body.string.contains("value=\"quick@example.org\""))
            lantern.clock.advance(30)
            // One form, one booking: a replay keeps nothing more.
            #expect(try await visitor.post("/training/open/\(sessionID)", Self.fields(form, email: "one@example.org")).status == .seeOther)
            #expect(try await visitor.post("/training/open/\(sessionID)", Self.fields(form, email: "two@example.org")).location == "/training/open/\(sessionID)?sent=1")
            #expect(try await Self.places(lantern).count == 1)
            // A flood from one address: three an hour, the rest told to wait, with what they typed.
            var statuses: [HTTPStatus] = []
            for n in 0..<4 {
                let page = try await visitor.get("/training/open/\(sessionID)")
                lantern.clock.advance(5)
                statuses.append(try await visitor.post("/training/open/\(sessionID)", Self.fields(page, email: "flood\(n)@example.org")).status)
            }
            #expect(statuses == [.seeOther, .seeOther, .tooManyRequests, .tooManyRequests])
            // Told to come back when the clock hour the count runs in ends.
            let page429 = try await visitor.get("/training/open/\(sessionID)")
            lantern.clock.advance(5)
            let held = try await visitor.post("/training/open/\(sessionID)", Self.fields(page429, email: "held@example.org"))
            let left = 3600 - Int(lantern.clock.now.timeIntervalSince1970) % 3600
            #expect(held.status == .tooManyRequests && held.headers.first(name: .retryAfter) == String(left))
            #expect(held.body.string.contains("value=\"held@example.org\""))
            #expect(try await Self.places(lantern).count == 3)
            // A list in a field is refused whole.
            let page = try await visitor.get("/training/open/\(sessionID)")
            lantern.clock.advance(5)
            #expect(try await visitor.post("/training/open/\(sessionID)", [("name[]", "A"), ("name[]", "B"), ("ticket", VoiceHTTPTests.ticket(page))]).status == .badRequest)
        }
    }
}
