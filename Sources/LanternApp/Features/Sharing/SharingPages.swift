import Foundation
import LanternCore
import Vapor

/// Recording consent, sharing a case, and the cases other organisations share with yours, in
/// the viewer's language (`l`, from `SharingPages.localiser`).
enum SharingPages {
    /// The request's language if the catalogue has all of sharing, else British English.
    static func localiser(_ request: Request) -> Localiser { request.localiser.forPage(areas: "sharing", "shareanswers", "components") }

    static func consentForm(_ record: CaseRecord, input: ConsentInput, organisations: [(id: String, name: String)], today: Day,
                            errors: FormErrors, csrf: String, l: Localiser) -> Page {
        let bases: [(String, String)] = record.age.treatedAsChild
            ? SharingBasis.allCases.map { ($0.rawValue, $0.label) } : [(SharingBasis.consent.rawValue, SharingBasis.consent.label)]
        return Page(title: l("sharing.consent-title"), content: """
            \(Components.errorSummary(errors, l))
            <span class="caption">\(l("sharing.case-caption", ["reference": record.reference]))</span>
            <h1 class="heading-l">\(l("sharing.consent-title"))</h1>
            <p class="body">\(l("sharing.consent-intro"))</p>
            <form method="post" action="\(Href.newConsent(record.reference))" novalidate>
            \(Components.csrfField(csrf))
            \(Components.radios(name: "basis", legend: l("sharing.basis"), options: bases, selected: input.basis ?? (bases.count == 1 ? bases[0].0 : nil),
                                hint: record.age.treatedAsChild ? l("sharing.basis-hint-child") : nil, errors: errors, l: l))
            \(Components.radios(name: "referToNRM", legend: l("sharing.refer-question"),
                                options: [("yes", l("sharing.refer-yes")), ("no", l("sharing.refer-no"))], selected: input.referToNRM,
                                hint: record.age.treatedAsChild ? l("sharing.refer-hint-child") : nil, errors: errors, l: l))
            \(Components.checkboxes(name: "organisationIDs", legend: l("sharing.organisations"),
                                    options: organisations.map { ($0.id, $0.name) }, checked: Set(input.organisationIDs ?? []),
                                    hint: l("sharing.organisations-hint"), errors: errors, l: l))
            \(Components.checkboxes(name: "scopes", legend: l("sharing.scopes"), options: ShareScope.allCases.map { ($0.rawValue, $0.label) },
                                    checked: Set(input.scopes ?? []), hint: l("sharing.scopes-hint"), errors: errors, l: l))
            \(Components.textArea(name: "purpose", label: l("sharing.consent-purpose"), value: input.purpose,
                                  hint: l("sharing.consent-purpose-hint"), rows: 3, errors: errors, l: l))
            <fieldset class="fieldset consent-only" aria-describedby="consent-only-hint">
            <legend class="fieldset__legend">\(l("sharing.consent-only"))</legend>
            <p class="hint" id="consent-only-hint">\(l("sharing.consent-only-hint"))</p>
            \(Components.radios(name: "obtainedHow", legend: l("sharing.obtained-how"), options: ConsentMethod.allCases.map { ($0.rawValue, $0.label) },
                                selected: input.obtainedHow, errors: errors, l: l))
            \(Components.textInput(name: "interpreterLanguage", label: l("sharing.interpreter"), value: input.interpreterLanguage,
                                   errors: errors, l: l))
            </fieldset>
            \(Components.textInput(name: "givenOn", label: l("sharing.given-on"), value: input.givenOn ?? today.iso, type: "date", errors: errors, l: l))
            \(Components.textInput(name: "validUntil", label: l("sharing.valid-until"), value: input.validUntil ?? today.adding(days: 365).iso,
                                   type: "date", errors: errors, l: l))
            \(Components.button(l("sharing.record-consent")))
            </form>
            """, status: errors.isEmpty ? .ok : .unprocessableEntity, hasErrors: !errors.isEmpty,
            backLink: (Href.case(record.reference), l("sharing.back")), language: l.language)
    }

    static func shareForm(_ record: CaseRecord, input: ShareInput, organisations: [(id: String, name: String)],
                          teams: [(id: String, name: String)] = [], answerDays: [SharePurposeKind: Int] = [:], consents: [ConsentRecord], today: Day, errors: FormErrors, csrf: String, l: Localiser) -> Page {
        let consentOptions = consents.map { consent -> (String, String) in
            let terms = consent.terms
            return (consent.id?.uuidString ?? "",
                    l("sharing.consent-option-scopes", ["basis": terms.basis.label, "given": l.day(terms.givenOn), "until": l.day(terms.validUntil),
                                                        "scopes": terms.scopes.sorted().map(\.shortLabel).joined(separator: ", ")]))
        }
        return Page(title: l("sharing.share-title"), content: """
            \(Components.errorSummary(errors, l))
            <span class="caption">\(l("sharing.case-caption", ["reference": record.reference]))</span>
            <h1 class="heading-l">\(l("sharing.share-title"))</h1>
            \(consentOptions.isEmpty ? HTML("<p class=\"warning-text\">\(l("sharing.no-consent")) <a href=\"\(Href.newConsent(record.reference))\">\(l("sharing.no-consent-link"))</a></p>") : .empty)
            <form method="post" action="\(Href.newShare(record.reference))" novalidate>
            \(Components.csrfField(csrf))
            \(Components.select(name: "organisationID", label: l("sharing.share-with"),
                                options: [("", l("sharing.select-organisation"))] + organisations.map { ($0.id, $0.name) },
                                selected: input.organisationID, errors: errors, l: l))
            \(teams.isEmpty ? HTML.empty : Components.select(name: "teamID", label: l("sharing.share-with-team"),
                                options: [("", l("sharing.whole-organisation"))] + teams.map { ($0.id, $0.name) },
                                selected: input.teamID, hint: l("sharing.share-with-team-hint"), errors: errors, l: l))
            \(Components.checkboxes(name: "scopes", legend: l("sharing.what-to-share"), options: ShareScope.allCases.map { ($0.rawValue, $0.label) },
                                    checked: Set(input.scopes ?? input.scope.map { [$0] } ?? [ShareScope.decisionStatus.rawValue]),
                                    hint: l("sharing.what-to-share-hint"), errors: errors, l: l))
            \(Components.textArea(name: "purpose", label: l("sharing.purpose"), value: input.purpose, rows: 3, errors: errors, l: l))
            \(ShareAnswerPages.purposeKindChoice(selected: input.purposeKind, answerDays: answerDays, errors: errors, l: l))
            \(Components.textInput(name: "until", label: l("sharing.share-until"), value: input.until ?? today.adding(days: 90).iso, type: "date",
                                   errors: errors, l: l))
            \(Components.radios(name: "consentID", legend: l("sharing.which-consent"), options: consentOptions,
                                selected: input.consentID ?? consentOptions.first?.0, errors: errors, l: l))
            \(Components.button(l("sharing.share")))
            </form>
            """, status: errors.isEmpty ? .ok : .unprocessableEntity, hasErrors: !errors.isEmpty,
            backLink: (Href.case(record.reference), l("sharing.back")), language: l.language)
    }

    static func sharedWithUs(_ shares: [CaseShare], organisations: [UUID: String], lookup: String?, errors: FormErrors, today: Day,
                             answers: [UUID: ShareAnswerRecord] = [:], l: Localiser) -> Page {
        let rows: [[HTML]] = shares.map { share in
            [HTML("<a href=\"\(Href.case(share.case.reference))\"><code>\(share.case.reference)</code></a>"),
             HTML("\(organisations[share.case.$organisation.id] ?? "")"), HTML("\(share.shareScopes.sorted().map(\.shortLabel).joined(separator: ", "))"),
             HTML("\(share.purpose)"), HTML("\(l.day(Day(daysSinceEpoch: share.until)))")]
                + ShareAnswerPages.listCells(share.id.flatMap { answers[$0] }, shareID: share.id?.uuidString ?? "", today: today, l: l)
        }
        return Page(title: l("sharing.shared-title"), content: """
            \(Components.errorSummary(errors, l))
            <h1 class="heading-l">\(l("sharing.shared-heading"))</h1>
            <form method="get" action="\(Href.sharedCaseLookup)" class="filters" role="search" aria-label="\(l("sharing.lookup-region"))">
            \(Components.textInput(name: "reference", label: l("sharing.lookup-label"), value: lookup, hint: l("sharing.lookup-hint"),
                                   errors: errors, l: l))
            \(Components.button(l("sharing.lookup"), secondary: true))
            </form>
            \(rows.isEmpty ? HTML("<p class=\"body\">\(l("sharing.nothing-shared"))</p>")
                : Components.table(caption: l("sharing.shares-in-force"),
                                   headers: [l("sharing.column-reference"), l("sharing.column-shared-by"), l("sharing.column-what"),
                                             l("sharing.column-purpose"), l("sharing.column-until"),
                                             l("shareanswers.column-answer"), l("shareanswers.column-answer-by")], rows: rows))
            """, status: errors.isEmpty ? .ok : .notFound, hasErrors: !errors.isEmpty, language: l.language)
    }
}
