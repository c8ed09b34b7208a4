import Foundation
import LanternCore

/// The retention page: what will be erased in the next month, the legal holds that stop it,
/// and the form to place one. Server-rendered forms only; every control is a labelled field
/// or a button inside its own form.
enum RetentionPages {
    struct HoldForm {
        var reference: String?
        var reason: String?
    }

    static func overview(_ o: RetentionOverview, form: HoldForm, errors: FormErrors, csrf: String, canViewCases: Bool,
                         notice: HTML = .empty) -> Page {
        var page = Page(title: "Retention and legal holds", content: """
            \(notice)
            \(Components.errorSummary(errors))
            <h1 class="heading-l">Retention and legal holds</h1>
            <p class="body">Lantern erases a case's identifying details (names, date of birth, contacts, the account of what
            happened, notes, and the free text of consent records, shares and holds) \(years(o.periods.yearsAfterClosure)) after the
            case is closed\(dutyToNotifyRule(o.periods)). The figures about the case (borough, exploitation types, quarters and
            decisions) are kept. A case under a legal hold is not erased until the hold is released.</p>
            \(upcoming(o, csrf: csrf, canViewCases: canViewCases))
            \(held(o, csrf: csrf, canViewCases: canViewCases))
            \(holdForm(form, errors: errors, csrf: csrf))
            """)
        if !errors.isEmpty {
            page.status = .unprocessableEntity
            page.hasErrors = true
        }
        return page
    }

    static func years(_ n: Int) -> String { n == 1 ? "1 year" : "\(n) years" }

    static func dutyToNotifyRule(_ periods: RetentionPeriods) -> String {
        let years = periods.years(for: .dutyToNotifyCase)
        return years == periods.yearsAfterClosure ? ", a Duty to Notify case likewise" : "; a Duty to Notify case \(Self.years(years)) after it is closed"
    }

    static func caseLink(_ record: CaseRecord, canViewCases: Bool) -> HTML {
        canViewCases ? HTML("<a href=\"\(Href.case(record.reference))\"><code>\(record.reference)</code></a>") : HTML("<code>\(record.reference)</code>")
    }

    static func upcoming(_ o: RetentionOverview, csrf: String, canViewCases: Bool) -> HTML {
        let rows: [[HTML]] = o.upcoming.map { row in
            let status: HTML
            switch row.status {
            case .due: status = Components.tag("Due now", colour: "red")
            case .held: status = Components.tag("Legal hold", colour: "yellow")
            default: status = Components.tag("Will be erased", colour: "grey")
            }
            let action: HTML = row.record.legalHold ? HTML("Kept while the hold stands")
                : HTML("<a href=\"\(Href.retention.query("hold", row.record.reference).fragment("place-hold"))\">Place a legal hold<span class=\"visually-hidden\"> on \(row.record.reference)</span></a>")
            return [caseLink(row.record, canViewCases: canViewCases),
                    HTML("\(row.record.retentionFacts.kind.label)"),
                    HTML("\(row.record.closedOn.map { Day(daysSinceEpoch: $0).iso } ?? "")"),
                    HTML("\(row.eraseOn?.iso ?? "")"),
                    status, action]
        }
        return """
        <h2 class="heading-m" id="upcoming">To be erased by \(o.through.iso)</h2>
        \(rows.isEmpty ? HTML("<p class=\"body\">No case of your organisation is due to be erased in the next month.</p>")
            : Components.table(caption: "Cases whose identifying details will be erased by \(o.through.iso)",
                               headers: ["Case", "Kind", "Closed", "Erase on", "Status", "Action"], rows: rows))
        \(o.upcomingTruncated ? HTML("<p class=\"body\">Only the first \(RetentionOverview.listLimit) are listed.</p>") : .empty)
        """
    }

    static func held(_ o: RetentionOverview, csrf: String, canViewCases: Bool) -> HTML {
        let rows: [[HTML]] = o.held.map { row in
            let reference = row.record.reference
            return [caseLink(row.record, canViewCases: canViewCases),
                    HTML("<span class=\"pre-wrap\">\(row.holdReason ?? "")</span>"),
                    HTML("\(row.heldBy ?? "A colleague")"),
                    HTML("\(row.record.legalHoldAt.map(DisplayDate.date) ?? "")"),
                    HTML("\(row.eraseOn.map { $0 <= o.today ? "As soon as it is released" : $0.iso } ?? "Still open")"),
                    HTML("""
                    <form method="post" action="\(Href.releaseHold(reference))" class="inline-form">
                    \(Components.csrfField(csrf))<button type="submit" class="link-button">Release the hold<span class="visually-hidden"> on \(reference)</span></button></form>
                    """)]
        }
        return """
        <h2 class="heading-m" id="held">Under legal hold</h2>
        \(rows.isEmpty ? HTML("<p class=\"body\">No case of your organisation is under a legal hold.</p>")
            : Components.table(caption: "Cases kept by a legal hold", headers: ["Case", "Reason", "Placed by", "Placed on", "Erased", "Action"],
                               rows: rows))
        """
    }

    static func holdForm(_ form: HoldForm, errors: FormErrors, csrf: String) -> HTML {
        """
        <h2 class="heading-m" id="place-hold" tabindex="-1">Place a legal hold</h2>
        <form method="post" action="\(Href.legalHolds)" class="action-form" novalidate>
        \(Components.csrfField(csrf))
        \(Components.textInput(name: "reference", label: "Case reference", value: form.reference, hint: "For example LNT-ABCD-EFGH-JKLM",
                               width: 20, errors: errors))
        \(Components.textArea(name: "reason", label: "Reason for the hold", value: form.reason,
                              hint: "For example the proceedings, inquiry or claim that needs the details kept. Up to \(LegalHoldRules.reasonLimit) characters.",
                              rows: 3, errors: errors))
        \(Components.button("Place legal hold"))
        </form>
        """
    }
}
