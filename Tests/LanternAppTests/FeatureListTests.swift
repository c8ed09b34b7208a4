import Foundation
import Testing
import VaporTesting
@testable import LanternApp
@testable import LanternCore

/// The feature list is the one source of routes, navigation and home cards: what a person
/// sees in the header and on the home page is what `LanternFeatures` says for their roles,
/// every link there leads to a registered route that lets them in, and every route belongs
/// to a feature.
@Suite struct FeatureListTests {
    /// The `href`s inside the first element that starts with `opening`, up to `closing`.
    static func hrefs(in page: String, after opening: String, until closing: String) -> [String] {
        guard let start = page.range(of: opening), let end = page.range(of: closing, range: start.upperBound..<page.endIndex) else { return [] }
        let section = page[start.upperBound..<end.lowerBound]
        return section.split(separator: "href=\"").dropFirst().compactMap { $0.split(separator: "\"").first.map(String.init) }
    }

    @Test(arguments: TestDatabase.available)
    func navigationAndHomeCardsForEveryRoleComeFromTheFeatureList(database: TestDatabase) async throws {
        try await TestLantern.run(database) { lantern in
            let organisation = try await lantern.makeOrganisation("Camden Council")
            let policy = lantern.app.lantern.policy
            for role in Role.allCases {
                let person = try await lantern.makePerson(in: organisation, roles: [role])
                let home = try await lantern.signedIn(person).get("/")
                #expect(home.status == .ok, "\(role)")
                let page = home.body.string
                let navigation = Self.hrefs(in: page, after: "<nav class=\"navigation\"", until: "</nav>")
                let cards = Self.hrefs(in: page, after: "<ul class=\"cards\">", until: "</ul>")
                #expect(navigation == LanternFeatures.navigation(for: [role], under: policy).map(\.href.description), "\(role)")
                #expect(cards == LanternFeatures.homeCards(for: [role], under: policy).map(\.href.description), "\(role)")
                #expect(navigation.first == "/" && navigation.last == "/account", "\(role): \(navigation)")
            }
        }
    }

    @Test(arguments: TestDatabase.available)
    func everyNavigationAndHomeLinkLeadsToARouteThatLetsItsAudienceIn(database: TestDatabase) async throws {
        try await TestLantern.run(database) { lantern in
            let catalogue = lantern.app.routeCatalogue.entries.filter { $0.method == .GET }
            let policy = lantern.app.lantern.policy
            let links = LanternFeatures.all.flatMap { feature in
                feature.navigation.map { ($0.label, $0.href, $0.audience) } + feature.homeCards.map { ($0.title, $0.href, $0.audience) }
            }
            #expect(links.count >= 20)
            for (label, href, audience) in links {
                let routes = catalogue.filter { RoutePath(pattern: $0.path).matches(href.path) }
                guard let route = routes.first else { Issue.record("\(label): \(href) is not a registered route"); continue }
                for role in Role.allCases where audience.includes([role], under: policy) {
                    switch route.access {
                    case .open, .signedIn: break
                    case .signingIn: Issue.record("\(label) links to a step of signing in")
                    case .action(let action):
                        #expect(policy.allowsSome([role], action), "\(label) is shown to \(role), whom \(route.path) refuses")
                    case .anyAction(let actions):
                        #expect(actions.contains { policy.allowsSome([role], $0) }, "\(label) is shown to \(role), whom \(route.path) refuses")
                    }
                }
            }
        }
    }

    @Test(arguments: TestDatabase.available)
    func everyRouteBelongsToAFeatureOfTheList(database: TestDatabase) async throws {
        try await TestLantern.run(database) { lantern in
            let entries = lantern.app.routeCatalogue.entries
            let names = LanternFeatures.all.map(\.name)
            #expect(Set(names).count == names.count, "feature names are unique")
            #expect(entries.allSatisfy { names.contains($0.feature) }, "\(entries.filter { !names.contains($0.feature) }.map(\.path))")
            for name in names { #expect(entries.contains { $0.feature == name }, "\(name) registers no route") }
            #expect(Set(entries).count == entries.count, "no route is registered twice")
            // The JSON API's paths are registered on its surface (bearer tokens), the rest as pages.
            for entry in entries {
                #expect(entry.surface == (entry.path.hasPrefix("/api/v1/") ? .api : .page), "\(entry.method) \(entry.path) on \(entry.surface)")
            }
        }
    }

    @Test func navigationFollowsThePolicyItIsGivenNotABuiltInOne() {
        // A policy in which case workers may only read soft intelligence.
        let policy = AccessPolicy(table: [.caseWorker: [.viewIntelligence: [.organisation]]])
        let features: [Feature] = [.home, .cases, .sharing, .intelligence, .accounts]
        #expect(LanternFeatures.navigation(for: [.caseWorker], under: policy, features: features).map(\.label)
                == ["Home", "Intelligence", "Your account"])
        #expect(LanternFeatures.homeCards(for: [.caseWorker], under: policy, features: features).map(\.title)
                == ["Soft intelligence", "Your account"])
        #expect(LanternFeatures.navigation(for: [.caseWorker], under: .lantern, features: features).map(\.label)
                == ["Home", "Cases", "Shared with us", "Intelligence", "Your account"])
    }

    @Test func typedPathsFillParametersAndEncodeThem() {
        #expect(Href.case("LNT-7K2M-9QXD").query("recorded", "1").fragment("consent").description
                == "/cases/LNT-7K2M-9QXD?recorded=1#consent")
        #expect(Href.case("a/b c?").path == "/cases/a%2Fb%20c%3F")
        #expect(Href.retention.query("hold", "x&y=z").description == "/retention?hold=x%26y%3Dz")
        #expect(Href.profileCSV.encodedQuery("rows=borough&to=2026-Q4").description == "/profile/download.csv?rows=borough&to=2026-Q4")
        #expect(Href(RoutePath.root).description == "/")
        #expect(CasePaths.show.description == "/cases/:reference")
        #expect(CasePaths.apiShow.description == "/api/v1/cases/:reference")
        #expect(CasePaths.show.matches("/cases/LNT-1") && !CasePaths.show.matches("/cases/LNT-1/referral"))
        #expect(Href.invitation("tok").absolute(from: "http://127.0.0.1:18283/") == "http://127.0.0.1:18283/invitations/tok")
        // Interpolated into markup, a link is escaped like text.
        let markup: HTML = "<a href=\"\(Href.retention.query("a", "1").query("b", "2"))\">x</a>"
        #expect(markup.markup == "<a href=\"/retention?a=1&amp;b=2\">x</a>")
    }
}
