import Foundation
import LanternCore
import Vapor

/// The case page's "Support" section (support now and before) and the form to add support.
enum SupportPages {
    static func kind(_ raw: String, l: Localiser) -> String { SupportKind(rawValue: raw)?.label(l) ?? raw }

    struct Section {
        var reference: String
        var support: [AccommodationRecord.Support]
        var today: Day
        var canEdit: Bool
        var done: AccommodationPages.Done?
    }

    static func section(_ m: Section, l: Localiser) -> HTML {
        let current = m.support.filter { EpisodeSpan(id: $0.id, from: $0.from, until: $0.until, kind: $0.kind).isCurrent(on: m.today) }
        let past = m.support.filter { episode in !current.contains { $0.id == episode.id } }
        return """
        <section aria-labelledby="support">
        <h2 class="heading-m" id="support" tabindex="-1">\(l("aftercare.accommodation.support"))</h2>
        \(m.done.flatMap { [.supportAdded, .supportEnded].contains($0) ? $0.notice(l) : nil })
        \(current.isEmpty ? HTML("<p class=\"body\">\(l("aftercare.accommodation.no-current-support"))</p>")
            : table(current, today: m.today, notes: false, reference: m.reference, canEdit: m.canEdit, caption: l("aftercare.accommodation.support-now-caption"), l: l))
        \(past.isEmpty ? .empty : table(past, today: m.today, notes: false, reference: m.reference, canEdit: false,
                                        caption: l("aftercare.accommodation.support-past-caption"), l: l))
        \(m.canEdit ? HTML("<p class=\"body\"><a href=\"\(Href.newSupport(m.reference))\">\(l("aftercare.accommodation.add-support-link"))</a></p>") : .empty)
        </section>
        """
    }

    static func table(_ support: [AccommodationRecord.Support], today: Day, notes: Bool, reference: String, canEdit: Bool,
                      caption: String? = nil, l: Localiser) -> HTML {
        guard !support.isEmpty else { return HTML("<p class=\"body\">\(l("aftercare.accommodation.no-support"))</p>") }
        var headers = [l("aftercare.accommodation.column-support"), l("aftercare.accommodation.column-provider"), l("aftercare.accommodation.column-from"), l("aftercare.accommodation.column-until"),
                       l("aftercare.accommodation.column-why-ended")]
        if notes { headers.append(l("aftercare.accommodation.column-note")) }
        if canEdit { headers.append(l("aftercare.accommodation.column-change")) }
        let rows: [[HTML]] = support.map { episode in
            let until: String = episode.until.map { $0 > today ? l("aftercare.accommodation.planned-end", ["date": l.day($0)]) : l.day($0) } ?? l("aftercare.accommodation.ongoing")
            var row: [HTML] = [HTML("\(kind(episode.kind, l: l))"), HTML("\(episode.provider ?? "")"), HTML("\(l.day(episode.from))"),
                               HTML("\(until)"), HTML("\(AccommodationPages.endReason(episode.endReason, l: l))")]
            if notes { row.append(HTML("<span class=\"pre-wrap\">\(episode.note ?? "")</span>")) }
            if canEdit {
                row.append(HTML("""
                    <a href="\(Href.endSupport(reference, episode.id))">\(l("aftercare.accommodation.end-support-link"))<span class="visually-hidden"> \(kind(episode.kind, l: l))</span></a>
                    """))
            }
            return row
        }
        return Components.table(caption: caption ?? l("aftercare.accommodation.support-caption"), headers: headers, rows: rows)
    }

    struct SupportForm {
        var reference: String
        var input: EpisodeRules.SupportInput
        var errors: FormErrors
        var csrf: String
    }

    static func new(_ m: SupportForm, l: Localiser) -> Page {
        let kinds = [("", l("aftercare.accommodation.choose"))] + SupportKind.allCases.map { ($0.rawValue, $0.label(l)) }
        return Page(title: l("aftercare.accommodation.new-support-title"), content: """
            \(Components.errorSummary(m.errors, l))
            <span class="caption">\(l("aftercare.accommodation.caption", ["reference": m.reference]))</span>
            <h1 class="heading-l">\(l("aftercare.accommodation.new-support-title"))</h1>
            <form method="post" action="\(Href.newSupport(m.reference))" novalidate>
            \(Components.csrfField(m.csrf))
            \(Components.select(name: "kind", label: l("aftercare.accommodation.support-kind-label"), options: kinds, selected: m.input.kind, errors: m.errors, l: l))
            \(Components.textInput(name: "provider", label: l("aftercare.accommodation.support-provider-label"), value: m.input.provider, errors: m.errors, l: l))
            \(Components.textInput(name: "from", label: l("aftercare.accommodation.from-label"), value: m.input.from, hint: l("aftercare.accommodation.date-hint"), type: "date",
                                   errors: m.errors, l: l))
            \(Components.textInput(name: "until", label: l("aftercare.accommodation.support-until-label"), value: m.input.until, hint: l("aftercare.accommodation.support-until-hint"),
                                   type: "date", errors: m.errors, l: l))
            \(Components.textArea(name: "note", label: l("aftercare.accommodation.note-label"), value: m.input.note, hint: l("aftercare.accommodation.note-hint"), rows: 4,
                                  errors: m.errors, l: l))
            \(Components.button(l("aftercare.accommodation.save-support")))
            </form>
            """, status: m.errors.isEmpty ? .ok : .unprocessableEntity, hasErrors: !m.errors.isEmpty,
            backLink: (Href.case(m.reference).fragment("support"), l("aftercare.accommodation.back-to-case")), language: l.language)
    }
}
