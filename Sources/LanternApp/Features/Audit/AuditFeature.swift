import LanternCore

/// The audit trail: every sign-in and every view or change of a record.
extension Feature {
    static let audit = Feature(
        name: "Audit",
        register: { routes in AuditTrailController().register(routes) },
        navigation: [NavigationEntry(label: "Audit trail", href: .auditTrail, audience: .allowed(.viewAuditTrail), order: 60)],
        homeCards: [HomeCard(title: "Audit trail", text: "Every sign-in and every view or change of a record.",
                             href: .auditTrail, audience: .allowed(.viewAuditTrail), order: 60)])
}

enum AuditPaths {
    static let trail = RoutePath("organisation", "audit")
}

extension Href {
    static let auditTrail = Href(AuditPaths.trail)
}
