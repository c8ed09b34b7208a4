import Foundation
import LanternCore

/// The conference's record of a case (outcome, actions), one action, and the minutes, in the
/// viewer's language. Decisions, actions and minutes arrive opened; the pages escape them.
enum ConferenceOutcomePages {
    struct ActionRow {
        var id: String
        var what: String
        var owner: String
        var due: Day
        var state: ConferenceActionState
    }

    struct Item {
        var itemID: String
        var meetingID: String
        var seriesName: String
        var heldOn: Day
        var reference: String
        var nominatedRisk: ConferenceRiskLevel
        var carried: Bool
        var outcome: (risk: ConferenceRiskLevel, decisions: String, review: Day?)?
        var actions: [ActionRow]
        var isChair: Bool
        var owners: [(value: String, label: String)]
        var outcomeValues: (risk: String, decisions: String, review: String)
        var actionValues: (what: String, owner: String, due: String)
        var outcomeErrors = FormErrors()
        var actionErrors = FormErrors()
        var done: String?
    }

    static func riskLabel(_ risk: ConferenceRiskLevel, _ l: Localiser) -> String {
        switch risk {
        case .standard: l("conference-outcomes.risk.standard")
        case .medium: l("conference-outcomes.risk.medium")
        case .high: l("conference-outcomes.risk.high")
        }
    }

    static func stateTag(_ state: ConferenceActionState, due: Day, today: Day, _ l: Localiser) -> HTML {
        switch state {
        case .done: Components.tag(l("conference-outcomes.state.done"), colour: "green")
        case .dropped: Components.tag(l("conference-outcomes.state.dropped"), colour: "grey")
        case .open: ConferenceActionRules.isOverdue(due: due, state: state, today: today)
            ? Components.tag(l("conference-outcomes.state.overdue"), colour: "red") : Components.tag(l("conference-outcomes.state.open"), colour: "blue")
        }
    }

    static func actionsTable(_ rows: [ActionRow], today: Day, l: Localiser) -> HTML {
        guard !rows.isEmpty else { return HTML("<p class=\"body\">\(l("conference-outcomes.actions.none"))</p>") }
        let table: [[HTML]] = rows.map { row in
            [HTML("<a href=\"\(Href.conferenceAction(row.id))\">\(row.what)</a>"), HTML("\(row.owner)"), HTML("\(l.day(row.due))"),
             stateTag(row.state, due: row.due, today: today, l)]
        }
        return Components.table(caption: l("conference-outcomes.actions.caption"),
                                headers: [l("conference-outcomes.column.what"), l("conference-outcomes.column.owner"),
                                          l("conference-outcomes.column.due"), l("conference-outcomes.column.state")], rows: table)
    }

    static func item(_ model: Item, today: Day, csrf: String, l: Localiser) -> Page {
        let title = l("conference-outcomes.item.title", ["reference": model.reference])
        let outcome: HTML
        if let recorded = model.outcome {
            outcome = Components.summaryList([
                (key: l("conference-outcomes.outcome.risk"), value: HTML("\(riskLabel(recorded.risk, l))")),
                (key: l("conference-outcomes.outcome.decisions"), value: HTML("<span class=\"preserve-lines\">\(recorded.decisions)</span>")),
                (key: l("conference-outcomes.outcome.review"), value: HTML("\(recorded.review.map { l.day($0) } ?? l("conference-outcomes.outcome.no-review"))")),
            ])
        } else {
            outcome = HTML("<p class=\"body\">\(l("conference-outcomes.outcome.not-yet"))</p>")
        }
        let errors = FormErrors(model.outcomeErrors.items + model.actionErrors.items)
        let riskOptions = ConferenceRiskLevel.allCases.map { (value: $0.rawValue, label: riskLabel($0, l)) }
        let chairForms: HTML = model.isChair ? HTML("""
            <h2 class="heading-m" id="outcome-form-heading">\(l("conference-outcomes.outcome.form-title"))</h2>
            <form method="post" action="\(Href.conferenceOutcome(model.itemID))" novalidate aria-labelledby="outcome-form-heading">
            \(Components.csrfField(csrf))
            \(Components.radios(name: "risk", legend: l("conference-outcomes.outcome.risk"), options: riskOptions, selected: model.outcomeValues.risk,
                                inline: true, errors: model.outcomeErrors, l: l))
            \(Components.textArea(name: "decisions", label: l("conference-outcomes.outcome.decisions"), value: model.outcomeValues.decisions,
                                  hint: l("conference-outcomes.outcome.decisions-hint"), errors: model.outcomeErrors, l: l))
            \(Components.textInput(name: "review", label: l("conference-outcomes.outcome.review"), value: model.outcomeValues.review,
                                   hint: l("conference-outcomes.date-hint"), type: "date", errors: model.outcomeErrors, l: l))
            \(Components.button(l("conference-outcomes.outcome.save")))
            </form>
            <h2 class="heading-m" id="action-form-heading">\(l("conference-outcomes.action.form-title"))</h2>
            <form method="post" action="\(Href.conferenceItemActions(model.itemID))" novalidate aria-labelledby="action-form-heading">
            \(Components.csrfField(csrf))
            \(Components.textArea(name: "what", label: l("conference-outcomes.action.what"), value: model.actionValues.what,
                                  hint: l("conference-outcomes.action.what-hint"), rows: 3, errors: model.actionErrors, l: l))
            \(Components.select(name: "owner", label: l("conference-outcomes.action.owner"), options: model.owners, selected: model.actionValues.owner,
                                hint: l("conference-outcomes.action.owner-hint"), errors: model.actionErrors, l: l))
            \(Components.textInput(name: "due", label: l("conference-outcomes.action.due"), value: model.actionValues.due,
                                   hint: l("conference-outcomes.date-hint"), type: "date", errors: model.actionErrors, l: l))
            \(Components.button(l("conference-outcomes.action.add")))
            </form>
            """) : .empty
        let done: HTML = model.done.map { _ in
            Components.notification(title: l("conference-outcomes.saved"), body: HTML("<p class=\"body\">\(l("conference-outcomes.saved-text"))</p>"))
        } ?? .empty
        var page = Page(title: title, content: """
            \(Components.errorSummary(errors, l))
            \(done)
            <span class="caption-l">\(l("conference-outcomes.meeting-caption", ["series": model.seriesName, "date": l.day(model.heldOn)]))</span>
            <h1 class="heading-l">\(title)</h1>
            \(Components.summaryList([
                (key: l("conference-outcomes.item.case"), value: HTML("<a href=\"\(Href.case(model.reference))\">\(model.reference)</a>")),
                (key: l("conference-outcomes.item.nominated-risk"), value: HTML("\(riskLabel(model.nominatedRisk, l))")),
                (key: l("conference-outcomes.item.how"), value: HTML("\(model.carried ? l("conference-outcomes.item.carried") : l("conference-outcomes.item.nominated"))")),
            ]))
            <h2 class="heading-m">\(l("conference-outcomes.outcome.title"))</h2>
            \(outcome)
            <h2 class="heading-m">\(l("conference-outcomes.actions.title"))</h2>
            \(actionsTable(model.actions, today: today, l: l))
            \(chairForms)
            <p class="body"><a href="\(Href.conferenceMeetingBack(model.meetingID))">\(l("conference-outcomes.back-to-meeting"))</a></p>
            """, hasErrors: !errors.isEmpty, backLink: (Href.conferenceMeetingBack(model.meetingID), l("conference-outcomes.back-to-meeting")),
            language: l.language)
        if !errors.isEmpty { page.status = .unprocessableEntity }
        return page
    }

    struct Action {
        var id: String
        var what: String
        var reference: String
        var seriesName: String
        var heldOn: Day
        var owner: String
        var due: Day
        var state: ConferenceActionState
        var doneAt: Date?
        var canMarkDone: Bool
        var canReadMeeting: Bool
        var itemID: String
        var alreadyDone = false
        var justDone = false
    }

    static func action(_ model: Action, today: Day, csrf: String, l: Localiser) -> Page {
        let title = l("conference-outcomes.action.title", ["reference": model.reference])
        let banner: HTML = model.alreadyDone
            ? Components.notification(title: l("conference-outcomes.action.already-done"), body: HTML("<p class=\"body\">\(l("conference-outcomes.action.already-done-text"))</p>"), success: false)
            : model.justDone ? Components.notification(title: l("conference-outcomes.action.marked-done"), body: HTML("<p class=\"body\">\(l("conference-outcomes.action.marked-done-text"))</p>")) : .empty
        let form: HTML = model.canMarkDone && model.state == .open ? HTML("""
            <form method="post" action="\(Href.conferenceActionDone(model.id))" novalidate>
            \(Components.csrfField(csrf))
            \(Components.button(l("conference-outcomes.action.mark-done")))
            </form>
            """) : .empty
        var page = Page(title: title, content: """
            \(banner)
            <span class="caption-l">\(l("conference-outcomes.meeting-caption", ["series": model.seriesName, "date": l.day(model.heldOn)]))</span>
            <h1 class="heading-l">\(title)</h1>
            \(Components.summaryList([
                (key: l("conference-outcomes.column.what"), value: HTML("<span class=\"preserve-lines\">\(model.what)</span>")),
                (key: l("conference-outcomes.column.owner"), value: HTML("\(model.owner)")),
                (key: l("conference-outcomes.column.due"), value: HTML("\(l.day(model.due))")),
                (key: l("conference-outcomes.column.state"), value: HTML("\(stateTag(model.state, due: model.due, today: today, l))\(model.doneAt.map { HTML(" \(l.dateTime($0))") } ?? .empty)")),
            ]))
            \(form)
            \(model.canReadMeeting ? HTML("<p class=\"body\"><a href=\"\(Href.conferenceItem(model.itemID))\">\(l("conference-outcomes.action.to-item"))</a></p>") : .empty)
            """, backLink: (Href.tasks, l("conference-outcomes.action.to-tasks")), language: l.language)
        if model.alreadyDone { page.status = .conflict }
        return page
    }

    struct Minutes {
        var meetingID: String
        var seriesName: String
        var heldOn: Day
        var state: ConferenceMinutesState?
        var text: String?
        var isChair: Bool
        var draft: String
        var errors = FormErrors()
        var conflict = false
        var saved: String?
    }

    static func minutes(_ model: Minutes, csrf: String, l: Localiser) -> Page {
        let title = l("conference-outcomes.minutes.title")
        let stateText: String = switch model.state {
        case .none: l("conference-outcomes.minutes.state-none")
        case .draft: l("conference-outcomes.minutes.state-draft")
        case .approved: l("conference-outcomes.minutes.state-approved")
        }
        let edit: HTML = model.isChair && ConferenceActionRules.mayEditMinutes(model.state) ? HTML("""
            <form method="post" action="\(Href.conferenceMinutes(model.meetingID))" novalidate>
            \(Components.csrfField(csrf))
            \(Components.textArea(name: "text", label: l("conference-outcomes.minutes.text"), value: model.draft,
                                  hint: l("conference-outcomes.minutes.hint"), rows: 12, errors: model.errors, l: l))
            \(Components.button(l("conference-outcomes.minutes.save")))
            </form>
            """) : .empty
        let approve: HTML = model.isChair && ConferenceActionRules.mayApproveMinutes(model.state) ? HTML("""
            <form method="post" action="\(Href.approveConferenceMinutes(model.meetingID))" novalidate>
            \(Components.csrfField(csrf))
            \(Components.button(l("conference-outcomes.minutes.approve"), secondary: true))
            </form>
            """) : .empty
        let banner: HTML = model.conflict
            ? Components.notification(title: l("conference-outcomes.minutes.conflict"), body: HTML("<p class=\"body\">\(l("conference-outcomes.minutes.conflict-text"))</p>"), success: false)
            : model.saved.map { _ in Components.notification(title: l("conference-outcomes.saved"), body: HTML("<p class=\"body\">\(l("conference-outcomes.saved-text"))</p>")) } ?? .empty
        var page = Page(title: title, content: """
            \(Components.errorSummary(model.errors, l))
            \(banner)
            <span class="caption-l">\(l("conference-outcomes.meeting-caption", ["series": model.seriesName, "date": l.day(model.heldOn)]))</span>
            <h1 class="heading-l">\(title)</h1>
            <p class="body">\(l("conference-outcomes.minutes.restricted"))</p>
            \(Components.summaryList([(key: l("conference-outcomes.minutes.state"), value: HTML("\(stateText)"))]))
            \(model.text.map { HTML("<div class=\"preserve-lines body\">\($0)</div>") } ?? .empty)
            \(edit)
            \(approve)
            """, hasErrors: !model.errors.isEmpty, backLink: (Href.conferenceMeetingBack(model.meetingID), l("conference-outcomes.back-to-meeting")),
            language: l.language)
        if !model.errors.isEmpty { page.status = .unprocessableEntity }
        if model.conflict { page.status = .conflict }
        return page
    }

    /// The meeting page's part (W5's page calls `ConferenceOutcomeSection.render`): for each
    /// accepted case, its outcome and actions; the minutes.
    struct SectionRow {
        var itemID: String
        var reference: String
        var carried: Bool
        var outcomeRecorded: Bool
        var openActions: Int
        var overdueActions: Int
    }

    static func section(meetingID: String, rows: [SectionRow], minutesState: ConferenceMinutesState?, l: Localiser) -> HTML {
        let table: [[HTML]] = rows.map { row in
            [HTML("<a href=\"\(Href.conferenceItem(row.itemID))\">\(l("conference-outcomes.section.open", ["reference": row.reference]))</a>"),
             HTML("\(row.carried ? l("conference-outcomes.item.carried") : l("conference-outcomes.item.nominated"))"),
             HTML("\(row.outcomeRecorded ? l("conference-outcomes.section.recorded") : l("conference-outcomes.outcome.not-yet"))"),
             HTML("\(l.number(row.openActions))\(row.overdueActions > 0 ? HTML(" \(Components.tag(l.plural("conference-outcomes.section.overdue", count: row.overdueActions), colour: "red"))") : .empty)")]
        }
        let minutesText: String = switch minutesState {
        case .none: l("conference-outcomes.minutes.state-none")
        case .draft: l("conference-outcomes.minutes.state-draft")
        case .approved: l("conference-outcomes.minutes.state-approved")
        }
        return """
            <section id="conference-outcomes" aria-labelledby="conference-outcomes-heading">
            <h2 class="heading-m" id="conference-outcomes-heading">\(l("conference-outcomes.section.title"))</h2>
            \(rows.isEmpty ? HTML("<p class=\"body\">\(l("conference-outcomes.section.none"))</p>")
                : Components.table(caption: l("conference-outcomes.section.caption"),
                                   headers: [l("conference-outcomes.column.case"), l("conference-outcomes.column.how"),
                                             l("conference-outcomes.column.outcome"), l("conference-outcomes.column.open-actions")], rows: table))
            <p class="body"><a href="\(Href.conferenceMinutes(meetingID))">\(l("conference-outcomes.section.minutes"))</a> (\(minutesText))</p>
            </section>
            """
    }
}
