import LanternCore

/// Editing the referral details, and the printable summary in the digital NRM form's order.
enum ReferralPages {
    static func edit(_ record: CaseRecord, details: ReferralDetails, values: [String: String]? = nil, errors: FormErrors,
                     csrf: String) -> Page {
        let questions = ReferralQuestion.all.filter { $0.applies(to: record.age) }
        var sections: [HTML] = []
        for section in ReferralCompleteness.sections {
            let inSection = questions.filter { $0.section == section }
            guard !inSection.isEmpty else { continue }
            let fields = inSection.map { q -> HTML in
                let value = values?[q.field] ?? q.formValue(details)
                switch q.kind {
                case .longText:
                    return Components.textArea(name: q.field, label: q.label, value: value, hint: q.hint, errors: errors)
                case .yesNo:
                    return Components.radios(name: q.field, legend: q.label, options: [("yes", "Yes"), ("no", "No")],
                                             selected: value, hint: q.hint, inline: true, errors: errors)
                case .date:
                    return Components.textInput(name: q.field, label: q.label, value: value, hint: q.hint, type: "date",
                                                autocomplete: "off", errors: errors)
                case .text:
                    return Components.textInput(name: q.field, label: q.label, value: value, hint: q.hint, autocomplete: "off",
                                                errors: errors)
                case .coded(_, let list):
                    return Components.select(name: q.field, label: q.label, options: CasePages.codedOptions(list), selected: value,
                                             hint: q.hint, errors: errors)
                }
            }
            sections.append(HTML("<h2 class=\"heading-m\">\(section)</h2>\(fields)"))
        }
        return Page(title: "Referral details", content: """
            \(Components.errorSummary(errors))
            <span class="caption">Case \(record.reference)</span>
            <h1 class="heading-l">Referral details</h1>
            <p class="body">The questions follow the digital NRM referral form, so nothing has to be asked again when it is submitted.
            Save at any time; fill in the rest later. Everything here is encrypted when stored.</p>
            <form method="post" action="\(Href.referral(record.reference))" novalidate>
            \(Components.csrfField(csrf))
            \(sections)
            \(Components.button("Save referral details"))
            </form>
            """, status: errors.isEmpty ? .ok : .unprocessableEntity, hasErrors: !errors.isEmpty,
            backLink: (Href.case(record.reference), "Back to the case"))
    }

    static func summary(_ record: CaseRecord, details: ReferralDetails, missing: [MissingDetail], organisation: String,
                        catalogue: BoroughCatalogue) -> Page {
        let questions = ReferralQuestion.all.filter { $0.applies(to: record.age) }
        var blocks: [HTML] = []
        let caseRows: [String: [(String, HTML)]] = [
            "Age": [("Age group now", HTML("\(record.age.label)")),
                    ("Age group when exploited", HTML("\((AgeGroup(rawValue: record.ageGroupAtExploitation) ?? .unknown).label)"))],
            "Where": [("Exploited in", HTML("\(record.exploitationLocation)")),
                      ("London borough exploited", HTML("\(record.boroughExploited.flatMap { catalogue.borough(code: $0)?.name } ?? "Not recorded")"))],
            "Types of exploitation": [("Types", HTML("\(CasePages.typesText(record))")), ("County lines", HTML("\(record.countyLines ? "Yes" : "No")"))],
            "About the potential victim": [("Gender", HTML("\(record.gender)")), ("Nationality", HTML("\(CodedList.nationalities.name(of: record.nationality))")),
                                           ("Main language", HTML("\(CodedList.languages.name(of: record.language))"))],
            "Your report": [("Organisation", HTML("\(organisation)"))],
        ]
        for section in ReferralCompleteness.sections {
            var rows = caseRows[section] ?? []
            rows += questions.filter { $0.section == section }.map { q in
                (q.label, HTML("<span class=\"pre-wrap\">\(q.display(details) ?? "Not given")</span>"))
            }
            guard !rows.isEmpty else { continue }
            blocks.append(HTML("<h2 class=\"heading-m\">\(section)</h2>\(Components.summaryList(rows))"))
        }
        let status: HTML = missing.isEmpty
            ? HTML("<p class=\"body\">\(Components.tag("Complete", colour: "green")) Ready to copy into the NRM referral form.</p>")
            : HTML("<p class=\"warning-text\">Incomplete: \(missing.count) details still missing (\(missing.prefix(5).map(\.label).joined(separator: "; "))\(missing.count > 5 ? "…" : "")).</p>")
        return Page(title: "Referral summary \(record.reference)", content: """
            <div class="referral-summary">
            <span class="caption">OFFICIAL-SENSITIVE · Case \(record.reference)</span>
            <h1 class="heading-l">NRM referral summary</h1>
            \(status)
            \(blocks)
            </div>
            """, backLink: (Href.case(record.reference), "Back to the case"))
    }
}
