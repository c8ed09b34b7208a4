import Fluent
import Foundation
import SQLKit
import Testing
import VaporTesting
@testable import LanternApp
@testable import LanternCore

/// Retention over HTTP, on SQLite and PostgreSQL: the daily job erases what is due (and only
/// that), a legal hold stops it, the retention page and its access rule, and the audit trail.
@Suite struct RetentionHTTPTests {
    static let canaryFirst = "Quillonbrae"
    static let canaryLast = "Vexhollow"
    static let canaryNote = "Canary closing note 5521"

    struct World {
        let lantern: TestLantern
        let council: Organisation
        let partner: Organisation
        let other: Organisation
        let worker: TestPerson
        let lead: TestPerson
        let admin: TestPerson
        let otherLead: TestPerson
    }

    static func world(_ lantern: TestLantern) async throws -> World {
        let council = try await lantern.makeOrganisation("Hackney Council")
        let partner = try await lantern.makeOrganisation("Hackney Housing")
        let other = try await lantern.makeOrganisation("Croydon Council")
        return World(lantern: lantern, council: council, partner: partner, other: other,
                     worker: try await lantern.makePerson(in: council, roles: [.caseWorker]),
                     lead: try await lantern.makePerson(in: council, roles: [.modernSlaveryLead]),
                     admin: try await lantern.makePerson(in: council, roles: [.organisationAdmin]),
                     otherLead: try await lantern.makePerson(in: other, roles: [.modernSlaveryLead, .organisationAdmin]))
    }

    /// A case with identifying details everywhere they can be (referral, consent, share,
    /// closing note), identified on `identified` and closed on `closed` (nil: left open).
    static func makeCase(_ w: World, identified: Day, closed: Day?, firstName: String = canaryFirst) async throws -> String {
        let api = w.lantern.api(try await w.lantern.apiToken(for: w.worker))
        let today = w.lantern.today
        let created = try await api.post("/api/v1/cases", PathwayHTTPTests.newCase(
            today, identifiedDaysAgo: today.daysSinceEpoch - identified.daysSinceEpoch,
            extra: ["firstName": firstName, "lastName": canaryLast, "dateOfBirth": "2011-04-03"]))
        #expect(created.status == .created, "\(created.body.string)")
        let reference = try #require(created.json["reference"] as? String)
        let consent = try await api.post("/api/v1/cases/\(reference)/consents", [
            // The child's own consent (the safeguarding basis asks no interpreter): its sealed interpreter language is a canary too.
            "basis": "consent", "organisationIDs": [w.partner.id!.uuidString], "scopes": ["decision_status"],
            "purpose": "Canary consent purpose", "obtainedHow": "through_interpreter", "interpreterLanguage": "sqi",
            "givenOn": identified.iso, "validUntil": today.adding(days: 30).iso])
        #expect(consent.status == .created, "\(consent.body.string)")
        let share = try await api.post("/api/v1/cases/\(reference)/shares", [
            "organisationID": w.partner.id!.uuidString, "scope": "decision_status", "purpose": "Canary share purpose",
            "until": today.adding(days: 20).iso, "consentID": try #require(consent.json["id"] as? String)])
        #expect(share.status == .created, "\(share.body.string)")
        if let closed {
            let close = try await api.post("/api/v1/cases/\(reference)/events", ["event": "closed", "date": closed.iso, "reason": canaryNote])
            #expect(close.status == .ok, "\(close.body.string)")
        }
        return reference
    }

    static func record(_ lantern: TestLantern, _ reference: String) async throws -> CaseRecord {
        try #require(try await CaseRecord.query(on: lantern.app.db).filter(\.$reference == reference).first())
    }

    static func runRetention(_ lantern: TestLantern, node: String = "a") async throws -> String? {
        guard try await ScheduledJobs.runIfDue(ScheduledJobs.retention, interval: 86_400, node: node, app: lantern.app) else { return nil }
        return try await JobRun.query(on: lantern.app.db).filter(\.$job == ScheduledJobs.retention)
            .sort(\.$windowStart, .descending).first()?.result
    }

    @Test(arguments: TestDatabase.available)
    func theDailyJobErasesAClosedCaseWhenItsPeriodEndsAndKeepsItsFigures(database: TestDatabase) async throws {
        try await TestLantern.run(database) { lantern in
            let w = try await Self.world(lantern)
            let today = lantern.today
            let closed = try await Self.makeCase(w, identified: today.adding(days: -40), closed: today)
            let open = try await Self.makeCase(w, identified: today.adding(days: -40), closed: nil, firstName: "Keepwell")
            let before = try await Self.record(lantern, closed)
            let caseID = try before.requireID()
            #expect(before.closedOn == today.daysSinceEpoch)
            #expect(try await CaseKey.find(caseID, on: lantern.app.db) != nil)
            #expect(try await Self.runRetention(lantern) == "erased=0 held=0")

            // The day before the sixth anniversary of closure: still kept.
            let eraseOn = RetentionRules.adding(years: 6, to: today)
            lantern.clock.advance(Double(eraseOn.daysSinceEpoch - today.daysSinceEpoch - 1) * 86_400)
            #expect(try await Self.runRetention(lantern) == "erased=0 held=0")
            #expect(try await CaseKey.find(caseID, on: lantern.app.db) != nil)
            #expect(try await Self.runRetention(lantern, node: "b") == nil, "one run per day across nodes")

            // The anniversary: erased, by the job, with its audit entry.
            lantern.clock.advance(86_400)
            #expect(lantern.today == eraseOn)
            #expect(try await Self.runRetention(lantern) == "erased=1 held=0")
            let after = try await Self.record(lantern, closed)
            #expect(after.erasedAt != nil)
            #expect(after.sealedReferral.isEmpty && after.personMatchKey == nil)
            #expect(try await CaseKey.find(caseID, on: lantern.app.db) == nil)
            // The figures stay.
            #expect(after.boroughIdentified == before.boroughIdentified && after.identifiedQuarter == before.identifiedQuarter)
            #expect(after.stage == Stage.closed.rawValue && after.exploitationCombination == before.exploitationCombination)
            #expect(try await CaseExploitationType.query(on: lantern.app.db).filter(\.$case.$id == caseID).count() == 1)
            // Every other sealed column of the case is blank.
            #expect(try await CaseEvent.query(on: lantern.app.db).filter(\.$case.$id == caseID).filter(\.$sealedNote != nil).count() == 0)
            for consent in try await ConsentRecord.query(on: lantern.app.db).filter(\.$case.$id == caseID).all() {
                #expect(consent.sealedPurpose.isEmpty && consent.sealedInterpreterLanguage == nil)
            }
            for share in try await CaseShare.query(on: lantern.app.db).filter(\.$case.$id == caseID).all() { #expect(share.sealedPurpose.isEmpty) }

            let entries = try await AuditEntry.query(on: lantern.app.db).filter(\.$action == "case.erased").all()
            #expect(entries.count == 1)
            #expect(entries.first?.recordID == caseID.uuidString && entries.first?.organisationID == w.council.id!.uuidString)
            #expect(entries.first?.requestID == "job" && entries.first?.actorUserID == nil)
            #expect(try await AuditLog.verify(key: lantern.app.lantern.auditChainKey, on: lantern.app.db)
                    == .intact(entries: Int64(try await AuditEntry.query(on: lantern.app.db).count())))

            // The case page says so instead of failing; the API likewise.
            let browser = try await lantern.signedIn(w.worker)
            let page = try await browser.get("/cases/\(closed)")
            #expect(page.status == .ok)
            #expect(page.body.string.contains("were erased on") && page.body.string.contains("under the retention rules"))
            #expect(!page.body.string.contains(Self.canaryFirst) && !page.body.string.contains("Add or change referral details"))
            let api = lantern.api(try await lantern.apiToken(for: w.worker))
            let shown = try await api.get("/api/v1/cases/\(closed)")
            #expect(shown.status == .ok)
            #expect((shown.json["case"] as? [String: Any])?["erasedOn"] as? String == eraseOn.iso)
            for path in ["/referral", "/consents", "/shares"] {
                let response = try await api.get("/api/v1/cases/\(closed)\(path)")
                #expect(response.status == .gone, "\(path)")
                #expect((response.json["detail"] as? String)?.contains("erased on") == true, "\(path)")
            }
            #expect(try await api.post("/api/v1/cases/\(closed)/events", ["event": "closed", "date": lantern.today.iso]).status == .gone)
            #expect(try await browser.get("/cases/\(closed)/referral").status == .gone)

            // The open case is untouched and reads as before.
            let referral = try await api.get("/api/v1/cases/\(open)/referral")
            #expect(referral.status == .ok && referral.body.string.contains("Keepwell"))
            #expect(try await Self.record(lantern, open).erasedAt == nil)
        }
    }

    @Test(arguments: TestDatabase.available)
    func aDutyToNotifyCaseFollowsItsOwnPeriodWhenOneIsSet(database: TestDatabase) async throws {
        try await TestLantern.run(database, settings: { $0.retentionYearsDutyToNotify = 2 }) { lantern in
            let w = try await Self.world(lantern)
            let api = lantern.api(try await lantern.apiToken(for: w.worker))
            let today = lantern.today
            let identified = RetentionRules.adding(years: -4, to: today)
            let created = try await api.post("/api/v1/cases", PathwayHTTPTests.newCase(
                today, age: "adult", identifiedDaysAgo: today.daysSinceEpoch - identified.daysSinceEpoch))
            let notified = try #require(created.json["reference"] as? String)
            #expect(try await api.post("/api/v1/cases/\(notified)/consents", [
                "basis": "consent", "referToNRM": "no", "purpose": "Explained the NRM; declined", "obtainedHow": "in_person_verbal",
                "givenOn": identified.iso, "validUntil": today.adding(days: 30).iso]).status == .created)
            #expect(try await api.post("/api/v1/cases/\(notified)/events", ["event": "referral_decision", "date": identified.iso])
                .json["stage"] as? String == "duty_to_notify")
            let closedOn = identified.adding(days: 10)
            #expect(try await api.post("/api/v1/cases/\(notified)/events", ["event": "closed", "date": closedOn.iso, "reason": "Moved away"])
                .status == .ok)
            // An ordinary case closed the same day is kept for six years.
            let ordinary = try await Self.makeCase(w, identified: identified, closed: closedOn)
            #expect(try await Self.record(lantern, notified).dutyToNotify)
            #expect(try await Self.runRetention(lantern) == "erased=1 held=0")
            #expect(try await Self.record(lantern, notified).erasedAt != nil)
            #expect(try await Self.record(lantern, ordinary).erasedAt == nil)
        }
    }

    @Test(arguments: TestDatabase.available)
    func aLegalHoldStopsErasureUntilItIsReleased(database: TestDatabase) async throws {
        try await TestLantern.run(database) { lantern in
            let w = try await Self.world(lantern)
            let closedOn = Day(iso: "2020-02-01")!
            let reference = try await Self.makeCase(w, identified: Day(iso: "2019-11-04")!, closed: closedOn)
            let caseID = try await Self.record(lantern, reference).requireID()

            // The lead sees it due, and places a hold.
            let lead = try await lantern.signedIn(w.lead)
            let page = try await lead.get("/retention")
            #expect(page.status == .ok)
            #expect(page.body.string.contains(reference) && page.body.string.contains("Due now"))
            #expect(page.body.string.contains(Localiser.englishGB.day(RetentionRules.adding(years: 6, to: closedOn))))
            let reason = "Canary hold: R v Example, Snaresbrook Crown Court"
            let placed = try await lead.post("/retention/holds", [("reference", reference.lowercased()), ("reason", reason)])
            #expect(placed.status == .seeOther && placed.location == "/retention?recorded=placed#held")
            let held = try await Self.record(lantern, reference)
            #expect(held.legalHold && held.legalHoldBy == w.lead.id && held.legalHoldAt != nil)
            let sealed = try #require(held.sealedLegalHoldReason)
            #expect(sealed.hasPrefix("v1.") && !sealed.contains("Canary"), "the reason is sealed")
            let listed = try await lead.get("/retention?recorded=placed")
            #expect(listed.body.string.contains("Legal hold placed") && listed.body.string.contains("Canary hold: R v Example"))
            #expect(listed.body.string.contains(w.lead.user.displayName))

            // The job leaves it alone, and says so.
            #expect(try await Self.runRetention(lantern) == "erased=0 held=1")
            #expect(try await CaseKey.find(caseID, on: lantern.app.db) != nil)
            let api = lantern.api(try await lantern.apiToken(for: w.worker))
            #expect(try await api.get("/api/v1/cases/\(reference)/referral").body.string.contains(Self.canaryFirst))

            // A second hold is refused with a reason; nothing changes.
            let again = try await lead.post("/retention/holds", [("reference", reference), ("reason", "Another")])
            #expect(again.status == .unprocessableEntity && again.body.string.contains("already under a legal hold"))

            // An organisation administrator releases it; the next day's run erases the case.
            let admin = try await lantern.signedIn(w.admin)
            #expect(try await admin.get("/retention").status == .ok)
            let released = try await admin.post("/retention/holds/\(reference)/release")
            #expect(released.status == .seeOther && released.location == "/retention?recorded=released#held")
            let free = try await Self.record(lantern, reference)
            #expect(!free.legalHold && free.sealedLegalHoldReason == nil && free.legalHoldBy == nil)
            #expect(try await Self.runRetention(lantern) == nil, "today's run already happened")
            lantern.clock.advance(86_400)
            #expect(try await Self.runRetention(lantern) == "erased=1 held=0")

            // Nothing to hold or release any more (a day later: a new session).
            let nextDay = try await lantern.signedIn(w.admin)
            _ = try await nextDay.get("/retention")
            let late = try await nextDay.post("/retention/holds", [("reference", reference), ("reason", "Too late")])
            #expect(late.status == .unprocessableEntity && late.body.string.contains("already been erased"))
            #expect(try await nextDay.post("/retention/holds/\(reference)/release").status == .unprocessableEntity)

            // Every change is in the audit log, by whom, in order.
            let actions = try await AuditEntry.query(on: lantern.app.db).filter(\.$recordID == caseID.uuidString)
                .filter(\.$action ~~ ["case.legal_hold_placed", "case.legal_hold_released", "case.erased"]).sort(\.$id).all()
            #expect(actions.map(\.action) == ["case.legal_hold_placed", "case.legal_hold_released", "case.erased"])
            #expect(actions.map(\.actorUserID) == [w.lead.id.uuidString, w.admin.id.uuidString, nil])
            #expect(try await AuditEntry.query(on: lantern.app.db).filter(\.$action == "retention.viewed").count() >= 3)
        }
    }

    @Test(arguments: TestDatabase.available)
    func onlyLeadsAndAdministratorsOfTheOwningOrganisationManageRetention(database: TestDatabase) async throws {
        try await TestLantern.run(database) { lantern in
            let w = try await Self.world(lantern)
            let reference = try await Self.makeCase(w, identified: Day(iso: "2019-11-04")!, closed: Day(iso: "2020-02-01")!)
            let policy = AccessPolicy.lantern
            for role in Role.allCases {
                let person = try await lantern.makePerson(in: w.council, roles: [role])
                let browser = try await lantern.signedIn(person)
                let allowed = policy.permits([role], .manageRetention, on: .sameOrganisation)
                #expect(allowed == [.organisationAdmin, .modernSlaveryLead].contains(role), "\(role)")
                #expect(try await browser.get("/retention").status == (allowed ? .ok : .forbidden), "\(role) page")
                let hold = try await browser.post("/retention/holds", [("reference", reference), ("reason", "Proceedings")])
                #expect(hold.status == (allowed ? .seeOther : .forbidden), "\(role) hold")
                if allowed { _ = try await browser.post("/retention/holds/\(reference)/release") }
                let home = try await browser.get("/")
                #expect(home.body.string.contains("href=\"/retention\"") == allowed, "\(role) navigation")
            }

            // Another organisation's lead: the case is not listed, cannot be held or released,
            // and the attempt is on the owner's audit trail.
            let outsider = try await lantern.signedIn(w.otherLead)
            let page = try await outsider.get("/retention")
            #expect(page.status == .ok && !page.body.string.contains(reference))
            let hold = try await outsider.post("/retention/holds", [("reference", reference), ("reason", "Proceedings")])
            #expect(hold.status == .unprocessableEntity && hold.body.string.contains("Your organisation holds no case with this reference"))
            #expect(try await outsider.post("/retention/holds/\(reference)/release").status == .notFound)
            #expect(!(try await Self.record(lantern, reference)).legalHold)
            let denied = try await AuditEntry.query(on: lantern.app.db).filter(\.$action == "case.access_denied")
                .filter(\.$actorUserID == w.otherLead.id.uuidString).count()
            #expect(denied == 2)

            // A form sent without its CSRF token is refused.
            let lead = try await lantern.signedIn(w.lead)
            _ = try await lead.get("/retention")
            let forged = try await lead.post("/retention/holds", [("reference", reference), ("reason", "Forged")], csrf: false)
            #expect(forged.status == .forbidden)
            #expect(!(try await Self.record(lantern, reference)).legalHold)

            // Bad input: clear messages, nothing stored.
            let empty = try await lead.post("/retention/holds", [("reference", "not a reference"), ("reason", "")])
            #expect(empty.status == .unprocessableEntity)
            #expect(empty.body.string.contains("Enter the case reference") && empty.body.string.contains("Enter the reason for the legal hold"))
            let long = try await lead.post("/retention/holds", [("reference", reference), ("reason", String(repeating: "x", count: 501))])
            #expect(long.status == .unprocessableEntity)
            #expect(!(try await Self.record(lantern, reference)).legalHold)
        }
    }
}
