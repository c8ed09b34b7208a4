import Fluent
import Foundation
import Testing
import VaporTesting
@testable import LanternApp
@testable import LanternCore

/// Training that unlocks an action, over HTTP on SQLite and PostgreSQL, with the requirement
/// `case_worker:create_case=first-responder`: a case worker without it is refused (page and
/// API) with the reason and a link to book; a completion of a course giving the qualification
/// lets them in until it lapses; an administrator's exemption lets them in until it ends or is
/// ended (once, of forty at once), never for the administrator themselves or another
/// organisation's people.
@Suite struct TrainingRequirementHTTPTests {
    static func requiring(_ settings: inout LanternSettings) {
        settings.trainingRequirements = try! TrainingRequirements.parse("case_worker:create_case=first-responder", against: .lantern)
    }

    @Test(arguments: TestDatabase.available)
    func aLapsedOrMissingQualificationIsExplainedAndATrainedOrExemptedWorkerGetsIn(database: TestDatabase) async throws {
        try await TestLantern.run(database, settings: Self.requiring) { lantern in
            let w = try await TrainingHTTPTests.world(lantern)
            let db = lantern.app.db
            let admin = try await lantern.makePerson(in: w.council, roles: [.organisationAdmin])

            var worker = try await TrainingHTTPTests.open(lantern, w.worker)
            let refused = try await worker.get("/cases/new")
            #expect(refused.status == .forbidden)
            #expect(refused.body.string.contains("You have no first-responder training on record"))
            #expect(refused.body.string.contains("/training?qualification=first-responder"))
            #expect(try await worker.get("/training").body.string.contains("Not yet trained"))
            // Reading cases needs no training: only starting one does.
            #expect(try await worker.get("/cases").status == .ok)
            let token = try await lantern.apiToken(for: w.worker)
            let api = try await lantern.app.testing().sendRequest(.POST, "/api/v1/cases",
                                                                  headers: ["Authorization": "Bearer \(token)", "Content-Type": "application/json"],
                                                                  body: ByteBuffer(string: "{}"))
            #expect(api.status == .forbidden)
            #expect(api.body.string.contains("first-responder"))

            // A course that gives the qualification, valid for a month.
            var trainer = try await TrainingHTTPTests.open(lantern, w.trainer)
            let odd = try await trainer.post("/training/courses/new", TrainingHTTPTests.courseFields + [("qualification", "First Responder!")])
            #expect(odd.status == .unprocessableEntity)
            #expect(try await TrainingCourse.query(on: db).count() == 0)
            let created = try await trainer.post("/training/courses/new",
                                                 TrainingHTTPTests.courseFields.filter { $0.0 != "validMonths" } + [("validMonths", "1"), ("qualification", "first-responder")])
            let course = String(try #require(created.location).split(separator: "/").last!)
            let session = try await TrainingHTTPTests.addSession(trainer, course: course, lead: w.trainer.id, on: lantern.today.adding(days: 1))
            #expect(try await worker.get("/training?qualification=first-responder").body.string.contains("/training/sessions/\(session)"))
            #expect(try await worker.post("/training/sessions/\(session)/register").status == .seeOther)
            #expect(try await trainer.post("/training/sessions/\(session)/register").status == .seeOther)
            lantern.clock.advance(86_400)
            trainer = try await TrainingHTTPTests.open(lantern, w.trainer)
            // A course that gives a qualification: the trainer cannot record their own attendance.
            let own = try #require(try await TrainingRegistration.query(on: db).filter(\.$userID == w.trainer.id).first())
            let selfRecorded = try await trainer.post("/training/sessions/\(session)/attendance", [("registration", own.id!.uuidString), ("mark", "attended")])
            #expect(selfRecorded.status == .unprocessableEntity && selfRecorded.body.string.contains("another trainer of the session records"))
            #expect(try await TrainingCompletion.query(on: db).filter(\.$userID == w.trainer.id).count() == 0)
            let place = try #require(try await TrainingRegistration.query(on: db).filter(\.$userID == w.worker.id).first())
            #expect(try await trainer.post("/training/sessions/\(session)/attendance", [("registration", place.id!.uuidString), ("mark", "attended")]).status == .seeOther)
            worker = try await TrainingHTTPTests.open(lantern, w.worker)
            #expect(try await worker.get("/cases/new").status == .ok)

            // Past its month it lapses: refused again, told when it last counted.
            lantern.clock.advance(86_400 * 40)
            worker = try await TrainingHTTPTests.open(lantern, w.worker)
            let lapsed = try await worker.get("/cases/new")
            #expect(lapsed.status == .forbidden)
            #expect(lapsed.body.string.contains("Your first-responder training counted until"))

            // The administrator's exemption: refused for themselves, for another organisation's
            // person, beyond 90 days, or without a reason; nothing is written.
            let adminBrowser = try await lantern.signedIn(admin)
            let page = try await adminBrowser.get("/training/exemptions")
            #expect(page.status == .ok && page.body.string.contains(w.worker.user.displayName))
            let until = lantern.today.adding(days: 10).iso
            for (fields, message) in [
                ([("person", admin.id.uuidString), ("action", "create_case"), ("until", until), ("reason", "Booked for next month")], "You cannot exempt yourself"),
                ([("person", w.officer.id.uuidString), ("action", "create_case"), ("until", until), ("reason", "Booked")], "Choose one of your organisation"),
                ([("person", w.worker.id.uuidString), ("action", "create_case"), ("until", lantern.today.adding(days: 91).iso), ("reason", "Booked")], "days ahead"),
                ([("person", w.worker.id.uuidString), ("action", "view_case"), ("until", until), ("reason", "Booked")], "Choose something"),
                ([("person", w.worker.id.uuidString), ("action", "create_case"), ("until", until), ("reason", "")], "Enter a reason"),
            ] {
                let answer = try await adminBrowser.post("/training/exemptions", fields)
                #expect(answer.status == .unprocessableEntity, "\(fields)")
                #expect(answer.body.string.contains(message), "\(message)")
            }
            #expect(try await adminBrowser.post("/training/exemptions", []).status == .unprocessableEntity)
            #expect(try await TrainingExemption.query(on: db).count() == 0)
            #expect(try await adminBrowser.post("/training/exemptions", [("person", w.worker.id.uuidString), ("action", "create_case"),
                                                                          ("until", until), ("reason", "Booked on the March session")]).status == .seeOther)
            #expect(try await worker.get("/cases/new").status == .ok)
            #expect(try await worker.get("/training").body.string.contains("Exempted"))
            #expect(try await AuditEntry.query(on: db).filter(\.$action == "training_exemption.granted").count() == 1)

            // Ended early, once, by one of forty presses at once.
            let exemption = try #require(try await TrainingExemption.query(on: db).first())
            let presser = adminBrowser
            let ends = try await withThrowingTaskGroup(of: HTTPStatus.self) { group in
                for _ in 0..<40 {
                    group.addTask { try await presser.post("/training/exemptions/\(exemption.id!)/end").status }
                }
                return try await group.reduce(into: [HTTPStatus]()) { $0.append($1) }
            }
            #expect(ends.filter { $0 == .seeOther }.count == 1, "\(ends.map(\.code))")
            #expect(ends.filter { $0 == .conflict }.count == 39)
            #expect(try await AuditEntry.query(on: db).filter(\.$action == "training_exemption.revoked").count() == 1)
            #expect(try await worker.get("/cases/new").status == .forbidden)

            // One that runs to its last day ends by itself the day after.
            #expect(try await adminBrowser.post("/training/exemptions", [("person", w.worker.id.uuidString), ("action", "create_case"),
                                                                          ("until", lantern.today.iso), ("reason", "Until the end of today")]).status == .seeOther)
            #expect(try await worker.get("/cases/new").status == .ok)
            lantern.clock.advance(86_400)
            worker = try await TrainingHTTPTests.open(lantern, w.worker)
            #expect(try await worker.get("/cases/new").status == .forbidden)
            // Another organisation's administrator cannot end this organisation's exemptions.
            let otherAdmin = try await lantern.makePerson(in: w.police, roles: [.organisationAdmin])
            let otherBrowser = try await lantern.signedIn(otherAdmin)
            _ = try await otherBrowser.get("/training/exemptions")
            let latest = try #require(try await TrainingExemption.query(on: db).filter(\.$revokedAt == nil).first())
            #expect(try await otherBrowser.post("/training/exemptions/\(latest.id!)/end").status == .notFound)
        }
    }

    @Test(arguments: TestDatabase.available)
    func withoutRequirementsThereIsNothingToExemptFrom(database: TestDatabase) async throws {
        try await TestLantern.run(database) { lantern in
            let council = try await lantern.makeOrganisation("Camden Council")
            let admin = try await lantern.makePerson(in: council, roles: [.organisationAdmin])
            let worker = try await lantern.makePerson(in: council, roles: [.caseWorker])
            let browser = try await lantern.signedIn(admin)
            let page = try await browser.get("/training/exemptions")
            #expect(page.status == .ok && page.body.string.contains("No training requirements are in force"))
            let grant = try await browser.post("/training/exemptions", [("person", worker.id.uuidString), ("action", "create_case"),
                                                                         ("until", lantern.today.iso), ("reason", "No need")])
            #expect(grant.status == .conflict)
            #expect(try await TrainingExemption.query(on: lantern.app.db).count() == 0)
        }
    }

    @Test func aRequirementSettingIsReadStrictly() throws {
        #expect(throws: (any Error).self) { try LanternSettings.fromEnvironment(["LANTERN_TRAINING_REQUIREMENTS": "case_worker:register_for_training=x1"]) }
        #expect(throws: (any Error).self) { try LanternSettings.fromEnvironment(["LANTERN_TRAINING_REQUIREMENTS": "analyst:create_case=first-responder"]) }
        #expect(throws: (any Error).self) { try LanternSettings.fromEnvironment(["LANTERN_TRAINING_REQUIREMENTS": "case_worker:create_case"]) }
        let settings = try LanternSettings.fromEnvironment(["LANTERN_TRAINING_REQUIREMENTS": "case_worker:create_case=first-responder, modern_slavery_lead:create_case=first-responder"])
        #expect(settings.trainingRequirements.qualification(for: .modernSlaveryLead, .createCase) == "first-responder")
    }
}
