import Vapor
import LanternCore

/// The start page: what Lantern is for a visitor; what you can do, by role, once signed in.
struct HomeController {
    func register(_ routes: LanternRoutes) {
        routes.get(HomePaths.home, access: .open, use: home)
    }

    @Sendable func home(_ request: Request) async throws -> Response {
        guard let context = request.lantern.signIn, context.fullySignedIn else {
            if let context = request.lantern.signIn { return request.redirect(to: SessionStarter.nextStep(for: context.stage)) }
            return request.render(HomePages.visitor(l: request.localiser.forPage(areas: "home")))
        }
        // Every feature's cards that this person's roles allow, under the application's policy.
        let cards = LanternFeatures.homeCards(for: context.roles, under: request.application.lantern.policy).map { card in
            HTML("<li class=\"card\"><h2 class=\"heading-s\"><a href=\"\(card.href)\">\(card.title)</a></h2><p class=\"body\">\(card.text)</p></li>")
        }
        return request.render(Page(title: "Home", content: """
            <h1 class="heading-l">Welcome, \(context.user.displayName)</h1>
            <p class="body">You are signed in to \(context.organisationName) as \(context.roles.sorted().map(\.label).joined(separator: ", ")).</p>
            <ul class="cards">\(cards)</ul>
            """))
    }
}
