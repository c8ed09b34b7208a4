import LanternCore

/// Recording a potential victim, the pathway's events and the NRM referral; the case API.
extension Feature {
    static let cases = Feature(
        name: "Cases",
        register: { routes in
            CasesController().register(routes)
            CasesAPIController().register(routes)
        },
        navigation: [NavigationEntry(label: "Cases", href: .cases, audience: .allowedOn(.viewCase, .sameOrganisation), order: 10)],
        homeCards: [
            HomeCard(title: "Record a potential victim", text: "Start a case: refer to the NRM or make a Duty to Notify.",
                     href: .newCase, audience: .allowed(.createCase), order: 5),
            HomeCard(title: "Cases", text: "Your organisation's cases, their stage and what is overdue.",
                     href: .cases, audience: .allowedOn(.viewCase, .sameOrganisation), order: 10),
        ])
}

enum CasePaths {
    static let list = RoutePath("cases")
    static let new = RoutePath("cases", "new")
    static let show = RoutePath("cases", ":reference")
    static let event = RoutePath("cases", ":reference", "events", ":event")
    static let referral = RoutePath("cases", ":reference", "referral")
    static let referralSummary = RoutePath("cases", ":reference", "referral", "summary")
    static let referralJSON = RoutePath("cases", ":reference", "referral.json")

    static let apiList = RoutePath.api("cases")
    static let apiShow = RoutePath.api("cases", ":reference")
    static let apiEvents = RoutePath.api("cases", ":reference", "events")
    static let apiReferral = RoutePath.api("cases", ":reference", "referral")
}

extension Href {
    static let cases = Href(CasePaths.list)
    static let newCase = Href(CasePaths.new)
    static func `case`(_ reference: String) -> Href { CasePaths.show.href(reference) }
    static func caseEvent(_ reference: String, _ event: String) -> Href { CasePaths.event.href(reference, event) }
    static func referral(_ reference: String) -> Href { CasePaths.referral.href(reference) }
    static func referralSummary(_ reference: String) -> Href { CasePaths.referralSummary.href(reference) }
    static func referralJSON(_ reference: String) -> Href { CasePaths.referralJSON.href(reference) }
    static func apiCase(_ reference: String) -> Href { CasePaths.apiShow.href(reference) }
}
