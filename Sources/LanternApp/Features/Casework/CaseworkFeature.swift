import LanternCore

/// Casework basics (issue 12): a case's worker and second worker, its notes (sealed, read by
/// its own organisation only, every read and write audited; a contact, visit or call also
/// counts as contact with the person), tasks on a case that land in the owner's task list,
/// the case page's "Casework" section and "My cases".
extension Feature {
    static let casework = Feature(
        name: "Casework",
        register: { routes in
            CaseworkController().register(routes)
            CaseworkAPIController().register(routes)
        },
        navigation: [NavigationEntry(label: "My cases", href: .myCases, audience: .allowedOn(.viewCase, .sameOrganisation), order: 9)],
        caseSections: [CaseSection(slot: .afterSummary, order: 5, render: CaseworkSection.render)])
}

enum CaseworkPaths {
    static let workers = RoutePath("cases", ":reference", "workers")
    static let notes = RoutePath("cases", ":reference", "notes")
    static let newTask = RoutePath("cases", ":reference", "tasks", "new")
    static let mine = RoutePath("cases", "mine")

    static let apiNotes = RoutePath.api("cases", ":reference", "notes")
    static let apiTasks = RoutePath.api("cases", ":reference", "tasks")
    static let apiWorkers = RoutePath.api("cases", ":reference", "workers")
}

extension Href {
    static let myCases = Href(CaseworkPaths.mine)
    static func caseWorkers(_ reference: String) -> Href { CaseworkPaths.workers.href(reference) }
    static func caseNotes(_ reference: String) -> Href { CaseworkPaths.notes.href(reference) }
    static func newCaseTask(_ reference: String) -> Href { CaseworkPaths.newTask.href(reference) }
}
