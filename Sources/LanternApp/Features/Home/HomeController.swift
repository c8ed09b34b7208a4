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
        let cards = LanternFeatures.homeCards(for: context.roles, under: request.application.lantern.policy)
        let model = HomePages.SignedIn(name: context.user.displayName, organisation: context.organisationName,
                                       roles: context.roles.sorted().map(\.label), cards: cards)
        return request.render(HomePages.signedIn(model, l: request.localiser.forPage(areas: "home", "card")))
    }
}
