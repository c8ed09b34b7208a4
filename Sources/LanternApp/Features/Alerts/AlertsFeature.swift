import LanternCore

/// Alerts nobody may miss (issue 11): raised on open cases by the daily job (`CaseAlertJob`),
/// each a task and an email for the case's worker and the organisation's leads; acknowledged
/// and resolved on the case with a note. `/alerts` lists the open ones: the organisation's for
/// a lead, the viewer's own cases' for a worker.
extension Feature {
    static let alerts = Feature(
        name: "Alerts",
        register: { routes in AlertsController().register(routes) },
        navigation: [NavigationEntry(label: "Alerts", href: .alerts, audience: .allowedOn(.viewCase, .sameOrganisation), order: 11)],
        caseSections: [CaseSection(slot: .top, order: 10, render: AlertsSection.render)])
}

enum AlertPaths {
    static let list = RoutePath("alerts")
    static let settings = RoutePath("alerts", "settings")
    static let acknowledge = RoutePath("cases", ":reference", "alerts", ":alertID", "acknowledge")
    static let resolve = RoutePath("cases", ":reference", "alerts", ":alertID", "resolve")
}

extension Href {
    static let alerts = Href(AlertPaths.list)
    static let alertSettings = Href(AlertPaths.settings)
    static func acknowledgeAlert(_ reference: String, _ id: String) -> Href { AlertPaths.acknowledge.href(reference, id) }
    static func resolveAlert(_ reference: String, _ id: String) -> Href { AlertPaths.resolve.href(reference, id) }
}
