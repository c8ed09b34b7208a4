import Foundation
import LanternCore

/// The markup of "Your tasks".
enum TaskPages {
    static func list(_ tasks: [PersonTask], today: Day, csrf: String, justDone: Bool) -> Page {
        let rows: [[HTML]] = tasks.map { task in
            let due = task.dueOn.map(Day.init(daysSinceEpoch:))
            let overdue = TaskRules.isOverdue(due, today: today)
            // Links are paths Lantern stored itself; anything else is shown as text.
            let title: HTML = task.link.hasPrefix("/") && !task.link.hasPrefix("//")
                ? HTML("<a href=\"\(task.link)\">\(task.title)</a>") : HTML("\(task.title)")
            return [
                title,
                HTML("\(due.map(display) ?? "No due date")"),
                overdue ? Components.tag("Overdue", colour: "red") : Components.tag("Open"),
                HTML("""
                    <form method="post" action="\(Href.taskDone)" class="inline-form">
                    \(Components.csrfField(csrf))
                    <input type="hidden" name="task" value="\(task.id?.uuidString ?? "")">
                    <button type="submit" class="button button--secondary">Mark as done<span class="visually-hidden">: \(task.title)</span></button>
                    </form>
                    """),
            ]
        }
        let overdueCount = tasks.filter { TaskRules.isOverdue($0.dueOn.map(Day.init(daysSinceEpoch:)), today: today) }.count
        let summary = tasks.isEmpty ? "You have no open tasks."
            : "You have \(tasks.count) open task\(tasks.count == 1 ? "" : "s")" + (overdueCount > 0 ? ", \(overdueCount) overdue." : ".")
        return Page(title: "Your tasks", content: """
            \(justDone ? Components.notification(title: "Task done", body: "It has been removed from your list.") : .empty)
            <h1 class="heading-l">Your tasks</h1>
            <p class="body">\(summary)</p>
            \(tasks.isEmpty ? .empty : Components.table(caption: "Open tasks, overdue first", headers: ["Task", "Due", "Status", "Action"], rows: rows))
            <p class="body hint">Lantern gives case workers a task a week before a case's stage deadline.
            When email is set up, you are also told by email that a task is waiting (the email names no case).</p>
            """)
    }

    static func display(_ day: Day) -> String {
        DisplayDate.date(Date(timeIntervalSince1970: Double(day.daysSinceEpoch) * 86_400 + 43_200))
    }
}
