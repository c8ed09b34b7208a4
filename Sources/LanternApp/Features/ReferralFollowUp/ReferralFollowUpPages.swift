import Foundation
import LanternCore
import Vapor

/// The referral follow-up page (the reference, the acknowledgement, the chases and their
/// forms) and the case page's "Referral follow-up" section, in the viewer's language.
enum ReferralFollowUpPages {
    static func localiser(_ request: Request) -> Localiser { request.localiser.forPage(areas: "followup", "components") }

    /// What the page's forms hold when shown again (typed values and their problems).
    struct Forms {
        var homeOfficeReference: String?
        var acknowledgedOn: String?
        var chasedOn: String?
        var method: String?
        var note: String?
        var errors = FormErrors()
        /// The same chase (day and method) was already recorded.
        var duplicateChase = false
        var saved: Saved?
    }

    /// Which confirmation the page shows after a save (`?saved=`).
    enum Saved: String { case reference, chase }

    static func decisionText(_ s: ReferralFollowUpService.Snapshot, today: Day, l: Localiser) -> String {
        if let decided = s.decidedOn { return l("followup.decision.received", ["date": l.day(decided)]) }
        guard let expected = s.expectedBy else { return l("followup.decision.not-submitted") }
        guard s.awaitingDecision else { return l("followup.decision.not-awaited") }
        let awaited = expected < today ? l("followup.decision.overdue", ["date": l.day(expected)])
            : l("followup.decision.expected", ["date": l.day(expected)])
        guard let earlier = s.reconsidering else { return awaited }
        return l("followup.decision.reconsidering", ["decided": l.day(earlier.decidedOn), "requested": l.day(earlier.requestedOn)]) + " " + awaited
    }

    static func summary(_ s: ReferralFollowUpService.Snapshot, today: Day, l: Localiser) -> HTML {
        Components.summaryList([
            (key: l("followup.submitted"), value: HTML("\(s.submittedOn.map { l.day($0) } ?? l("followup.not-yet"))")),
            (key: l("followup.reference"), value: HTML("\(s.homeOfficeReference ?? l("followup.not-recorded"))")),
            (key: l("followup.acknowledged"), value: HTML("\(s.acknowledgedOn.map { l.day($0) } ?? l("followup.not-recorded"))")),
            (key: l("followup.decision"), value: HTML("\(decisionText(s, today: today, l: l))")),
            (key: l("followup.last-chase"), value: HTML("\(s.chases.first.map { l.day($0.on) } ?? l("followup.never-chased"))")),
        ])
    }

    static func page(_ s: ReferralFollowUpService.Snapshot, forms f: Forms, canEdit: Bool, csrf: String, today: Day, l: Localiser) -> Page {
        let rows: [[HTML]] = s.chases.map { chase in
            [HTML("\(l.day(chase.on))"), HTML("\(chase.method?.label(l) ?? l("followup.method.unknown"))"),
             HTML("<span class=\"pre-wrap\">\(chase.note ?? "")</span>"), HTML("\(chase.recordedBy ?? l("followup.a-colleague"))")]
        }
        let submitted = s.submittedOn != nil
        let notices: HTML = [
            f.saved == .reference ? Components.notification(title: l("followup.saved.reference"), body: .empty) : .empty,
            f.saved == .chase ? Components.notification(title: l("followup.saved.chase"), body: .empty) : .empty,
            f.duplicateChase ? Components.notification(title: l("followup.duplicate.title"),
                                                       body: HTML("<p class=\"body\">\(l("followup.duplicate.text"))</p>"), success: false) : .empty,
            s.dueWindow != nil && s.awaitingDecision
                ? Components.notification(title: l("followup.chase-due.title"),
                                          body: HTML("<p class=\"body\">\(l("followup.chase-due.text"))</p>"), success: false) : .empty,
        ].reduce(HTML.empty) { HTML("\($0)\($1)") }
        let referenceForm: HTML = canEdit && submitted ? HTML("""
            <h2 class="heading-m" id="reference-heading">\(l("followup.reference-form.title"))</h2>
            <form method="post" action="\(Href.referralFollowUp(s.reference))" novalidate>
            \(Components.csrfField(csrf))
            \(Components.textInput(name: "homeOfficeReference", label: l("followup.reference-form.reference-label"),
                                   value: f.homeOfficeReference ?? s.homeOfficeReference, hint: l("followup.reference-form.reference-hint"),
                                   width: 20, errors: f.errors, extra: HTML(" spellcheck=\"false\""), l: l))
            \(Components.textInput(name: "acknowledgedOn", label: l("followup.reference-form.acknowledged-label"),
                                   value: f.acknowledgedOn ?? s.acknowledgedOn?.iso, hint: l("followup.reference-form.acknowledged-hint"),
                                   type: "date", errors: f.errors, l: l))
            \(Components.button(l("followup.reference-form.save")))
            </form>
            """) : .empty
        let chaseForm: HTML = canEdit && s.awaitingDecision ? HTML("""
            <h2 class="heading-m" id="chase-heading">\(l("followup.chase-form.title"))</h2>
            <form method="post" action="\(Href.rgChases(s.reference))" novalidate>
            \(Components.csrfField(csrf))
            \(Components.textInput(name: "chasedOn", label: l("followup.chase-form.date-label"), value: f.chasedOn ?? today.iso,
                                   hint: l("followup.chase-form.date-hint"), type: "date", errors: f.errors, l: l))
            \(Components.radios(name: "method", legend: l("followup.chase-form.method-legend"),
                                options: ReferralFollowUp.ChaseMethod.allCases.map { ($0.rawValue, $0.label(l)) }, selected: f.method,
                                errors: f.errors, l: l))
            \(Components.textArea(name: "note", label: l("followup.chase-form.note-label"), value: f.note,
                                  hint: l("followup.chase-form.note-hint"), rows: 4, errors: f.errors, l: l))
            \(Components.button(l("followup.chase-form.save")))
            </form>
            """) : .empty
        let status: HTTPStatus = f.duplicateChase ? .conflict : (f.errors.isEmpty ? .ok : .unprocessableEntity)
        return Page(title: l("followup.title", ["reference": s.reference]), content: """
            \(Components.errorSummary(f.errors, l))
            \(notices)
            <span class="caption">\(l("followup.caption", ["reference": s.reference]))</span>
            <h1 class="heading-l">\(l("followup.heading"))</h1>
            \(summary(s, today: today, l: l))
            \(submitted ? .empty : HTML("<p class=\"body\">\(l("followup.submit-first"))</p>"))
            \(referenceForm)
            \(chaseForm)
            <h2 class="heading-m" id="chases-heading">\(l("followup.chases.title"))</h2>
            \(rows.isEmpty ? HTML("<p class=\"body\">\(l("followup.chases.none"))</p>")
                : Components.table(caption: l("followup.chases.caption"),
                                   headers: [l("followup.column.date"), l("followup.column.method"), l("followup.column.note"),
                                             l("followup.column.recorded-by")], rows: rows))
            """, status: status, hasErrors: !f.errors.isEmpty,
            backLink: (Href.case(s.reference).fragment("referral-follow-up"), l("followup.back")), language: l.language)
    }

    /// The case page's section: what is known and what is awaited, and a link to the page.
    static func section(_ s: ReferralFollowUpService.Snapshot, canEdit: Bool, today: Day, l: Localiser) -> HTML {
        HTML("""
            <section id="referral-follow-up" aria-labelledby="referral-follow-up-heading">
            <h2 class="heading-m" id="referral-follow-up-heading">\(l("followup.section.title"))</h2>
            \(s.dueWindow != nil && s.awaitingDecision ? HTML("<p class=\"body\"><strong>\(l("followup.chase-due.title"))</strong></p>") : .empty)
            \(summary(s, today: today, l: l))
            <p class="body"><a href="\(Href.referralFollowUp(s.reference))">\(canEdit ? l("followup.section.edit-link") : l("followup.section.view-link"))</a></p>
            </section>
            """)
    }
}
