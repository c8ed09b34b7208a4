import Foundation
import Vapor
import LanternCore

/// The Duty to Notify report's pages, in the viewer's language: the form (the answers besides
/// what the case records) and the summary in the Home Office form's order, with nothing that
/// identifies the adult.
enum DutyToNotifyPages {
    static func localiser(_ request: Request) -> Localiser { request.localiser.forPage(areas: "dtn", "components") }

    struct FormModel {
        var record: CaseRecord
        var values: [String: String]
        var errors: FormErrors
        var csrf: String
    }

    static func reasonLabel(_ reason: NotificationRefusalReason, l: Localiser) -> String {
        switch reason {
        case .fearOfExploiters: l("dtn.reason.fear-of-exploiters")
        case .distrustOfAuthorities: l("dtn.reason.distrust-of-authorities")
        case .immigrationConcerns: l("dtn.reason.immigration-concerns")
        case .doesNotIdentifyAsVictim: l("dtn.reason.does-not-identify-as-victim")
        case .wantsToReturnHome: l("dtn.reason.wants-to-return-home")
        case .notReadyNow: l("dtn.reason.not-ready-now")
        case .other: l("dtn.reason.other")
        case .notGiven: l("dtn.reason.not-given")
        }
    }

    static func answerLabel(_ answer: NotificationAnswer, l: Localiser) -> String {
        switch answer {
        case .yes: l("dtn.yes")
        case .no: l("dtn.no")
        case .notKnown: l("dtn.not-known")
        }
    }

    static func form(_ m: FormModel, l: Localiser) -> Page {
        let ref = m.record.reference
        let answers = NotificationAnswer.allCases.map { ($0.rawValue, answerLabel($0, l: l)) }
        return Page(title: l("dtn.form-title", ["reference": ref]), content: """
            \(Components.errorSummary(m.errors, l))
            <span class="caption">\(l("dtn.caption", ["reference": ref]))</span>
            <h1 class="heading-l">\(l("dtn.form-heading"))</h1>
            <p class="body">\(l("dtn.form-intro"))</p>
            <form method="post" action="\(Href.dutyToNotify(ref))" novalidate>
            \(Components.csrfField(m.csrf))
            \(Components.radios(name: "reason", legend: l("dtn.reason-legend"),
                                options: NotificationRefusalReason.allCases.map { ($0.rawValue, reasonLabel($0, l: l)) },
                                selected: m.values["reason"], errors: m.errors, l: l))
            \(Components.textArea(name: "details", label: l("dtn.details-label"), value: m.values["details"],
                                  hint: l("dtn.details-hint", ["limit": l.number(DutyToNotifyRules.detailsLimit)]), rows: 3,
                                  errors: m.errors, l: l))
            \(Components.radios(name: "stillInSituation", legend: l("dtn.still-legend"), options: answers,
                                selected: m.values["stillInSituation"], inline: true, errors: m.errors, l: l))
            \(Components.radios(name: "reportedToPolice", legend: l("dtn.police-legend"), options: answers,
                                selected: m.values["reportedToPolice"], inline: true, errors: m.errors, l: l))
            \(Components.radios(name: "policeMayContact", legend: l("dtn.contact-legend"), options: answers,
                                selected: m.values["policeMayContact"], hint: l("dtn.contact-hint"), inline: true, errors: m.errors, l: l))
            \(Components.button(l("dtn.save")))
            </form>
            """, backLink: (Href.case(ref), l("dtn.back-to-case")), language: l.language)
    }

    struct SummaryModel {
        var record: CaseRecord
        var answers: DutyToNotifyAnswers?
        var organisation: String
        var catalogue: BoroughCatalogue
        var saved: Bool
    }

    /// The report in the Home Office form's order (report, age, exploitation, risk and justice,
    /// the decision to refer, the person), from the case's codes and the report's answers.
    static func summary(_ m: SummaryModel, l: Localiser) -> Page {
        let record = m.record, state = record.state, ref = record.reference
        let notGiven = HTML("\(l("dtn.not-recorded"))")
        func answer(_ a: NotificationAnswer?) -> HTML { a.map { HTML("\(answerLabel($0, l: l))") } ?? notGiven }
        let thenAge = AgeGroup(rawValue: record.ageGroupAtExploitation) ?? .unknown
        let underThen: NotificationAnswer = thenAge == .child ? .yes : (thenAge == .adult ? .no : .notKnown)
        let types = ExploitationType.combinationLabel(Set(record.exploitationTypes.compactMap { ExploitationType(rawValue: $0.type) }))
        let sections: [(DutyToNotifyRules.Section, [(key: String, value: HTML)])] = [
            (.yourReport, [(l("dtn.organisation"), HTML("\(m.organisation)")),
                           (l("dtn.where-made"), HTML("\(l("dtn.england"))")),
                           (l("dtn.notified-on"), DutyToNotifyController.notifiedOn(state).map { HTML("\(l.day($0))") } ?? notGiven),
                           (l("dtn.reference"), HTML("<code>\(ref)</code>"))]),
            (.age, [(l("dtn.under-18-now"), HTML("\(l("dtn.no-adult"))")),
                    (l("dtn.under-18-then"), answer(underThen))]),
            (.exploitation, [(l("dtn.still-in-situation"), answer(m.answers?.stillInSituation)),
                             (l("dtn.where-exploited"), HTML("\(record.exploitationLocation)")),
                             (l("dtn.borough-exploited"), HTML("\(record.boroughExploited.flatMap { m.catalogue.borough(code: $0)?.name } ?? l("dtn.not-recorded"))")),
                             (l("dtn.types"), HTML("\(types)")),
                             (l("dtn.county-lines"), HTML("\(record.countyLines ? l("dtn.yes") : l("dtn.no"))"))]),
            (.riskAndJustice, [(l("dtn.reported-to-police"), answer(m.answers?.reportedToPolice)),
                               (l("dtn.police-may-contact"), answer(m.answers?.policeMayContact))]),
            (.decision, [(l("dtn.consent"), HTML("\(l("dtn.consent-declined"))")),
                         (l("dtn.reason"), m.answers.map { HTML("\(reasonLabel($0.reason, l: l))") } ?? notGiven),
                         (l("dtn.details"), m.answers?.details.map { HTML("<span class=\"pre-wrap\">\($0)</span>") } ?? notGiven)]),
            (.aboutThePerson, [(l("dtn.gender"), HTML("\(record.gender)")),
                               (l("dtn.nationality"), HTML("\(CodedList.nationalities.name(of: record.nationality))")),
                               (l("dtn.identifying"), HTML("\(l("dtn.identifying-not-included"))"))]),
        ]
        let blocks = sections.map { section, rows in
            HTML("<h2 class=\"heading-m\">\(sectionTitle(section, l: l))</h2>\(Components.summaryList(rows))")
        }
        let converted: HTML = state.consentAfterNotificationOn.map {
            HTML("<p class=\"body\">\(l("dtn.notice-converted", ["date": l.day($0)]))</p>")
        } ?? .empty
        let missing: HTML = m.answers == nil && state.stage == .dutyToNotify
            ? HTML("<p class=\"warning-text\">\(l("dtn.answers-missing")) <a href=\"\(Href.dutyToNotify(ref))\">\(l("dtn.form-link"))</a></p>")
            : .empty
        let edit: HTML = m.answers != nil && state.stage == .dutyToNotify
            ? HTML("<p class=\"body\"><a href=\"\(Href.dutyToNotify(ref))\">\(l("dtn.change-link"))</a></p>") : .empty
        return Page(title: l("dtn.summary-title", ["reference": ref]), content: """
            \(m.saved ? Components.notification(title: l("dtn.saved-title"), body: HTML("\(l("dtn.saved-body"))")) : .empty)
            <div class="referral-summary">
            <span class="caption">\(l("dtn.caption", ["reference": ref]))</span>
            <h1 class="heading-l">\(l("dtn.summary-heading"))</h1>
            <p class="body">\(l("dtn.summary-intro"))</p>
            \(converted)
            \(missing)
            \(blocks)
            \(edit)
            </div>
            """, backLink: (Href.case(ref), l("dtn.back-to-case")), language: l.language)
    }

    /// Said on a case that never was a Duty to Notify (a child's, or an adult who consented).
    static func notANotification(_ record: CaseRecord, l: Localiser) -> Page {
        Page(title: l("dtn.not-a-notification-title", ["reference": record.reference]), content: """
            <span class="caption">\(l("dtn.caption", ["reference": record.reference]))</span>
            <h1 class="heading-l">\(l("dtn.not-a-notification-heading"))</h1>
            <p class="body">\(l("dtn.not-a-notification-body"))</p>
            <p class="body"><a href="\(Href.case(record.reference))">\(l("dtn.back-to-case"))</a></p>
            """, hasErrors: false, backLink: (Href.case(record.reference), l("dtn.back-to-case")), language: l.language)
    }

    static func sectionTitle(_ section: DutyToNotifyRules.Section, l: Localiser) -> String {
        switch section {
        case .yourReport: l("dtn.section.your-report")
        case .age: l("dtn.section.age")
        case .exploitation: l("dtn.section.exploitation")
        case .riskAndJustice: l("dtn.section.risk-and-justice")
        case .decision: l("dtn.section.decision")
        case .aboutThePerson: l("dtn.section.about-the-person")
        }
    }
}
