import Foundation
import LanternCore
import Vapor

/// The alerts' pages and the case page's alerts section, in the viewer's language.
enum AlertsPages {
    static func localiser(_ request: Request) -> Localiser { request.localiser.forPage(areas: "alerts", "components") }

    enum Step: Equatable { case acknowledge, resolve }

    struct SectionRow {
        var alertID: String
        var kind: AlertKind?
        var state: AlertState
        var raisedOn: Day
        var acknowledgedAt: Date?
        var acknowledgedBy: String?
        var acknowledgeNote: String?
        var resolvedAt: Date?
        var resolvedBy: String?
        var note: String?
    }

    struct ListRow {
        var reference: String
        var kind: AlertKind?
        var raisedOn: Day
        var state: AlertState
        var alertID: String
    }

    static func kindLabel(_ kind: AlertKind?, _ l: Localiser) -> String { kind?.label(l) ?? l("alerts.kind.unknown") }

    static func stateTag(_ state: AlertState, _ l: Localiser) -> HTML {
        switch state {
        case .open: Components.tag(l("alerts.state.open"), colour: "red")
        case .acknowledged: Components.tag(l("alerts.state.acknowledged"), colour: "yellow")
        case .resolved: Components.tag(l("alerts.state.resolved"), colour: "green")
        }
    }

    static func message(_ problem: AlertRules.NoteProblem, l: Localiser) -> String {
        switch problem {
        case .missing: l("alerts.error.note-missing")
        case .tooLong: l("alerts.error.note-too-long", ["max": l.number(AlertRules.noteMaxLength)])
        case .controlCharacters: l("alerts.error.note-control")
        }
    }

    static func daysOpen(_ raised: Day, today: Day, _ l: Localiser) -> String {
        l.plural("alerts.days-open", count: max(0, today.daysSinceEpoch - raised.daysSinceEpoch))
    }

    static func section(_ rows: [SectionRow], reference: String, canEdit: Bool, today: Day, l: Localiser) -> HTML {
        let open = rows.filter { $0.state != .resolved }
        let openRows: [[HTML]] = open.map { row in
            let label = kindLabel(row.kind, l)
            var actions: [HTML] = []
            if canEdit && row.state == .open {
                actions.append(HTML("<a href=\"\(Href.acknowledgeAlert(reference, row.alertID))\">\(l("alerts.acknowledge"))<span class=\"visually-hidden\">: \(label)</span></a>"))
            }
            if canEdit {
                actions.append(HTML("<a href=\"\(Href.resolveAlert(reference, row.alertID))\">\(l("alerts.resolve"))<span class=\"visually-hidden\">: \(label)</span></a>"))
            }
            return [HTML("\(label)"), HTML("\(l.day(row.raisedOn)) (\(daysOpen(row.raisedOn, today: today, l)))"), stateTag(row.state, l),
                    actions.isEmpty ? HTML("\(l("alerts.no-action"))") : HTML("\(actions.map { HTML("\($0) ") })")]
        }
        let historyRows: [[HTML]] = rows.map { row in
            var handled: [HTML] = []
            if let at = row.acknowledgedAt {
                handled.append(HTML("<p class=\"body\">\(l("alerts.history.acknowledged", ["when": l.dateTime(at), "who": row.acknowledgedBy ?? l("alerts.someone")]))\(row.acknowledgeNote.map { HTML("<br>\($0)") } ?? .empty)</p>"))
            }
            if let at = row.resolvedAt {
                handled.append(HTML("<p class=\"body\">\(l("alerts.history.resolved", ["when": l.dateTime(at), "who": row.resolvedBy ?? l("alerts.someone")]))\(row.note.map { HTML("<br>\($0)") } ?? .empty)</p>"))
            }
            return [HTML("\(kindLabel(row.kind, l))"), HTML("\(l.day(row.raisedOn))"), stateTag(row.state, l),
                    handled.isEmpty ? HTML("\(l("alerts.history.not-yet"))") : HTML("\(handled)")]
        }
        return """
            <section id="alerts" aria-labelledby="alerts-heading" class="alerts-section">
            <h2 class="heading-m" id="alerts-heading">\(l("alerts.section.title"))</h2>
            \(open.isEmpty ? HTML("<p class=\"body\">\(l("alerts.section.none-open"))</p>")
                : Components.table(caption: l("alerts.section.open-caption"),
                                   headers: [l("alerts.column.alert"), l("alerts.column.raised"), l("alerts.column.state"), l("alerts.column.action")],
                                   rows: openRows))
            <details class="details">
            <summary class="details__summary">\(l("alerts.section.history"))</summary>
            \(Components.table(caption: l("alerts.section.history-caption"),
                               headers: [l("alerts.column.alert"), l("alerts.column.raised"), l("alerts.column.state"), l("alerts.column.handled")],
                               rows: historyRows))
            </details>
            </section>
            """
    }

    static func noteForm(_ step: Step, reference: String, alertID: String, kind: AlertKind?, raisedOn: Day, note: String?,
                         errors: FormErrors, alreadyDone: Bool, csrf: String, l: Localiser) -> Page {
        let title = step == .acknowledge ? l("alerts.acknowledge.title") : l("alerts.resolve.title")
        let action = step == .acknowledge ? Href.acknowledgeAlert(reference, alertID) : Href.resolveAlert(reference, alertID)
        let done: HTML = alreadyDone
            ? Components.notification(title: l("alerts.already-done.title"), body: HTML("<p class=\"body\">\(l("alerts.already-done.text"))</p><p class=\"body\"><a href=\"\(Href.case(reference))\">\(l("alerts.back"))</a></p>"), success: false)
            : .empty
        return Page(title: title, content: """
            \(Components.errorSummary(errors, l))
            \(done)
            <h1 class="heading-l">\(title)</h1>
            \(Components.summaryList([(key: l("alerts.column.alert"), value: HTML("\(kindLabel(kind, l))")),
                                      (key: l("alerts.column.raised"), value: HTML("\(l.day(raisedOn))")),
                                      (key: l("alerts.column.case"), value: HTML("<a href=\"\(Href.case(reference))\">\(reference)</a>"))]))
            \(alreadyDone ? .empty : HTML("""
                <form method="post" action="\(action)" novalidate>
                \(Components.csrfField(csrf))
                \(Components.textArea(name: "note", label: step == .acknowledge ? l("alerts.note.acknowledge-label") : l("alerts.note.resolve-label"),
                                      value: note, hint: l("alerts.note.hint"), errors: errors, l: l))
                \(Components.button(title))
                </form>
                """))
            """, hasErrors: !errors.isEmpty, backLink: (Href.case(reference), l("alerts.back")), language: l.language)
    }

    static func list(_ rows: [ListRow], organisationWide: Bool, today: Day, l: Localiser) -> Page {
        let table: [[HTML]] = rows.map { row in
            [HTML("<a href=\"\(Href.case(row.reference))#alerts\">\(row.reference)</a>"), HTML("\(kindLabel(row.kind, l))"),
             HTML("\(l.day(row.raisedOn)) (\(daysOpen(row.raisedOn, today: today, l)))"), stateTag(row.state, l)]
        }
        return Page(title: l("alerts.list.title"), content: """
            <h1 class="heading-l">\(l("alerts.list.title"))</h1>
            <p class="body">\(organisationWide ? l("alerts.list.about-lead") : l("alerts.list.about-worker"))</p>
            \(rows.isEmpty ? HTML("<p class=\"body\">\(l("alerts.list.none"))</p>")
                : Components.table(caption: l.plural("alerts.list.caption", count: rows.count),
                                   headers: [l("alerts.column.case"), l("alerts.column.alert"), l("alerts.column.raised"), l("alerts.column.state")],
                                   rows: table))
            """, language: l.language)
    }

    static func settings(days: String, defaultDays: Int, saved: Bool, errors: FormErrors, csrf: String, l: Localiser) -> Page {
        Page(title: l("alerts.settings.title"), content: """
            \(Components.errorSummary(errors, l))
            \(saved ? Components.notification(title: l("alerts.settings.saved"), body: HTML("<p class=\"body\">\(l("alerts.settings.saved-text"))</p>")) : .empty)
            <h1 class="heading-l">\(l("alerts.settings.title"))</h1>
            <form method="post" action="\(Href.alertSettings)" novalidate>
            \(Components.csrfField(csrf))
            \(Components.textInput(name: "days", label: l("alerts.settings.days-label"), value: days,
                                   hint: l("alerts.settings.days-hint", ["default": l.number(defaultDays)]), type: "text", width: 3,
                                   errors: errors, extra: HTML(" inputmode=\"numeric\""), l: l))
            \(Components.button(l("alerts.settings.save")))
            </form>
            """, hasErrors: !errors.isEmpty, language: l.language)
    }
}
