import Fluent
import Foundation
import SQLKit
import Testing
import VaporTesting
@testable import LanternApp
@testable import LanternCore

/// What a consent covers, over HTTP on SQLite and PostgreSQL: the four scopes, a share that
/// carries a set of them within its consent, the partner's page and JSON showing exactly what
/// the share carries (every combination), each view audited, old data read in the new words,
/// and the child safeguarding basis that does not ask how consent was obtained.
@Suite struct ConsentScopesHTTPTests {
    typealias W = PathwayHTTPTests.World

    /// A distinct, findable answer for every referral question a scope can show.
    static var markedReferral: [String: Any] {
        var body = PathwayHTTPTests.childReferral
        for scope in [ShareScope.identityAndContact, .story] {
            for question in scope.referralQuestions(about: .child) {
                if case .yesNo = question.kind { body[question.field] = true; continue }
                if case .date = question.kind { body[question.field] = "2010-05-01"; continue }
                body[question.field] = "Mark\(question.field)Zq"
            }
        }
        return body
    }

    /// A child taken to a positive Conclusive Grounds decision with the marked referral.
    static func markedChildWithPositiveCG(_ w: W) async throws -> String {
        let api = w.lantern.api(try await w.lantern.apiToken(for: w.worker))
        let today = w.lantern.today
        let created = try await api.post("/api/v1/cases", PathwayHTTPTests.newCase(today))
        let reference = try #require(created.json["reference"] as? String)
        let path = "/api/v1/cases/\(reference)"
        let start = today.adding(days: -60)
        #expect(try await api.post("\(path)/events", ["event": "referral_decision", "date": start.iso]).status == .ok)
        let marked = try await api.put("\(path)/referral", markedReferral)
        #expect(marked.status == .ok, "\(marked.body.string)")
        for (event, offset, outcome) in [("referral_marked_ready", 1, nil), ("referral_submitted", 1, nil),
                                         ("reasonable_grounds_decision", 4, "positive"), ("conclusive_grounds_decision", 40, "positive")] {
            var body: [String: Any] = ["event": event, "date": start.adding(days: offset).iso]
            if let outcome { body["outcome"] = outcome }
            let response = try await api.post("\(path)/events", body)
            #expect(response.status == .ok, "\(event): \(response.body.string)")
        }
        return reference
    }

    static func marker(_ question: ReferralQuestion) -> String? {
        switch question.kind {
        case .yesNo: nil
        case .date: "2010-05-01"
        default: "Mark\(question.field)Zq"
        }
    }

    static func consent(_ w: W, _ reference: String, scopes: [String]) async throws -> String {
        let api = w.lantern.api(try await w.lantern.apiToken(for: w.worker))
        let today = w.lantern.today
        let consent = try await api.post("/api/v1/cases/\(reference)/consents", [
            "basis": "child_safeguarding", "organisationIDs": [w.housing.id!.uuidString], "scopes": scopes,
            "purpose": "Housing application", "givenOn": today.iso, "validUntil": today.adding(days: 365).iso])
        #expect(consent.status == .created, "\(consent.body.string)")
        return try #require(consent.json["id"] as? String)
    }

    @Test(arguments: TestDatabase.available)
    func everyCombinationOfScopesShowsExactlyItsFieldsOnThePageAndInTheJSON(database: TestDatabase) async throws {
        try await TestLantern.run(database) { lantern in
            let w = try await PathwayHTTPTests.world(lantern)
            let reference = try await Self.markedChildWithPositiveCG(w)
            let api = lantern.api(try await lantern.apiToken(for: w.worker))
            let consentID = try await Self.consent(w, reference, scopes: ShareScope.allCases.map(\.rawValue))
            let partnerAPI = lantern.api(try await lantern.apiToken(for: w.housingOfficer))
            let partnerPages = try await lantern.signedIn(w.housingOfficer)
            let identity = ShareScope.identityAndContact.referralQuestions(about: .child)
            let story = ShareScope.story.referralQuestions(about: .child)
            #expect(!identity.isEmpty && !story.isEmpty)
            var views: [ShareScope: Int] = [:]
            let combinations = (1..<16).map { bits in Set(ShareScope.allCases.enumerated().filter { bits & (1 << $0.offset) != 0 }.map(\.element)) }
            var previous: String?
            for scopes in combinations {
                let label = scopes.sorted().map(\.rawValue).joined(separator: "+")
                if let previous {
                    #expect(try await api.post("/api/v1/cases/\(reference)/shares/\(previous)/revoke", [:]).status == .ok)
                }
                let share = try await api.post("/api/v1/cases/\(reference)/shares", [
                    "organisationID": w.housing.id!.uuidString, "scopes": scopes.map(\.rawValue), "purpose": "Housing application",
                    "until": lantern.today.adding(days: 30).iso, "consentID": consentID])
                #expect(share.status == .created, "\(label): \(share.body.string)")
                #expect(Set(share.json["scopes"] as? [String] ?? []) == Set(scopes.map(\.rawValue)), "\(label)")
                previous = share.json["id"] as? String
                let parts = ShareScope.covered(by: scopes)
                for part in parts { views[part, default: 0] += 2 }

                let page = try await partnerPages.get("/cases/\(reference)")
                #expect(page.status == .ok, "\(label)")
                let html = page.body.string
                let json = try await partnerAPI.get("/api/v1/cases/\(reference)")
                #expect(json.status == .ok, "\(label)")
                let body = json.json

                // The decision status: always.
                #expect(html.contains("Positive Conclusive Grounds decision"), "\(label)")
                let decision = (body["conclusiveGrounds"] ?? (body["case"] as? [String: Any])?["conclusiveGrounds"]) as? [String: Any]
                #expect(decision?["outcome"] as? String == "positive", "\(label)")
                #expect(Set(body["scopes"] as? [String] ?? []) == Set(parts.map(\.rawValue)), "\(label): \(json.body.string)")
                // The case record: with any scope beyond the decision status.
                let record = parts.contains(.caseWithoutIdentity)
                #expect(html.contains("id=\"timeline\"") == record, "\(label)")
                #expect((body["case"] != nil) == record && (body["timeline"] != nil) == record, "\(label)")
                // Identity and contact, and the story: each field exactly when its scope is carried.
                for (scope, questions, key, anchor) in [(ShareScope.identityAndContact, identity, "identityAndContact", "id=\"identity\""),
                                                        (.story, story, "story", "id=\"story\"")] {
                    let shown = parts.contains(scope)
                    #expect(html.contains(anchor) == shown, "\(label): \(scope)")
                    let answers = body[key] as? [String: Any]
                    #expect((answers != nil) == shown, "\(label): \(key)")
                    if shown { #expect(Set(answers?.keys.map { $0 } ?? []) == Set(questions.map(\.field)), "\(label): \(key)") }
                    for question in questions {
                        #expect(html.contains("data-field=\"\(question.field)\"") == shown, "\(label): \(question.field)")
                        if let marker = Self.marker(question) {
                            #expect(html.contains(marker) == shown, "\(label): page \(question.field)")
                            #expect(json.body.string.contains(marker) == shown, "\(label): JSON \(question.field)")
                            if shown { #expect(answers?[question.field] as? String == marker, "\(label): \(question.field)") }
                        }
                    }
                }
                // Never the first responder's own details, whatever is shared.
                #expect(!html.contains("020 7000 0001") && !json.body.string.contains("020 7000 0001"), "\(label)")
                #expect(!html.contains("Duty social worker") && !json.body.string.contains("Duty social worker"), "\(label)")
            }
            // Every view audited, and each sensitive part it showed.
            let caseID = try #require(try await CaseRecord.query(on: lantern.app.db).filter(\.$reference == reference).first()?.id)
            let entries = try await AuditEntry.query(on: lantern.app.db).filter(\.$recordID == caseID.uuidString)
                .filter(\.$organisationID == w.housing.id!.uuidString).all()
            func count(_ action: String) -> Int { entries.filter { $0.action == action }.count }
            #expect(count("case.viewed") + count("case.decision_viewed") == 30)
            #expect(count("case.decision_viewed") == 2)
            #expect(count("case.identity_viewed") == views[.identityAndContact])
            #expect(count("case.story_viewed") == views[.story])
            // The owner reads those views on its page.
            let owner = try await (try await lantern.signedIn(w.worker)).get("/cases/\(reference)")
            #expect(owner.body.string.contains("story (shared)"))
        }
    }

    @Test(arguments: TestDatabase.available)
    func aShareBeyondItsConsentIsRefusedAndNothingIsWritten(database: TestDatabase) async throws {
        try await TestLantern.run(database) { lantern in
            let w = try await PathwayHTTPTests.world(lantern)
            let reference = try await PathwayHTTPTests.childWithPositiveCG(w)
            let api = lantern.api(try await lantern.apiToken(for: w.worker))
            let consentID = try await Self.consent(w, reference, scopes: ["decision_status", "case_without_identity"])
            let caseID = try #require(try await CaseRecord.query(on: lantern.app.db).filter(\.$reference == reference).first()?.id)
            func shares() async throws -> Int { try await CaseShare.query(on: lantern.app.db).filter(\.$case.$id == caseID).count() }
            let base: [String: Any] = ["organisationID": w.housing.id!.uuidString, "purpose": "Housing application",
                                       "until": lantern.today.adding(days: 30).iso, "consentID": consentID]

            let beyond = try await api.post("/api/v1/cases/\(reference)/shares", base.merging(["scopes": ["case_without_identity", "story"]]) { $1 })
            #expect(beyond.status == .unprocessableEntity)
            let errors = (beyond.json["errors"] as? [[String: Any]]) ?? []
            #expect(errors.contains { $0["field"] as? String == "scopes" && ($0["message"] as? String)?.contains("does not cover sharing: the story") == true },
                    "\(beyond.body.string)")
            for bad in [["scopes": []], ["scopes": ["everything"]], ["scopes": ["story\u{0}"]]] as [[String: Any]] {
                #expect(try await api.post("/api/v1/cases/\(reference)/shares", base.merging(bad) { $1 }).status == .unprocessableEntity, "\(bad)")
            }
            let browser = try await lantern.signedIn(w.worker)
            let form = try await browser.get("/cases/\(reference)/shares/new")
            #expect(form.status == .ok && form.body.string.contains("name=\"scopes[]\"") && form.body.string.contains("value=\"story\""))
            let page = try await browser.post("/cases/\(reference)/shares/new", [
                ("organisationID", w.housing.id!.uuidString), ("scopes[]", "case_without_identity"), ("scopes[]", "identity_and_contact"),
                ("purpose", "Housing application"), ("until", lantern.today.adding(days: 30).iso), ("consentID", consentID)])
            #expect(page.status == .unprocessableEntity)
            #expect(page.body.string.contains("The consent does not cover sharing: identity and contact."))
            #expect(try await shares() == 0, "nothing written")

            // Within the consent: a set from the page, and the one old code from an old client.
            let fromPage = try await browser.post("/cases/\(reference)/shares/new", [
                ("organisationID", w.housing.id!.uuidString), ("scopes[]", "decision_status"), ("scopes[]", "case_without_identity"),
                ("purpose", "Housing application"), ("until", lantern.today.adding(days: 30).iso), ("consentID", consentID)])
            #expect(fromPage.status == .seeOther, "\(fromPage.body.string)")
            let old = try await api.post("/api/v1/cases/\(reference)/shares", base.merging(["scope": "full_case"]) { $1 })
            #expect(old.status == .created, "\(old.body.string)")
            #expect(old.json["scopes"] as? [String] == ["case_without_identity"])
            let stored = try await CaseShare.query(on: lantern.app.db).filter(\.$case.$id == caseID).all()
            #expect(stored.map(\.shareScopes) == [[.decisionStatus, .caseWithoutIdentity], [.caseWithoutIdentity]]
                    || stored.map(\.shareScopes) == [[.caseWithoutIdentity], [.decisionStatus, .caseWithoutIdentity]])
        }
    }

    @Test(arguments: TestDatabase.available)
    func theChildSafeguardingBasisDoesNotAskHowConsentWasObtained(database: TestDatabase) async throws {
        try await TestLantern.run(database) { lantern in
            let w = try await PathwayHTTPTests.world(lantern)
            let reference = try await PathwayHTTPTests.childWithPositiveCG(w)
            let browser = try await lantern.signedIn(w.worker)
            let form = try await browser.get("/cases/\(reference)/consents/new")
            #expect(form.status == .ok)
            #expect(form.body.string.contains("class=\"fieldset consent-only\"") && form.body.string.contains("Only for consent"))
            for scope in ShareScope.allCases { #expect(form.body.string.contains("value=\"\(scope.rawValue)\"")) }
            let fields: [(String, String)] = [
                ("basis", "child_safeguarding"), ("organisationIDs[]", w.housing.id!.uuidString), ("scopes[]", "identity_and_contact"),
                ("scopes[]", "story"), ("purpose", "Children's services"), ("givenOn", lantern.today.iso),
                ("validUntil", lantern.today.adding(days: 100).iso)]
            let saved = try await browser.post("/cases/\(reference)/consents/new", fields)
            #expect(saved.status == .seeOther, "\(saved.body.string)")
            // Sent anyway (a form filled before the basis was chosen): ignored, not stored.
            let ignored = try await browser.post("/cases/\(reference)/consents/new",
                                                 fields + [("obtainedHow", "through_interpreter"), ("interpreterLanguage", "sqi")])
            #expect(ignored.status == .seeOther, "\(ignored.body.string)")
            let records = try await ConsentRecord.query(on: lantern.app.db).all()
            #expect(records.count == 2 && records.allSatisfy { $0.obtainedHow == "" && $0.sealedInterpreterLanguage == nil })
            #expect(records.allSatisfy { $0.terms.scopes == [.identityAndContact, .story] })
            let api = lantern.api(try await lantern.apiToken(for: w.worker))
            let listed = try await api.get("/api/v1/cases/\(reference)/consents")
            let items = (listed.json["items"] as? [[String: Any]]) ?? []
            #expect(items.count == 2 && items.allSatisfy { $0["obtainedHow"] == nil || $0["obtainedHow"] is NSNull })
            // The person's consent still asks how it was obtained.
            let consent = try await browser.post("/cases/\(reference)/consents/new", [("basis", "consent")] + fields.dropFirst())
            #expect(consent.status == .unprocessableEntity && consent.body.string.contains("Select how consent was obtained"))
        }
    }

    /// Migration 029's rewrite on rows written the old way: a full-case share and consent read
    /// as the case without identity; the decision status stays.
    @Test(arguments: TestDatabase.available)
    func oldSharesAndConsentsAreReadInTheNewWords(database: TestDatabase) async throws {
        try await TestLantern.run(database) { lantern in
            let w = try await PathwayHTTPTests.world(lantern)
            let reference = try await PathwayHTTPTests.childWithPositiveCG(w)
            let api = lantern.api(try await lantern.apiToken(for: w.worker))
            let consentID = try await Self.consent(w, reference, scopes: ["decision_status", "case_without_identity"])
            var shareIDs: [String] = []
            for scope in ["case_without_identity", "decision_status"] {
                let share = try await api.post("/api/v1/cases/\(reference)/shares", [
                    "organisationID": w.housing.id!.uuidString, "scopes": [scope], "purpose": "Housing",
                    "until": lantern.today.adding(days: 30).iso, "consentID": consentID])
                shareIDs.append(try #require(share.json["id"] as? String))
            }
            let sql = try #require(lantern.app.db as? any SQLDatabase)
            try await sql.raw("UPDATE case_shares SET scopes = NULL").run()
            try await sql.raw("UPDATE consent_records SET scopes = 'decision_status,full_case'").run()
            try await AddShareScopes.rewrite(on: sql)
            let full = try #require(try await CaseShare.find(UUID(uuidString: shareIDs[0]), on: lantern.app.db))
            let decision = try #require(try await CaseShare.find(UUID(uuidString: shareIDs[1]), on: lantern.app.db))
            #expect(full.scopesList == "case_without_identity" && full.scope == "full_case")
            #expect(decision.scopesList == "decision_status" && decision.scope == "decision_status")
            let consent = try #require(try await ConsentRecord.find(UUID(uuidString: consentID), on: lantern.app.db))
            #expect(consent.scopes == "decision_status,case_without_identity")
            // The partner with the old full-case share sees the case without identity, no more.
            let seen = try await lantern.api(try await lantern.apiToken(for: w.housingOfficer)).get("/api/v1/cases/\(reference)")
            #expect(seen.status == .ok && seen.json["case"] != nil && seen.json["identityAndContact"] == nil)
            #expect(!seen.body.string.contains("Zyxwvutsrq"))
        }
    }
}
