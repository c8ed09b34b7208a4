import Foundation
import LanternCore
import Vapor

/// The children's pathway's page (the 72-hour clock and checklist, missing episodes, the
/// markers, turning 18, each with its form for the owning organisation), the refusal shown on
/// an adult's case, and the words the case page's section shares with it.
enum ChildrenPages {
    static func localiser(_ request: Request) -> Localiser { request.localiser.forPage(areas: "children", "components") }

    struct Model {
        var reference: String
        var pathway: ChildPathway
        /// The not-needed reasons, opened with the case's key (empty once the case is erased).
        var reasons: [ChildChecklistItem: String]
        var section45Note: String?
        var people: [UUID: String]
        var boroughName: String?
        var canEdit: Bool
        var now: Date
        var today: Day
        var errors: FormErrors
        /// What was typed, by field id, when a form is shown again with a problem.
        var values: [String: String]
        /// What the redirect after a change says was done (`?done=`).
        var done: String?

        func value(_ id: String, _ otherwise: @autoclosure () -> String = "") -> String { values[id] ?? otherwise() }
    }

    // MARK: Words shared with the case page's section

    static func itemLabel(_ item: ChildChecklistItem, l: Localiser) -> String {
        switch item {
        case .strategyDiscussion: l("children.item.strategy-discussion")
        case .safePlacement: l("children.item.safe-placement")
        case .healthCheck: l("children.item.health-check")
        case .interpreter: l("children.item.interpreter")
        case .returnInterview: l("children.item.return-interview")
        case .ictgReferral: l("children.item.ictg-referral")
        }
    }

    static func countdown(_ countdown: Countdown, l: Localiser) -> String {
        switch countdown {
        case .dueInHours(let n): l.plural("children.due-in-hours", count: n)
        case .dueInDays(let n): l.plural("children.due-in-days", count: n)
        case .overdueByHours(let n): l.plural("children.overdue-by-hours", count: n)
        case .overdueByDays(let n): l.plural("children.overdue-by-days", count: n)
        }
    }

    static func countdownTag(_ countdown: Countdown?, l: Localiser) -> HTML {
        guard let countdown else { return Components.tag(l("children.complete"), colour: "green") }
        return Components.tag(Self.countdown(countdown, l: l), colour: countdown.isOverdue ? "red" : "yellow")
    }

    /// "May 2027" in the reader's language.
    static func monthYear(_ yyyymm: Int, l: Localiser) -> String {
        guard let day = TurnsEighteen.firstDay(of: yyyymm) else { return String(yyyymm) }
        return Date(timeIntervalSince1970: TimeInterval(day.daysSinceEpoch) * 86_400)
            .formatted(Date.FormatStyle(locale: l.language.locale, timeZone: .gmt).month(.wide).year())
    }

    /// The transition notice, from six months before the month the child turns 18.
    static func transitionNotice(_ record: ChildRecord?, today: Day, l: Localiser) -> HTML {
        guard let month = record?.turns18Month, TurnsEighteen.transitionDue(month, today: today) else { return .empty }
        let text = TurnsEighteen.monthsFrom(today, to: month) < 0
            ? l("children.turned-18-notice", ["month": monthYear(month, l: l)])
            : l("children.turns-18-notice", ["month": monthYear(month, l: l)])
        return HTML("<p class=\"warning-text\" id=\"transition-notice\">\(text)</p>")
    }

    static func interviewStanding(_ episode: ChildMissingEpisode, now: Date, l: Localiser) -> HTML {
        switch MissingEpisodeRules.interview(episode.times, now: now) {
        case .stillMissing: Components.tag(l("children.missing-now"), colour: "red")
        case .heldInTime: Components.tag(l("children.interview-in-time"), colour: "green")
        case .heldLate: Components.tag(l("children.interview-late"), colour: "grey")
        case .waiting(let countdown):
            Components.tag(l("children.interview-countdown", ["when": Self.countdown(countdown, l: l)]),
                           colour: countdown.isOverdue ? "red" : "yellow")
        }
    }

    // MARK: The page

    static func page(_ m: Model, csrf: String, l: Localiser) -> Page {
        let notice: HTML = m.done.map { done -> HTML in
            let text: String? = switch done {
            case "contact": l("children.done.contact")
            case "checklist": l("children.done.checklist")
            case "missing": l("children.done.missing")
            case "episode": l("children.done.episode")
            case "markers": l("children.done.markers")
            case "turns18": l("children.done.turns18")
            default: nil
            }
            return text.map { Components.notification(title: l("children.done-title"), body: HTML("\($0)")) } ?? .empty
        } ?? .empty
        return Page(title: l("children.title", ["reference": m.reference]), content: """
            \(notice)
            \(Components.errorSummary(m.errors, l))
            <span class="caption">\(l("children.caption", ["reference": m.reference]))</span>
            <h1 class="heading-l">\(l("children.heading"))</h1>
            \(transitionNotice(m.pathway.record, today: m.today, l: l))
            \(m.pathway.openEpisode.map { HTML("<p class=\"warning-text\">\(l("children.missing-since", ["from": l.dateTime($0.fromAt)]))</p>") })
            \(contactSection(m, csrf: csrf, l: l))
            \(checklistSection(m, csrf: csrf, l: l))
            \(missingSection(m, csrf: csrf, l: l))
            \(markersSection(m, csrf: csrf, l: l))
            \(turns18Section(m, csrf: csrf, l: l))
            """, status: m.errors.isEmpty ? .ok : .unprocessableEntity, hasErrors: !m.errors.isEmpty,
            backLink: (Href.case(m.reference), l("children.back")), language: l.language)
    }

    /// The date and time fields of one moment (ids `<id>-date`, `<id>-time`; names `date` and
    /// `time`, or `<name>Date` and `<name>Time`), London time.
    static func momentFields(_ m: Model, id: String, name: String = "", legend: String, current: Date?,
                             hint: String? = nil, l: Localiser) -> HTML {
        let names = name.isEmpty ? (date: "date", time: "time") : (date: name + "Date", time: name + "Time")
        return """
        <fieldset class="fieldset"><legend class="fieldset__legend">\(legend)</legend>
        \(hint.map { HTML("<p class=\"hint\">\($0)</p>") })
        \(Components.textInput(name: names.date, label: l("children.date"), value: m.value("\(id)-date", current.map { ChildTime.day(of: $0).iso } ?? ""),
                               hint: l("children.date-hint"), type: "date", width: 10, errors: m.errors, id: "\(id)-date", l: l))
        \(Components.textInput(name: names.time, label: l("children.time"), value: m.value("\(id)-time", current.map(ChildTime.clock(of:)) ?? ""),
                               hint: l("children.time-hint"), type: "time", width: 10, errors: m.errors, id: "\(id)-time", l: l))
        </fieldset>
        """
    }

    static func contactSection(_ m: Model, csrf: String, l: Localiser) -> HTML {
        let start = m.pathway.record?.cameIntoContactAt
        var rows: [(key: String, value: HTML)] = [(l("children.came-into-contact"), HTML("\(start.map(l.dateTime) ?? l("children.not-recorded"))"))]
        if let standing = m.pathway.standing(now: m.now) {
            rows.append((l("children.first-72-end"), HTML("\(l.dateTime(standing.due)) \(countdownTag(standing.countdown, l: l))")))
        }
        let form: HTML = m.canEdit ? """
            <form method="post" action="\(Href.childContact(m.reference))" class="action-form" novalidate>
            \(Components.csrfField(csrf))
            \(momentFields(m, id: "contact", legend: l("children.contact-legend"), current: start ?? m.now,
                           hint: l("children.contact-hint"), l: l))
            \(Components.button(l("children.save"), secondary: start != nil))
            </form>
            """ : .empty
        return """
        <h2 class="heading-m" id="contact">\(l("children.contact-heading"))</h2>
        \(Components.summaryList(rows))
        \(form)
        """
    }

    static func checklistSection(_ m: Model, csrf: String, l: Localiser) -> HTML {
        let p = m.pathway
        let ictgNote = p.ictgAvailable ? l("children.ictg-available", ["borough": m.boroughName ?? ""])
            : m.boroughName.map { l("children.ictg-not-available", ["borough": $0]) } ?? l("children.ictg-borough-unknown")
        let rows: [[HTML]] = p.applicable.map { item in
            let entry = p.checklist[item]
            let standing: HTML
            switch entry?.state ?? .outstanding {
            case .outstanding: standing = Components.tag(l("children.outstanding"), colour: "yellow")
            case .done(let at): standing = HTML("\(Components.tag(l("children.done"), colour: "green")) \(l("children.done-at", ["when": l.dateTime(at)]))")
            case .notNeeded:
                standing = HTML("\(Components.tag(l("children.not-needed"), colour: "grey")) \(m.reasons[item] ?? "")")
            }
            let by = entry.map { e in m.people[e.doneBy ?? e.recordedBy] ?? l("children.a-colleague") } ?? ""
            return [HTML("\(itemLabel(item, l: l))"), standing, HTML("\(by)")]
        }
        let clockStarted = p.record?.cameIntoContactAt != nil
        let forms: HTML = m.canEdit && clockStarted ? HTML("<div class=\"action-forms\">\(p.applicable.map { itemForm(m, $0, csrf: csrf, l: l) })</div>")
            : (m.canEdit ? HTML("<p class=\"body\">\(l("children.checklist-needs-clock"))</p>") : .empty)
        let due: HTML = p.standing(now: m.now).map { standing in
            HTML("<p class=\"body\">\(l("children.checklist-due", ["when": l.dateTime(standing.due)])) \(countdownTag(standing.countdown, l: l))</p>")
        } ?? .empty
        return """
        <h2 class="heading-m" id="checklist">\(l("children.checklist-heading"))</h2>
        \(due)
        <p class="body">\(ictgNote)</p>
        \(Components.table(caption: l("children.checklist-caption"),
                           headers: [l("children.column-step"), l("children.column-standing"), l("children.column-by")], rows: rows))
        \(forms)
        """
    }

    static func itemForm(_ m: Model, _ item: ChildChecklistItem, csrf: String, l: Localiser) -> HTML {
        let id = item.rawValue, entry = m.pathway.checklist[item]
        let status = m.value("\(id)-status", entry.map { $0.doneAt != nil ? "done" : ($0.sealedNotNeededReason != nil ? "not_needed" : "") } ?? "")
        return """
        <form method="post" action="\(Href.childChecklistItem(m.reference, id))" class="action-form" novalidate>
        <h3 class="heading-s">\(itemLabel(item, l: l))</h3>
        \(Components.csrfField(csrf))
        \(Components.radios(name: "status", legend: l("children.status-legend", ["step": itemLabel(item, l: l)]),
                            options: [("done", l("children.status-done")), ("not_needed", l("children.status-not-needed"))],
                            selected: status, inline: true, errors: m.errors, id: "\(id)-status", l: l))
        \(momentFields(m, id: id, legend: l("children.done-when"), current: entry?.doneAt ?? m.now, l: l))
        \(Components.textArea(name: "reason", label: l("children.reason"), value: m.value("\(id)-reason", m.reasons[item] ?? ""),
                              hint: l("children.reason-hint"), rows: 2, errors: m.errors, id: "\(id)-reason", l: l))
        \(Components.button(l("children.save"), secondary: true))
        </form>
        """
    }

    static func missingSection(_ m: Model, csrf: String, l: Localiser) -> HTML {
        let p = m.pathway
        let rows: [[HTML]] = p.episodes.map { e in
            [HTML("\(l.dateTime(e.fromAt))"), HTML("\(e.untilAt.map(l.dateTime) ?? l("children.still-missing"))"),
             HTML("\(e.interviewOfferedAt.map(l.dateTime) ?? l("children.not-recorded"))"),
             HTML("\(e.interviewHeldAt.map(l.dateTime) ?? l("children.not-recorded"))"),
             interviewStanding(e, now: m.now, l: l)]
        }
        let table: HTML = p.episodes.isEmpty ? HTML("<p class=\"body\">\(l("children.no-episodes"))</p>")
            : Components.table(caption: l("children.episodes-caption"),
                               headers: [l("children.column-from"), l("children.column-until"), l("children.column-offered"),
                                         l("children.column-held"), l("children.column-standing")], rows: rows)
        guard m.canEdit else { return "<h2 class=\"heading-m\" id=\"missing\">\(l("children.missing-heading"))</h2>\(table)" }
        // Episodes still waiting for their return or interview each get a form.
        let unfinished = p.episodes.filter { $0.untilAt == nil || $0.interviewOfferedAt == nil || $0.interviewHeldAt == nil }
        let updates = unfinished.map { e -> HTML in
            let prefix = "episode-\(e.id?.uuidString.lowercased() ?? "")"
            return HTML("""
            <form method="post" action="\(Href.childMissingEpisode(m.reference, e.id?.uuidString.lowercased() ?? ""))" class="action-form" novalidate>
            <h3 class="heading-s">\(l("children.episode-update-heading", ["from": l.dateTime(e.fromAt)]))</h3>
            \(Components.csrfField(csrf))
            \(momentFields(m, id: "\(prefix)-until", name: "until", legend: l("children.until-legend"), current: e.untilAt, l: l))
            \(momentFields(m, id: "\(prefix)-offered", name: "offered", legend: l("children.offered-legend"),
                           current: e.interviewOfferedAt, l: l))
            \(momentFields(m, id: "\(prefix)-held", name: "held", legend: l("children.held-legend"),
                           current: e.interviewHeldAt, hint: l("children.held-hint"), l: l))
            \(Components.button(l("children.save"), secondary: true))
            </form>
            """)
        }
        return """
        <h2 class="heading-m" id="missing">\(l("children.missing-heading"))</h2>
        \(table)
        <div class="action-forms">
        <form method="post" action="\(Href.childMissing(m.reference))" class="action-form" novalidate>
        <h3 class="heading-s">\(l("children.add-episode-heading"))</h3>
        \(Components.csrfField(csrf))
        \(momentFields(m, id: "missing-from", name: "from", legend: l("children.from-legend"), current: m.now, l: l))
        \(momentFields(m, id: "missing-until", name: "until", legend: l("children.until-legend"), current: nil,
                       hint: l("children.until-hint"), l: l))
        \(Components.button(l("children.add-episode")))
        </form>
        \(updates)
        </div>
        """
    }

    static func markersSection(_ m: Model, csrf: String, l: Localiser) -> HTML {
        let record = m.pathway.record
        let yes = l("children.yes"), no = l("children.no")
        let rows: [(key: String, value: HTML)] = [
            (l("children.criminal-exploitation"), HTML("\(record.map { $0.criminalExploitation ? yes : no } ?? l("children.not-recorded"))")),
            (l("children.county-lines"), HTML("\(record.map { $0.countyLines ? yes : no } ?? l("children.not-recorded"))")),
            (l("children.section45"), m.section45Note.map { HTML("<span class=\"pre-wrap\">\($0)</span>") } ?? HTML("\(l("children.none"))")),
        ]
        let form: HTML = m.canEdit ? """
            <form method="post" action="\(Href.childMarkers(m.reference))" class="action-form" novalidate>
            \(Components.csrfField(csrf))
            \(Components.checkboxes(name: "criminalExploitation", legend: l("children.criminal-exploitation"),
                                    options: [("yes", l("children.criminal-exploitation-option"))],
                                    checked: (m.values["criminalExploitation"].map { $0 == "yes" } ?? record?.criminalExploitation ?? false) ? ["yes"] : [],
                                    errors: m.errors, id: "criminalExploitation", l: l))
            \(Components.checkboxes(name: "countyLines", legend: l("children.county-lines"),
                                    options: [("yes", l("children.county-lines-option"))],
                                    checked: (m.values["countyLines"].map { $0 == "yes" } ?? record?.countyLines ?? false) ? ["yes"] : [],
                                    errors: m.errors, id: "countyLines", l: l))
            \(Components.textArea(name: "section45", label: l("children.section45"), value: m.value("section45", m.section45Note ?? ""),
                                  hint: l("children.section45-hint"), rows: 4, errors: m.errors, id: "section45", l: l))
            \(Components.button(l("children.save"), secondary: true))
            </form>
            """ : .empty
        return """
        <h2 class="heading-m" id="markers">\(l("children.markers-heading"))</h2>
        \(Components.summaryList(rows))
        \(form)
        """
    }

    static func turns18Section(_ m: Model, csrf: String, l: Localiser) -> HTML {
        let month = m.pathway.record?.turns18Month
        let months: [(value: String, label: String)] = [("", l("children.choose-month"))] + (1...12).map { n in
            (String(n), monthName(n, l: l))
        }
        let form: HTML = m.canEdit ? """
            <form method="post" action="\(Href.childTurns18(m.reference))" class="action-form" novalidate>
            \(Components.csrfField(csrf))
            <p class="hint">\(l("children.turns18-hint"))</p>
            \(Components.select(name: "month", label: l("children.month"), options: months,
                                selected: m.value("turns18-month", month.map { String($0 % 100) } ?? ""), errors: m.errors, id: "turns18-month", l: l))
            \(Components.textInput(name: "year", label: l("children.year"), value: m.value("turns18-year", month.map { String($0 / 100) } ?? ""),
                                   width: 10, errors: m.errors, extra: " inputmode=\"numeric\"", id: "turns18-year", l: l))
            \(Components.button(l("children.save"), secondary: true))
            </form>
            """ : .empty
        return """
        <h2 class="heading-m" id="turns18">\(l("children.turns18-heading"))</h2>
        \(Components.summaryList([(l("children.turns18-month"), HTML("\(month.map { monthYear($0, l: l) } ?? l("children.not-recorded"))"))]))
        \(form)
        """
    }

    static func monthName(_ month: Int, l: Localiser) -> String {
        guard let day = Day(year: 2001, month: month, day: 1) else { return String(month) }
        return Date(timeIntervalSince1970: TimeInterval(day.daysSinceEpoch) * 86_400)
            .formatted(Date.FormatStyle(locale: l.language.locale, timeZone: .gmt).month(.wide))
    }

    /// An adult's case: the children's pathway does not apply, and nothing was recorded.
    static func adultRefusal(reference: String, writing: Bool, l: Localiser) -> Page {
        Page(title: l("children.adult-title"), content: """
            <h1 class="heading-l">\(l("children.adult-title"))</h1>
            <p class="body">\(l("children.adult-text"))</p>
            \(writing ? HTML("<p class=\"body\">\(l("children.adult-nothing-written"))</p>") : .empty)
            <p class="body"><a href="\(Href.case(reference))">\(l("children.back"))</a></p>
            """, status: .unprocessableEntity, backLink: (Href.case(reference), l("children.back")), language: l.language)
    }
}
