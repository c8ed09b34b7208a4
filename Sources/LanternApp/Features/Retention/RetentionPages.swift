import Foundation
import LanternCore
import Vapor

/// The retention page: what will be erased in the next month, the legal holds that stop it,
/// and the form to place one. Server-rendered forms only; every control is a labelled field
/// or a button inside its own form. Texts from the catalogue (`l`, from `RetentionPages.localiser`).
enum RetentionPages {
    /// The request's language if the catalogue has all of retention, else British English.
    static func localiser(_ request: Request) -> Localiser { request.localiser.forPage(areas: "retention", "components") }

    struct HoldForm {
        var reference: String?
        var reason: String?
    }

    /// What the redirect after a change says was recorded (`?recorded=`).
    enum Recorded: String { case placed, released }

    static func overview(_ o: RetentionOverview, form: HoldForm, errors: FormErrors, csrf: String, canViewCases: Bool,
                         recorded: Recorded? = nil, l: Localiser = .englishGB) -> Page {
        let notice: HTML = switch recorded {
        case .placed: Components.notification(title: l("retention.placed-title"), body: "\(l("retention.placed-text"))")
        case .released: Components.notification(title: l("retention.released-title"), body: "\(l("retention.released-text"))")
        case nil: .empty
        }
        var page = Page(title: l("retention.title"), content: """
            \(notice)
            \(Components.errorSummary(errors, l))
            <h1 class="heading-l">\(l("retention.title"))</h1>
            <p class="body">\(l.plural("retention.rule", count: o.periods.yearsAfterClosure)) \(dutyToNotifyRule(o.periods, l: l))
            \(l("retention.rule-figures"))</p>
            \(upcoming(o, csrf: csrf, canViewCases: canViewCases, l: l))
            \(held(o, csrf: csrf, canViewCases: canViewCases, l: l))
            \(holdForm(form, errors: errors, csrf: csrf, l: l))
            """, language: l.language)
        if !errors.isEmpty {
            page.status = .unprocessableEntity
            page.hasErrors = true
        }
        return page
    }

    static func dutyToNotifyRule(_ periods: RetentionPeriods, l: Localiser) -> String {
        let years = periods.years(for: .dutyToNotifyCase)
        return years == periods.yearsAfterClosure ? l("retention.rule-notify-same") : l.plural("retention.rule-notify", count: years)
    }

    static func caseLink(_ record: CaseRecord, canViewCases: Bool) -> HTML {
        canViewCases ? HTML("<a href=\"\(Href.case(record.reference))\"><code>\(record.reference)</code></a>") : HTML("<code>\(record.reference)</code>")
    }

    static func upcoming(_ o: RetentionOverview, csrf: String, canViewCases: Bool, l: Localiser) -> HTML {
        let rows: [[HTML]] = o.upcoming.map { row in
            let status: HTML
            switch row.status {
            case .due: status = Components.tag(l("retention.due"), colour: "red")
            case .held: status = Components.tag(l("retention.held"), colour: "yellow")
            default: status = Components.tag(l("retention.will-be-erased"), colour: "grey")
            }
            let action: HTML = row.record.legalHold ? HTML("\(l("retention.kept-while-held"))")
                : HTML("<a href=\"\(Href.retention.query("hold", row.record.reference).fragment("place-hold"))\">\(l("retention.place-hold-link"))<span class=\"visually-hidden\"> \(l("retention.on-case", ["reference": row.record.reference]))</span></a>")
            return [caseLink(row.record, canViewCases: canViewCases),
                    HTML("\(row.record.retentionFacts.kind.label)"),
                    HTML("\(row.record.closedOn.map { l.day(Day(daysSinceEpoch: $0)) } ?? "")"),
                    HTML("\(row.eraseOn.map(l.day) ?? "")"),
                    status, action]
        }
        return """
        <h2 class="heading-m" id="upcoming">\(l("retention.upcoming-heading", ["date": l.day(o.through)]))</h2>
        \(rows.isEmpty ? HTML("<p class=\"body\">\(l("retention.upcoming-none"))</p>")
            : Components.table(caption: l("retention.upcoming-caption", ["date": l.day(o.through)]),
                               headers: [l("retention.column-case"), l("retention.column-kind"), l("retention.column-closed"),
                                         l("retention.column-erase-on"), l("retention.column-status"), l("retention.column-action")], rows: rows))
        \(o.upcomingTruncated ? HTML("<p class=\"body\">\(l.plural("retention.truncated", count: RetentionOverview.listLimit))</p>") : .empty)
        """
    }

    static func held(_ o: RetentionOverview, csrf: String, canViewCases: Bool, l: Localiser) -> HTML {
        let rows: [[HTML]] = o.held.map { row in
            let reference = row.record.reference
            return [caseLink(row.record, canViewCases: canViewCases),
                    HTML("<span class=\"pre-wrap\">\(row.holdReason ?? "")</span>"),
                    HTML("\(row.heldBy ?? l("retention.a-colleague"))"),
                    HTML("\(row.record.legalHoldAt.map(l.date) ?? "")"),
                    HTML("\(row.eraseOn.map { $0 <= o.today ? l("retention.erased-on-release") : l.day($0) } ?? l("retention.still-open"))"),
                    HTML("""
                    <form method="post" action="\(Href.releaseHold(reference))" class="inline-form">
                    \(Components.csrfField(csrf))<button type="submit" class="link-button">\(l("retention.release"))<span class="visually-hidden"> \(l("retention.on-case", ["reference": reference]))</span></button></form>
                    """)]
        }
        return """
        <h2 class="heading-m" id="held">\(l("retention.held-heading"))</h2>
        \(rows.isEmpty ? HTML("<p class=\"body\">\(l("retention.held-none"))</p>")
            : Components.table(caption: l("retention.held-caption"),
                               headers: [l("retention.column-case"), l("retention.column-reason"), l("retention.column-placed-by"),
                                         l("retention.column-placed-on"), l("retention.column-erased"), l("retention.column-action")],
                               rows: rows))
        """
    }

    static func holdForm(_ form: HoldForm, errors: FormErrors, csrf: String, l: Localiser) -> HTML {
        """
        <h2 class="heading-m" id="place-hold" tabindex="-1">\(l("retention.place-hold-link"))</h2>
        <form method="post" action="\(Href.legalHolds)" class="action-form" novalidate>
        \(Components.csrfField(csrf))
        \(Components.textInput(name: "reference", label: l("retention.reference"), value: form.reference, hint: l("retention.reference-hint"),
                               width: 20, errors: errors, l: l))
        \(Components.textArea(name: "reason", label: l("retention.reason"), value: form.reason,
                              hint: l("retention.reason-hint", ["limit": l.number(LegalHoldRules.reasonLimit)]), rows: 3, errors: errors, l: l))
        \(Components.button(l("retention.place-hold")))
        </form>
        """
    }
}
