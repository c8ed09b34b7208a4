import LanternCore

/// Safeguarding concerns raised once: a concern about an adult or a child, on a case or on
/// its own, is routed by borough and kind through the contacts directory to the team that must
/// act (council adult safeguarding, children's services, and the police BCU where the police
/// must know: `ConcernRouting`); that team acknowledges it by a deadline or it is escalated to
/// its organisation's leads; re-routing keeps the history; the outcome is recorded and the
/// organisation that raised it sees what happened.
extension Feature {
    static let safeguarding = Feature(
        name: "Safeguarding",
        register: { routes in SafeguardingController().register(routes) },
        navigation: [NavigationEntry(label: "Concerns", href: .concerns, audience: .allowed(.viewConcern), order: 25)],
        homeCards: [HomeCard(title: "Safeguarding concerns", text: "Concerns routed to your team and those your organisation raised.",
                             href: .concerns, audience: .allowed(.viewConcern), order: 25)],
        caseSections: [CaseSection(slot: .end, order: 10, render: SafeguardingCaseSection.render)])
}

enum SafeguardingPaths {
    static let list = RoutePath("concerns")
    static let new = RoutePath("concerns", "new")
    static let show = RoutePath("concerns", ":concernID")
    static let acknowledge = RoutePath("concerns", ":concernID", "acknowledge")
    static let reroute = RoutePath("concerns", ":concernID", "reroute")
    static let outcome = RoutePath("concerns", ":concernID", "outcome")
    static let newOnCase = RoutePath("cases", ":reference", "concerns", "new")
}

extension Href {
    static let concerns = Href(SafeguardingPaths.list)
    static let newConcern = Href(SafeguardingPaths.new)
    static func concern(_ id: String) -> Href { SafeguardingPaths.show.href(id) }
    static func acknowledgeConcern(_ id: String) -> Href { SafeguardingPaths.acknowledge.href(id) }
    static func rerouteConcern(_ id: String) -> Href { SafeguardingPaths.reroute.href(id) }
    static func concernOutcome(_ id: String) -> Href { SafeguardingPaths.outcome.href(id) }
    static func newConcern(onCase reference: String) -> Href { SafeguardingPaths.newOnCase.href(reference) }
}
