import Fluent
import Foundation
import Testing
import VaporTesting
@testable import LanternApp
@testable import LanternCore

/// The annual figures over HTTP, on SQLite and PostgreSQL: a session held with people recorded
/// as there counts in its reporting year and not the next; the CSV carries the same figures;
/// evaluation stays withheld below five answers; a bad year is answered in words.
@Suite struct TrainingFiguresHTTPTests {
    @Test(arguments: TestDatabase.available)
    func aYearsFiguresCountItsSessionsPeopleAndEvents(database: TestDatabase) async throws {
        try await TestLantern.run(database) { lantern in
            let w = try await TrainingHTTPTests.world(lantern)
            var trainer = try await TrainingHTTPTests.open(lantern, w.trainer)
            let course = try await TrainingHTTPTests.addCourse(trainer)
            let session = try await TrainingHTTPTests.addSession(trainer, course: course, lead: w.trainer.id, on: lantern.today.adding(days: 1))
            let officer = try await TrainingHTTPTests.open(lantern, w.officer)
            #expect(try await officer.post("/training/sessions/\(session)/register").status == .seeOther)
            lantern.clock.advance(86_400)
            trainer = try await TrainingHTTPTests.open(lantern, w.trainer)
            let place = try #require(try await TrainingRegistration.query(on: lantern.app.db).first())
            #expect(try await trainer.post("/training/sessions/\(session)/attendance", [("registration", place.id!.uuidString), ("mark", "attended")]).status == .seeOther)
            let year = ReportingYear(containing: lantern.today)

            let analyst = try await lantern.makePerson(in: w.council, roles: [.analyst])
            let browser = try await lantern.signedIn(analyst)
            let page = try await browser.get("/training/figures?year=\(year.startYear)")
            #expect(page.status == .ok)
            let csv = try await browser.get("/training/figures.csv?year=\(year.startYear)").body.string
            #expect(csv.contains("sessions_held,1\r\n") && csv.contains("people_trained,1\r\n") && csv.contains("people_trained_police,1\r\n"))
            #expect(csv.contains("evaluation_answers,[c]"))
            let before = try await browser.get("/training/figures.csv?year=\(year.startYear - 1)").body.string
            #expect(before.contains("sessions_held,0\r\n") && before.contains("people_trained,0\r\n"))
            let bad = try await browser.get("/training/figures?year=next")
            #expect(bad.status == .unprocessableEntity && bad.body.string.contains("Choose a reporting year"))
            #expect(try await browser.get("/training/figures.csv?year=\(year.startYear + 5)").status == .unprocessableEntity)
            // A case worker has no figures.
            #expect(try await TrainingHTTPTests.open(lantern, w.worker).get("/training/figures").status == .forbidden)
        }
    }
}
