import Fluent
import Foundation
import SQLKit
import Testing
import VaporTesting
@testable import LanternApp
@testable import LanternCore

/// Issue 11 over HTTP, on SQLite and PostgreSQL: a child's case after a positive Conclusive
/// Grounds decision (children's services, the local panel in a pilot borough, the move to adult
/// support at 18) and a Duty to Notify that becomes a referral.
@Suite struct PathwayAfterDecisionHTTPTests {
    static let pilot = "E09000012"      // Hackney, where `PathwayHTTPTests.newCase` identifies
    static let elsewhere = "E09000007"  // Camden

    /// A child's case taken through the API to a positive Conclusive Grounds decision 20 days ago.
    static func childToPositiveCG(_ lantern: TestLantern, _ api: APIClient, borough: String, dateOfBirth: Day) async throws -> String {
        let today = lantern.today
        let created = try await api.post("/api/v1/cases", PathwayHTTPTests.newCase(today, extra: ["boroughIdentified": borough]))
        let reference = try #require(created.json["reference"] as? String)
        let path = "/api/v1/cases/\(reference)"
        let start = today.adding(days: -60)
        #expect(try await api.post("\(path)/events", ["event": "referral_decision", "date": start.iso]).status == .ok)
        var referral = PathwayHTTPTests.childReferral
        referral["dateOfBirth"] = dateOfBirth.iso
        let updated = try await api.put("\(path)/referral", referral)
        #expect(updated.status == .ok, "\(updated.body.string)")
        for (event, offset, outcome) in [("referral_marked_ready", 1, nil), ("referral_submitted", 1, nil),
                                         ("reasonable_grounds_decision", 4, "positive"), ("conclusive_grounds_decision", 40, "positive")] {
            var body: [String: Any] = ["event": event, "date": start.adding(days: offset).iso]
            if let outcome { body["outcome"] = outcome }
            let response = try await api.post("\(path)/events", body)
            #expect(response.status == .ok, "\(event): \(response.body.string)")
        }
        return reference
    }

    static func caseJSON(_ api: APIClient, _ reference: String) async throws -> [String: Any] {
        try #require(try await api.get("/api/v1/cases/\(reference)").json["case"] as? [String: Any])
    }

    @Test(arguments: TestDatabase.available)
    func aChildIsSupportedByChildrensServicesAndMovesToAdultSupportAt18(database: TestDatabase) async throws {
        try await TestLantern.run(database, settings: { $0.childDecisionPilotBoroughs = [Self.pilot] }) { lantern in
            let w = try await PathwayHTTPTests.world(lantern)
            let api = lantern.api(try await lantern.apiToken(for: w.worker))
            let today = lantern.today
            // Turns 18 in about two years: still a child.
            let young = try await Self.childToPositiveCG(lantern, api, borough: Self.pilot, dateOfBirth: today.adding(days: -16 * 365))
            var json = try await Self.caseJSON(api, young)
            #expect(json["stage"] as? String == "childrens_services_support")
            #expect(json["dueOn"] == nil || json["dueOn"] is NSNull, "no Recovery Needs Assessment or move-on deadline")
            // A child's decisions in a pilot borough are the local panel's, in the API and on the page.
            #expect((json["reasonableGrounds"] as? [String: Any])?["madeBy"] as? String == "local_panel")
            #expect((json["conclusiveGrounds"] as? [String: Any])?["madeBy"] as? String == "local_panel")
            let browser = try await lantern.signedIn(w.worker)
            let page = try await browser.get("/cases/\(young)").body.string
            #expect(page.contains("Supported by children&#39;s services") || page.contains("Supported by children's services"))
            #expect(page.contains("(local multi-agency panel)"))
            #expect(!page.contains("Move-on support ends") && !page.contains("Record the Recovery Needs Assessment"))
            #expect(page.contains("Record the transition to adult support at 18"))

            // The adult Recovery Needs Assessment is refused on a child's case, in words, by the API and the page.
            let events = try await CaseEvent.query(on: lantern.app.db).count()
            let rna = try await api.post("/api/v1/cases/\(young)/events", ["event": "recovery_needs_assessment", "date": today.iso])
            #expect(rna.status == .unprocessableEntity)
            #expect((rna.json["detail"] as? String)?.contains("children are supported by children's services") == true)
            let form = try await browser.post("/cases/\(young)/events/recovery_needs_assessment", [("date", today.iso)])
            #expect(form.status == .unprocessableEntity)
            #expect(form.body.string.contains("children are supported by children") )
            // Not before their 18th birthday.
            let early = try await api.post("/api/v1/cases/\(young)/events", ["event": "transition_to_adult_support", "date": today.iso])
            #expect(early.status == .unprocessableEntity)
            #expect((early.json["detail"] as? String)?.contains("The transition to adult support is at 18") == true)
            #expect(try await CaseEvent.query(on: lantern.app.db).count() == events)

            // Someone who turned 18 a few days ago moves to adult support: the case becomes an adult's.
            let born = today.adding(days: -(18 * 365 + 10))
            let grown = try await Self.childToPositiveCG(lantern, api, borough: Self.elsewhere, dateOfBirth: born)
            json = try await Self.caseJSON(api, grown)
            #expect((json["reasonableGrounds"] as? [String: Any])?["madeBy"] as? String == "competent_authority", "not a pilot borough")
            let moved = try await browser.post("/cases/\(grown)/events/transition_to_adult_support", [("date", today.iso)])
            #expect(moved.status == .seeOther, "\(moved.body.string)")
            json = try await Self.caseJSON(api, grown)
            #expect(json["stage"] as? String == "recovery_needs_assessment")
            #expect(json["ageGroup"] as? String == "adult")
            #expect(json["adultSupportFrom"] as? String == today.iso)
            let adultPage = try await browser.get("/cases/\(grown)").body.string
            #expect(adultPage.contains("Transition to adult support at 18") && adultPage.contains("Record the Recovery Needs Assessment"))
            let assessed = try await api.post("/api/v1/cases/\(grown)/events", ["event": "recovery_needs_assessment", "date": today.iso,
                                                                              "pillars": ["accommodation"]])
            #expect(assessed.json["stage"] as? String == "move_on", "\(assessed.body.string)")
            // Audited by name, with nothing personal.
            let audited = try await AuditEntry.query(on: lantern.app.db).filter(\.$action == "case.transition_to_adult_support").count()
            #expect(audited == 1)
        }
    }

    /// An adult who declined: the Duty to Notify is made `daysAgo` days ago.
    static func notification(_ lantern: TestLantern, _ api: APIClient, daysAgo: Int) async throws -> String {
        let today = lantern.today
        let created = try await api.post("/api/v1/cases", PathwayHTTPTests.newCase(today, age: "adult", identifiedDaysAgo: daysAgo + 1))
        let reference = try #require(created.json["reference"] as? String)
        let consent = try await api.post("/api/v1/cases/\(reference)/consents", [
            "basis": "consent", "referToNRM": "no", "purpose": "Explained the NRM; declined", "obtainedHow": "in_person_verbal",
            "givenOn": today.adding(days: -daysAgo).iso, "validUntil": today.adding(days: 300).iso])
        #expect(consent.status == .created, "\(consent.body.string)")
        let decided = try await api.post("/api/v1/cases/\(reference)/events", ["event": "referral_decision", "date": today.adding(days: -daysAgo).iso])
        #expect(decided.json["stage"] as? String == "duty_to_notify", "\(decided.body.string)")
        return reference
    }

    @Test(arguments: TestDatabase.available)
    func aDutyToNotifyHasItsOwnReportAndBecomesAReferralWhenTheAdultConsents(database: TestDatabase) async throws {
        try await TestLantern.run(database) { lantern in
            let w = try await PathwayHTTPTests.world(lantern)
            let api = lantern.api(try await lantern.apiToken(for: w.worker))
            let today = lantern.today
            let reference = try await Self.notification(lantern, api, daysAgo: 10)
            let browser = try await lantern.signedIn(w.worker)

            // The case page: the notice, no "missing: consent to the referral".
            var page = try await browser.get("/cases/\(reference)").body.string
            #expect(!page.contains("the adult&#39;s recorded consent to the referral") && !page.contains("the adult's recorded consent to the referral"))
            #expect(page.contains("a Duty to Notify was made on"))
            #expect(page.contains("/cases/\(reference)/duty-to-notify"))
            #expect((try await api.get("/api/v1/cases/\(reference)").json["missingReferralDetails"] as? [Any])?.isEmpty == true)

            // The report's form: bad input gets field messages and stores nothing.
            #expect(try await browser.get("/cases/\(reference)/duty-to-notify").status == .ok)
            let bad = try await browser.post("/cases/\(reference)/duty-to-notify", [
                ("reason", "bribery"), ("stillInSituation", "yes"), ("reportedToPolice", ""), ("policeMayContact", "no"),
                ("details", "Secret\u{7}detail")])
            #expect(bad.status == .unprocessableEntity)
            let badPage = bad.body.string
            #expect(badPage.contains("Select an answer from the list") && badPage.contains("Select whether it has been reported to the police")
                    && badPage.contains("characters that cannot be stored"))
            #expect(badPage.contains("value=\"yes\" checked") || badPage.contains("checked"), "what was typed is kept")
            let other = try await browser.post("/cases/\(reference)/duty-to-notify", [
                ("reason", "other"), ("stillInSituation", "yes"), ("reportedToPolice", "no"), ("policeMayContact", "no"), ("details", "")])
            #expect(other.status == .unprocessableEntity && other.body.string.contains("Give the reason"))
            #expect(try await DutyToNotifyReport.query(on: lantern.app.db).count() == 0)

            let saved = try await browser.post("/cases/\(reference)/duty-to-notify", [
                ("reason", "fear_of_exploiters"), ("stillInSituation", "no"), ("reportedToPolice", "not_known"), ("policeMayContact", "yes"),
                ("details", "Canary 5521: afraid of reprisals")])
            #expect(saved.status == .seeOther)
            #expect(saved.headers.first(name: .location) == "/cases/\(reference)/duty-to-notify/summary?saved=1")
            let summary = try await browser.get("/cases/\(reference)/duty-to-notify/summary").body.string
            // In the Home Office form's order, nothing that identifies them.
            let order = ["Your report", "Age", "The exploitation", "Risk and justice", "The decision to refer", "About the potential victim"]
            let positions = order.compactMap { summary.range(of: "<h2 class=\"heading-m\">\($0)</h2>")?.lowerBound }
            #expect(positions.count == order.count && positions == positions.sorted())
            #expect(summary.contains("Fear of the exploiters") && summary.contains("Canary 5521"))
            #expect(summary.contains("Not included: the adult did not agree to be identified"))
            #expect(summary.contains(today.adding(days: -10).iso) || summary.contains("Duty to Notify made on"))
            // The details are sealed with the case's key.
            let sql = try #require(lantern.app.db as? any SQLDatabase)
            for row in try await sql.select().column("sealed_details").from("duty_to_notify_reports").all() {
                let sealed = try row.decode(column: "sealed_details", as: String.self)
                #expect(sealed.hasPrefix("v1.") && !sealed.contains("Canary"))
            }
            // Another organisation sees nothing of it.
            let stranger = try await lantern.signedIn(w.stranger)
            #expect(try await stranger.get("/cases/\(reference)/duty-to-notify/summary").status == .notFound)
            #expect(try await stranger.post("/cases/\(reference)/duty-to-notify", [("reason", "other")]).status == .notFound)

            // Without their consent recorded, the notification does not become a referral.
            let refused = try await api.post("/api/v1/cases/\(reference)/events", ["event": "consent_after_notification", "date": today.iso])
            #expect(refused.status == .unprocessableEntity)
            #expect((refused.json["detail"] as? String)?.contains("Record the adult's consent") == true)

            // They consent: the case becomes a referral, keeping its history and the notification's date.
            let consent = try await api.post("/api/v1/cases/\(reference)/consents", [
                "basis": "consent", "referToNRM": "yes", "purpose": "Now wants to be referred", "obtainedHow": "in_person_verbal",
                "givenOn": today.adding(days: -1).iso, "validUntil": today.adding(days: 300).iso])
            #expect(consent.status == .created, "\(consent.body.string)")
            page = try await browser.get("/cases/\(reference)").body.string
            #expect(page.contains("The adult now consents: prepare a referral"))
            let converted = try await browser.post("/cases/\(reference)/events/consent_after_notification", [("date", today.iso)])
            #expect(converted.status == .seeOther, "\(converted.body.string)")
            let json = try await Self.caseJSON(api, reference)
            #expect(json["stage"] as? String == "preparing_referral")
            #expect(json["notifiedOn"] as? String == today.adding(days: -10).iso)
            let timeline = try await api.get("/api/v1/cases/\(reference)").json["timeline"] as? [[String: Any]] ?? []
            #expect(timeline.compactMap { $0["name"] as? String } == ["identified", "referral_decision", "consent_after_notification"])
            let record = try #require(try await CaseRecord.query(on: lantern.app.db).filter(\.$reference == reference).first())
            #expect(!record.dutyToNotify, "kept as a referral now, with a referral's retention")
            page = try await browser.get("/cases/\(reference)").body.string
            #expect(page.contains("the case became a referral"))
            #expect(page.contains("Adult consented after the Duty to Notify"))
            let referralSummary = try await browser.get("/cases/\(reference)/referral/summary").body.string
            #expect(referralSummary.contains("Duty to Notify made on"))
            #expect(try await api.get("/api/v1/cases/\(reference)/referral").json["notifiedOn"] as? String == today.adding(days: -10).iso)
            // The notification's answers are kept as they were.
            let late = try await browser.post("/cases/\(reference)/duty-to-notify", [
                ("reason", "other"), ("stillInSituation", "no"), ("reportedToPolice", "no"), ("policeMayContact", "no"), ("details", "x")])
            #expect(late.status == .unprocessableEntity && late.body.string.contains("can no longer be changed"))
            #expect(try await browser.get("/cases/\(reference)/duty-to-notify/summary").body.string.contains("Fear of the exploiters"))
        }
    }

    @Test(arguments: TestDatabase.available)
    func aCaseThatNeverWasANotificationHasNoReport(database: TestDatabase) async throws {
        try await TestLantern.run(database) { lantern in
            let w = try await PathwayHTTPTests.world(lantern)
            let api = lantern.api(try await lantern.apiToken(for: w.worker))
            let created = try await api.post("/api/v1/cases", PathwayHTTPTests.newCase(lantern.today))
            let reference = try #require(created.json["reference"] as? String)
            let browser = try await lantern.signedIn(w.worker)
            let form = try await browser.get("/cases/\(reference)/duty-to-notify")
            #expect(form.status == .conflict && form.body.string.contains("This case is not a Duty to Notify"))
            #expect(try await browser.get("/cases/\(reference)/duty-to-notify/summary").status == .conflict)
            let posted = try await browser.post("/cases/\(reference)/duty-to-notify", [
                ("reason", "other"), ("stillInSituation", "no"), ("reportedToPolice", "no"), ("policeMayContact", "no"), ("details", "x")])
            #expect(posted.status == .conflict)
            #expect(try await DutyToNotifyReport.query(on: lantern.app.db).count() == 0)
            #expect(!(try await browser.get("/cases/\(reference)").body.string.contains("duty-to-notify-heading")))
            let consent = try await api.post("/api/v1/cases/\(reference)/events", ["event": "consent_after_notification", "date": lantern.today.iso])
            #expect(consent.status == .unprocessableEntity)
        }
    }

    @Test(arguments: TestDatabase.available)
    func theDemoHasANotificationAConvertedOneAndAChildDecidedByTheLocalPanel(database: TestDatabase) async throws {
        try await TestLantern.run(database) { lantern in
            let council = try await lantern.makeOrganisation("Demo Borough Council (fictional)")
            let worker = try await lantern.makePerson(in: council, roles: [.caseWorker])
            let demo = DemoContext(services: lantern.app.lantern, now: lantern.clock.now, today: lantern.today,
                                   organisations: [.council: council.id!], people: [.caseWorker: worker.id])
            try await DutyToNotifyDemo.seedDemo(demo, on: lantern.app.db)
            let cases = try await CaseRecord.query(on: lantern.app.db).all()
            #expect(cases.count == 3)
            let stages = Dictionary(grouping: cases, by: \.stage)
            let notified = try #require(stages["duty_to_notify"]?.first)
            let converted = try #require(stages["preparing_referral"]?.first)
            let child = try #require(stages["childrens_services_support"]?.first)
            #expect(notified.dutyToNotify && !converted.dutyToNotify)
            #expect(converted.state.notifiedOn == lantern.today.adding(days: -70))
            #expect(child.state.conclusiveGrounds?.madeBy == .localPanel && child.dueOn == nil)
            let browser = try await lantern.signedIn(worker)
            let convertedPage = try await browser.get("/cases/\(converted.reference)").body.string
            #expect(convertedPage.contains("the case became a referral") && convertedPage.contains("Adult consented after the Duty to Notify"))
            #expect(try await browser.get("/cases/\(notified.reference)/duty-to-notify/summary").body.string.contains("Fear of the exploiters"))
            #expect(try await browser.get("/cases/\(child.reference)").body.string.contains("(local multi-agency panel)"))
        }
    }
}