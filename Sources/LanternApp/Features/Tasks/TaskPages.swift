import Foundation
import LanternCore
import Vapor

/// "Your tasks", in the viewer's language (`l`, from `TaskPages.localiser`). A task's title
/// is stored text, shown as it is.
enum TaskPages {
    /// The request's language if the catalogue has all of tasks, else British English.
    static func localiser(_ request: Request) -> Localiser { request.localiser.forPage(areas: "tasks", "components") }

    struct TaskList {
        /// Open tasks, overdue first.
        var tasks: [PersonTask]
        var today: Day
        /// A task was just marked done.
        var justDone: Bool
    }

    static func list(_ m: TaskList, csrf: String, l: Localiser) -> Page {
        let rows: [[HTML]] = m.tasks.map { task in
            let due = task.dueOn.map(Day.init(daysSinceEpoch:))
            let overdue = TaskRules.isOverdue(due, today: m.today)
            // Links are paths Lantern stored itself; anything else is shown as text.
            let title: HTML = task.link.hasPrefix("/") && !task.link.hasPrefix("//")
                ? HTML("<a href=\"\(task.link)\">\(task.title)</a>") : HTML("\(task.title)")
            return [
                title,
                HTML("\(due.map(l.day) ?? l("tasks.no-due-date"))"),
                overdue ? Components.tag(l("tasks.overdue"), colour: "red") : Components.tag(l("tasks.open")),
                HTML("""
                    <form method="post" action="\(Href.taskDone)" class="inline-form">
                    \(Components.csrfField(csrf))
                    <input type="hidden" name="task" value="\(task.id?.uuidString ?? "")">
                    <button type="submit" class="button button--secondary">\(l("tasks.mark-done"))<span class="visually-hidden">: \(task.title)</span></button>
                    </form>
                    """),
            ]
        }
        let overdueCount = m.tasks.filter { TaskRules.isOverdue($0.dueOn.map(Day.init(daysSinceEpoch:)), today: m.today) }.count
        let summary = m.tasks.isEmpty ? l("tasks.none")
            : overdueCount > 0 ? l.plural("tasks.count-overdue", count: m.tasks.count, ["overdue": l.number(overdueCount)])
            : l.plural("tasks.count", count: m.tasks.count)
        return Page(title: l("tasks.title"), content: """
            \(m.justDone ? Components.notification(title: l("tasks.done-title"), body: "\(l("tasks.done-text"))") : .empty)
            <h1 class="heading-l">\(l("tasks.title"))</h1>
            <p class="body">\(summary)</p>
            \(m.tasks.isEmpty ? .empty : Components.table(caption: l("tasks.caption"),
                                                          headers: [l("tasks.column-task"), l("tasks.column-due"), l("tasks.column-status"),
                                                                    l("tasks.column-action")], rows: rows))
            <p class="body hint">\(l("tasks.about")) \(l("tasks.about-email"))</p>
            """, language: l.language)
    }
}
