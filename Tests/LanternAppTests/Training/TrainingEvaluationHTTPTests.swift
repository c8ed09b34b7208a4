import Fluent
import Foundation
import SQLKit
import Testing
import VaporTesting
@testable import LanternApp
@testable import LanternCore

/// Anonymous evaluation over HTTP, on SQLite and PostgreSQL: only someone who came answers,
/// once (forty presses at once save one answer); the answer is stored with no person, place
/// or time; results appear only once the session's window has closed with five answers, and
/// the audit trail says a session was evaluated, never what was answered.
@Suite struct TrainingEvaluationHTTPTests {
    @Test(arguments: TestDatabase.available)
    func answersAreAnonymousOnceEachAndShownOnlyInFives(database: TestDatabase) async throws {
        try await TestLantern.run(database) { lantern in
            let w = try await TrainingHTTPTests.world(lantern)
            let db = lantern.app.db
            let trainer = try await TrainingHTTPTests.open(lantern, w.trainer)
            let course = try await TrainingHTTPTests.addCourse(trainer)
            let session = try await TrainingHTTPTests.addSession(trainer, course: course, lead: w.trainer.id, on: lantern.today)
            let sessionID = try #require(UUID(uuidString: session))
            var people: [TestPerson] = []
            for _ in 0..<6 {
                let person = try await lantern.makePerson(in: w.police, roles: [.caseWorker])
                let place = TrainingRegistration()
                place.id = UUID()
                place.sessionID = sessionID
                place.userID = person.id
                place.agencyKind = "police"
                place.state = RegistrationState.attended.rawValue
                place.registeredBy = person.id
                place.createdAt = lantern.clock.now
                place.updatedAt = lantern.clock.now
                try await place.create(on: db)
                people.append(person)
            }
            // Someone who did not come: as if there were no evaluation.
            let worker = try await TrainingHTTPTests.open(lantern, w.worker)
            #expect(try await worker.get("/training/sessions/\(session)/evaluation").status == .notFound)
            #expect(try await worker.post("/training/sessions/\(session)/evaluation", [("before", "2"), ("after", "4"), ("outcomes", "yes")]).status == .notFound)

            let first = try await TrainingHTTPTests.open(lantern, people[0])
            #expect(try await first.get("/training/sessions/\(session)").body.string.contains("/training/sessions/\(session)/evaluation"))
            let bad = try await first.post("/training/sessions/\(session)/evaluation", [("before", "9"), ("outcomes", "maybe"), ("comment", "bad\u{0007}")])
            #expect(bad.status == .unprocessableEntity)
            #expect(bad.body.string.contains("Choose how confident you were before the course"))
            #expect(try await TrainingEvaluation.query(on: db).count() == 0)
            let presses = try await withThrowingTaskGroup(of: HTTPStatus.self) { group in
                for _ in 0..<40 {
                    group.addTask { try await first.post("/training/sessions/\(session)/evaluation",
                                                         [("before", "2"), ("after", "4"), ("outcomes", "yes"), ("comment", "Zebra crossing example helped")]).status }
                }
                return try await group.reduce(into: [HTTPStatus]()) { $0.append($1) }
            }
            #expect(presses.filter { $0 == .seeOther }.count == 1)
            #expect(presses.filter { $0 == .conflict }.count == 39)
            #expect(try await TrainingEvaluation.query(on: db).count() == 1)
            #expect(try await TrainingEvaluationReceipt.query(on: db).count() == 1)

            // Nothing in the stored answer names the person, their place or when they answered.
            guard let sql = db as? any SQLDatabase else { return }
            let row = try #require(try await sql.raw("SELECT * FROM training_evaluations").first())
            #expect(Set(row.allColumns) == ["id", "session_id", "course_id", "trainer_user_id", "confidence_before", "confidence_after", "outcomes_met", "comment"])
            let audit = try await AuditEntry.query(on: db).filter(\.$action == "training_evaluation.answered").all()
            #expect(audit.count == 1 && audit.first?.recordID == session)
            // The audit entry names neither the person nor where they answered from.
            #expect(audit.first?.actorUserID == nil && audit.first?.sourceAddress == nil)

            // Four more answer: five in all, but the window is open, so no results yet.
            for person in people[1..<5] {
                let browser = try await TrainingHTTPTests.open(lantern, person)
                #expect(try await browser.post("/training/sessions/\(session)/evaluation",
                                               [("before", "1"), ("after", "5"), ("outcomes", "partly")]).status == .seeOther)
            }
            let early = try await trainer.get("/training/evaluations")
            #expect(early.status == .ok && early.body.string.contains("No results yet"))
            #expect(!early.body.string.contains("Zebra crossing"))

            // After thirty days and a day's margin: the session counts; the sixth person can no longer answer.
            lantern.clock.advance(86_400 * 32)
            let late = try await TrainingHTTPTests.open(lantern, people[5])
            #expect(try await late.post("/training/sessions/\(session)/evaluation", [("before", "3"), ("after", "3"), ("outcomes", "no")]).status == .conflict)
            let results = try await TrainingHTTPTests.open(lantern, w.trainer).get("/training/evaluations")
            #expect(results.status == .ok)
            #expect(results.body.string.contains("Zebra crossing example helped"))
            #expect(results.body.string.contains("1.2") && results.body.string.contains("4.8"))
            let workerLater = try await TrainingHTTPTests.open(lantern, w.worker)
            #expect(try await workerLater.get("/training/evaluations").status == .forbidden)
        }
    }
}
