import Foundation
import LanternCore
import Vapor

/// The pages of where the person lives: the case page's "Where the person is now" section,
/// the full record (with notes, for the owner), and the forms to add and end a stay; the
/// form to end an episode is shared with support. In the viewer's language (`l`).
enum AccommodationPages {
    static func localiser(_ request: Request) -> Localiser { request.localiser.forPage(areas: "aftercare", "cases", "components") }

    static func kind(_ raw: String, l: Localiser) -> String { AccommodationKind(rawValue: raw)?.label(l) ?? raw }

    static func endReason(_ raw: String?, l: Localiser) -> String {
        guard let raw else { return "" }
        return AccommodationEndReason(rawValue: raw)?.label(l) ?? SupportEndReason(rawValue: raw)?.label(l) ?? raw
    }

    static func borough(_ code: String?, catalogue: BoroughCatalogue, l: Localiser) -> String {
        code.flatMap { catalogue.borough(code: $0)?.name } ?? l("aftercare.accommodation.not-recorded")
    }

    static func method(_ raw: String, l: Localiser) -> String { ContactMethod(rawValue: raw)?.label(l) ?? raw }

    static func errors(_ problems: ValidationProblems) -> FormErrors {
        var errors = FormErrors()
        for item in problems.items { errors.add(item.field, item.message) }
        return errors
    }

    /// What was just done, as the redirect after a form says (`?aftercare=`).
    enum Done: String {
        case stayAdded = "stay-added", stayEnded = "stay-ended", supportAdded = "support-added", supportEnded = "support-ended"
        case contactLogged = "contact-logged"

        func notice(_ l: Localiser) -> HTML {
            let text = switch self {
            case .stayAdded: l("aftercare.accommodation.done.stay-added")
            case .stayEnded: l("aftercare.accommodation.done.stay-ended")
            case .supportAdded: l("aftercare.accommodation.done.support-added")
            case .supportEnded: l("aftercare.accommodation.done.support-ended")
            case .contactLogged: l("aftercare.accommodation.done.contact-logged")
            }
            return Components.notification(title: l("aftercare.accommodation.done-title"), body: HTML("<p class=\"body\">\(text)</p>"))
        }
    }

    // MARK: the case page's section

    struct Section {
        var reference: String
        var stays: [AccommodationRecord.Stay]
        var lastContact: AccommodationRecord.Contact?
        var lastAttempt: AccommodationRecord.Contact?
        var today: Day
        var catalogue: BoroughCatalogue
        var canEdit: Bool
        var done: Done?
    }

    static func section(_ m: Section, l: Localiser) -> HTML {
        let current = m.stays.first { $0.until == nil }
        var rows: [(key: String, value: HTML)] = []
        if let current {
            let days = EpisodeRules.days(from: current.from, to: m.today)
            rows.append((l("aftercare.accommodation.staying-at"), HTML("\(kind(current.kind, l: l))\(current.provider.map { " (\($0))" } ?? "")")))
            rows.append((l("aftercare.accommodation.since"), HTML("\(l("aftercare.accommodation.since-value", ["date": l.day(current.from), "days": l.plural("aftercare.accommodation.days", count: days)]))")))
            rows.append((l("aftercare.accommodation.borough"), HTML("\(borough(current.boroughCode, catalogue: m.catalogue, l: l))")))
        } else {
            rows.append((l("aftercare.accommodation.staying-at"), HTML("\(l("aftercare.accommodation.no-current"))")))
        }
        rows.append((l("aftercare.accommodation.last-contact"), contactText(m.lastContact, today: m.today, l: l)))
        if let attempt = m.lastAttempt {
            rows.append((l("aftercare.accommodation.last-attempt"), contactText(attempt, today: m.today, l: l)))
        }
        let endLink: HTML = (m.canEdit && current != nil) ? HTML("""
            <a href="\(Href.endStay(m.reference, current?.id ?? ""))">\(l("aftercare.accommodation.end-stay-link"))</a> ·
            """) : .empty
        let links: HTML = m.canEdit ? HTML("""
            <p class="body">\(endLink) <a href="\(Href.newStay(m.reference))">\(l("aftercare.accommodation.add-stay-link"))</a> ·
            <a href="\(Href.newContact(m.reference))">\(l("aftercare.accommodation.log-contact-link"))</a> ·
            <a href="\(Href.contactLog(m.reference))">\(l("aftercare.accommodation.contact-log-link"))</a> ·
            <a href="\(Href.accommodation(m.reference))">\(l("aftercare.accommodation.record-link"))</a></p>
            """) : HTML("""
            <p class="body"><a href="\(Href.contactLog(m.reference))">\(l("aftercare.accommodation.contact-log-link"))</a> ·
            <a href="\(Href.accommodation(m.reference))">\(l("aftercare.accommodation.record-link"))</a></p>
            """)
        return """
        <section aria-labelledby="accommodation">
        <h2 class="heading-m" id="accommodation" tabindex="-1">\(l("aftercare.accommodation.where-now"))</h2>
        \(m.done.flatMap { [.stayAdded, .stayEnded, .contactLogged].contains($0) ? $0.notice(l) : nil })
        \(Components.summaryList(rows))
        \(stayTable(m.stays, catalogue: m.catalogue, notes: false, l: l))
        \(links)
        </section>
        """
    }

    static func contactText(_ contact: AccommodationRecord.Contact?, today: Day, l: Localiser) -> HTML {
        guard let contact else { return HTML("\(l("aftercare.accommodation.no-contact"))") }
        let days = EpisodeRules.days(from: contact.on, to: today)
        return HTML("\(l("aftercare.accommodation.contact-value", ["date": l.day(contact.on), "method": method(contact.method, l: l), "days": l.plural("aftercare.accommodation.days-ago", count: days)]))")
    }

    static func stayTable(_ stays: [AccommodationRecord.Stay], catalogue: BoroughCatalogue, notes: Bool, l: Localiser) -> HTML {
        guard !stays.isEmpty else { return HTML("<p class=\"body\">\(l("aftercare.accommodation.no-stays"))</p>") }
        var headers = [l("aftercare.accommodation.column-where"), l("aftercare.accommodation.column-provider"), l("aftercare.accommodation.column-borough"), l("aftercare.accommodation.column-from"),
                       l("aftercare.accommodation.column-until"), l("aftercare.accommodation.column-why-ended")]
        if notes { headers.append(l("aftercare.accommodation.column-note")) }
        let rows: [[HTML]] = stays.map { stay in
            var row: [HTML] = [HTML("\(kind(stay.kind, l: l))"), HTML("\(stay.provider ?? "")"),
                               HTML("\(borough(stay.boroughCode, catalogue: catalogue, l: l))"), HTML("\(l.day(stay.from))"),
                               HTML("\(stay.until.map { l.day($0) } ?? l("aftercare.accommodation.still-there"))"), HTML("\(endReason(stay.endReason, l: l))")]
            if notes { row.append(HTML("<span class=\"pre-wrap\">\(stay.note ?? "")</span>")) }
            return row
        }
        return Components.table(caption: l("aftercare.accommodation.history-caption"), headers: headers, rows: rows)
    }

    // MARK: the full record

    struct Record {
        var reference: String
        var record: AccommodationRecord
        var today: Day
        var catalogue: BoroughCatalogue
        var showNotes: Bool
        var canEdit: Bool
    }

    static func record(_ m: Record, l: Localiser) -> Page {
        Page(title: l("aftercare.accommodation.record-title", ["reference": m.reference]), content: """
            <span class="caption">\(l("aftercare.accommodation.caption", ["reference": m.reference]))</span>
            <h1 class="heading-l">\(l("aftercare.accommodation.record-heading"))</h1>
            \(m.showNotes ? .empty : HTML("<p class=\"body\">\(l("aftercare.accommodation.notes-owner-only"))</p>"))
            <h2 class="heading-m">\(l("aftercare.accommodation.where-now"))</h2>
            \(stayTable(m.record.stays, catalogue: m.catalogue, notes: m.showNotes, l: l))
            \(m.canEdit ? HTML("<p class=\"body\"><a href=\"\(Href.newStay(m.reference))\" class=\"button button--secondary\">\(l("aftercare.accommodation.add-stay-link"))</a></p>") : .empty)
            <h2 class="heading-m">\(l("aftercare.accommodation.support"))</h2>
            \(SupportPages.table(m.record.support, today: m.today, notes: m.showNotes, reference: m.reference, canEdit: false, l: l))
            \(m.canEdit ? HTML("<p class=\"body\"><a href=\"\(Href.newSupport(m.reference))\" class=\"button button--secondary\">\(l("aftercare.accommodation.add-support-link"))</a></p>") : .empty)
            <p class="body"><a href="\(Href.contactLog(m.reference))">\(l("aftercare.accommodation.contact-log-link"))</a></p>
            """, backLink: (Href.case(m.reference), l("aftercare.accommodation.back-to-case")), language: l.language)
    }

    // MARK: adding a stay

    struct StayForm {
        var reference: String
        var input: EpisodeRules.AccommodationInput
        /// The stay still open, offered to be ended on the new one's first day.
        var current: AccommodationRecord.Stay?
        var catalogue: BoroughCatalogue
        var errors: FormErrors
        var csrf: String
    }

    static func newStay(_ m: StayForm, l: Localiser) -> Page {
        let kinds = [("", l("aftercare.accommodation.choose"))] + AccommodationKind.allCases.map { ($0.rawValue, $0.label(l)) }
        let boroughs = [("", l("aftercare.accommodation.borough-none"))] + m.catalogue.all.map { ($0.onsCode, $0.name) }
        let endCurrent: HTML = m.current.map { current in
            Components.checkboxes(name: "endCurrent", legend: l("aftercare.accommodation.end-current-legend"),
                                  options: [("yes", l("aftercare.accommodation.end-current", ["kind": kind(current.kind, l: l), "date": l.day(current.from)]))],
                                  checked: m.input.endCurrent ? ["yes"] : [], hint: l("aftercare.accommodation.end-current-hint"), errors: m.errors, l: l)
        } ?? .empty
        return Page(title: l("aftercare.accommodation.new-stay-title"), content: """
            \(Components.errorSummary(m.errors, l))
            <span class="caption">\(l("aftercare.accommodation.caption", ["reference": m.reference]))</span>
            <h1 class="heading-l">\(l("aftercare.accommodation.new-stay-title"))</h1>
            <form method="post" action="\(Href.newStay(m.reference))" novalidate>
            \(Components.csrfField(m.csrf))
            \(Components.select(name: "kind", label: l("aftercare.accommodation.kind-label"), options: kinds, selected: m.input.kind, errors: m.errors, l: l))
            \(Components.textInput(name: "provider", label: l("aftercare.accommodation.provider-label"), value: m.input.provider, hint: l("aftercare.accommodation.provider-hint"),
                                   errors: m.errors, l: l))
            \(Components.select(name: "borough", label: l("aftercare.accommodation.borough-label"), options: boroughs, selected: m.input.borough, errors: m.errors, l: l))
            \(Components.textInput(name: "from", label: l("aftercare.accommodation.from-label"), value: m.input.from, hint: l("aftercare.accommodation.date-hint"), type: "date",
                                   errors: m.errors, l: l))
            \(endCurrent)
            \(Components.textInput(name: "until", label: l("aftercare.accommodation.until-label"), value: m.input.until, hint: l("aftercare.accommodation.until-hint"), type: "date",
                                   errors: m.errors, l: l))
            \(Components.textArea(name: "note", label: l("aftercare.accommodation.note-label"), value: m.input.note, hint: l("aftercare.accommodation.note-hint"), rows: 4,
                                  errors: m.errors, l: l))
            \(Components.button(l("aftercare.accommodation.save-stay")))
            </form>
            """, status: m.errors.isEmpty ? .ok : .unprocessableEntity, hasErrors: !m.errors.isEmpty,
            backLink: (Href.case(m.reference).fragment("accommodation"), l("aftercare.accommodation.back-to-case")), language: l.language)
    }

    // MARK: ending a stay or support

    struct EndForm {
        var reference: String
        var title: String
        /// What is being ended, in words ("Hostel (Example House), from 3 March 2026").
        var what: String
        var action: Href
        var reasons: [(value: String, label: String)]
        var on: String?
        var reason: String?
        var note: String?
        var errors: FormErrors
        var csrf: String
        var fragment: String
    }

    static func end(_ m: EndForm, l: Localiser) -> Page {
        Page(title: m.title, content: """
            \(Components.errorSummary(m.errors, l))
            <span class="caption">\(l("aftercare.accommodation.caption", ["reference": m.reference]))</span>
            <h1 class="heading-l">\(m.title)</h1>
            <p class="body">\(m.what)</p>
            <form method="post" action="\(m.action)" novalidate>
            \(Components.csrfField(m.csrf))
            \(Components.textInput(name: "on", label: l("aftercare.accommodation.ended-on-label"), value: m.on, hint: l("aftercare.accommodation.date-hint"), type: "date",
                                   errors: m.errors, l: l))
            \(Components.radios(name: "reason", legend: l("aftercare.accommodation.why-ended-legend"), options: m.reasons, selected: m.reason, errors: m.errors, l: l))
            \(Components.textArea(name: "note", label: l("aftercare.accommodation.note-label"), value: m.note, hint: l("aftercare.accommodation.note-hint"), rows: 4,
                                  errors: m.errors, l: l))
            \(Components.button(l("aftercare.accommodation.save-end")))
            </form>
            """, status: m.errors.isEmpty ? .ok : .unprocessableEntity, hasErrors: !m.errors.isEmpty,
            backLink: (Href.case(m.reference).fragment(m.fragment), l("aftercare.accommodation.back-to-case")), language: l.language)
    }
}
