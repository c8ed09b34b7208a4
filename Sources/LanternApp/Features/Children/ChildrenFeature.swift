import LanternCore

/// The children's pathway on a child's case: when the child came into contact or care (the
/// 72-hour clock), the first-72-hours checklist, missing episodes and return home interviews,
/// the criminal exploitation and county-lines markers with a note of a section 45 defence, and
/// the month the child turns 18 (the transition to adult support). Its section on the case page
/// (after the summary, order 40) sums it up and links to its page, where the forms are.
extension Feature {
    static let children = Feature(
        name: "Children",
        register: { routes in ChildrenController().register(routes) },
        caseSections: [CaseSection(slot: .afterSummary, order: 40, render: ChildrenSection.render)])
}

enum ChildrenPaths {
    static let page = RoutePath("cases", ":reference", "children")
    static let contact = RoutePath("cases", ":reference", "children", "contact")
    static let checklistItem = RoutePath("cases", ":reference", "children", "checklist", ":item")
    static let missing = RoutePath("cases", ":reference", "children", "missing")
    static let missingEpisode = RoutePath("cases", ":reference", "children", "missing", ":episodeID")
    static let markers = RoutePath("cases", ":reference", "children", "markers")
    static let turns18 = RoutePath("cases", ":reference", "children", "turns-18")
}

extension Href {
    static func children(_ reference: String) -> Href { ChildrenPaths.page.href(reference) }
    static func childContact(_ reference: String) -> Href { ChildrenPaths.contact.href(reference) }
    static func childChecklistItem(_ reference: String, _ item: String) -> Href { ChildrenPaths.checklistItem.href(reference, item) }
    static func childMissing(_ reference: String) -> Href { ChildrenPaths.missing.href(reference) }
    static func childMissingEpisode(_ reference: String, _ id: String) -> Href { ChildrenPaths.missingEpisode.href(reference, id) }
    static func childMarkers(_ reference: String) -> Href { ChildrenPaths.markers.href(reference) }
    static func childTurns18(_ reference: String) -> Href { ChildrenPaths.turns18.href(reference) }
}
