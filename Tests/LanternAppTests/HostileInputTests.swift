import AsyncKit
import Fluent
import Foundation
import Testing
import VaporTesting
@testable import LanternApp
@testable import LanternCore

/// The server-side fixes found by system/test_hostile_input.py and the crash test, pinned
/// here so they hold without a running server: invalid UTF-8 is refused at the door, values a
/// form could not have sent are refused rather than ignored, control characters never reach a
/// page or a password, and a database that cannot be reached answers 503, not 500.
@Suite struct HostileInputTests {
    @Test func invalidUTF8InAFormOrQueryIsRefusedAndNothingIsStored() async throws {
        try await TestLantern.run(.sqlite) { lantern in
            let camden = try await lantern.makeOrganisation("Camden Council")
            let worker = try await lantern.makePerson(in: camden, roles: [.caseWorker])
            let browser = try await lantern.signedIn(worker)
            try await browser.get("/cases/new")
            let good = "identifiedOn=\(lantern.today.iso)&ageGroup=adult&gender=female&exploitationTypes%5B%5D=labour"
                + "&exploitationLocation=uk&boroughIdentified=E09000007&_csrf=\(browser.csrfToken ?? "")"
            var headers = HTTPHeaders()
            headers.contentType = .urlEncodedForm
            for bad in [Array("&nickname=".utf8) + [0xFF, 0xFE], Array("&nickname=%FF%FE".utf8), Array("&interpreterNeeded%5B%5D=%C0%AF".utf8)] {
                var body = ByteBuffer(string: good)
                body.writeBytes(bad)
                let response = try await browser.send(.POST, "/cases/new", headers: headers, body: body)
                #expect(response.status == .badRequest)
                #expect(response.body.string.contains("not valid UTF-8"))
            }
            #expect(try await CaseRecord.query(on: lantern.app.db).count() == 0)
            #expect(try await browser.get("/cases?reference=%FF").status == .badRequest)
        }
    }

    @Test func valuesAFormCouldNotHaveSentAreRefusedNotIgnored() async throws {
        try await TestLantern.run(.sqlite) { lantern in
            let camden = try await lantern.makeOrganisation("Camden Council")
            let worker = try await lantern.makePerson(in: camden, roles: [.caseWorker, .organisationAdmin])
            let browser = try await lantern.signedIn(worker)
            try await browser.get("/cases/new")
            let created = try await browser.post("/cases/new", [
                ("identifiedOn", lantern.today.iso), ("ageGroup", "adult"), ("gender", "female"), ("exploitationTypes[]", "labour"),
                ("exploitationLocation", "uk"), ("boroughIdentified", "E09000007"), ("interpreterNeeded[]", "<script>")])
            #expect(created.status == .unprocessableEntity)
            #expect(created.body.string.contains("href=\"#interpreterNeeded\""))

            let api = lantern.api(try await lantern.apiToken(for: worker))
            let made = try await api.post("/api/v1/cases", PathwayHTTPTests.newCase(lantern.today, age: "adult", identifiedDaysAgo: 1))
            let reference = try #require(made.json["reference"] as? String)
            for extra: [String: Any] in [["outcome": "maybe"], ["pillars": ["yacht"]], ["reason": "bell\u{07}"]] {
                let event = try await api.post("/api/v1/cases/\(reference)/events",
                                               ["event": "referral_decision", "date": lantern.today.iso].merging(extra) { $1 })
                #expect(event.status == .unprocessableEntity, "\(extra)")
            }
            #expect(try await api.get("/api/v1/cases?reference=nonsense").status == .unprocessableEntity)
            #expect(try await api.get("/api/v1/organisations/\(camden.requireID())/audit?action=%3Cscript%3E").status == .unprocessableEntity)
        }
    }

    @Test func controlCharactersNeverReachAPageOrAPassword() {
        #expect(HTML.escape("a\u{7F}b\u{85}c\u{1B}d\te\nf") == "a\u{FFFD}b\u{FFFD}c\u{FFFD}d\te\nf")
        #expect(PasswordRules.problem(password: "lantern ferry\u{1B} willow") == .controlCharacters)
        #expect(PasswordRules.problem(password: "lantern ferry willow 17") == nil)
    }

    @Test func aDatabaseThatCannotBeReachedAnswers503WithRetryAfter() async throws {
        try await TestLantern.run(.sqlite) { lantern in
            #expect(LanternErrorMiddleware.databaseUnavailable(ConnectionPoolTimeoutError.connectionRequestTimeout))
            #expect(!LanternErrorMiddleware.databaseUnavailable(LanternError.notFound))
            let request = Request(application: lantern.app, method: .POST, url: "/api/v1/cases", on: lantern.app.eventLoopGroup.next())
            let response = LanternErrorMiddleware.response(for: ConnectionPoolTimeoutError.connectionRequestTimeout, request: request)
            #expect(response.status == .serviceUnavailable)
            #expect(response.headers.first(name: .retryAfter) == "5")
        }
    }
}
