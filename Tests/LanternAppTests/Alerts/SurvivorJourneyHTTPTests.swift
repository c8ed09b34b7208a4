import Fluent
import Foundation
import Testing
import VaporTesting
@testable import LanternApp
@testable import LanternCore

/// One young survivor's journey after the decision, day by day through the real pages, the API
/// and the daily alert sweep: a 17-year-old with a positive Conclusive Grounds decision placed in
/// B&B, moved to supported housing, turning 18 and moving to adult support, the Recovery Needs
/// Assessment and move-on, two gaps in contact, and a private tenancy at the end. Every alert that
/// fires, and the day it fires, is the rule's: each once, never again.
@Suite struct SurvivorJourneyHTTPTests {
    @Test(arguments: TestDatabase.available)
    func aYoungPersonsJourneyFromTheDecisionToSettledHousingRaisesEachAlertOnceOnItsDay(database: TestDatabase) async throws {
        try await TestLantern.run(database) { lantern in
            let council = try await lantern.makeOrganisation("Hackney Council")
            let worker = try await lantern.makePerson(in: council, roles: [.caseWorker])
            let lead = try await lantern.makePerson(in: council, roles: [.modernSlaveryLead])
            let start = lantern.today
            // Eighteen on day 100 of the journey.
            let eighteenth = start.adding(days: 100).components
            let born = try #require(Day(year: eighteenth.year - 18, month: eighteenth.month, day: min(eighteenth.day, 28)))
            let api = lantern.api(try await lantern.apiToken(for: worker))
            let reference = try await PathwayAfterDecisionHTTPTests.childToPositiveCG(lantern, api, borough: "E09000012", dateOfBirth: born)
            let caseID = try #require(try await CaseRecord.query(on: lantern.app.db).filter(\.$reference == reference).first()?.id)

            var journey: [String] = []
            var fired: [(day: Int, kind: String)] = []
            func day() -> Int { lantern.today.daysSinceEpoch - start.daysSinceEpoch }
            func step(_ text: String) { journey.append("day \(day()) (\(lantern.today.iso)): \(text)") }
            func browser() async throws -> TestBrowser { try await lantern.signedIn(worker) }
            func post(_ path: String, _ fields: [(String, String)]) async throws {
                let signedIn = try await browser()
                _ = try await signedIn.get("/cases/\(reference)")
                let response = try await signedIn.post(path, fields)
                #expect(response.status == .seeOther, "\(path): \(response.status) \(response.body.string.prefix(400))")
            }
            func sweep() async throws {
                _ = try await CaseAlertJob.run(services: lantern.app.lantern, today: lantern.today, on: lantern.app.db)
                let alerts = try await CaseAlert.query(on: lantern.app.db).filter(\.$case.$id == caseID).all()
                for alert in alerts where !fired.contains(where: { $0.kind == alert.kind && $0.day == alert.raisedOn - start.daysSinceEpoch }) {
                    fired.append((alert.raisedOn - start.daysSinceEpoch, alert.kind))
                    step("ALERT \(alert.kind)")
                }
            }
            func nextDay() async throws {
                lantern.clock.advance(86_400)
                try await sweep()
            }

            // Day 0: the decision is in; the child is placed in B&B and seen; the month they turn 18 noted.
            step("positive Conclusive Grounds decision recorded; supported by children's services")
            try await post("/cases/\(reference)/accommodation/new", [("kind", "bed_and_breakfast"), ("borough", "E09000012"), ("from", start.iso)])
            try await post("/cases/\(reference)/contact-log/new", [("on", start.iso), ("method", "in_person")])
            try await post("/cases/\(reference)/children/turns-18", [("month", String(eighteenth.month)), ("year", String(eighteenth.year))])
            step("placed in B&B in Hackney; seen in person; turns 18 in \(eighteenth.year)-\(eighteenth.month)")
            try await sweep()

            while day() < 180 {
                try await nextDay()
                let today = lantern.today
                switch day() {
                case 20, 40, 60, 100, 120, 150, 170:
                    try await post("/cases/\(reference)/contact-log/new", [("on", today.iso), ("method", "phone")])
                    step("contact by phone")
                case 50:
                    try await post("/cases/\(reference)/accommodation/new", [("kind", "supported_housing"), ("borough", "E09000012"),
                                                                             ("from", today.iso), ("endCurrent[]", "yes")])
                    step("moved from B&B to supported housing")
                case 101:
                    let moved = try await api.post("/api/v1/cases/\(reference)/events", ["event": "transition_to_adult_support", "date": today.iso])
                    #expect(moved.status == .ok, "\(moved.body.string)")
                    let assessed = try await api.post("/api/v1/cases/\(reference)/events", ["event": "recovery_needs_assessment", "date": today.iso,
                                                                                          "pillars": ["accommodation", "support_worker"]])
                    #expect(assessed.status == .ok, "\(assessed.body.string)")
                    step("turned 18: moved to adult support; Recovery Needs Assessment done; move-on support until \(today.adding(days: CaseService.limits.moveOnDays).iso)")
                case 140:
                    try await post("/cases/\(reference)/accommodation/new", [("kind", "private_tenancy"), ("borough", "E09000012"),
                                                                             ("from", today.iso), ("endCurrent[]", "yes")])
                    step("moved into a private tenancy: settled")
                default: break
                }
            }
            print("Survivor journey (\(database)):\n" + journey.joined(separator: "\n"))

            // Each alert once, on the day its condition first held.
            let noContact = AlertRules.defaultNoContactDays
            let expected: [(Int, String)] = [
                (0, AlertKind.childTurning18.rawValue),
                (AlertRules.bedAndBreakfastDays + 1, AlertKind.bedAndBreakfast42Days.rawValue),
                (60 + noContact, AlertKind.noContact.rawValue),
                (120 + noContact, AlertKind.noContact.rawValue),
                (101 + CaseService.limits.moveOnDays - AlertRules.moveOnNoticeDays, AlertKind.moveOnEndingUnsettled.rawValue),
            ]
            #expect(fired.map { "\($0.day) \($0.kind)" }.sorted() == expected.map { "\($0.0) \($0.1)" }.sorted(), "\(journey)")
            // The worker and the lead each have a task per alert.
            let workerTasks = try await PersonTask.query(on: lantern.app.db).filter(\.$ownerID == worker.id).all()
                .filter { $0.sourceKey?.hasPrefix("alert:") == true }
            let leadTasks = try await PersonTask.query(on: lantern.app.db).filter(\.$ownerID == lead.id).all()
                .filter { $0.sourceKey?.hasPrefix("alert:") == true }
            #expect(workerTasks.count == expected.count, "\(workerTasks.map(\.title))")
            #expect(leadTasks.count == expected.count, "\(leadTasks.map(\.title))")
        }
    }
}
