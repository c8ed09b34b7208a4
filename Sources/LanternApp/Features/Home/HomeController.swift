import Vapor
import LanternCore

/// The start page: what Lantern is for a visitor; what you can do, by role, once signed in.
struct HomeController {
    func register(_ routes: LanternRoutes) {
        routes.get(access: .open, use: home)
    }

    @Sendable func home(_ request: Request) async throws -> Response {
        guard let context = request.lantern.signIn, context.fullySignedIn else {
            if let context = request.lantern.signIn { return request.redirect(to: SessionStarter.nextStep(for: context.stage)) }
            return request.render(Page(title: "Lantern", content: """
                <h1 class="heading-xl">Lantern</h1>
                <p class="lead">The shared working system of London's partnership against modern slavery and human trafficking.</p>
                <p class="body">Councils, police, NHS bodies and charities use Lantern to refer potential victims through the
                National Referral Mechanism, share a case safely with consent, and see London's picture in anonymised numbers.</p>
                <p class="body"><a href="/sign-in" class="button button--start">Sign in</a></p>
                <p class="body"><a href="/statistics">London's figures</a>: potential victims by borough and exploitation type, with small numbers withheld.</p>
                <h2 class="heading-m">Get help</h2>
                <p class="body">If you think someone is a victim of modern slavery, call the Modern Slavery Helpline on 08000 121 700.
                In an emergency, call 999.</p>
                """))
        }
        let policy = request.application.lantern.policy
        var cards: [HTML] = []
        func card(_ href: String, _ title: String, _ text: String) {
            cards.append(HTML("<li class=\"card\"><h2 class=\"heading-s\"><a href=\"\(href)\">\(title)</a></h2><p class=\"body\">\(text)</p></li>"))
        }
        if policy.allowsSome(context.roles, .createCase) { card("/cases/new", "Record a potential victim", "Start a case: refer to the NRM or make a Duty to Notify.") }
        if policy.permits(context.roles, .viewCase, on: .sameOrganisation) { card("/cases", "Cases", "Your organisation's cases, their stage and what is overdue.") }
        if policy.permits(context.roles, .viewCase, on: .sharedWithOrganisation) { card("/shared-cases", "Shared with us", "Cases and decisions other organisations shared with you, and look-up by reference.") }
        if policy.allowsSome(context.roles, .viewStatistics) { card("/profile", "Problem profile", "London's figures by borough, BCU, exploitation type and period, with the map, downloads and the annual report.") }
        if policy.allowsSome(context.roles, .viewIntelligence) { card("/intelligence", "Soft intelligence", "Graded reports of what partners saw or heard, beside the figures.") }
        if policy.allowsSome(context.roles, .viewUsers) { card("/organisation/users", "Users", "Who has access in your organisation, and inviting colleagues.") }
        if policy.allowsSome(context.roles, .viewAuditTrail) { card("/organisation/audit", "Audit trail", "Every sign-in and every view or change of a record.") }
        if policy.allowsSome(context.roles, .manageRetention) { card("/retention", "Retention and legal holds", "Cases whose identifying details will be erased in the next month, and legal holds that keep them.") }
        if policy.allowsSome(context.roles, .manageOrganisations) { card("/admin/organisations", "Organisations", "Member organisations of the partnership.") }
        card("/account", "Your account", "Password, API tokens and recovery codes.")
        return request.render(Page(title: "Home", content: """
            <h1 class="heading-l">Welcome, \(context.user.displayName)</h1>
            <p class="body">You are signed in to \(context.organisationName) as \(context.roles.sorted().map(\.label).joined(separator: ", ")).</p>
            <ul class="cards">\(cards)</ul>
            """))
    }
}
