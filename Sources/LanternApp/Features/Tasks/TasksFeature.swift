import LanternCore

/// "Your tasks": what each person has to do, with due dates, overdue first.
extension Feature {
    static let tasks = Feature(
        name: "Tasks",
        register: { routes in TasksController().register(routes) },
        navigation: [NavigationEntry(label: "Your tasks", href: .tasks, audience: .signedIn, order: 5)],
        homeCards: [HomeCard(title: "Your tasks", text: "What you have to do, with due dates: overdue first.",
                             href: .tasks, audience: .signedIn, order: 1)])
}

enum TaskPaths {
    static let list = RoutePath("tasks")
    /// The task is named in the form, not the path: only its owner can find it.
    static let done = RoutePath("tasks", "done")
}

extension Href {
    static let tasks = Href(TaskPaths.list)
    static let taskDone = Href(TaskPaths.done)
}
