import Foundation
import LanternCore

/// Recording consent, sharing a case, and the cases other organisations share with yours.
enum SharingPages {
    static func consentForm(_ record: CaseRecord, input: ConsentInput, organisations: [(id: String, name: String)], today: Day,
                            errors: FormErrors, csrf: String) -> Page {
        let bases: [(String, String)] = record.age.treatedAsChild
            ? SharingBasis.allCases.map { ($0.rawValue, $0.label) } : [(SharingBasis.consent.rawValue, SharingBasis.consent.label)]
        return Page(title: "Record consent", content: """
            \(Components.errorSummary(errors))
            <span class="caption">Case \(record.reference)</span>
            <h1 class="heading-l">Record consent</h1>
            <p class="body">Record what the person agreed to after you explained the NRM, the support available, and how their
            information will be used and shared. A share can only be made under a consent record that covers it.</p>
            <form method="post" action="\(Href.newConsent(record.reference))" novalidate>
            \(Components.csrfField(csrf))
            \(Components.radios(name: "basis", legend: "Basis", options: bases, selected: input.basis ?? (bases.count == 1 ? bases[0].0 : nil),
                                hint: record.age.treatedAsChild ? "Children are referred without consent; sharing may rest on safeguarding." : nil,
                                errors: errors))
            \(Components.radios(name: "referToNRM", legend: "Do they consent to a referral to the NRM?",
                                options: [("yes", "Yes"), ("no", "No, they decline (a Duty to Notify will be made)")], selected: input.referToNRM,
                                hint: record.age.treatedAsChild ? "Not needed for a child." : nil, errors: errors))
            \(Components.checkboxes(name: "organisationIDs", legend: "Organisations they agree may receive information",
                                    options: organisations.map { ($0.id, $0.name) }, checked: Set(input.organisationIDs ?? []),
                                    hint: "Leave empty if they agree to no sharing", errors: errors))
            \(Components.checkboxes(name: "scopes", legend: "What may be shared", options: ShareScope.allCases.map { ($0.rawValue, $0.label) },
                                    checked: Set(input.scopes ?? []), errors: errors))
            \(Components.textArea(name: "purpose", label: "What the information will be used for", value: input.purpose,
                                  hint: "For example: housing application and support planning", rows: 3, errors: errors))
            \(Components.radios(name: "obtainedHow", legend: "How consent was obtained", options: ConsentMethod.allCases.map { ($0.rawValue, $0.label) },
                                selected: input.obtainedHow, errors: errors))
            \(Components.textInput(name: "interpreterLanguage", label: "Interpreter's language (if one was used)", value: input.interpreterLanguage,
                                   errors: errors))
            \(Components.textInput(name: "givenOn", label: "Date consent was given", value: input.givenOn ?? today.iso, type: "date", errors: errors))
            \(Components.textInput(name: "validUntil", label: "Consent ends on", value: input.validUntil ?? today.adding(days: 365).iso,
                                   type: "date", errors: errors))
            \(Components.button("Record consent"))
            </form>
            """, status: errors.isEmpty ? .ok : .unprocessableEntity, hasErrors: !errors.isEmpty,
            backLink: (Href.case(record.reference), "Back to the case"))
    }

    static func shareForm(_ record: CaseRecord, input: ShareInput, organisations: [(id: String, name: String)],
                          consents: [ConsentRecord], today: Day, errors: FormErrors, csrf: String) -> Page {
        let consentOptions = consents.map { consent -> (String, String) in
            let terms = consent.terms
            return (consent.id?.uuidString ?? "", "\(terms.basis.label), given \(terms.givenOn.iso), until \(terms.validUntil.iso)")
        }
        return Page(title: "Share this case", content: """
            \(Components.errorSummary(errors))
            <span class="caption">Case \(record.reference)</span>
            <h1 class="heading-l">Share this case</h1>
            \(consentOptions.isEmpty ? HTML("<p class=\"warning-text\">There is no consent in force. <a href=\"\(Href.newConsent(record.reference))\">Record consent</a> first.</p>") : .empty)
            <form method="post" action="\(Href.newShare(record.reference))" novalidate>
            \(Components.csrfField(csrf))
            \(Components.select(name: "organisationID", label: "Share with", options: [("", "Select an organisation")] + organisations.map { ($0.id, $0.name) },
                                selected: input.organisationID, errors: errors))
            \(Components.radios(name: "scope", legend: "What to share", options: ShareScope.allCases.map { ($0.rawValue, $0.label) },
                                selected: input.scope ?? ShareScope.decisionStatus.rawValue,
                                hint: "Share the least that meets the purpose. A housing team usually needs only the decision status.", errors: errors))
            \(Components.textArea(name: "purpose", label: "Purpose", value: input.purpose, rows: 3, errors: errors))
            \(Components.textInput(name: "until", label: "Share until", value: input.until ?? today.adding(days: 90).iso, type: "date", errors: errors))
            \(Components.radios(name: "consentID", legend: "Under which consent record?", options: consentOptions,
                                selected: input.consentID ?? consentOptions.first?.0, errors: errors))
            \(Components.button("Share"))
            </form>
            """, status: errors.isEmpty ? .ok : .unprocessableEntity, hasErrors: !errors.isEmpty,
            backLink: (Href.case(record.reference), "Back to the case"))
    }

    static func sharedWithUs(_ shares: [CaseShare], organisations: [UUID: String], lookup: String?, errors: FormErrors, today: Day) -> Page {
        let rows: [[HTML]] = shares.map { share in
            [HTML("<a href=\"\(Href.case(share.case.reference))\"><code>\(share.case.reference)</code></a>"),
             HTML("\(organisations[share.case.$organisation.id] ?? "")"), HTML("\(share.shareScope.label)"),
             HTML("\(share.purpose)"), HTML("\(Day(daysSinceEpoch: share.until).iso)")]
        }
        return Page(title: "Shared with your organisation", content: """
            \(Components.errorSummary(errors))
            <h1 class="heading-l">Cases shared with your organisation</h1>
            <form method="get" action="\(Href.sharedCaseLookup)" class="filters" role="search" aria-label="Look up a case reference">
            \(Components.textInput(name: "reference", label: "Look up a case reference you were given", value: lookup,
                                   hint: "For example LNT-ABCD-EFGH-JKMN", errors: errors))
            \(Components.button("Look up", secondary: true))
            </form>
            \(rows.isEmpty ? HTML("<p class=\"body\">Nothing is shared with your organisation at the moment.</p>")
                : Components.table(caption: "Shares in force", headers: ["Reference", "Shared by", "What", "Purpose", "Until"], rows: rows))
            """, status: errors.isEmpty ? .ok : .notFound, hasErrors: !errors.isEmpty)
    }
}
