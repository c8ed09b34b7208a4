import Foundation
import LanternCore
import Vapor

/// A group's meetings: the list, the meeting form, one meeting (its agenda opening with the
/// group's outstanding actions, papers, attendance and quorum), an agenda item's form and
/// the attendance form, in the viewer's language (`l`, from `MeetingPages.localiser`).
/// Titles, names and places are stored text, shown as they are.
enum MeetingPages {
    /// The request's language if the catalogue has all of meetings, else British English.
    static func localiser(_ request: Request) -> Localiser { request.localiser.forPage(areas: "meetings", "components") }

    /// What the redirect after a change says was done (`?done=`).
    enum Done: String { case created, changed, itemAdded = "item-added", itemChanged = "item-changed", itemRemoved = "item-removed",
                        paperAdded = "paper-added", paperRemoved = "paper-removed", attendanceRecorded = "attendance-recorded" }

    // MARK: models

    struct List {
        struct Row {
            var id: String
            var title: String
            var startsAt: Date
            var endsAt: Date
            var status: MeetingStatus
            var isPublic: Bool
        }
        var groupID: String
        var groupName: String
        var canManage: Bool
        var meetings: [Row]
    }

    struct Form {
        var groupID: String
        var groupName: String
        /// Nil for a new meeting.
        var meetingID: String?
        var values: MeetingDraft
        var errors: FormErrors
    }

    struct Item {
        struct PaperRow {
            var id: String
            var fileName: String
            var kind: PaperKind?
            var byteCount: Int
        }
        var id: String
        var title: String
        var presenter: String
        var isConfidential: Bool
        var papers: [PaperRow]
    }

    struct Show {
        var id: String
        var groupID: String
        var groupName: String
        var title: String
        var startsAt: Date
        var endsAt: Date
        var place: String?
        var link: String?
        var isPublic: Bool
        var status: MeetingStatus
        var canManage: Bool
        var today: Day
        var actions: [OutstandingActions.Row]
        var items: [Item]
        var attendance: AttendanceController.Summary
        var itemValues: (title: String, presenter: String, confidential: Bool)
        var errors: FormErrors
        var done: Done?
        var maxBytes: Int
    }

    struct ItemForm {
        var meetingID: String
        var itemID: String
        var meetingTitle: String
        var title: String
        var presenter: String
        var isConfidential: Bool
        var errors: FormErrors
    }

    struct Attendance {
        var meetingID: String
        var title: String
        var startsAt: Date
        var summary: AttendanceController.Summary
        var guestName: String
        var guestOrganisation: String
        var guestStatus: String
        var errors: FormErrors
        var done: Bool
    }

    // MARK: words

    static func status(_ status: MeetingStatus, l: Localiser) -> String {
        switch status {
        case .scheduled: l("meetings.status-scheduled")
        case .held: l("meetings.status-held")
        case .cancelled: l("meetings.status-cancelled")
        }
    }

    static func attendance(_ status: AttendanceStatus?, l: Localiser) -> String {
        switch status {
        case .present?: l("meetings.attendance-present")
        case .apologies?: l("meetings.attendance-apologies")
        case .absent?: l("meetings.attendance-absent")
        case nil: l("meetings.attendance-not-recorded")
        }
    }

    static func role(_ role: GroupRole?, l: Localiser) -> String {
        switch role {
        case .chair?: l("meetings.role-chair")
        case .viceChair?: l("meetings.role-vice-chair")
        case .secretariat?: l("meetings.role-secretariat")
        case .member?: l("meetings.role-member")
        case .observer?: l("meetings.role-observer")
        case .adviser?: l("meetings.role-adviser")
        case nil: l("meetings.role-guest")
        }
    }

    static func quorum(_ outcome: Quorum.Outcome, l: Localiser) -> String {
        switch outcome {
        case .quorate(let present, let quorum):
            l("meetings.quorate", ["present": l.number(present), "quorum": l.number(quorum)])
        case .notQuorate(let present, let quorum):
            l("meetings.not-quorate", ["present": l.number(present), "quorum": l.number(quorum)])
        case .noQuorumSet(let present):
            l("meetings.no-quorum", ["present": l.number(present)])
        }
    }

    static func kind(_ kind: PaperKind?, l: Localiser) -> String {
        switch kind {
        case .pdf?: l("meetings.kind-pdf")
        case .docx?, .doc?, .odt?: l("meetings.kind-document")
        case .xlsx?, .xls?, .ods?: l("meetings.kind-spreadsheet")
        case .pptx?, .ppt?, .odp?: l("meetings.kind-presentation")
        case .png?, .jpeg?, .webp?: l("meetings.kind-image")
        case nil: l("meetings.kind-file")
        }
    }

    /// "1.2 MB", "340 KB", "512 bytes".
    static func size(_ bytes: Int, l: Localiser) -> String {
        if bytes >= 1_048_576 { return l("meetings.size-mb", ["size": decimal(Double(bytes) / 1_048_576, l: l)]) }
        if bytes >= 1024 { return l("meetings.size-kb", ["size": l.number(Int((Double(bytes) / 1024).rounded()))]) }
        return l.plural("meetings.size-bytes", count: bytes)
    }

    private static func decimal(_ value: Double, l: Localiser) -> String {
        value.formatted(.number.precision(.fractionLength(0...1)).locale(l.language.locale))
    }

    /// The rules' problems in words, by field.
    static func errors(_ problems: MeetingRules.Problems, l: Localiser) -> FormErrors {
        var errors = FormErrors()
        for (field, problem) in problems.items {
            let message: String = switch problem {
            case .titleMissing: l("meetings.title-missing")
            case .titleTooLong(let limit): l("meetings.title-too-long", ["limit": l.number(limit)])
            case .controlCharacters: l("meetings.control-characters")
            case .dateInvalid: l("meetings.date-invalid")
            case .timeInvalid: l("meetings.time-invalid")
            case .timeNotInLondon: l("meetings.time-skipped")
            case .endNotAfterStart: l("meetings.end-before-start")
            case .whereMissing: l("meetings.where-missing")
            case .placeTooLong(let limit): l("meetings.place-too-long", ["limit": l.number(limit)])
            case .linkNotHTTPS: l("meetings.link-not-https")
            case .linkInvalid: l("meetings.link-invalid")
            case .statusInvalid: l("meetings.status-invalid")
            }
            errors.add(field, message)
        }
        return errors
    }

    /// An agenda item's title and presenter, checked.
    static func itemErrors(title: String, presenter: String, l: Localiser) -> FormErrors {
        var errors = FormErrors()
        switch MeetingRules.textProblem(title, limit: MeetingRules.titleLimit, required: true) {
        case .titleMissing?: errors.add("itemTitle", l("meetings.item-title-missing"))
        case .titleTooLong?: errors.add("itemTitle", l("meetings.title-too-long", ["limit": l.number(MeetingRules.titleLimit)]))
        case .some: errors.add("itemTitle", l("meetings.control-characters"))
        case nil: break
        }
        switch MeetingRules.textProblem(presenter, limit: MeetingRules.titleLimit, required: false) {
        case .titleTooLong?: errors.add("presenter", l("meetings.presenter-too-long", ["limit": l.number(MeetingRules.titleLimit)]))
        case .some: errors.add("presenter", l("meetings.control-characters"))
        case nil: break
        }
        return errors
    }

    /// Why a paper was refused, in words that say what to do.
    static func paperProblem(_ problem: PaperProblem, l: Localiser) -> String {
        switch problem {
        case .empty: l("meetings.paper-missing")
        case .tooLarge(let limit): l("meetings.paper-too-large", ["limit": size(limit, l: l)])
        case .endingNotAllowed(let ending?): l("meetings.paper-ending-not-allowed", ["ending": ending])
        case .endingNotAllowed(nil): l("meetings.paper-no-ending")
        case .notWhatNameSays(let claimed, let ending, _): l("meetings.paper-not-what-name-says", ["kind": kindName(claimed, l: l), "ending": ending])
        case .suspiciousArchive: l("meetings.paper-suspicious")
        case .containsMacros: l("meetings.paper-macros")
        }
    }

    /// "a PDF", "a Word document", … for the refusal message.
    static func kindName(_ kind: PaperKind, l: Localiser) -> String {
        switch kind {
        case .pdf: l("meetings.name-pdf")
        case .docx, .doc: l("meetings.name-word")
        case .xlsx, .xls: l("meetings.name-excel")
        case .pptx, .ppt: l("meetings.name-powerpoint")
        case .odt: l("meetings.name-odt")
        case .ods: l("meetings.name-ods")
        case .odp: l("meetings.name-odp")
        case .png: l("meetings.name-png")
        case .jpeg: l("meetings.name-jpeg")
        case .webp: l("meetings.name-webp")
        }
    }

    /// "3 March 2026, 10:00 to 12:00".
    static func when(_ start: Date, _ end: Date, l: Localiser) -> String {
        l("meetings.when", ["start": l.dateTime(start), "end": LondonTime.wallClock(end).time])
    }

    // MARK: pages

    static func list(_ m: List, l: Localiser) -> Page {
        let rows: [[HTML]] = m.meetings.map { meeting in
            [HTML("<a href=\"\(Href.meeting(meeting.id))\">\(meeting.title)</a>"),
             HTML("\(when(meeting.startsAt, meeting.endsAt, l: l))"),
             HTML("\(status(meeting.status, l: l))"),
             HTML("\(meeting.isPublic ? l("meetings.public-yes") : l("meetings.public-no"))")]
        }
        return Page(title: l("meetings.list-title", ["group": m.groupName]), content: """
            <h1 class="heading-l">\(l("meetings.list-title", ["group": m.groupName]))</h1>
            \(m.canManage ? HTML("<p class=\"body\"><a href=\"\(Href.newMeeting(m.groupID))\" class=\"button\">\(l("meetings.new-link"))</a></p>") : .empty)
            \(m.meetings.isEmpty ? HTML("<p class=\"body\">\(l("meetings.none"))</p>")
                : Components.table(caption: l("meetings.list-caption", ["group": m.groupName]),
                                   headers: [l("meetings.column-meeting"), l("meetings.column-when"), l("meetings.column-status"),
                                             l("meetings.column-public")], rows: rows))
            """, backLink: (Href.group(m.groupID), l("meetings.back-to-group")), language: l.language)
    }

    static func form(_ m: Form, csrf: String, l: Localiser) -> Page {
        let v = m.values
        let action = m.meetingID.map(Href.editMeeting) ?? Href.newMeeting(m.groupID)
        let title = m.meetingID == nil ? l("meetings.new-title") : l("meetings.edit-title")
        return Page(title: title, content: """
            \(Components.errorSummary(m.errors, l))
            <span class="caption">\(m.groupName)</span>
            <h1 class="heading-l">\(title)</h1>
            <form method="post" action="\(action)" novalidate>
            \(Components.csrfField(csrf))
            \(Components.textInput(name: "title", label: l("meetings.field-title"), value: v.title, errors: m.errors, l: l))
            \(Components.textInput(name: "date", label: l("meetings.field-date"), value: v.date, hint: l("meetings.field-date-hint"),
                                   type: "date", width: 10, errors: m.errors, l: l))
            \(Components.textInput(name: "startTime", label: l("meetings.field-start"), value: v.startTime, hint: l("meetings.field-time-hint"),
                                   type: "time", width: 5, errors: m.errors, l: l))
            \(Components.textInput(name: "endTime", label: l("meetings.field-end"), value: v.endTime, hint: l("meetings.field-time-hint"),
                                   type: "time", width: 5, errors: m.errors, l: l))
            \(Components.textInput(name: "place", label: l("meetings.field-place"), value: v.place, hint: l("meetings.field-place-hint"),
                                   errors: m.errors, l: l))
            \(Components.textInput(name: "link", label: l("meetings.field-link"), value: v.link, hint: l("meetings.field-link-hint"),
                                   type: "url", errors: m.errors, l: l))
            \(Components.checkboxes(name: "isPublic", legend: l("meetings.field-public"), options: [("yes", l("meetings.field-public-yes"))],
                                    checked: v.isPublic ? ["yes"] : [], hint: l("meetings.field-public-hint"), errors: m.errors, l: l))
            \(Components.radios(name: "status", legend: l("meetings.field-status"),
                                options: MeetingStatus.allCases.map { ($0.rawValue, status($0, l: l)) }, selected: v.status,
                                inline: true, errors: m.errors, l: l))
            \(Components.button(m.meetingID == nil ? l("meetings.create") : l("meetings.save")))
            </form>
            """, status: m.errors.isEmpty ? .ok : .unprocessableEntity, hasErrors: !m.errors.isEmpty,
            backLink: m.meetingID.map { (Href.meeting($0), l("meetings.back-to-meeting")) } ?? (Href.groupMeetings(m.groupID), l("meetings.back-to-list")),
            language: l.language)
    }

    static func show(_ m: Show, csrf: String, l: Localiser) -> Page {
        let notice: HTML = switch m.done {
        case .created: Components.notification(title: l("meetings.created"), body: "\(l("meetings.created-text"))")
        case .changed: Components.notification(title: l("meetings.changed"), body: .empty)
        case .itemAdded: Components.notification(title: l("meetings.item-added"), body: .empty)
        case .itemChanged: Components.notification(title: l("meetings.item-changed"), body: .empty)
        case .itemRemoved: Components.notification(title: l("meetings.item-removed"), body: .empty)
        case .paperAdded: Components.notification(title: l("meetings.paper-added"), body: .empty)
        case .paperRemoved: Components.notification(title: l("meetings.paper-removed"), body: .empty)
        case .attendanceRecorded: Components.notification(title: l("meetings.attendance-recorded"), body: .empty)
        case nil: .empty
        }
        var details: [(key: String, value: HTML)] = [
            (l("meetings.field-group"), HTML("<a href=\"\(Href.groupMeetings(m.groupID))\">\(m.groupName)</a>")),
            (l("meetings.field-when"), HTML("\(when(m.startsAt, m.endsAt, l: l))")),
        ]
        if let place = m.place { details.append((l("meetings.field-place"), HTML("\(place)"))) }
        if let link = m.link {
            // Only https links were ever stored (MeetingRules.linkProblem).
            details.append((l("meetings.field-link"), HTML("<a href=\"\(link)\" rel=\"noopener noreferrer\">\(link)</a>")))
        }
        details.append((l("meetings.field-public"), HTML("\(m.isPublic ? l("meetings.public-yes") : l("meetings.public-no"))")))
        details.append((l("meetings.field-status"), HTML("\(status(m.status, l: l))")))
        let manageLinks: HTML = m.canManage ? """
            <p class="body"><a href="\(Href.editMeeting(m.id))">\(l("meetings.edit-link"))</a> · <a href="\(Href.meetingAttendance(m.id))">\(l("meetings.attendance-link"))</a></p>
            """ : .empty
        let attendanceRows: [[HTML]] = m.attendance.lines.filter { $0.status != nil }.map { line in
            [HTML("\(line.name)"), HTML("\(line.organisation)"), HTML("\(role(line.role, l: l))"), HTML("\(attendance(line.status, l: l))")]
        }
        let actionRows: [[HTML]] = m.actions.map { action in
            let overdue = ActionDue.isOverdue(dueOn: action.dueOn, today: m.today)
            return [HTML("\(action.title)"), HTML("\(action.ownerOrganisation)"),
                    HTML("\(action.dueOn.map(l.day) ?? l("meetings.no-due-date"))"),
                    overdue ? Components.tag(l("meetings.overdue"), colour: "red") : Components.tag(l("meetings.outstanding"))]
        }
        let items = m.items.enumerated().map { index, item in itemSection(item, number: index + 2, first: index == 0, last: index == m.items.count - 1,
                                                                       meetingID: m.id, canManage: m.canManage, errors: m.errors,
                                                                       maxBytes: m.maxBytes, csrf: csrf, l: l) }
        let addItem: HTML = m.canManage ? """
            <h3 class="heading-s">\(l("meetings.add-item-heading"))</h3>
            <form method="post" action="\(Href.addAgendaItem(m.id))" novalidate>
            \(Components.csrfField(csrf))
            \(Components.textInput(name: "title", label: l("meetings.item-title"), value: m.itemValues.title, errors: m.errors, id: "itemTitle", l: l))
            \(Components.textInput(name: "presenter", label: l("meetings.item-presenter"), value: m.itemValues.presenter,
                                   hint: l("meetings.item-presenter-hint"), errors: m.errors, l: l))
            \(Components.checkboxes(name: "isConfidential", legend: l("meetings.item-confidential"),
                                    options: [("yes", l("meetings.item-confidential-yes"))], checked: m.itemValues.confidential ? ["yes"] : [],
                                    hint: l("meetings.item-confidential-hint"), errors: m.errors, l: l))
            \(Components.button(l("meetings.add-item"), secondary: true))
            </form>
            """ : .empty
        return Page(title: m.title, content: """
            \(notice)
            \(Components.errorSummary(m.errors, l))
            <span class="caption">\(m.groupName)</span>
            <h1 class="heading-l">\(m.title)</h1>
            \(Components.summaryList(details))
            <p class="body"><a href="\(Href.meetingMinutes(m.id))">\(l("meetings.minutes-link"))</a></p>
            \(manageLinks)
            <h2 class="heading-m" id="attendance">\(l("meetings.attendance-heading"))</h2>
            <p class="body"><strong>\(quorum(m.attendance.outcome, l: l))</strong></p>
            \(attendanceRows.isEmpty ? HTML("<p class=\"body\">\(l("meetings.attendance-none"))</p>")
                : Components.table(caption: l("meetings.attendance-caption"),
                                   headers: [l("meetings.column-person"), l("meetings.column-organisation"), l("meetings.column-role"),
                                             l("meetings.column-attendance")], rows: attendanceRows))
            <h2 class="heading-m" id="agenda">\(l("meetings.agenda-heading"))</h2>
            <ol class="agenda">
            <li class="agenda__item"><h3 class="heading-s">\(l("meetings.actions-heading"))</h3>
            \(actionRows.isEmpty ? HTML("<p class=\"body\">\(l("meetings.actions-none"))</p>")
                : Components.table(caption: l("meetings.actions-caption"),
                                   headers: [l("meetings.column-action"), l("meetings.column-owner"), l("meetings.column-due"),
                                             l("meetings.column-standing")], rows: actionRows))
            </li>
            \(items)
            </ol>
            \(addItem)
            """, status: m.errors.isEmpty ? .ok : .unprocessableEntity, hasErrors: !m.errors.isEmpty,
            backLink: (Href.groupMeetings(m.groupID), l("meetings.back-to-list")), language: l.language)
    }

    private static func itemSection(_ item: Item, number: Int, first: Bool, last: Bool, meetingID: String, canManage: Bool,
                                    errors: FormErrors, maxBytes: Int, csrf: String, l: Localiser) -> HTML {
        let papers: [HTML] = item.papers.map { paper in
            let remove: HTML = canManage ? """
                <form method="post" action="\(Href.removePaper(paper.id))" class="inline-form">\(Components.csrfField(csrf))\
                <button type="submit" class="link-button">\(l("meetings.remove-paper"))<span class="visually-hidden"> \(paper.fileName)</span></button></form>
                """ : .empty
            return HTML("""
                <li><a href="\(Href.paper(paper.id))" download>\(paper.fileName)</a> \
                (\(kind(paper.kind, l: l)), \(size(paper.byteCount, l: l))) \(remove)</li>
                """)
        }
        let manage: HTML = canManage ? """
            <div class="agenda__actions">
            <a href="\(Href.agendaItem(meetingID, item.id))">\(l("meetings.edit-item"))<span class="visually-hidden"> \(item.title)</span></a>
            \(first ? HTML.empty : HTML("""
                <form method="post" action="\(Href.moveAgendaItemUp(meetingID, item.id))" class="inline-form">\(Components.csrfField(csrf))\
                <button type="submit" class="link-button">\(l("meetings.move-up"))<span class="visually-hidden"> \(item.title)</span></button></form>
                """))
            \(last ? HTML.empty : HTML("""
                <form method="post" action="\(Href.moveAgendaItemDown(meetingID, item.id))" class="inline-form">\(Components.csrfField(csrf))\
                <button type="submit" class="link-button">\(l("meetings.move-down"))<span class="visually-hidden"> \(item.title)</span></button></form>
                """))
            <form method="post" action="\(Href.removeAgendaItem(meetingID, item.id))" class="inline-form">\(Components.csrfField(csrf))\
            <button type="submit" class="link-button">\(l("meetings.remove-item"))<span class="visually-hidden"> \(item.title)</span></button></form>
            </div>
            <form method="post" action="\(Href.uploadPaper(meetingID, item.id))" enctype="multipart/form-data" novalidate>
            \(Components.csrfField(csrf))
            \(Components.textInput(name: "file", label: l("meetings.paper-file-for", ["item": item.title]), hint: l("meetings.paper-hint", ["limit": size(maxBytes, l: l)]),
                                   type: "file", errors: errors, id: "file-\(item.id)", l: l))
            <button type="submit" class="button button--secondary">\(l("meetings.upload"))<span class="visually-hidden"> \(item.title)</span></button>
            </form>
            """ : .empty
        return """
            <li class="agenda__item" id="item-\(item.id)"><h3 class="heading-s">\(item.title)\
            \(item.isConfidential ? HTML(" \(Components.tag(l("meetings.confidential"), colour: "red"))") : .empty)</h3>
            \(item.presenter.isEmpty ? HTML.empty : HTML("<p class=\"body\">\(l("meetings.presented-by", ["presenter": item.presenter]))</p>"))
            \(papers.isEmpty ? HTML("<p class=\"body hint\">\(l("meetings.no-papers"))</p>") : HTML("<ul class=\"list\">\(papers)</ul>"))
            \(manage)
            </li>
            """
    }

    static func itemForm(_ m: ItemForm, csrf: String, l: Localiser) -> Page {
        Page(title: l("meetings.edit-item-title"), content: """
            \(Components.errorSummary(m.errors, l))
            <span class="caption">\(m.meetingTitle)</span>
            <h1 class="heading-l">\(l("meetings.edit-item-title"))</h1>
            <form method="post" action="\(Href.agendaItem(m.meetingID, m.itemID))" novalidate>
            \(Components.csrfField(csrf))
            \(Components.textInput(name: "title", label: l("meetings.item-title"), value: m.title, errors: m.errors, id: "itemTitle", l: l))
            \(Components.textInput(name: "presenter", label: l("meetings.item-presenter"), value: m.presenter,
                                   hint: l("meetings.item-presenter-hint"), errors: m.errors, l: l))
            \(Components.checkboxes(name: "isConfidential", legend: l("meetings.item-confidential"),
                                    options: [("yes", l("meetings.item-confidential-yes"))], checked: m.isConfidential ? ["yes"] : [],
                                    hint: l("meetings.item-confidential-hint"), errors: m.errors, l: l))
            \(Components.button(l("meetings.save")))
            </form>
            """, status: m.errors.isEmpty ? .ok : .unprocessableEntity, hasErrors: !m.errors.isEmpty,
            backLink: (Href.meeting(m.meetingID), l("meetings.back-to-meeting")), language: l.language)
    }

    static func attendance(_ m: Attendance, csrf: String, l: Localiser) -> Page {
        let options = AttendanceStatus.allCases.map { ($0.rawValue, attendance($0, l: l)) }
        let lines: [HTML] = m.summary.lines.map { line in
            let field = line.userID.map { "member-\($0.uuidString)" } ?? "guest-\(line.attendanceID?.uuidString ?? "")"
            let legend = l("meetings.attendance-of", ["name": line.name, "organisation": line.organisation.isEmpty ? "—" : line.organisation,
                                                      "role": role(line.role, l: l)])
            return Components.radios(name: field, legend: legend, options: options, selected: line.status?.rawValue, inline: true,
                                     errors: m.errors, l: l)
        }
        let guests: [HTML] = m.summary.lines.filter { $0.userID == nil }.compactMap { line in
            guard let id = line.attendanceID else { return nil }
            return HTML("""
                <li>\(line.name) \
                <form method="post" action="\(Href.removeMeetingGuest(m.meetingID, id.uuidString))" class="inline-form">\(Components.csrfField(csrf))\
                <button type="submit" class="link-button">\(l("meetings.remove-guest"))<span class="visually-hidden"> \(line.name)</span></button></form></li>
                """)
        }
        return Page(title: l("meetings.attendance-title"), content: """
            \(m.done ? Components.notification(title: l("meetings.attendance-recorded"), body: .empty) : .empty)
            \(Components.errorSummary(m.errors, l))
            <span class="caption">\(m.title), \(l.dateTime(m.startsAt))</span>
            <h1 class="heading-l">\(l("meetings.attendance-title"))</h1>
            <p class="body"><strong>\(quorum(m.summary.outcome, l: l))</strong></p>
            <p class="body hint">\(l("meetings.quorum-rule"))</p>
            \(lines.isEmpty ? HTML("<p class=\"body\">\(l("meetings.no-members"))</p>") : """
                <form method="post" action="\(Href.meetingAttendance(m.meetingID))" novalidate>
                \(Components.csrfField(csrf))
                \(lines)
                \(Components.button(l("meetings.record-attendance")))
                </form>
                """)
            <h2 class="heading-m">\(l("meetings.guests-heading"))</h2>
            \(guests.isEmpty ? HTML.empty : HTML("<ul class=\"list\">\(guests)</ul>"))
            <form method="post" action="\(Href.addMeetingGuest(m.meetingID))" novalidate>
            \(Components.csrfField(csrf))
            \(Components.textInput(name: "name", label: l("meetings.guest-name"), value: m.guestName, errors: m.errors, id: "guestName", l: l))
            \(Components.textInput(name: "organisation", label: l("meetings.guest-organisation"), value: m.guestOrganisation,
                                   errors: m.errors, id: "guestOrganisation", l: l))
            \(Components.radios(name: "status", legend: l("meetings.guest-status"), options: options, selected: m.guestStatus, inline: true,
                                errors: m.errors, id: "guestStatus", l: l))
            \(Components.button(l("meetings.add-guest"), secondary: true))
            </form>
            """, status: m.errors.isEmpty ? .ok : .unprocessableEntity, hasErrors: !m.errors.isEmpty,
            backLink: (Href.meeting(m.meetingID), l("meetings.back-to-meeting")), language: l.language)
    }
}
