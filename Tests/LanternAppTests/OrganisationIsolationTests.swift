import Fluent
import Testing
import VaporTesting
@testable import LanternApp
@testable import LanternCore

/// A person in organisation A can see nothing of organisation B: not its users, not its
/// audit trail. Records of another organisation answer 404, never 403.
@Suite struct OrganisationIsolationTests {
    @Test(arguments: TestDatabase.available)
    func usersAndAuditTrailsStayInTheirOrganisation(database: TestDatabase) async throws {
        try await TestLantern.run(database) { lantern in
            // setup
            let camden = try await lantern.makeOrganisation("Camden Council")
            let hackney = try await lantern.makeOrganisation("Hackney Council")
            let camdenAdmin = try await lantern.makePerson(in: camden, roles: [.organisationAdmin])
            let hackneyAdmin = try await lantern.makePerson(in: hackney, roles: [.organisationAdmin])
            let hackneyWorker = try await lantern.makePerson(in: hackney, roles: [.caseWorker])
            let hackneyBrowser = try await lantern.signedIn(hackneyAdmin)
            try await hackneyBrowser.get("/organisation/users/\(hackneyWorker.id)")
            let camdenBrowser = try await lantern.signedIn(camdenAdmin)

            // MUT + validate: pages
            let list = try await camdenBrowser.get("/organisation/users")
            #expect(list.status == .ok)
            #expect(list.body.string.contains(camdenAdmin.email))
            #expect(!list.body.string.contains(hackneyWorker.email))
            #expect(try await camdenBrowser.get("/organisation/users/\(hackneyWorker.id)").status == .notFound)
            try await camdenBrowser.get("/")
            #expect(try await camdenBrowser.post("/organisation/users/\(hackneyWorker.id)/disable").status == .notFound)
            #expect(try await camdenBrowser.post("/organisation/users/\(hackneyWorker.id)/reset-second-factor").status == .notFound)
            #expect(try await User.find(hackneyWorker.id, on: lantern.app.db)?.isDisabled == false)

            let trail = try await camdenBrowser.get("/organisation/audit")
            #expect(trail.status == .ok)
            #expect(!trail.body.string.contains(hackneyWorker.id.uuidString.prefix(8)))
            let hackneyEntries = try await AuditEntry.query(on: lantern.app.db)
                .filter(\.$organisationID == hackney.id!.uuidString).all()
            #expect(!hackneyEntries.isEmpty)
            for entry in hackneyEntries where entry.requestID != nil {
                #expect(!trail.body.string.contains(String(entry.requestID!.prefix(12))))
            }

            // and the API
            let token = try await APITests.createToken(camdenBrowser)
            let api = lantern.browser()
            let bearer: HTTPHeaders = ["Authorization": "Bearer \(token)"]
            #expect(try await api.get("/api/v1/organisations/\(hackney.id!)/audit", headers: bearer).status == .notFound)
            #expect(try await api.get("/api/v1/organisations/\(hackney.id!)/users", headers: bearer).status == .notFound)
            #expect(try await api.get("/api/v1/organisations/\(hackney.id!)", headers: bearer).status == .notFound)
            #expect(try await api.get("/api/v1/organisations/\(camden.id!)/audit", headers: bearer).status == .ok)
        }
    }

    @Test(arguments: TestDatabase.available)
    func rolesWithoutTheActionAreRefused(database: TestDatabase) async throws {
        try await TestLantern.run(database) { lantern in
            let camden = try await lantern.makeOrganisation("Camden Council")
            let worker = try await lantern.makePerson(in: camden, roles: [.caseWorker])
            let browser = try await lantern.signedIn(worker)
            #expect(try await browser.get("/organisation/audit").status == .forbidden)
            #expect(try await browser.get("/organisation/users/invite").status == .forbidden)
            #expect(try await browser.get("/admin/organisations").status == .forbidden)
            let home = try await browser.get("/")
            #expect(!home.body.string.contains("href=\"/organisation/audit\""))
        }
    }
}
