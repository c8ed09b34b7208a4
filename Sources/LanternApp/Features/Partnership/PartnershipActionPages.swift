import Foundation
import LanternCore
import Vapor

/// Pages for a group's actions: the secretariat's log (overdue in red and in words, filtered
/// by status), the form for a new action, and one action with its dated updates.
enum PartnershipActionPages {
    static func localiser(_ request: Request) -> Localiser { request.localiser.forPage(areas: "partnership-actions", "components") }

    struct Row {
        var id: String
        var title: String
        var ownerName: String
        var organisationName: String
        var due: Day
        var status: PartnershipActionStatus
        var standing: PartnershipActionStanding
    }

    struct Log {
        var groupID: String
        var groupName: String
        var rows: [Row]
        var filter: PartnershipActionStatus?
        /// Whether the person runs the group (adds actions); members only read the log.
        var canManage = false
    }

    /// The fields of an action as typed (kept on error).
    struct Values {
        var title = ""
        var owner = ""
        var due = ""
        var status = PartnershipActionStatus.open.rawValue
        var dropReason = ""
        var agendaItem = ""
    }

    struct Form {
        var groupID: String
        var groupName: String
        var owners: [(id: String, label: String)]
        var agendaItems: [(id: String, label: String)]
        var values: Values
        var errors: FormErrors
    }

    struct Update {
        var writtenOn: Day
        var by: String
        var text: String
    }

    struct Show {
        var id: String
        var groupID: String
        var groupName: String
        var row: Row
        var dropReason: String?
        var doneOn: Day?
        var from: String?
        var updates: [Update]
        var canUpdate: Bool
        var canManage: Bool
        var updateText: String
        var updateStatus: String
        var updateReason: String
        var edit: Form?
        var errors: FormErrors
        var done: Done?

        enum Done: String { case created, updated, changed }
    }

    static func statusLabel(_ status: PartnershipActionStatus, l: Localiser) -> String {
        switch status {
        case .open: l("partnership-actions.status-open")
        case .inProgress: l("partnership-actions.status-in-progress")
        case .done: l("partnership-actions.status-done")
        case .dropped: l("partnership-actions.status-dropped")
        }
    }

    static func errorMessage(_ problem: PartnershipActionRules.Problem, l: Localiser) -> String {
        switch problem {
        case .titleMissing: l("partnership-actions.error-title-missing")
        case .titleTooLong: l("partnership-actions.error-title-too-long", ["limit": l.number(PartnershipActionRules.titleLimit)])
        case .control: l("partnership-actions.error-control")
        case .ownerMissing: l("partnership-actions.error-owner-missing")
        case .dueMissing: l("partnership-actions.error-due-missing")
        case .dueInvalid: l("partnership-actions.error-due-invalid")
        case .statusInvalid: l("partnership-actions.error-status-invalid")
        case .reasonMissing: l("partnership-actions.error-reason-missing")
        case .reasonTooLong: l("partnership-actions.error-reason-too-long", ["limit": l.number(PartnershipActionRules.reasonLimit)])
        case .textMissing: l("partnership-actions.error-text-missing")
        case .textTooLong: l("partnership-actions.error-text-too-long", ["limit": l.number(PartnershipActionRules.textLimit)])
        }
    }

    /// The due date with its standing: "Overdue" in words and in red, never colour alone.
    static func due(_ row: Row, l: Localiser) -> HTML {
        switch row.standing {
        case .overdue: HTML("\(l.day(row.due)) \(Components.tag(l("partnership-actions.overdue"), colour: "red"))")
        case .dueSoon: HTML("\(l.day(row.due)) \(Components.tag(l("partnership-actions.due-soon"), colour: "yellow"))")
        case .later, .closed: HTML("\(l.day(row.due))")
        }
    }

    static func statusOptions(_ l: Localiser) -> [(value: String, label: String)] {
        PartnershipActionStatus.allCases.map { ($0.rawValue, statusLabel($0, l: l)) }
    }

    static func log(_ m: Log, l: Localiser) -> Page {
        let rows: [[HTML]] = m.rows.map { row in
            [HTML("<a href=\"\(Href.partnershipAction(row.id))\">\(row.title)</a>"),
             HTML("\(row.ownerName)<br><span class=\"hint\">\(row.organisationName)</span>"),
             due(row, l: l), HTML("\(statusLabel(row.status, l: l))")]
        }
        let filter = [("", l("partnership-actions.filter-all"))] + statusOptions(l)
        return Page(title: l("partnership-actions.log-title", ["group": m.groupName]), content: """
            <h1 class="heading-l">\(l("partnership-actions.log-title", ["group": m.groupName]))</h1>
            \(m.canManage ? HTML("<p class=\"body\"><a href=\"\(Href.newPartnershipAction(m.groupID))\" class=\"button\">\(l("partnership-actions.new-link"))</a></p>") : "")
            <form method="get" action="\(Href.groupActions(m.groupID))">
            \(Components.select(name: "status", label: l("partnership-actions.filter-label"), options: filter, selected: m.filter?.rawValue ?? "", errors: FormErrors(), l: l))
            \(Components.button(l("partnership-actions.filter-apply"), secondary: true))
            </form>
            \(m.rows.isEmpty ? HTML("<p class=\"body\">\(l("partnership-actions.none"))</p>")
                : Components.table(caption: l("partnership-actions.log-caption"), headers: [l("partnership-actions.column-action"), l("partnership-actions.column-owner"),
                                                                                        l("partnership-actions.column-due"), l("partnership-actions.column-status")], rows: rows))
            """, backLink: (Href.groupMinutes(m.groupID), l("partnership-actions.back-to-minutes")), language: l.language)
    }

    static func fields(_ f: Form, l: Localiser) -> HTML {
        """
        \(Components.textInput(name: "title", label: l("partnership-actions.title-label"), value: f.values.title, errors: f.errors, l: l))
        \(Components.select(name: "owner", label: l("partnership-actions.owner-label"), options: [("", l("partnership-actions.choose-owner"))] + f.owners.map { ($0.id, $0.label) },
                            selected: f.values.owner, hint: l("partnership-actions.owner-hint"), errors: f.errors, l: l))
        \(Components.textInput(name: "due", label: l("partnership-actions.due-label"), value: f.values.due, hint: l("partnership-actions.due-hint"), type: "date", errors: f.errors, l: l))
        \(Components.select(name: "status", label: l("partnership-actions.status-label"), options: statusOptions(l), selected: f.values.status, errors: f.errors, l: l))
        \(Components.textArea(name: "dropReason", label: l("partnership-actions.reason-label"), value: f.values.dropReason, hint: l("partnership-actions.reason-hint"), rows: 3, errors: f.errors, l: l))
        """
    }

    static func new(_ f: Form, csrf: String, l: Localiser) -> Page {
        Page(title: l("partnership-actions.new-title"), content: """
            \(Components.errorSummary(f.errors, l))
            <p class="hint">\(f.groupName)</p>
            <h1 class="heading-l">\(l("partnership-actions.new-title"))</h1>
            <form method="post" action="\(Href.newPartnershipAction(f.groupID))" novalidate>
            \(Components.csrfField(csrf))
            \(fields(f, l: l))
            \(Components.select(name: "agendaItem", label: l("partnership-actions.agenda-label"), options: [("", l("partnership-actions.agenda-none"))] + f.agendaItems.map { ($0.id, $0.label) },
                                selected: f.values.agendaItem, errors: f.errors, l: l))
            \(Components.button(l("partnership-actions.create")))
            </form>
            """, status: f.errors.isEmpty ? .ok : .unprocessableEntity, hasErrors: !f.errors.isEmpty,
            backLink: (Href.groupActions(f.groupID), l("partnership-actions.back-to-log")), language: l.language)
    }

    static func show(_ m: Show, csrf: String, l: Localiser) -> Page {
        let notice: HTML = switch m.done {
        case .created: Components.notification(title: l("partnership-actions.done-created"), body: .empty)
        case .updated: Components.notification(title: l("partnership-actions.done-updated"), body: .empty)
        case .changed: Components.notification(title: l("partnership-actions.done-changed"), body: .empty)
        case nil: .empty
        }
        var facts: [(key: String, value: HTML)] = [
            (l("partnership-actions.column-owner"), HTML("\(m.row.ownerName), \(m.row.organisationName)")),
            (l("partnership-actions.column-due"), due(m.row, l: l)),
            (l("partnership-actions.column-status"), HTML("\(statusLabel(m.row.status, l: l))")),
        ]
        if let reason = m.dropReason { facts.append((l("partnership-actions.reason-label"), HTML("\(reason)"))) }
        if let day = m.doneOn { facts.append((l("partnership-actions.done-on"), HTML("\(l.day(day))"))) }
        if let from = m.from { facts.append((l("partnership-actions.from"), HTML("\(from)"))) }
        let updates: [[HTML]] = m.updates.map { [HTML("\(l.day($0.writtenOn))"), HTML("\($0.by)"), HTML("<span class=\"pre-wrap\">\($0.text)</span>")] }
        let updateForm: HTML = m.canUpdate ? """
            <h2 class="heading-m">\(l("partnership-actions.update-heading"))</h2>
            <form method="post" action="\(Href.addPartnershipActionUpdate(m.id))" novalidate>
            \(Components.csrfField(csrf))
            \(Components.textArea(name: "text", label: l("partnership-actions.update-label"), value: m.updateText, rows: 4, errors: m.errors, l: l))
            \(Components.select(name: "status", label: l("partnership-actions.status-label"), options: statusOptions(l), selected: m.updateStatus, errors: m.errors, id: "update-status", l: l))
            \(Components.textArea(name: "dropReason", label: l("partnership-actions.reason-label"), value: m.updateReason, hint: l("partnership-actions.reason-hint"), rows: 3, errors: m.errors, id: "update-dropReason", l: l))
            \(Components.button(l("partnership-actions.post-update")))
            </form>
            """ : .empty
        let editForm: HTML = m.edit.map { f in
            HTML("""
                <h2 class="heading-m">\(l("partnership-actions.edit-heading"))</h2>
                <form method="post" action="\(Href.editPartnershipAction(m.id))" novalidate>
                \(Components.csrfField(csrf))
                \(fields(f, l: l))
                \(Components.button(l("partnership-actions.save"), secondary: true))
                </form>
                """)
        } ?? .empty
        return Page(title: m.row.title, content: """
            \(notice)
            \(Components.errorSummary(m.errors, l))
            <p class="hint">\(m.groupName)</p>
            <h1 class="heading-l">\(m.row.title)</h1>
            \(Components.summaryList(facts))
            <h2 class="heading-m">\(l("partnership-actions.updates-heading"))</h2>
            \(m.updates.isEmpty ? HTML("<p class=\"body\">\(l("partnership-actions.no-updates"))</p>")
                : Components.table(caption: l("partnership-actions.updates-caption"), headers: [l("partnership-actions.column-date"), l("partnership-actions.column-by"),
                                                                                            l("partnership-actions.column-update")], rows: updates))
            \(updateForm)
            \(editForm)
            """, status: m.errors.isEmpty ? .ok : .unprocessableEntity, hasErrors: !m.errors.isEmpty,
            backLink: m.canManage ? (Href.groupActions(m.groupID), l("partnership-actions.back-to-log")) : (Href.tasks, l("partnership-actions.back-to-tasks")),
            language: l.language)
    }
}
