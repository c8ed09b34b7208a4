import Fluent
import Foundation
import SQLKit
import Testing
import VaporTesting
@testable import LanternApp
@testable import LanternCore

/// The referral pathway over HTTP, on SQLite and PostgreSQL.
@Suite struct PathwayHTTPTests {
    /// Everything a child's referral needs, as the JSON API takes it.
    static var childReferral: [String: Any] { [
        "reportLocation": "England", "localAuthorityContactName": "Duty social worker", "localAuthorityContactPhone": "020 7000 0000",
        "whatHappened": "Canary narrative 8841: moved between flats and made to sell drugs", "howItStarted": "Approached outside school",
        "stillInSituation": false, "indicators": "Unexplained cash, missing episodes", "interviewDetails": "At school with an advocate",
        "ukPlaces": "London, Southend", "currentLocation": "London", "exploiters": "An older group",
        "futureExploitationRisk": true, "firstName": "Zyxwvutsrq", "lastName": "Qwertyuiop", "dateOfBirth": "2010-05-01",
        "interpreterNeeded": false, "decisionLetterRecipient": "Children's services", "decisionLetterContact": "Safe address held by council",
        "firstResponderName": "Casey Worker", "firstResponderRole": "Social worker", "firstResponderPhone": "020 7000 0001",
    ] }

    static func newCase(_ today: Day, age: String = "child", identifiedDaysAgo: Int = 60, extra: [String: Any] = [:]) -> [String: Any] {
        ["identifiedOn": today.adding(days: -identifiedDaysAgo).iso, "ageGroup": age, "gender": "male", "nationality": "GBR",
         "boroughIdentified": "E09000012", "exploitationTypes": ["criminal"], "exploitationLocation": "uk", "countyLines": true]
            .merging(extra) { $1 }
    }

    struct World {
        let lantern: TestLantern
        let council: Organisation
        let housing: Organisation
        let unrelated: Organisation
        let worker: TestPerson
        let housingOfficer: TestPerson
        let stranger: TestPerson
    }

    static func world(_ lantern: TestLantern) async throws -> World {
        let council = try await lantern.makeOrganisation("Hackney Council")
        let housing = try await lantern.makeOrganisation("Hackney Housing")
        let unrelated = try await lantern.makeOrganisation("Croydon Council")
        return World(lantern: lantern, council: council, housing: housing, unrelated: unrelated,
                     worker: try await lantern.makePerson(in: council, roles: [.caseWorker]),
                     housingOfficer: try await lantern.makePerson(in: housing, roles: [.readOnly]),
                     stranger: try await lantern.makePerson(in: unrelated, roles: [.caseWorker, .modernSlaveryLead]))
    }

    /// A child taken to a positive Conclusive Grounds decision through the API.
    static func childWithPositiveCG(_ w: World) async throws -> String {
        let api = w.lantern.api(try await w.lantern.apiToken(for: w.worker))
        let today = w.lantern.today
        let created = try await api.post("/api/v1/cases", newCase(today))
        #expect(created.status == .created)
        let reference = try #require(created.json["reference"] as? String)
        let path = "/api/v1/cases/\(reference)"
        let start = today.adding(days: -60)
        #expect(try await api.post("\(path)/events", ["event": "referral_decision", "date": start.iso]).status == .ok)
        let refused = try await api.post("\(path)/events", ["event": "referral_marked_ready", "date": start.iso])
        #expect(refused.status == .unprocessableEntity)
        #expect((refused.json["detail"] as? String)?.contains("Still missing") == true)
        let updated = try await api.put("\(path)/referral", childReferral)
        #expect(updated.status == .ok)
        #expect(updated.json["complete"] as? Bool == true)
        for (event, offset, outcome) in [("referral_marked_ready", 1, nil), ("referral_submitted", 1, nil),
                                         ("reasonable_grounds_decision", 4, "positive"), ("conclusive_grounds_decision", 40, "positive")] {
            var body: [String: Any] = ["event": event, "date": start.adding(days: offset).iso]
            if let outcome { body["outcome"] = outcome }
            let response = try await api.post("\(path)/events", body)
            #expect(response.status == .ok, "\(event): \(response.body.string)")
        }
        // A child is supported by children's services, never the adult Recovery Needs Assessment.
        #expect(try await api.get(path).json["case"].flatMap { ($0 as? [String: Any])?["stage"] as? String } == "childrens_services_support")
        return reference
    }

    /// Shares the decision status with the housing team under the safeguarding basis.
    static func shareDecision(_ w: World, _ reference: String, until: Day) async throws -> (consentID: String, shareID: String) {
        let api = w.lantern.api(try await w.lantern.apiToken(for: w.worker))
        let today = w.lantern.today
        let consent = try await api.post("/api/v1/cases/\(reference)/consents", [
            "basis": "child_safeguarding", "organisationIDs": [w.housing.id!.uuidString], "scopes": ["decision_status"],
            "purpose": "Housing application", "obtainedHow": "in_person_verbal", "givenOn": today.iso,
            "validUntil": today.adding(days: 365).iso])
        #expect(consent.status == .created, "\(consent.body.string)")
        let consentID = try #require(consent.json["id"] as? String)
        let share = try await api.post("/api/v1/cases/\(reference)/shares", [
            "organisationID": w.housing.id!.uuidString, "scope": "decision_status", "purpose": "Housing application",
            "until": until.iso, "consentID": consentID])
        #expect(share.status == .created, "\(share.body.string)")
        return (consentID, try #require(share.json["id"] as? String))
    }

    @Test(arguments: TestDatabase.available)
    func aChildIsReferredToAPositiveDecisionAndTheHousingTeamSeesOnlyTheDecision(database: TestDatabase) async throws {
        try await TestLantern.run(database) { lantern in
            // setup
            let w = try await Self.world(lantern)
            let reference = try await Self.childWithPositiveCG(w)
            let housingAPI = lantern.api(try await lantern.apiToken(for: w.housingOfficer))
            #expect(try await housingAPI.get("/api/v1/cases/\(reference)").status == .notFound, "nothing shared yet")
            // MUT
            let (consentID, _) = try await Self.shareDecision(w, reference, until: lantern.today.adding(days: 30))
            // validate: the housing officer sees the decision and nothing identifying
            let seen = try await housingAPI.get("/api/v1/cases/\(reference)")
            #expect(seen.status == .ok)
            #expect((seen.json["conclusiveGrounds"] as? [String: Any])?["outcome"] as? String == "positive")
            #expect(!seen.body.string.contains("Zyxwvutsrq") && !seen.body.string.contains("Canary"))
            #expect(try await housingAPI.get("/api/v1/cases/\(reference)/referral").status == .forbidden)
            let listed = try await housingAPI.get("/api/v1/shared-cases")
            #expect(listed.body.string.contains(reference))
            let housingPage = try await lantern.signedIn(w.housingOfficer)
            let page = try await housingPage.get("/cases/\(reference)")
            #expect(page.status == .ok && page.body.string.contains("Positive Conclusive Grounds decision"))
            #expect(!page.body.string.contains("Zyxwvutsrq"))
            #expect(try await housingPage.get("/shared-cases/lookup?reference=\(reference.lowercased())").location == "/cases/\(reference)")

            // every view is audited and visible to the owner
            let ownerPage = try await lantern.signedIn(w.worker)
            let owner = try await ownerPage.get("/cases/\(reference)")
            #expect(owner.body.string.contains("Views by other organisations") && owner.body.string.contains("Hackney Housing"))

            // withdrawing consent ends access at once
            let workerAPI = lantern.api(try await lantern.apiToken(for: w.worker))
            #expect(try await workerAPI.post("/api/v1/cases/\(reference)/consents/\(consentID)/withdraw", [:]).status == .ok)
            #expect(try await housingAPI.get("/api/v1/cases/\(reference)").status == .notFound)
            #expect(try await housingPage.get("/cases/\(reference)").status == .notFound)
            #expect(!(try await housingAPI.get("/api/v1/shared-cases")).body.string.contains(reference))
        }
    }

    @Test(arguments: TestDatabase.available)
    func accessEndsWhenTheShareExpiresOrIsRevokedAndNeverReachesOthers(database: TestDatabase) async throws {
        try await TestLantern.run(database) { lantern in
            let w = try await Self.world(lantern)
            let reference = try await Self.childWithPositiveCG(w)
            let (_, shareID) = try await Self.shareDecision(w, reference, until: lantern.today.adding(days: 10))
            let housingAPI = lantern.api(try await lantern.apiToken(for: w.housingOfficer))
            let strangerAPI = lantern.api(try await lantern.apiToken(for: w.stranger))
            #expect(try await housingAPI.get("/api/v1/cases/\(reference)").status == .ok)
            // an unrelated organisation: 404 everywhere, and its attempts are audited
            for path in ["", "/referral", "/consents", "/shares"] {
                #expect(try await strangerAPI.get("/api/v1/cases/\(reference)\(path)").status == .notFound, "\(path)")
            }
            #expect(try await strangerAPI.post("/api/v1/cases/\(reference)/events", ["event": "closed", "date": lantern.today.iso,
                                                                                     "reason": "x"]).status == .notFound)
            let denied = try await AuditEntry.query(on: lantern.app.db).filter(\.$action == "case.access_denied").count()
            #expect(denied >= 5)
            // after expiry
            lantern.clock.advance(11 * 86_400)
            #expect(try await housingAPI.get("/api/v1/cases/\(reference)").status == .notFound)
            lantern.clock.advance(-11 * 86_400)
            #expect(try await housingAPI.get("/api/v1/cases/\(reference)").status == .ok)
            // after revocation
            let workerAPI = lantern.api(try await lantern.apiToken(for: w.worker))
            #expect(try await workerAPI.post("/api/v1/cases/\(reference)/shares/\(shareID)/revoke", [:]).status == .ok)
            #expect(try await housingAPI.get("/api/v1/cases/\(reference)").status == .notFound)
        }
    }

    @Test(arguments: TestDatabase.available)
    func eachRoleGetsWhatThePolicySays(database: TestDatabase) async throws {
        try await TestLantern.run(database) { lantern in
            let w = try await Self.world(lantern)
            let reference = try await Self.childWithPositiveCG(w)
            for role in Role.allCases {
                let person = try await lantern.makePerson(in: w.council, roles: [role])
                let api = lantern.api(try await lantern.apiToken(for: person))
                let view = try await api.get("/api/v1/cases/\(reference)")
                let create = try await api.post("/api/v1/cases", Self.newCase(lantern.today, identifiedDaysAgo: 1))
                let policy = AccessPolicy.lantern
                #expect(view.status == (policy.permits([role], .viewCase, on: .sameOrganisation) ? .ok
                                        : (policy.allowsSome([role], .viewCase) ? .notFound : .forbidden)), "\(role) view")
                #expect(create.status == (policy.permits([role], .createCase, on: .sameOrganisation) ? .created : .forbidden), "\(role) create")
            }
        }
    }

    @Test(arguments: TestDatabase.available)
    func anAdultWhoDeclinesIsNotifiedWithoutBeingReferred(database: TestDatabase) async throws {
        try await TestLantern.run(database) { lantern in
            let w = try await Self.world(lantern)
            let api = lantern.api(try await lantern.apiToken(for: w.worker))
            let today = lantern.today
            let created = try await api.post("/api/v1/cases", Self.newCase(today, age: "adult", identifiedDaysAgo: 2))
            let reference = try #require(created.json["reference"] as? String)
            let noConsent = try await api.post("/api/v1/cases/\(reference)/events", ["event": "referral_decision", "date": today.iso])
            #expect(noConsent.status == .unprocessableEntity)
            let consent = try await api.post("/api/v1/cases/\(reference)/consents", [
                "basis": "consent", "referToNRM": "no", "purpose": "Explained the NRM; declined", "obtainedHow": "through_interpreter",
                "interpreterLanguage": "Albanian", "givenOn": today.iso, "validUntil": today.adding(days: 30).iso])
            #expect(consent.status == .created, "\(consent.body.string)")
            let decided = try await api.post("/api/v1/cases/\(reference)/events", ["event": "referral_decision", "date": today.iso])
            #expect(decided.json["stage"] as? String == "duty_to_notify")
            let submit = try await api.post("/api/v1/cases/\(reference)/events", ["event": "referral_submitted", "date": today.iso])
            #expect(submit.status == .unprocessableEntity)
            #expect((submit.json["detail"] as? String)?.contains("Duty to Notify") == true)
        }
    }

    @Test(arguments: TestDatabase.available)
    func badInputGetsFieldMessagesAndStoresNothing(database: TestDatabase) async throws {
        try await TestLantern.run(database) { lantern in
            let w = try await Self.world(lantern)
            let api = lantern.api(try await lantern.apiToken(for: w.worker))
            let today = lantern.today
            let cases: [([String: Any], String)] = [
                ([:], "identifiedOn"),
                (Self.newCase(today, extra: ["boroughIdentified": "E09999999"]), "boroughIdentified"),
                (Self.newCase(today, extra: ["identifiedOn": today.adding(days: 3).iso]), "identifiedOn"),
                (Self.newCase(today, extra: ["identifiedOn": "2026-02-30"]), "identifiedOn"),
                (Self.newCase(today, extra: ["nationality": String(repeating: "x", count: 5_000)]), "nationality"),
                (Self.newCase(today, extra: ["firstName": "Bad\u{0007}name"]), "firstName"),
                (Self.newCase(today, extra: ["exploitationTypes": ["piracy"]]), "exploitationTypes"),
                (Self.newCase(today, extra: ["dateOfBirth": today.iso, "identifiedOn": today.adding(days: -5).iso]), "dateOfBirth"),
            ]
            for (body, field) in cases {
                let response = try await api.post("/api/v1/cases", body)
                #expect(response.status == .unprocessableEntity, "\(field)")
                let fields = (response.json["errors"] as? [[String: Any]])?.compactMap { $0["field"] as? String } ?? []
                #expect(fields.contains(field), "\(field): \(fields)")
            }
            let malformed = try await lantern.app.testing().sendRequest(.POST, "/api/v1/cases", headers: [
                "Authorization": "Bearer \(try await lantern.apiToken(for: w.worker))", "Content-Type": "application/json"],
                body: ByteBuffer(string: "{\"ageGroup\": [1,"))
            #expect(malformed.status == .badRequest)
            #expect(try await CaseRecord.query(on: lantern.app.db).count() == 0)

            // an impossible date order on an existing case changes nothing
            let reference = try await Self.childWithPositiveCG(w)
            let before = try await CaseEvent.query(on: lantern.app.db).count()
            let early = try await api.post("/api/v1/cases/\(reference)/events", [
                "event": "recovery_needs_assessment", "date": today.adding(days: -59).iso])
            #expect(early.status == .unprocessableEntity)
            #expect(try await CaseEvent.query(on: lantern.app.db).count() == before)
            let unknownField = try await api.put("/api/v1/cases/\(reference)/referral", ["favouriteColour": "blue"])
            #expect(unknownField.status == .unprocessableEntity)
        }
    }

    @Test(arguments: TestDatabase.available)
    func identifyingFieldsAreNotInTheDatabaseAsPlainText(database: TestDatabase) async throws {
        try await TestLantern.run(database) { lantern in
            let w = try await Self.world(lantern)
            let reference = try await Self.childWithPositiveCG(w)
            let sql = try #require(lantern.app.db as? any SQLDatabase)
            let rows = try await sql.select().column("sealed_referral").from("cases").all()
            for row in rows {
                let sealed = try row.decode(column: "sealed_referral", as: String.self)
                #expect(sealed.hasPrefix("v1.") && !sealed.contains("Zyxwvutsrq") && !sealed.contains("Canary"))
            }
            if let path = lantern.sqlitePath {
                var bytes = Data()
                for suffix in ["", "-wal"] { bytes.append((try? Data(contentsOf: URL(fileURLWithPath: path + suffix))) ?? Data()) }
                for canary in ["Zyxwvutsrq", "Qwertyuiop", "Canary narrative", "2010-05-01"] {
                    #expect(bytes.range(of: Data(canary.utf8)) == nil, "\(canary) found in the database file")
                }
                #expect(bytes.range(of: Data(reference.utf8)) != nil, "the check reads the real file")
            }
        }
    }

    @Test(arguments: TestDatabase.available)
    func aReReferralIsSpottedWithoutRevealingTheEarlierCase(database: TestDatabase) async throws {
        try await TestLantern.run(database) { lantern in
            let w = try await Self.world(lantern)
            let today = lantern.today
            let first = try await lantern.api(try await lantern.apiToken(for: w.stranger)).post("/api/v1/cases", Self.newCase(
                today, extra: ["firstName": "Anna-María", "lastName": "O'Neil", "dateOfBirth": "2009-04-01"]))
            #expect(first.status == .created)
            let api = lantern.api(try await lantern.apiToken(for: w.worker))
            let second = try await api.post("/api/v1/cases", Self.newCase(
                today, extra: ["firstName": "anna maria", "lastName": "ONEIL", "dateOfBirth": "2009-04-01"]))
            let reference = try #require(second.json["reference"] as? String)
            #expect(try await api.get("/api/v1/cases/\(reference)").json["previousCaseExists"] as? Bool == true)
            let browser = try await lantern.signedIn(w.worker)
            let page = try await browser.get("/cases/\(reference)").body.string
            #expect(page.contains("may have been referred before") && page.contains("Croydon Council"))
            #expect(!page.contains(first.json["reference"] as? String ?? "none"))
            let keys = try await CaseRecord.query(on: lantern.app.db).all().compactMap(\.personMatchKey)
            #expect(keys.count == 2 && keys[0] == keys[1] && !keys[0].contains("anna"))
        }
    }

    @Test(arguments: TestDatabase.available)
    func overdueCasesAreFlaggedInTheList(database: TestDatabase) async throws {
        try await TestLantern.run(database) { lantern in
            let w = try await Self.world(lantern)
            let api = lantern.api(try await lantern.apiToken(for: w.worker))
            let created = try await api.post("/api/v1/cases", Self.newCase(lantern.today, identifiedDaysAgo: 30))
            let reference = try #require(created.json["reference"] as? String)
            _ = try await api.post("/api/v1/cases/\(reference)/events", ["event": "referral_decision", "date": lantern.today.adding(days: -30).iso])
            let overdue = try await api.get("/api/v1/cases?overdue=true")
            #expect(overdue.body.string.contains(reference))
            #expect(try await api.get("/api/v1/cases?stage=closed").json["items"].map { ($0 as? [Any])?.count } == 0)
            #expect(try await api.get("/api/v1/cases?type=piracy").status == .unprocessableEntity)
            let browser = try await lantern.signedIn(w.worker)
            let list = try await browser.get("/cases?overdue[]=1")
            #expect(list.body.string.contains(reference) && list.body.string.contains("Overdue"))
        }
    }
}
