import Foundation
import LanternCore
import Vapor

/// Pages of safeguarding concerns: raising one, the list, one concern with its history and
/// the receiving team's forms; in the viewer's language (`l`, from `SafeguardingPages.localiser`).
enum SafeguardingPages {
    static func localiser(_ request: Request) -> Localiser { request.localiser.forPage(areas: "concerns", "contacts", "components") }

    /// What the redirect after a change says was done (`?done=`).
    enum Done: String {
        case raised, acknowledged, rerouted, closed
        case alreadyAcknowledged = "already-acknowledged"
    }

    struct Raise {
        var caseReference: String?
        var values: SafeguardingController.RaiseForm
        var errors: FormErrors
        var boroughs: [(value: String, label: String)]
    }

    struct Row {
        var id: String
        var raisedAt: Date
        var subject: ConcernSubject
        var kind: ConcernKind
        var urgency: ConcernUrgency
        var borough: String
        var routedTo: String
        var state: ConcernState
        var acknowledgeBy: Date
        var overdue: Bool
        var outcome: ConcernOutcome?
    }

    struct List {
        var toUs: [Row]
        var byUs: [Row]
        var canRaise: Bool
    }

    struct RouteRow {
        var at: Date
        var from: String?
        var to: String
        var reason: String?
    }

    struct Show {
        var id: String
        var subject: ConcernSubject
        var kind: ConcernKind
        var urgency: ConcernUrgency
        var policeBox: Bool
        var borough: String
        var raisedAt: Date
        var raisedBy: String
        var routedTo: String
        var entryTitle: String?
        var acknowledgeBy: Date
        var overdue: Bool
        var state: ConcernState
        var acknowledgedAt: Date?
        var escalatedAt: Date?
        var closedAt: Date?
        var outcome: ConcernOutcome?
        var outcomeNote: String?
        /// What was seen; nil once the case it was raised on is erased.
        var seen: String?
        var history: [RouteRow]
        /// The case it was raised on, for the raising organisation only.
        var caseReference: String?
        var linked: [(id: String, routedTo: String)]
        var canHandle: Bool
        var rerouteChoices: [(value: String, label: String)]
        var errors: FormErrors
        var values: [String: String]
        var done: Done?
    }

    static func stateTag(_ state: ConcernState, overdue: Bool, l: Localiser) -> HTML {
        let tag = Components.tag(state.label(l), colour: state == .escalated ? "red" : state == .closed ? "grey" : state == .acknowledged ? "green" : "yellow")
        return overdue ? "\(tag) \(Components.tag(l("concerns.overdue"), colour: "red"))" : tag
    }

    static func raise(_ m: Raise, csrf: String, l: Localiser) -> Page {
        let action = m.caseReference.map { Href.newConcern(onCase: $0) } ?? Href.newConcern
        let back = m.caseReference.map { (Href.case($0), l("concerns.back-to-case")) } ?? (Href.concerns, l("concerns.back"))
        let v = m.values
        return Page(title: l("concerns.raise-title"), content: """
            \(Components.errorSummary(m.errors, l))
            <h1 class="heading-l">\(l("concerns.raise-title"))</h1>
            <p class="body">\(m.caseReference.map { l("concerns.raise-intro-case", ["reference": $0]) } ?? l("concerns.raise-intro"))</p>
            <p class="body">\(l("concerns.raise-emergency"))</p>
            <form method="post" action="\(action)" novalidate>
            \(Components.csrfField(csrf))
            \(Components.radios(name: "subject", legend: l("concerns.field.subject"), options: ConcernSubject.allCases.map { ($0.rawValue, $0.label(l)) },
                                selected: v.subject, inline: true, errors: m.errors, l: l))
            \(Components.select(name: "kind", label: l("concerns.field.kind"),
                                options: [("", l("concerns.choose-kind"))] + ConcernKind.allCases.map { ($0.rawValue, $0.label(l)) },
                                selected: v.kind, errors: m.errors, l: l))
            \(Components.radios(name: "urgency", legend: l("concerns.field.urgency"), options: ConcernUrgency.allCases.map { ($0.rawValue, $0.label(l)) },
                                selected: v.urgency, hint: l("concerns.field.urgency-hint"), errors: m.errors, l: l))
            \(Components.checkboxes(name: "police", legend: l("concerns.field.police-legend"), options: [("yes", l("concerns.field.police"))],
                                    checked: Set(v.police ?? []), hint: l("concerns.field.police-hint"), errors: m.errors, l: l))
            \(Components.select(name: "borough", label: l("concerns.field.borough"), options: [("", l("concerns.choose-borough"))] + m.boroughs,
                                selected: v.borough, hint: l("concerns.field.borough-hint"), errors: m.errors, l: l))
            \(Components.textArea(name: "seen", label: l("concerns.field.seen"), value: v.seen, hint: l("concerns.field.seen-hint"),
                                  rows: 8, errors: m.errors, l: l))
            \(Components.button(l("concerns.raise")))
            </form>
            """, status: m.errors.isEmpty ? .ok : .unprocessableEntity, hasErrors: !m.errors.isEmpty,
            backLink: back, language: l.language)
    }

    static func table(_ rows: [Row], caption: String, l: Localiser) -> HTML {
        let cells: [[HTML]] = rows.map { r in
            [HTML("<a href=\"\(Href.concern(r.id))\">\(l.dateTime(r.raisedAt))</a>"),
             HTML("\(r.subject.label(l)): \(r.kind.label(l))"), HTML("\(r.urgency.label(l))"), HTML("\(r.borough)"),
             HTML("\(r.routedTo)"), stateTag(r.state, overdue: r.overdue, l: l),
             HTML("\(r.outcome.map { $0.label(l) } ?? l("concerns.acknowledge-by-value", ["when": l.dateTime(r.acknowledgeBy)]))")]
        }
        return Components.table(caption: caption, headers: [l("concerns.column.raised"), l("concerns.column.about"), l("concerns.column.urgency"),
                                                            l("concerns.column.borough"), l("concerns.column.routed-to"), l("concerns.column.state"),
                                                            l("concerns.column.next")], rows: cells)
    }

    static func list(_ m: List, l: Localiser) -> Page {
        Page(title: l("concerns.title"), content: """
            <h1 class="heading-l">\(l("concerns.title"))</h1>
            <p class="body">\(l("concerns.intro"))</p>
            \(m.canRaise ? HTML("<p class=\"body\"><a href=\"\(Href.newConcern)\" class=\"button\">\(l("concerns.raise-link"))</a></p>") : .empty)
            <h2 class="heading-m">\(l("concerns.to-us-heading"))</h2>
            \(m.toUs.isEmpty ? HTML("<p class=\"body\">\(l("concerns.none-to-us"))</p>") : table(m.toUs, caption: l("concerns.to-us-caption"), l: l))
            <h2 class="heading-m">\(l("concerns.by-us-heading"))</h2>
            \(m.byUs.isEmpty ? HTML("<p class=\"body\">\(l("concerns.none-by-us"))</p>") : table(m.byUs, caption: l("concerns.by-us-caption"), l: l))
            """, language: l.language)
    }

    static func show(_ m: Show, csrf: String, l: Localiser) -> Page {
        let notice: HTML = switch m.done {
        case .raised: Components.notification(title: l("concerns.done.raised"), body: "\(l("concerns.done.raised-text"))")
        case .acknowledged: Components.notification(title: l("concerns.done.acknowledged"), body: "\(l("concerns.done.acknowledged-text"))")
        case .alreadyAcknowledged: Components.notification(title: l("concerns.done.already"), body: "\(l("concerns.done.already-text"))", success: false)
        case .rerouted: Components.notification(title: l("concerns.done.rerouted"), body: "\(l("concerns.done.rerouted-text"))")
        case .closed: Components.notification(title: l("concerns.done.closed"), body: "\(l("concerns.done.closed-text"))")
        case nil: .empty
        }
        var rows: [(key: String, value: HTML)] = [
            (l("concerns.field.state"), stateTag(m.state, overdue: m.overdue, l: l)),
            (l("concerns.field.subject"), "\(m.subject.label(l))"),
            (l("concerns.field.kind"), "\(m.kind.label(l))"),
            (l("concerns.field.urgency"), "\(m.urgency.label(l))"),
            (l("concerns.field.police-short"), "\(m.policeBox ? l("concerns.yes") : l("concerns.no"))"),
            (l("concerns.field.borough"), "\(m.borough)"),
            (l("concerns.field.raised"), "\(l("concerns.raised-value", ["when": l.dateTime(m.raisedAt), "organisation": m.raisedBy]))"),
            (l("concerns.field.routed-to"), "\(m.routedTo)\(m.entryTitle.map { HTML(" (\($0))") })"),
            (l("concerns.field.acknowledge-by"), "\(l.dateTime(m.acknowledgeBy))\(m.overdue ? HTML(" \(Components.tag(l("concerns.overdue"), colour: "red"))") : .empty)"),
        ]
        if let at = m.acknowledgedAt { rows.append((l("concerns.field.acknowledged"), "\(l.dateTime(at))")) }
        if let at = m.escalatedAt { rows.append((l("concerns.field.escalated"), "\(l.dateTime(at))")) }
        if let outcome = m.outcome { rows.append((l("concerns.field.outcome"), "\(outcome.label(l))")) }
        if let note = m.outcomeNote { rows.append((l("concerns.field.note"), HTML("<span class=\"pre-line\">\(note)</span>"))) }
        if let at = m.closedAt { rows.append((l("concerns.field.closed"), "\(l.dateTime(at))")) }
        if let reference = m.caseReference { rows.append((l("concerns.field.case"), HTML("<a href=\"\(Href.case(reference))\">\(reference)</a>"))) }
        let linked: HTML = m.linked.isEmpty ? .empty : """
            <h2 class="heading-m">\(l("concerns.linked-heading"))</h2>
            <ul class="list">\(m.linked.map { HTML("<li><a href=\"\(Href.concern($0.id))\">\($0.routedTo)</a></li>") })</ul>
            """
        let history = Components.table(caption: l("concerns.history-caption"),
                                       headers: [l("concerns.column.when"), l("concerns.column.from"), l("concerns.column.to"), l("concerns.column.why")],
                                       rows: m.history.map { r in
                                           [HTML("\(l.dateTime(r.at))"), HTML("\(r.from ?? l("concerns.history-raised"))"), HTML("\(r.to)"),
                                            HTML("\(r.reason ?? "")")]
                                       })
        return Page(title: l("concerns.show-title"), content: """
            \(notice)
            \(Components.errorSummary(m.errors, l))
            <h1 class="heading-l">\(l("concerns.show-title"))</h1>
            \(Components.summaryList(rows))
            <h2 class="heading-m">\(l("concerns.field.seen"))</h2>
            \(m.seen.map { HTML("<p class=\"body pre-line\">\($0)</p>") } ?? HTML("<p class=\"body\">\(l("concerns.erased"))</p>"))
            \(linked)
            <h2 class="heading-m">\(l("concerns.history-heading"))</h2>
            \(history)
            \(m.canHandle ? handling(m, csrf: csrf, l: l) : .empty)
            """, status: m.errors.isEmpty ? .ok : .unprocessableEntity, hasErrors: !m.errors.isEmpty,
            backLink: (Href.concerns, l("concerns.back")), language: l.language)
    }

    /// The receiving team's forms: acknowledge, record the outcome, re-route.
    static func handling(_ m: Show, csrf: String, l: Localiser) -> HTML {
        guard m.state != .closed else { return .empty }
        let acknowledge: HTML = m.state.refusal(of: .acknowledge) == nil ? """
            <h2 class="heading-m">\(l("concerns.acknowledge-heading"))</h2>
            <form method="post" action="\(Href.acknowledgeConcern(m.id))" novalidate>
            \(Components.csrfField(csrf))
            \(Components.button(l("concerns.acknowledge")))
            </form>
            """ : .empty
        let outcome: HTML = m.state.refusal(of: .recordOutcome) == nil ? """
            <h2 class="heading-m">\(l("concerns.outcome-heading"))</h2>
            <form method="post" action="\(Href.concernOutcome(m.id))" novalidate>
            \(Components.csrfField(csrf))
            \(Components.radios(name: "outcome", legend: l("concerns.field.outcome"), options: ConcernOutcome.allCases.map { ($0.rawValue, $0.label(l)) },
                                selected: m.values["outcome"], errors: m.errors, l: l))
            \(Components.textArea(name: "note", label: l("concerns.field.note"), value: m.values["note"], hint: l("concerns.field.note-hint"),
                                  errors: m.errors, l: l))
            \(Components.button(l("concerns.record-outcome")))
            </form>
            """ : HTML("<p class=\"body\">\(l("concerns.outcome-after-acknowledging"))</p>")
        let reroute: HTML = """
            <h2 class="heading-m">\(l("concerns.reroute-heading"))</h2>
            <form method="post" action="\(Href.rerouteConcern(m.id))" novalidate>
            \(Components.csrfField(csrf))
            \(Components.select(name: "to", label: l("concerns.field.reroute-to"), options: [("", l("concerns.choose-destination"))] + m.rerouteChoices,
                                selected: m.values["to"], errors: m.errors, l: l))
            \(Components.textArea(name: "reason", label: l("concerns.field.reason"), value: m.values["reason"], rows: 3, errors: m.errors, l: l))
            \(Components.button(l("concerns.reroute"), secondary: true))
            </form>
            """
        return "\(acknowledge)\(outcome)\(reroute)"
    }
}
