import Foundation
import LanternCore
import Vapor

/// The pages of casework: the case page's "Casework" section, the form to change the
/// workers, the notes (with the form to add one), the form to add a task and "My cases".
/// In the viewer's language (`l`).
enum CaseworkPages {
    static func localiser(_ request: Request) -> Localiser { request.localiser.forPage(areas: "casework", "cases", "components") }

    static func errors(_ problems: ValidationProblems) -> FormErrors {
        var errors = FormErrors()
        for item in problems.items { errors.add(item.field, item.message) }
        return errors
    }

    /// What was just done, as the redirect after a form says (`?casework=`).
    enum Done: String {
        case workersChanged = "workers-changed", noteAdded = "note-added", taskAdded = "task-added"

        func notice(_ l: Localiser) -> HTML {
            let text = switch self {
            case .workersChanged: l("casework.done.workers-changed")
            case .noteAdded: l("casework.done.note-added")
            case .taskAdded: l("casework.done.task-added")
            }
            return Components.notification(title: l("casework.done.title"), body: HTML("<p class=\"body\">\(text)</p>"))
        }
    }

    static func kind(_ kind: CaseNoteKind?, l: Localiser) -> String { kind?.label(l) ?? "" }

    static func due(_ day: Day?, today: Day, l: Localiser) -> HTML {
        guard let day else { return HTML("\(l("casework.no-due"))") }
        return day < today ? HTML("\(l.day(day)) \(Components.tag(l("casework.overdue-tag"), colour: "red"))") : HTML("\(l.day(day))")
    }

    // MARK: The case page's section

    struct Section {
        var reference: String
        var worker: String
        var secondWorker: String?
        var lastContact: Day?
        var tasks: [CaseworkStore.CaseTask]
        var notes: [CaseworkStore.Note]
        var viewerID: UUID
        var today: Day
        var canEdit: Bool
        var csrf: String
        var done: Done?
    }

    static func section(_ m: Section, l: Localiser) -> HTML {
        let contact: HTML = m.lastContact.map {
            HTML("\(l("casework.last-contact-value", ["date": l.day($0), "days": l.plural("casework.days-ago", count: max(0, m.today.daysSinceEpoch - $0.daysSinceEpoch))]))")
        } ?? HTML("\(l("casework.no-contact"))")
        let rows: [(key: String, value: HTML)] = [
            (l("casework.worker"), HTML("\(m.worker)")),
            (l("casework.second-worker"), HTML("\(m.secondWorker ?? l("casework.none"))")),
            (l("casework.last-contact"), contact),
        ]
        let taskRows: [[HTML]] = m.tasks.map { task in
            let done: HTML = task.ownerID == m.viewerID ? HTML("""
                <form method="post" action="\(Href.taskDone)" class="inline-form">\(Components.csrfField(m.csrf))\
                <input type="hidden" name="task" value="\(task.id.uuidString)">\(Components.button(l("casework.task-done"), secondary: true))</form>
                """) : .empty
            return [HTML("\(task.title)"), HTML("\(task.owner)"), due(task.due, today: m.today, l: l), done]
        }
        let noteItems = m.notes.map { note in
            HTML("""
            <li><strong>\(kind(note.kind, l: l))</strong>, \(l.day(note.on)) (\(note.recordedBy))<br>
            <span class="pre-wrap">\(note.text)</span></li>
            """)
        }
        let links: HTML = m.canEdit ? HTML("""
            <p class="body"><a href="\(Href.caseWorkers(m.reference))">\(l("casework.change-workers-link"))</a> ·
            <a href="\(Href.newCaseTask(m.reference))">\(l("casework.add-task-link"))</a> ·
            <a href="\(Href.caseNotes(m.reference).fragment("add-note"))">\(l("casework.add-note-link"))</a> ·
            <a href="\(Href.caseNotes(m.reference))">\(l("casework.all-notes-link"))</a></p>
            """) : HTML("<p class=\"body\"><a href=\"\(Href.caseNotes(m.reference))\">\(l("casework.all-notes-link"))</a></p>")
        return """
        <section aria-labelledby="casework">
        <h2 class="heading-m" id="casework" tabindex="-1">\(l("casework.section-title"))</h2>
        \(m.done?.notice(l))
        \(Components.summaryList(rows))
        <h3 class="heading-s">\(l("casework.open-tasks"))</h3>
        \(m.tasks.isEmpty ? HTML("<p class=\"body\">\(l("casework.no-tasks"))</p>")
            : Components.table(caption: l("casework.tasks-caption"), headers: [l("casework.column-task"), l("casework.column-owner"),
                                                                              l("casework.column-due"), l("casework.column-action")], rows: taskRows))
        <h3 class="heading-s">\(l("casework.latest-notes"))</h3>
        \(m.notes.isEmpty ? HTML("<p class=\"body\">\(l("casework.no-notes"))</p>") : HTML("<ul class=\"list\">\(noteItems)</ul>"))
        \(links)
        </section>
        """
    }

    // MARK: Workers

    struct WorkersForm {
        var reference: String
        var people: [CaseworkStore.Person]
        var worker: String?
        var secondWorker: String?
        var expectedWorker: String
        var expectedSecond: String
        var errors: FormErrors
        var csrf: String
        var changedMeanwhile = false
    }

    static func workers(_ m: WorkersForm, l: Localiser) -> Page {
        let options = [("", l("casework.choose-person"))] + m.people.map { ($0.id.uuidString, $0.name) }
        let secondOptions = [("", l("casework.no-second-worker"))] + m.people.map { ($0.id.uuidString, $0.name) }
        let status: HTTPStatus = m.changedMeanwhile ? .conflict : (m.errors.isEmpty ? .ok : .unprocessableEntity)
        return Page(title: l("casework.workers-title"), content: """
            \(Components.errorSummary(m.errors, l))
            \(m.changedMeanwhile ? Components.notification(title: l("casework.changed-meanwhile-title"),
                                                          body: HTML("<p class=\"body\">\(l("casework.changed-meanwhile"))</p>"), success: false) : .empty)
            <span class="caption">\(l("casework.caption", ["reference": m.reference]))</span>
            <h1 class="heading-l">\(l("casework.workers-title"))</h1>
            <form method="post" action="\(Href.caseWorkers(m.reference))" novalidate>
            \(Components.csrfField(m.csrf))
            <input type="hidden" name="expectedWorker" value="\(m.expectedWorker)">
            <input type="hidden" name="expectedSecond" value="\(m.expectedSecond)">
            \(Components.select(name: "worker", label: l("casework.worker"), options: options, selected: m.worker,
                                hint: l("casework.worker-hint"), errors: m.errors, l: l))
            \(Components.select(name: "secondWorker", label: l("casework.second-worker"), options: secondOptions, selected: m.secondWorker,
                                errors: m.errors, l: l))
            \(Components.button(l("casework.save-workers")))
            </form>
            """, status: status, hasErrors: !m.errors.isEmpty,
            backLink: (Href.case(m.reference).fragment("casework"), l("casework.back-to-case")), language: l.language)
    }

    // MARK: Notes

    struct NotesPage {
        var reference: String
        var notes: [CaseworkStore.Note]
        var canEdit: Bool
        var noteID: String
        var kind: String?
        var on: String?
        var text: String?
        var errors: FormErrors
        var csrf: String
        var done: Done?
    }

    static func notes(_ m: NotesPage, l: Localiser) -> Page {
        let rows: [[HTML]] = m.notes.map { note in
            [HTML("\(l.day(note.on))"), HTML("\(kind(note.kind, l: l))"), HTML("<span class=\"pre-wrap\">\(note.text)</span>"), HTML("\(note.recordedBy)")]
        }
        let form: HTML = m.canEdit ? HTML("""
            <h2 class="heading-m" id="add-note" tabindex="-1">\(l("casework.add-note-heading"))</h2>
            <form method="post" action="\(Href.caseNotes(m.reference))" novalidate>
            \(Components.csrfField(m.csrf))
            <input type="hidden" name="noteID" value="\(m.noteID)">
            \(Components.radios(name: "kind", legend: l("casework.note-kind-legend"), options: CaseNoteKind.allCases.map { ($0.rawValue, $0.label(l)) },
                                selected: m.kind, hint: l("casework.note-kind-hint"), errors: m.errors, l: l))
            \(Components.textInput(name: "on", label: l("casework.note-on-label"), value: m.on, type: "date", errors: m.errors, l: l))
            \(Components.textArea(name: "note", label: l("casework.note-label"), value: m.text, hint: l("casework.note-hint"), rows: 6,
                                  errors: m.errors, l: l))
            \(Components.button(l("casework.save-note")))
            </form>
            """) : .empty
        return Page(title: l("casework.notes-title", ["reference": m.reference]), content: """
            \(Components.errorSummary(m.errors, l))
            \(m.done?.notice(l))
            <span class="caption">\(l("casework.caption", ["reference": m.reference]))</span>
            <h1 class="heading-l">\(l("casework.notes-heading"))</h1>
            \(m.notes.isEmpty ? HTML("<p class=\"body\">\(l("casework.no-notes"))</p>")
                : Components.table(caption: l("casework.notes-caption"), headers: [l("casework.column-date"), l("casework.column-kind"),
                                                                                  l("casework.column-note"), l("casework.column-by")], rows: rows))
            \(form)
            """, status: m.errors.isEmpty ? .ok : .unprocessableEntity, hasErrors: !m.errors.isEmpty,
            backLink: (Href.case(m.reference).fragment("casework"), l("casework.back-to-case")), language: l.language)
    }

    // MARK: Tasks

    struct TaskForm {
        var reference: String
        var people: [CaseworkStore.Person]
        var taskKey: String
        var title: String?
        var owner: String?
        var due: String?
        var errors: FormErrors
        var csrf: String
    }

    static func newTask(_ m: TaskForm, l: Localiser) -> Page {
        let options = [("", l("casework.choose-person"))] + m.people.map { ($0.id.uuidString, $0.name) }
        return Page(title: l("casework.task-title"), content: """
            \(Components.errorSummary(m.errors, l))
            <span class="caption">\(l("casework.caption", ["reference": m.reference]))</span>
            <h1 class="heading-l">\(l("casework.task-title"))</h1>
            <form method="post" action="\(Href.newCaseTask(m.reference))" novalidate>
            \(Components.csrfField(m.csrf))
            <input type="hidden" name="taskKey" value="\(m.taskKey)">
            \(Components.textInput(name: "title", label: l("casework.task-title-label"), value: m.title, hint: l("casework.task-title-hint"),
                                   errors: m.errors, l: l))
            \(Components.select(name: "owner", label: l("casework.task-owner-label"), options: options, selected: m.owner,
                                hint: l("casework.task-owner-hint"), errors: m.errors, l: l))
            \(Components.textInput(name: "due", label: l("casework.task-due-label"), value: m.due, type: "date", errors: m.errors, l: l))
            \(Components.button(l("casework.save-task")))
            </form>
            """, status: m.errors.isEmpty ? .ok : .unprocessableEntity, hasErrors: !m.errors.isEmpty,
            backLink: (Href.case(m.reference).fragment("casework"), l("casework.back-to-case")), language: l.language)
    }

    // MARK: My cases

    struct MineRow {
        var reference: String
        var stage: Stage
        var identifiedOn: Day
        var second: Bool
    }

    static func mine(_ rows: [MineRow], l: Localiser) -> Page {
        let body: [[HTML]] = rows.map { row in
            [HTML("<a href=\"\(Href.case(row.reference))\">\(row.reference)</a>"), HTML("\(row.stage.label)"), HTML("\(l.day(row.identifiedOn))"),
             HTML("\(row.second ? l("casework.as-second-worker") : l("casework.as-worker"))")]
        }
        return Page(title: l("casework.mine-title"), content: """
            <h1 class="heading-l">\(l("casework.mine-title"))</h1>
            <p class="body">\(l("casework.mine-intro"))</p>
            \(rows.isEmpty ? HTML("<p class=\"body\">\(l("casework.mine-none"))</p>")
                : Components.table(caption: l("casework.mine-caption"), headers: [l("casework.column-reference"), l("casework.column-stage"),
                                                                                 l("casework.column-identified"), l("casework.column-role")], rows: body))
            """, language: l.language)
    }
}
