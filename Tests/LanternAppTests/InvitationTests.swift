import Fluent
import Testing
import VaporTesting
@testable import LanternApp
@testable import LanternCore

@Suite struct InvitationTests {
    @Test(arguments: TestDatabase.available)
    func anAdminInvitesAColleagueWhoJoinsWithMFA(database: TestDatabase) async throws {
        try await TestLantern.run(database) { lantern in
            // setup
            let camden = try await lantern.makeOrganisation("Camden Council")
            let admin = try await lantern.makePerson(in: camden, roles: [.organisationAdmin])
            let browser = try await lantern.signedIn(admin)
            try await browser.get("/organisation/users/invite")
            // MUT
            let empty = try await browser.post("/organisation/users/invite", [])
            #expect(empty.status == .unprocessableEntity)
            #expect(empty.body.string.contains("Select at least one role"))
            let escalate = try await browser.post("/organisation/users/invite",
                                                  [("name", "Eve"), ("email", "eve@example.org"), ("roles[]", "platform_admin")])
            #expect(escalate.status == .unprocessableEntity)
            let created = try await browser.post("/organisation/users/invite", [
                ("name", "Casey <b>Worker</b>"), ("email", "casey@example.org"), ("roles[]", "case_worker"), ("roles[]", "analyst")])
            // validate
            #expect(created.status == .ok)
            #expect(created.body.string.contains("Casey &lt;b&gt;Worker&lt;/b&gt;"))
            let link = try #require(created.body.string.firstMatch(of: /id="invitation-link">([^<]+)</)?.1)
            let path = String(link.dropFirst("http://127.0.0.1:8080".count))

            let colleague = lantern.browser()
            #expect(try await colleague.get(path).status == .ok)
            let accepted = try await colleague.post(path, [("password", "a long new pass phrase"),
                                                          ("password-confirmation", "a long new pass phrase")])
            #expect(accepted.location == "/second-factor/setup")
            let user = try #require(try await User.query(on: lantern.app.db).filter(\.$email == "casey@example.org").first())
            #expect(user.roleSet == [.caseWorker, .analyst])
            #expect(user.$organisation.id == camden.id)
            #expect(try await lantern.browser().get(path).status == .gone)

            let actions = try await AuditEntry.query(on: lantern.app.db).all().map(\.action)
            #expect(actions.contains("user.invited") && actions.contains("invitation.accepted"))
        }
    }

    @Test(arguments: TestDatabase.available)
    func disablingEndsSessionsAndResettingMFAForcesEnrolment(database: TestDatabase) async throws {
        try await TestLantern.run(database) { lantern in
            let camden = try await lantern.makeOrganisation("Camden Council")
            let admin = try await lantern.makePerson(in: camden, roles: [.organisationAdmin])
            let worker = try await lantern.makePerson(in: camden, roles: [.caseWorker])
            let other = try await lantern.makePerson(in: camden, roles: [.caseWorker])
            let workerBrowser = try await lantern.signedIn(worker)
            let otherBrowser = try await lantern.signedIn(other)
            let adminBrowser = try await lantern.signedIn(admin)

            try await adminBrowser.get("/organisation/users/\(worker.id)")
            #expect(try await adminBrowser.post("/organisation/users/\(worker.id)/disable").status == .seeOther)
            #expect(try await workerBrowser.get("/account").location == "/sign-in")
            let again = lantern.browser()
            try await again.get("/sign-in")
            #expect(try await again.post("/sign-in", [("email", worker.email), ("password", worker.password)]).status == .unauthorized)

            try await adminBrowser.get("/organisation/users/\(other.id)")
            #expect(try await adminBrowser.post("/organisation/users/\(other.id)/reset-second-factor").status == .seeOther)
            #expect(try await otherBrowser.get("/account").location == "/sign-in")
            let fresh = lantern.browser()
            try await fresh.get("/sign-in")
            #expect(try await fresh.post("/sign-in", [("email", other.email), ("password", other.password)]).location
                    == "/second-factor/setup")

            try await adminBrowser.get("/organisation/users/\(admin.id)")
            #expect(try await adminBrowser.post("/organisation/users/\(admin.id)/disable").status == .conflict)
        }
    }
}
