import LanternCore

/// Editing the referral details, and the printable summary in the digital NRM form's order, in
/// the viewer's language (`l`, from `CasePages.localiser`). The questions, their hints and the
/// sections are LanternCore's (`ReferralQuestion`), in the NRM form's English.
enum ReferralPages {
    /// The referral form's data: the case, its details, and what was sent if it was refused.
    struct EditModel {
        var record: CaseRecord
        var details: ReferralDetails
        var values: [String: String]? = nil
        var errors: FormErrors
        var csrf: String
    }

    static func edit(_ m: EditModel, l: Localiser) -> Page {
        let record = m.record, errors = m.errors
        let questions = ReferralQuestion.all.filter { $0.applies(to: record.age) }
        var sections: [HTML] = []
        for section in ReferralCompleteness.sections {
            let inSection = questions.filter { $0.section == section }
            guard !inSection.isEmpty else { continue }
            let fields = inSection.map { q -> HTML in
                let value = m.values?[q.field] ?? q.formValue(m.details)
                switch q.kind {
                case .longText:
                    return Components.textArea(name: q.field, label: q.label, value: value, hint: q.hint, errors: errors, l: l)
                case .yesNo:
                    return Components.radios(name: q.field, legend: q.label, options: [("yes", l("cases.yes")), ("no", l("cases.no"))],
                                             selected: value, hint: q.hint, inline: true, errors: errors, l: l)
                case .date:
                    return Components.textInput(name: q.field, label: q.label, value: value, hint: q.hint, type: "date",
                                                autocomplete: "off", errors: errors, l: l)
                case .text:
                    return Components.textInput(name: q.field, label: q.label, value: value, hint: q.hint, autocomplete: "off",
                                                errors: errors, l: l)
                case .coded(_, let list):
                    return Components.select(name: q.field, label: q.label, options: CasePages.codedOptions(list, l), selected: value,
                                             hint: q.hint, errors: errors, l: l)
                }
            }
            sections.append(HTML("<h2 class=\"heading-m\">\(section)</h2>\(fields)"))
        }
        return Page(title: l("cases.referral-title"), content: """
            \(Components.errorSummary(errors, l))
            <span class="caption">\(l("cases.case-caption", ["reference": record.reference]))</span>
            <h1 class="heading-l">\(l("cases.referral-title"))</h1>
            <p class="body">\(l("cases.referral-intro"))</p>
            <form method="post" action="\(Href.referral(record.reference))" novalidate>
            \(Components.csrfField(m.csrf))
            \(sections)
            \(Components.button(l("cases.referral-save")))
            </form>
            """, status: errors.isEmpty ? .ok : .unprocessableEntity, hasErrors: !errors.isEmpty,
            backLink: (Href.case(record.reference), l("cases.back-to-case")), language: l.language)
    }

    /// The printable summary's data: the case, its details, what is missing, and who reports it.
    struct SummaryModel {
        var record: CaseRecord
        var details: ReferralDetails
        var missing: [MissingDetail]
        var organisation: String
        var catalogue: BoroughCatalogue
    }

    static func summary(_ m: SummaryModel, l: Localiser) -> Page {
        let record = m.record, details = m.details, missing = m.missing
        let questions = ReferralQuestion.all.filter { $0.applies(to: record.age) }
        var blocks: [HTML] = []
        let caseRows: [String: [(String, HTML)]] = [
            "Age": [(l("cases.age-now"), HTML("\(record.age.label)")),
                    (l("cases.age-when-exploited"), HTML("\((AgeGroup(rawValue: record.ageGroupAtExploitation) ?? .unknown).label)"))],
            "Where": [(l("cases.exploited-in"), HTML("\(record.exploitationLocation)")),
                      (l("cases.london-borough-exploited"), HTML("\(CasePages.boroughName(record.boroughExploited, catalogue: m.catalogue, l: l))"))],
            "Types of exploitation": [(l("cases.types-short"), HTML("\(CasePages.typesText(record))")),
                                      (l("cases.county-lines"), HTML("\(record.countyLines ? l("cases.yes") : l("cases.no"))"))],
            "About the potential victim": [(l("cases.gender"), HTML("\(record.gender)")),
                                           (l("cases.nationality"), HTML("\(CodedList.nationalities.name(of: record.nationality))")),
                                           (l("cases.language"), HTML("\(CodedList.languages.name(of: record.language))"))],
            "Your report": [(l("cases.organisation"), HTML("\(m.organisation)"))]
                // A referral that began as a Duty to Notify keeps the notification's date.
                + (record.state.notifiedOn.map { [(l("cases.notified-on"), HTML("\(l.day($0))"))] } ?? []),
        ]
        for section in ReferralCompleteness.sections {
            var rows = caseRows[section] ?? []
            rows += questions.filter { $0.section == section }.map { q in
                (q.label, HTML("<span class=\"pre-wrap\">\(q.display(details, l: l) ?? l("cases.not-given"))</span>"))
            }
            guard !rows.isEmpty else { continue }
            blocks.append(HTML("<h2 class=\"heading-m\">\(section)</h2>\(Components.summaryList(rows))"))
        }
        let status: HTML = missing.isEmpty
            ? HTML("<p class=\"body\">\(Components.tag(l("cases.complete"), colour: "green")) \(l("cases.summary-ready"))</p>")
            : HTML("<p class=\"warning-text\">\(l.plural("cases.summary-incomplete", count: missing.count, ["details": missing.prefix(5).map(\.label).joined(separator: "; ") + (missing.count > 5 ? "…" : "")]))</p>")
        return Page(title: l("cases.summary-title", ["reference": record.reference]), content: """
            <div class="referral-summary">
            <span class="caption">\(l("cases.summary-caption", ["reference": record.reference]))</span>
            <h1 class="heading-l">\(l("cases.summary-heading"))</h1>
            \(status)
            \(blocks)
            </div>
            """, backLink: (Href.case(record.reference), l("cases.back-to-case")), language: l.language)
    }
}
