import LanternCore
import Vapor

/// One capability of Lantern, declared once in its folder's `*Feature.swift`: its routes
/// (registered with their access rule, which the route catalogue records), its place in the
/// navigation and its cards on the home page. `LanternFeatures.all` lists every feature; the
/// routes, the navigation, the home page and the authorisation matrix all read that list.
///
/// A new feature, in its own folder `Features/X/`: declares `enum XPaths` (its `RoutePath`s,
/// `RoutePath.api(…)` for the JSON API) and the `Href`s it links to, in `XFeature.swift` with
/// `extension Feature { static let x = Feature(name:register:navigation:homeCards:) }`; its
/// controllers register by those paths (`routes.get(XPaths.list, access: .action(…), use: …)`,
/// `routes.api.get(…)`) and link only through `Href`. Outside its folder it adds `.x` to
/// `LanternFeatures.all`, and nothing else for its routes, navigation and home cards.
struct Feature: Sendable {
    let name: String
    /// Registers the feature's routes, each with its access rule and surface.
    let register: @Sendable (LanternRoutes) -> Void
    var navigation: [NavigationEntry] = []
    var homeCards: [HomeCard] = []
    /// Sections this feature adds to the case page.
    var caseSections: [CaseSection] = []
}

/// Who sees a navigation entry or a home card. The routes check again regardless; this only
/// keeps people from being shown a door they may not open.
enum Audience: Sendable {
    /// Anyone fully signed in.
    case signedIn
    /// Whoever may do the action to some record.
    case allowed(Action)
    /// Whoever may do the action to a record with this relation (their own organisation's
    /// cases, cases shared with them).
    case allowedOn(Action, Relation)

    func includes(_ roles: Set<Role>, under policy: AccessPolicy) -> Bool {
        switch self {
        case .signedIn: true
        case .allowed(let action): policy.allowsSome(roles, action)
        case .allowedOn(let action, let relation): policy.permits(roles, action, on: relation)
        }
    }
}

/// An entry in the main navigation; entries of all features are shown by `order`.
struct NavigationEntry: Sendable {
    let label: String
    let href: Href
    let audience: Audience
    let order: Int
}

/// A card on the signed-in home page: what a person can do, by role; ordered by `order`.
struct HomeCard: Sendable {
    let title: String
    let text: String
    let href: Href
    let audience: Audience
    let order: Int
}

/// A part of the case page another feature contributes (where the person lives now, support,
/// alerts, the children's checklist, concerns), so the case page grows without the Cases
/// folder knowing those features. Each section loads what it shows itself, checks what the
/// viewer may see (`input.access`), audits its own reads, and links to its own forms.
struct CaseSection: Sendable {
    /// Where on the page the section goes.
    enum Slot: Sendable {
        /// Under the heading, before the summary: alerts and notices nobody may miss.
        case top
        /// After the summary and the referral, before the next steps.
        case afterSummary
        /// After the timeline.
        case end
    }

    let slot: Slot
    /// Sections of one slot are shown by `order`.
    let order: Int
    /// The section's markup for this case, or nil when it has nothing to show this viewer.
    let render: @Sendable (CaseSectionInput) async throws -> HTML?
}

/// What a case-page section is given: the case as the viewer may see it, the request (its
/// database, localiser, clock and user), whether the viewer may change the case, and the
/// page's CSRF token for any small form the section carries.
struct CaseSectionInput {
    let access: AccessibleCase
    let request: Request
    let canEdit: Bool
    let csrf: String
    let today: Day
}
