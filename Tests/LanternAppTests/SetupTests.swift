import Fluent
import Testing
import VaporTesting
@testable import LanternApp
@testable import LanternCore

@Suite struct SetupTests {
    @Test(arguments: TestDatabase.available)
    func theSetupLinkCreatesTheFirstOrganisationAndAdministratorOnce(database: TestDatabase) async throws {
        try await TestLantern.run(database) { lantern in
            // setup
            let link = try #require(try await SetupLink.createIfNeeded(lantern.app))
            let path = String(link.dropFirst("http://127.0.0.1:8080".count))
            let browser = lantern.browser()
            #expect(try await browser.get(path).status == .ok)
            // MUT: a bad submission stores nothing and names each problem
            let invalid = try await browser.post(path, [("organisation-name", ""), ("organisation-kind", "bakery"),
                                                        ("boroughs[]", "E09999999"), ("email", "not-an-email"),
                                                        ("password", "short"), ("password-confirmation", "short")])
            #expect(invalid.status == .unprocessableEntity)
            for message in ["Enter the organisation", "Select the kind of organisation", "Select boroughs from the list",
                            "Enter your full name", "correct format", "at least 12 characters"] {
                #expect(invalid.body.string.contains(message), "\(message)")
            }
            #expect(try await Organisation.query(on: lantern.app.db).count() == 0)

            let created = try await browser.post(path, [
                ("organisation-name", "Camden Council"), ("organisation-kind", "council"), ("boroughs[]", "E09000007"),
                ("name", "Sam Admin"), ("email", "Sam.Admin@Camden.example"),
                ("password", "river lantern mosaic"), ("password-confirmation", "river lantern mosaic")])
            // validate
            #expect(created.location == "/second-factor/setup")
            let user = try #require(try await User.query(on: lantern.app.db).first())
            #expect(user.email == "sam.admin@camden.example")
            #expect(user.roleSet == [.organisationAdmin, .platformAdmin])
            #expect(try await OrganisationBorough.query(on: lantern.app.db).count() == 1)
            #expect(try await SetupLink.createIfNeeded(lantern.app) == nil)

            let again = lantern.browser()
            #expect(try await again.get(path).status == .gone)
        }
    }
}
