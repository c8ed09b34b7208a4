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
            return request.render(Page(title: "Lantern", content: """
                <h1 class="heading-xl">Lantern</h1>
                <p class="lead">The shared working system of London's partnership against modern slavery and human trafficking.</p>
                <p class="body">Councils, police, NHS bodies and charities use Lantern to refer potential victims through the
                National Referral Mechanism, share a case safely with consent, and see London's picture in anonymised numbers.</p>
                <p class="body"><a href="\(Href.signIn)" class="button button--start">Sign in</a></p>
                <p class="body"><a href="\(Href.publicStatistics)">London's figures</a>: potential victims by borough and exploitation type, with small numbers withheld.</p>
                <h2 class="heading-m">Get help</h2>
                <p class="body">If you think someone is a victim of modern slavery, call the Modern Slavery Helpline on 08000 121 700.
                In an emergency, call 999.</p>
                """))
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
