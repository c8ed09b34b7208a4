import Fluent
import Foundation
import SQLKit
import Testing
import VaporTesting
@testable import LanternApp
@testable import LanternCore

/// Training over HTTP, on SQLite and PostgreSQL: a trainer adds a course and a session (bad
/// input answered in words, nothing stored); forty people booking the last places at once get
/// exactly the places there are and a waiting list in order; a place given up goes to the
/// first in line, with a task; attendance opens on the session's day and makes a certificate
/// only its owner and the session's trainers can open; the cascade runs from one
/// Train-the-Trainer session to its third generation and refuses a loop.
@Suite struct TrainingHTTPTests {
    struct World {
        let council: Organisation, police: Organisation
        let trainer: TestPerson, worker: TestPerson, officer: TestPerson
    }

    static func world(_ lantern: TestLantern) async throws -> World {
        let council = try await lantern.makeOrganisation("Lambeth Council")
        let police = try await lantern.makeOrganisation("Met Police Central South", kind: .police)
        try await OrganisationBorough(organisationID: try police.requireID(), boroughCode: "E09000022").create(on: lantern.app.db)
        try await OrganisationBorough(organisationID: try council.requireID(), boroughCode: "E09000022").create(on: lantern.app.db)
        return World(council: council, police: police,
                     trainer: try await lantern.makePerson(in: council, roles: [.trainer]),
                     worker: try await lantern.makePerson(in: council, roles: [.caseWorker]),
                     officer: try await lantern.makePerson(in: police, roles: [.caseWorker]))
    }

    /// Signs the person in and opens the training page, so the browser holds a form token.
    static func open(_ lantern: TestLantern, _ person: TestPerson) async throws -> TestBrowser {
        let browser = try await lantern.signedIn(person)
        _ = try await browser.get("/training")
        return browser
    }

    static let courseFields: [(String, String)] = [
        ("title", "Identifying victims of modern slavery"), ("audience", "Front-line officers and council staff"), ("format", "face_to_face"),
        ("duration", "180"), ("outcomes", "Spot the indicators\nMake a referral into the NRM"), ("validMonths", "24"), ("trainTheTrainer", "no"),
    ]

    /// Adds a course through the form; returns its id.
    static func addCourse(_ browser: TestBrowser, trainTheTrainer: Bool = false) async throws -> String {
        var fields = courseFields
        if trainTheTrainer {
            fields = fields.filter { $0.0 != "trainTheTrainer" } + [("trainTheTrainer", "yes"), ("commitSessions", "2"), ("commitMonths", "6")]
        }
        let created = try await browser.post("/training/courses/new", fields)
        #expect(created.status == .seeOther)
        return String(try #require(created.location).split(separator: "/").last!)
    }

    /// Adds a session of the course through the form, led by `lead`; returns its id.
    static func addSession(_ browser: TestBrowser, course: String, lead: UUID, on day: Day, capacity: Int = 20) async throws -> String {
        let created = try await browser.post("/training/courses/\(course)/sessions/new", [
            ("day", day.iso), ("startsAt", "09:30"), ("format", "face_to_face"), ("place", "Lambeth Town Hall, Brixton Hill"),
            ("capacity", "\(capacity)"), ("leadTrainer", lead.uuidString), ("agencies[]", "police"), ("boroughs[]", "E09000022"),
        ])
        #expect(created.status == .seeOther)
        return String(try #require(created.location).split(separator: "/").last!)
    }

    @Test(arguments: TestDatabase.available)
    func aTrainerAddsACourseAndASessionAndBadInputIsAnsweredInWords(database: TestDatabase) async throws {
        try await TestLantern.run(database) { lantern in
            let w = try await Self.world(lantern)
            let trainer = try await Self.open(lantern, w.trainer)
            let bad = try await trainer.post("/training/courses/new", [("title", ""), ("format", "carrier_pigeon"), ("duration", "-3"), ("outcomes", "")])
            #expect(bad.status == .unprocessableEntity)
            #expect(bad.body.string.contains("Enter the course&#39;s title") || bad.body.string.contains("Enter the course's title"))
            #expect(bad.body.string.contains("Choose how the course is delivered"))
            #expect(try await TrainingCourse.query(on: lantern.app.db).count() == 0)
            let empty = try await trainer.post("/training/courses/new", [])
            #expect(empty.status == .unprocessableEntity)
            // Commitment numbers on a course that is not Train-the-Trainer: still numbers, or refused.
            let oddCommitment = try await trainer.post("/training/courses/new", Self.courseFields + [("commitSessions", "many"), ("commitMonths", "0")])
            #expect(oddCommitment.status == .unprocessableEntity)
            #expect(try await TrainingCourse.query(on: lantern.app.db).count() == 0)

            let course = try await Self.addCourse(trainer)
            let page = try await trainer.get("/training/courses/\(course)")
            #expect(page.status == .ok && page.body.string.contains("Make a referral into the NRM"))

            let badSession = try await trainer.post("/training/courses/\(course)/sessions/new", [
                ("day", lantern.today.adding(days: -1).iso), ("startsAt", "25:00"), ("capacity", "0"), ("leadTrainer", UUID().uuidString),
                ("boroughs[]", "E09999999"),
            ])
            #expect(badSession.status == .unprocessableEntity)
            #expect(badSession.body.string.contains("The day must be today or later"))
            #expect(badSession.body.string.contains("Choose boroughs from the list"))
            #expect(try await TrainingSession.query(on: lantern.app.db).count() == 0)
            let session = try await Self.addSession(trainer, course: course, lead: w.trainer.id, on: lantern.today.adding(days: 7))
            let shown = try await trainer.get("/training/sessions/\(session)")
            #expect(shown.status == .ok && shown.body.string.contains("Lambeth Town Hall") && shown.body.string.contains("Register"))

            // A case worker books, but may not add courses or run the session.
            let worker = try await Self.open(lantern, w.worker)
            #expect(try await worker.get("/training/courses/new").status == .forbidden)
            #expect(try await worker.post("/training/courses/new", Self.courseFields).status == .forbidden)
            #expect(try await worker.post("/training/sessions/\(session)/attendance", []).status == .forbidden)
            let workerView = try await worker.get("/training/sessions/\(session)")
            #expect(workerView.status == .ok && !workerView.body.string.contains("Register"))
            #expect(try await worker.get("/training/sessions/\(UUID())").status == .notFound)
            // An empty attendance form from the trainer: a message, not a 404 or a 500.
            #expect(try await trainer.post("/training/sessions/\(session)/attendance", []).status == .unprocessableEntity)
        }
    }

    @Test(arguments: TestDatabase.available)
    func fortyPeopleBookingThreePlacesGetThreePlacesAndAnOrderedWaitingList(database: TestDatabase) async throws {
        try await TestLantern.run(database) { lantern in
            let w = try await Self.world(lantern)
            let db = lantern.app.db
            let trainer = try await Self.open(lantern, w.trainer)
            let course = try await Self.addCourse(trainer)
            let session = try await Self.addSession(trainer, course: course, lead: w.trainer.id, on: lantern.today.adding(days: 7), capacity: 3)
            var people: [(TestPerson, TestBrowser)] = []
            for _ in 0..<40 {
                let person = try await lantern.makePerson(in: w.police, roles: [.caseWorker])
                // Signed in at the same moment (each has their own code): none idles out while the others sign in.
                let browser = lantern.browser()
                try await browser.signIn(person, at: lantern.clock.now)
                _ = try await browser.get("/training")
                people.append((person, browser))
            }
            let statuses = try await withThrowingTaskGroup(of: HTTPStatus.self) { group in
                for (_, browser) in people { group.addTask { try await browser.post("/training/sessions/\(session)/register").status } }
                return try await group.reduce(into: [HTTPStatus]()) { $0.append($1) }
            }
            #expect(statuses.allSatisfy { $0 == .seeOther }, "\(statuses.map(\.code))")
            let sessionID = try #require(UUID(uuidString: session))
            let places = try await TrainingRegistration.query(on: db).filter(\.$sessionID == sessionID).all()
            #expect(places.count == 40)
            #expect(places.filter { $0.registrationState == .booked }.count == 3)
            #expect(places.compactMap(\.waitingPosition).sorted() == Array(1...37))
            #expect(try await TrainingSession.find(sessionID, on: db)?.bookedCount == 3)

            // The same person pressing again: told they already have a place, nothing added.
            let again = try await people[0].1.post("/training/sessions/\(session)/register")
            #expect(again.location?.contains("done=already") == true)
            #expect(try await TrainingRegistration.query(on: db).filter(\.$sessionID == sessionID).count() == 40)

            // A booked person gives up (forty presses at once): the first in line gets the place and a task.
            let booked = try #require(places.first { $0.registrationState == .booked })
            let holder = try #require(people.first { $0.0.id == booked.userID })
            let giveUps = try await withThrowingTaskGroup(of: HTTPStatus.self) { group in
                for _ in 0..<40 { group.addTask { try await holder.1.post("/training/sessions/\(session)/give-up").status } }
                return try await group.reduce(into: [HTTPStatus]()) { $0.append($1) }
            }
            #expect(giveUps.filter { $0 == .seeOther }.count == 1)
            #expect(giveUps.filter { $0 == .conflict }.count == 39)
            let first = try #require(places.first { $0.waitingPosition == 1 })
            #expect(try await TrainingRegistration.find(first.id, on: db)?.registrationState == .booked)
            #expect(try await TrainingRegistration.query(on: db).filter(\.$sessionID == sessionID).filter(\.$state == "booked").count() == 3)
            #expect(try await TrainingSession.find(sessionID, on: db)?.bookedCount == 3)
            #expect(try await PersonTask.query(on: db).filter(\.$ownerID == first.userID!).count() == 1)

            // Once the session is cancelled, giving up a place hands nothing on.
            #expect(try await trainer.post("/training/sessions/\(session)/cancel").status == .seeOther)
            #expect(try await trainer.post("/training/sessions/\(session)/cancel").status == .conflict)
            let stillBooked = try #require(people.first { p in places.contains { $0.userID == p.0.id && $0.registrationState == .booked && $0.userID != holder.0.id } })
            #expect(try await stillBooked.1.post("/training/sessions/\(session)/give-up").status == .conflict)
            #expect(try await TrainingRegistration.query(on: db).filter(\.$sessionID == sessionID).filter(\.$state == "booked").count() == 3)
        }
    }

    @Test(arguments: TestDatabase.available)
    func attendanceOpensOnTheDayAndMakesACertificateForItsOwnerOnly(database: TestDatabase) async throws {
        try await TestLantern.run(database) { lantern in
            let w = try await Self.world(lantern)
            let db = lantern.app.db
            var trainer = try await Self.open(lantern, w.trainer)
            let course = try await Self.addCourse(trainer)
            let session = try await Self.addSession(trainer, course: course, lead: w.trainer.id, on: lantern.today.adding(days: 2))
            var officer = try await Self.open(lantern, w.officer)
            #expect(try await officer.post("/training/sessions/\(session)/register").status == .seeOther)
            let place = try #require(try await TrainingRegistration.query(on: db).filter(\.$userID == w.officer.id).first())
            let early = try await trainer.post("/training/sessions/\(session)/attendance", [("registration", place.id!.uuidString), ("mark", "attended")])
            #expect(early.status == .unprocessableEntity)
            #expect(early.body.string.contains("has not been held yet"))
            #expect(try await TrainingCompletion.query(on: db).count() == 0)

            lantern.clock.advance(86_400 * 2)
            // Two days on, the sessions above have ended: sign in again.
            trainer = try await Self.open(lantern, w.trainer)
            officer = try await Self.open(lantern, w.officer)
            let marker = trainer
            let marks = try await withThrowingTaskGroup(of: HTTPStatus.self) { group in
                for _ in 0..<40 {
                    group.addTask { try await marker.post("/training/sessions/\(session)/attendance",
                                                           [("registration", place.id!.uuidString), ("mark", "attended")]).status }
                }
                return try await group.reduce(into: [HTTPStatus]()) { $0.append($1) }
            }
            #expect(marks.filter { $0 == .seeOther }.count == 1, "\(marks.map(\.code))")
            #expect(marks.filter { $0 == .conflict }.count == 39)
            let completion = try #require(try await TrainingCompletion.query(on: db).first())
            #expect(completion.userID == w.officer.id && completion.agencyKind == "police" && completion.boroughCode == "E09000022")
            #expect(completion.validUntil == TrainingCourseRules.validUntil(completedOn: lantern.today, months: 24)?.daysSinceEpoch)

            let certificate = try await officer.get("/training/places/\(place.id!)/certificate")
            #expect(certificate.status == .ok && certificate.body.string.contains("Identifying victims of modern slavery"))
            #expect(try await trainer.get("/training/places/\(place.id!)/certificate").status == .ok)
            let worker = try await Self.open(lantern, w.worker)
            #expect(try await worker.get("/training/places/\(place.id!)/certificate").status == .notFound)
            #expect(try await AuditEntry.query(on: db).filter(\.$action == "training_certificate.viewed").count() == 2)
            // The officer's own page lists it.
            #expect(try await officer.get("/training").body.string.contains("/training/places/\(place.id!)/certificate"))
        }
    }

    @Test(arguments: TestDatabase.available)
    func theCascadeRunsToItsThirdGenerationAndRefusesALoop(database: TestDatabase) async throws {
        try await TestLantern.run(database) { lantern in
            let w = try await Self.world(lantern)
            let db = lantern.app.db
            // Ana (the first trainer) trains Ben; Ben trains Cat; Cat trains Dev and an external person.
            let ana = w.trainer
            let ben = try await lantern.makePerson(in: w.police, roles: [.trainer])
            let cat = try await lantern.makePerson(in: w.council, roles: [.trainer])
            let dev = w.officer
            let anaBrowser = try await Self.open(lantern, ana)
            let ttt = try await Self.addCourse(anaBrowser, trainTheTrainer: true)

            func generation(lead: TestPerson, leadBrowser: TestBrowser, trainees: [TestPerson], external: Bool = false) async throws -> String {
                let session = try await Self.addSession(anaBrowser, course: ttt, lead: lead.id, on: lantern.today)
                for trainee in trainees {
                    let browser = try await Self.open(lantern, trainee)
                    #expect(try await browser.post("/training/sessions/\(session)/register").status == .seeOther)
                }
                if external {
                    let added = try await leadBrowser.post("/training/sessions/\(session)/externals", [
                        ("name", "Sam Okafor"), ("organisation", "Hope for Justice"), ("borough", "E09000022"), ("agency", "charity"),
                        ("email", "sam@example.org")])
                    #expect(added.status == .seeOther)
                }
                let places = try await TrainingRegistration.query(on: db).filter(\.$sessionID == UUID(uuidString: session)!).all()
                for place in places {
                    let marked = try await leadBrowser.post("/training/sessions/\(session)/attendance",
                                                            [("registration", place.id!.uuidString), ("mark", "attended")])
                    #expect(marked.status == .seeOther)
                }
                return session
            }
            let benBrowser = try await Self.open(lantern, ben)
            let catBrowser = try await Self.open(lantern, cat)
            _ = try await generation(lead: ana, leadBrowser: anaBrowser, trainees: [ben])
            _ = try await generation(lead: ben, leadBrowser: benBrowser, trainees: [cat])
            let catSession = try await generation(lead: cat, leadBrowser: catBrowser, trainees: [dev], external: true)
            // The same external person twice: refused with a message, nothing added.
            let twice = try await catBrowser.post("/training/sessions/\(catSession)/externals", [
                ("name", "Sam Okafor"), ("organisation", "Hope for Justice"), ("borough", "E09000022"), ("agency", "charity"),
                ("email", "SAM@example.org")])
            #expect(twice.status == .conflict && twice.body.string.contains("already has a place"))
            // A session someone came to is no longer cancelled; a named trainer of another
            // organisation (Ben, of the police, on the council's session) may not cancel at all.
            #expect(try await anaBrowser.post("/training/sessions/\(catSession)/cancel").status == .conflict)
            let benLed = try #require(try await TrainingSessionTrainer.query(on: db).filter(\.$userID == ben.id).filter(\.$lead == true).first())
            // Nor is he offered the button; the session's own organisation is.
            let cancelAction = "\(benLed.sessionID)/cancel".lowercased()
            let benPage = try await benBrowser.get("/training/sessions/\(benLed.sessionID)")
            #expect(benPage.status == .ok && !benPage.body.string.lowercased().contains(cancelAction))
            #expect(try await anaBrowser.get("/training/sessions/\(benLed.sessionID)").body.string.lowercased().contains(cancelAction))
            #expect(try await benBrowser.post("/training/sessions/\(benLed.sessionID)/cancel").status == .notFound)
            // Cat then trains Ana: recorded as attended, but not placed under Cat (it would loop).
            let loopSession = try await Self.addSession(anaBrowser, course: ttt, lead: cat.id, on: lantern.today)
            #expect(try await anaBrowser.post("/training/sessions/\(loopSession)/register").status == .seeOther)
            let anaPlace = try #require(try await TrainingRegistration.query(on: db).filter(\.$sessionID == UUID(uuidString: loopSession)!).first())
            let loop = try await catBrowser.post("/training/sessions/\(loopSession)/attendance", [("registration", anaPlace.id!.uuidString), ("mark", "attended")])
            #expect(loop.location?.contains("done=attended-loop") == true)
            #expect(try await TrainingCompletion.query(on: db).filter(\.$userID == ana.id).first()?.inCascade == false)

            let json = try await anaBrowser.get("/training/cascade.json")
            #expect(json.status == .ok)
            let body = json.json
            #expect(body["peopleReached"] as? Int == 4)
            #expect(body["generations"] as? Int == 3)
            let roots = try #require(body["roots"] as? [[String: Any]])
            #expect(roots.count == 1)
            #expect(roots.first?["reach"] as? Int == 4)
            #expect(roots.first?["name"] as? String == "\(ana.user.displayName) (\(w.council.name))")
            let benNode = try #require((roots.first?["trainers"] as? [[String: Any]])?.first)
            #expect(benNode["reach"] as? Int == 3)
            let catNode = try #require((benNode["trainers"] as? [[String: Any]])?.first)
            #expect(catNode["trainedDirectly"] as? Int == 2 && catNode["depth"] as? Int == 2)
            // Ben and Cat each committed to two sessions; Ben delivered one, Cat one; Dev is a
            // case worker on a Train-the-Trainer course, so committed too, and has trained no one.
            let commitments = try #require(body["commitments"] as? [[String: Any]])
            #expect(commitments.count == 4)
            let page = try await anaBrowser.get("/training/cascade")
            #expect(page.status == .ok)
            #expect(page.body.string.contains("<svg") && page.body.string.contains("cascade-text"))
            #expect(page.body.string.contains("Trainers who have not yet trained anyone: 1."))
            // Names of people who trained no one stay off the page.
            #expect(!page.body.string.contains("Sam Okafor"))
            // Coverage: everyone trained above, by borough and agency (Lambeth: two police, two council, one charity).
            let coverage = try await anaBrowser.get("/training/coverage.json")
            #expect(coverage.status == .ok)
            #expect(coverage.json["total"] as? Int == 5)
            let cells = try #require(coverage.json["cells"] as? [[String: Any]])
            func people(_ borough: String, _ agency: String) -> Int? {
                cells.first { $0["boroughCode"] as? String == borough && $0["agencyKind"] as? String == agency }?["people"] as? Int
            }
            #expect(people("E09000022", "police") == 2 && people("E09000022", "council") == 2 && people("E09000022", "charity") == 1)
            #expect(people("E09000007", "police") == 0)
            #expect((coverage.json["untrainedBoroughs"] as? [String])?.count == 32)
            let csv = try await anaBrowser.get("/training/coverage.csv")
            #expect(csv.status == .ok && csv.body.string.hasPrefix("borough_code,borough_name,agency_kind,people_with_valid_training"))
            let mapPage = try await anaBrowser.get("/training/coverage")
            #expect(mapPage.status == .ok && mapPage.body.string.contains("coverage-map"))
            #expect(try await anaBrowser.get("/training/coverage?course=nonsense").status == .unprocessableEntity)
            #expect(try await anaBrowser.get("/training/coverage.json?course=\(UUID())").status == .unprocessableEntity)
            // After the first-responder validity (24 months) a completion no longer counts.
            lantern.clock.advance(86_400 * 365 * 4)
            let later = try await Self.open(lantern, ana)
            #expect(try await later.get("/training/coverage.json").json["total"] as? Int == 0)
            // A case worker may not see the cascade.
            let worker = try await Self.open(lantern, w.worker)
            #expect(try await worker.get("/training/cascade").status == .forbidden)
            #expect(try await worker.get("/training/coverage").status == .forbidden)
        }
    }
}
