import Fluent
import Foundation
import Testing
import VaporTesting
@testable import LanternApp
@testable import LanternCore

@Suite struct APITests {
    /// Creates a personal access token through the account page, as a person would.
    static func createToken(_ browser: TestBrowser, name: String = "report script") async throws -> String {
        try await browser.get("/account")
        let page = try await browser.post("/account/tokens", [("token-name", name)])
        return String(try #require(page.body.string.firstMatch(of: /id="new-token">(lt_[A-Za-z0-9_-]+)</)?.1))
    }

    @Test(arguments: TestDatabase.available)
    func tokensWorkUntilRevokedAndNeverAsCookies(database: TestDatabase) async throws {
        try await TestLantern.run(database) { lantern in
            let camden = try await lantern.makeOrganisation("Camden Council")
            let admin = try await lantern.makePerson(in: camden, roles: [.organisationAdmin])
            let browser = try await lantern.signedIn(admin)
            let token = try await Self.createToken(browser)
            let api = lantern.browser()
            let me = try await api.get("/api/v1/me", headers: ["Authorization": "Bearer \(token)"])
            #expect(me.status == .ok)
            struct Me: Decodable { var email: String; var roles: [String]; var organisation: Org }
            struct Org: Decodable { var name: String }
            let decoded = try JSONDecoder().decode(Me.self, from: me.body)
            #expect(decoded.email == admin.email && decoded.organisation.name == "Camden Council")
            #expect(try await browser.get("/api/v1/me").status == .unauthorized, "a browser cookie is not an API credential")
            let stored = try await APIToken.query(on: lantern.app.db).all()
            #expect(stored.count == 1 && stored[0].tokenHash != token && !stored[0].tokenHash.contains(token))

            let page = try await browser.get("/account")
            let id = String(try #require(page.body.string.firstMatch(of: /\/account\/tokens\/([0-9A-F-]+)\/revoke/)?.1))
            #expect(try await browser.post("/account/tokens/\(id)/revoke").status == .seeOther)
            #expect(try await api.get("/api/v1/me", headers: ["Authorization": "Bearer \(token)"]).status == .unauthorized)
        }
    }

    @Test func theOpenAPIDocumentDescribesExactlyTheAPIRoutes() async throws {
        try await TestLantern.run(.sqlite) { lantern in
            let response = try await lantern.browser().get("/api/openapi.json")
            #expect(response.status == .ok)
            let document = try #require(try JSONSerialization.jsonObject(with: response.body) as? [String: Any])
            #expect(document["openapi"] as? String == "3.1.0")
            let paths = try #require(document["paths"] as? [String: [String: Any]])
            let documented = Set(paths.flatMap { path, operations in operations.keys.map { "\($0.uppercased()) \(path)" } })
            let registered = Set(lantern.app.routeCatalogue.entries.filter { $0.path.hasPrefix("/api/v1") }.map { entry in
                "\(entry.method.rawValue) " + entry.path.replacingOccurrences(of: #":([A-Za-z]+)"#, with: "{$1}", options: .regularExpression)
            })
            #expect(documented == registered)
        }
    }

    @Test func everyRouteIsRegisteredWithAnAccessRule() async throws {
        try await TestLantern.run(.sqlite) { lantern in
            let catalogued = Set(lantern.app.routeCatalogue.entries.map { "\($0.method.rawValue) \($0.path)" })
            for route in lantern.app.routes.all {
                let key = "\(route.method.rawValue) /" + route.path.map(\.description).joined(separator: "/")
                #expect(catalogued.contains(key), "\(key) has no access rule")
            }
        }
    }

    @Test func healthAnswersAndMetricsOnlyToTheScraper() async throws {
        let scraperToken = "metrics-token-for-the-test-scraper"
        try await TestLantern.run(.sqlite, settings: { $0.metricsToken = scraperToken }) { lantern in
            let browser = lantern.browser()
            #expect(try await browser.get("/healthz").status == .ok)
            #expect(try await browser.get("/readyz").body.string.contains("ready"))
            #expect(try await browser.get("/metrics").status == .notFound)
            let wrong = try await lantern.app.testing().sendRequest(.GET, "/metrics", headers: ["Authorization": "Bearer not-the-token"])
            #expect(wrong.status == .notFound)
            let metrics = try await lantern.app.testing().sendRequest(.GET, "/metrics",
                                                                     headers: ["Authorization": "Bearer \(scraperToken)"])
            #expect(metrics.status == .ok)
            #expect(metrics.body.string.contains("lantern_http_requests_total"))
        }
        try await TestLantern.run(.sqlite) { lantern in
            // No token configured: not served at all.
            let metrics = try await lantern.app.testing().sendRequest(.GET, "/metrics", headers: ["Authorization": "Bearer x"])
            #expect(metrics.status == .notFound)
        }
    }
}
