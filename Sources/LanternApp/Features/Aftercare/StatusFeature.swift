import LanternCore

/// Immigration status and no recourse to public funds, the Recovery Needs Assessment pillars
/// asked for and granted, homelessness applications, and reciprocal housing requests from one
/// council to another (routed through the contacts directory, answered by the receiving side).
extension Feature {
    static let housingAndStatus = Feature(
        name: "Status and housing",
        register: { routes in
            StatusController().register(routes)
            HousingRequestController().register(routes)
        },
        navigation: [NavigationEntry(label: "Housing requests", href: .housingRequests,
                                     audience: .allowed(.answerHousingRequest), order: 62)],
        caseSections: [CaseSection(slot: .afterSummary, order: 30, render: StatusSection.render)])
}

enum StatusPaths {
    static let history = RoutePath("cases", ":reference", "status")
    static let newStatus = RoutePath("cases", ":reference", "status", "new")
    static let newPillar = RoutePath("cases", ":reference", "pillars", "new")
    static let pillar = RoutePath("cases", ":reference", "pillars", ":pillarID")
    static let newHomelessness = RoutePath("cases", ":reference", "homelessness", "new")
    static let homelessness = RoutePath("cases", ":reference", "homelessness", ":applicationID")
    static let newHousingRequest = RoutePath("cases", ":reference", "housing-requests", "new")
    static let withdrawHousingRequest = RoutePath("cases", ":reference", "housing-requests", ":requestID", "withdraw")
    static let housingRequests = RoutePath("housing-requests")
    static let housingRequest = RoutePath("housing-requests", ":requestID")
}

extension Href {
    static func caseStatus(_ reference: String) -> Href { StatusPaths.history.href(reference) }
    static func newCaseStatus(_ reference: String) -> Href { StatusPaths.newStatus.href(reference) }
    static func newPillar(_ reference: String) -> Href { StatusPaths.newPillar.href(reference) }
    static func pillar(_ reference: String, _ id: String) -> Href { StatusPaths.pillar.href(reference, id) }
    static func newHomelessness(_ reference: String) -> Href { StatusPaths.newHomelessness.href(reference) }
    static func homelessness(_ reference: String, _ id: String) -> Href { StatusPaths.homelessness.href(reference, id) }
    static func newHousingRequest(_ reference: String) -> Href { StatusPaths.newHousingRequest.href(reference) }
    static func withdrawHousingRequest(_ reference: String, _ id: String) -> Href { StatusPaths.withdrawHousingRequest.href(reference, id) }
    static let housingRequests = Href(StatusPaths.housingRequests)
    static func housingRequest(_ id: String) -> Href { StatusPaths.housingRequest.href(id) }
}
