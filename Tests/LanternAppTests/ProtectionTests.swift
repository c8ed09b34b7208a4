import Fluent
import Testing
import VaporTesting
@testable import LanternApp
@testable import LanternCore

/// CSRF, headers, error pages and problem details.
@Suite struct ProtectionTests {
    @Test(arguments: TestDatabase.available)
    func formsWithoutTheCSRFTokenAreRefused(database: TestDatabase) async throws {
        try await TestLantern.run(database) { lantern in
            let organisation = try await lantern.makeOrganisation("Camden Council")
            let admin = try await lantern.makePerson(in: organisation, roles: [.organisationAdmin])
            let browser = try await lantern.signedIn(admin)
            try await browser.get("/organisation/users/invite")
            let form = [("name", "New Person"), ("email", "new@example.org"), ("roles[]", "case_worker")]
            let missing = try await browser.post("/organisation/users/invite", form, csrf: false)
            #expect(missing.status == .forbidden)
            let forged = try await browser.post("/organisation/users/invite", form + [("_csrf", "forged")], csrf: false)
            #expect(forged.status == .forbidden)
            #expect(try await Invitation.query(on: lantern.app.db).count() == 0)
            let real = try await browser.post("/organisation/users/invite", form)
            #expect(real.status == .ok)
            #expect(try await Invitation.query(on: lantern.app.db).count() == 1)

            let anonymous = lantern.browser()
            let signIn = try await anonymous.post("/sign-in", [("email", admin.email), ("password", admin.password)], csrf: false)
            #expect(signIn.status == .forbidden)
        }
    }

    @Test(arguments: ["/", "/sign-in", "/no-such-page", "/api/v1/me", "/healthz", "/static/lantern.css"])
    func everyResponseCarriesTheSecurityHeaders(path: String) async throws {
        try await TestLantern.run(.sqlite) { lantern in
            let response = try await lantern.browser().get(path)
            let csp = try #require(response.headers.first(name: "Content-Security-Policy"))
            #expect(csp.contains("script-src 'self'") && !csp.contains("unsafe-inline"))
            #expect(csp.contains("frame-ancestors 'none'") && csp.contains("object-src 'none'") && csp.contains("base-uri 'none'"))
            #expect(response.headers.first(name: "X-Content-Type-Options") == "nosniff")
            #expect(response.headers.first(name: "Referrer-Policy") == "no-referrer")
            #expect(response.headers.first(name: "X-Frame-Options") == "DENY")
            #expect(response.headers.first(name: "X-Request-Id") != nil)
            if !path.hasPrefix("/static") { #expect(response.headers.first(name: .cacheControl) == "no-store") }
        }
    }

    @Test func errorsArePagesForPeopleAndProblemsForTheAPI() async throws {
        try await TestLantern.run(.sqlite) { lantern in
            let browser = lantern.browser()
            let page = try await browser.get("/no-such-page")
            #expect(page.status == .notFound)
            #expect(page.headers.contentType == .html)
            #expect(page.body.string.contains("Page not found"))

            let api = try await browser.get("/api/v1/me")
            #expect(api.status == .unauthorized)
            #expect(api.headers.first(name: .contentType) == "application/problem+json")
            struct Problem: Decodable { var title: String; var status: Int; var detail: String }
            let problem = try JSONDecoder().decode(Problem.self, from: api.body)
            #expect(problem.status == 401)
            #expect(try await browser.get("/organisation/users").location == "/sign-in")
        }
    }

    @Test func cookiesAreHttpOnlyAndHostPrefixedOverHTTPS() async throws {
        let cookies = SessionCookies(secure: true)
        #expect(cookies.sessionName == "__Host-lantern-session")
        let value = cookies.session("token")
        #expect(value.isSecure && value.isHTTPOnly && value.path == "/" && value.domain == nil)
        #expect(SessionCookies(secure: false).session("t").isHTTPOnly)
    }

    @Test func anInvalidDatabaseURLStopsWithAClearMessage() throws {
        #expect(throws: LanternSettings.Invalid.self) { try LanternSettings.fromEnvironment(["DATABASE_URL": "mysql://x"]) }
        #expect(throws: LanternSettings.Invalid.self) { try LanternSettings.fromEnvironment(["PORT": "eighty"]) }
        #expect(try LanternSettings.fromEnvironment([:]).database == .sqlite(path: "lantern.sqlite"))
        #expect(try LanternSettings.fromEnvironment([:], demo: true).database == .sqlite(path: "lantern-demo.sqlite"))
        // The demo may run on PostgreSQL (the launcher then refuses a database holding any
        // organisation), never on somebody's SQLite file.
        #expect(try LanternSettings.fromEnvironment(["DATABASE_URL": "postgres://db/lantern"], demo: true).database
                == .postgres(url: "postgres://db/lantern"))
        #expect(throws: LanternSettings.Invalid.self) {
            try LanternSettings.fromEnvironment(["DATABASE_URL": "sqlite:///var/lib/lantern.sqlite"], demo: true)
        }
    }

    @Test func theCommandLineIsReadAsIntended() {
        #expect(Invocation(["lantern", "demo"]).demo)
        #expect(Invocation(["lantern", "serve", "--demo"]).arguments == ["lantern", "serve"])
        #expect(!Invocation(["lantern", "serve", "--no-migrate"]).migrateOnStart)
        #expect(!Invocation(["lantern", "audit", "verify"]).migrateOnStart)
        #expect(Invocation(["lantern"]).serving)
        #expect(Invocation(["lantern", "--port", "9000"]).serving)
        // Help neither serves (no job timer, no setup link) nor touches the database.
        for help in [["lantern", "--help"], ["lantern", "serve", "--help"], ["lantern", "-h"], ["lantern", "demo", "--help"]] {
            #expect(!Invocation(help).serving)
            #expect(!Invocation(help).migrateOnStart)
            #expect(Invocation(help).askingForHelp)
        }
        // The demo's help is its own; the served port is known for the links printed.
        #expect(Invocation(["lantern", "demo", "--help"]).arguments == ["lantern", "demo", "--help"])
        #expect(Invocation(["lantern", "serve", "--port", "18283"]).port == 18283)
        #expect(Invocation(["lantern", "serve", "-p", "18283", "-H", "0.0.0.0"]).hostname == "0.0.0.0")
        #expect(Invocation(["lantern", "serve", "--port", "x"]).problem != nil)
    }
}
