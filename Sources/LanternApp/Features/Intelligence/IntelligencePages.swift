import Foundation
import LanternCore

/// Pages for soft intelligence: the list (filterable by borough and period), the form in
/// the form's own order, one report, and the short list shown beside the figures.
enum IntelligencePages {
    static func grading(_ r: IntelligenceReport) -> String {
        "\(r.sourceEvaluation)\(r.assessment)\(r.handling)"
    }

    static func typesLabel(_ r: IntelligenceReport) -> String {
        let types = r.exploitationTypes.split(separator: ",").compactMap { ExploitationType(code: String($0))?.rawValue }
        return types.isEmpty ? "Not stated" : types.joined(separator: ", ")
    }

    static func rows(_ reports: [IntelligenceReport], boroughs: BoroughCatalogue) -> [[HTML]] {
        reports.map { r in
            [HTML("<a href=\"\(Href.intelligenceReport(r.reference))\">\(r.reference)</a>"),
             HTML("\(Day(daysSinceEpoch: r.reportedOn).iso)"),
             HTML("\(boroughs.borough(code: r.borough)?.name ?? r.borough)\(r.ward.map { ", " + $0 } ?? "")"),
             HTML("\(typesLabel(r))"),
             HTML("\(r.indicators.split(separator: ",").count)"),
             HTML("\(grading(r))")]
        }
    }

    static let headers = ["Reference", "Date", "Borough and ward", "Exploitation types", "Indicators", "Grading"]

    static func list(_ reports: [IntelligenceReport], filters: IntelligenceController.Filters, boroughs: BoroughCatalogue,
                     canRecord: Bool, created: Bool) -> Page {
        let options = [("", "All of London")] + boroughs.all.map { ($0.onsCode, $0.name) }
        return Page(title: "Soft intelligence", content: """
            <h1 class="heading-l">Soft intelligence</h1>
            <p class="body">Graded reports of what partners saw or heard, kept beside the figures for the same area and period.
            Grading: source (1–3), how it is known (A–E), handling (P or C).</p>
            \(canRecord ? HTML("<p class=\"body\"><a href=\"\(Href.newIntelligence)\" class=\"button\">Record a report</a></p>") : .empty)
            <form method="get" action="\(Href.intelligence)" class="filters">
            \(Components.select(name: "borough", label: "Borough", options: options, selected: filters.borough ?? "", errors: FormErrors()))
            \(Components.textInput(name: "from", label: "From quarter", value: filters.from, hint: "For example 2026-Q1", width: 10, errors: FormErrors()))
            \(Components.textInput(name: "to", label: "To quarter", value: filters.to, hint: "For example 2026-Q4", width: 10, errors: FormErrors()))
            \(Components.button("Filter", secondary: true))
            </form>
            \(reports.isEmpty ? HTML("<p class=\"body\">No reports match.</p>") : Components.table(caption: "Soft intelligence reports", headers: headers, rows: rows(reports, boroughs: boroughs)))
            """)
    }

    static func beside(_ reports: [IntelligenceReport], boroughs: BoroughCatalogue, period: String) -> HTML {
        """
        <h2 class="heading-m" id="intelligence">Soft intelligence for this area, \(period)</h2>
        \(reports.isEmpty ? HTML("<p class=\"body\">No reports for this area and period.</p>")
            : Components.table(caption: "Soft intelligence reports beside these figures", headers: headers, rows: rows(reports, boroughs: boroughs)))
        <p class="body"><a href="\(Href.intelligence)">All soft intelligence</a></p>
        """
    }

    static func new(_ form: IntelligenceController.Form, errors: FormErrors, boroughs: BoroughCatalogue, csrf: String) -> Page {
        let boroughOptions = [("", "Choose a borough")] + boroughs.all.map { ($0.onsCode, $0.name) }
        return Page(title: "Record soft intelligence", content: """
            <h1 class="heading-l">Record soft intelligence</h1>
            \(Components.errorSummary(errors))
            <form method="post" action="\(Href.newIntelligence)" novalidate>
            \(Components.csrfField(csrf))
            \(Components.textInput(name: "reportedOn", label: "Date the information relates to", value: form.reportedOn, hint: "For example 2026-11-03", type: "date", errors: errors))
            \(Components.select(name: "borough", label: "Borough", options: boroughOptions, selected: form.borough, errors: errors))
            \(Components.textInput(name: "ward", label: "Ward (optional)", value: form.ward, errors: errors))
            \(Components.checkboxes(name: "exploitationTypes", legend: "Exploitation types suspected", options: ExploitationType.allCases.map { ($0.code, $0.rawValue) },
                                    checked: Set(form.exploitationTypes ?? []), errors: errors))
            \(Components.checkboxes(name: "indicators", legend: "Indicators seen or reported", options: ExploitationIndicator.allCases.map { ($0.rawValue, $0.label) },
                                    checked: Set(form.indicators ?? []), errors: errors))
            \(Components.radios(name: "sourceType", legend: "Where the information came from", options: IntelligenceSourceType.allCases.map { ($0.rawValue, $0.label) },
                                selected: form.sourceType, errors: errors))
            \(Components.radios(name: "sourceEvaluation", legend: "How reliable the source is", options: SourceEvaluation.allCases.map { ($0.rawValue, $0.label) },
                                selected: form.sourceEvaluation, errors: errors))
            \(Components.radios(name: "assessment", legend: "How the information is known", options: IntelligenceAssessment.allCases.map { ($0.rawValue, $0.label) },
                                selected: form.assessment, errors: errors))
            \(Components.radios(name: "handling", legend: "Handling", options: HandlingCode.allCases.map { ($0.rawValue, $0.label) },
                                selected: form.handling, errors: errors))
            \(Components.textArea(name: "text", label: "What was seen or reported", value: form.text,
                                  hint: "Stored encrypted. Name people only where needed.", rows: 6, errors: errors))
            \(Components.button("Save report"))
            </form>
            """, backLink: (Href.intelligence, "Soft intelligence"))
    }

    static func show(_ r: IntelligenceReport, text: String, boroughs: BoroughCatalogue, created: Bool) -> Page {
        let indicators = r.indicators.split(separator: ",").compactMap { ExploitationIndicator(rawValue: String($0))?.label }
        return Page(title: "Soft intelligence \(r.reference)", content: """
            \(created ? Components.notification(title: "Report saved", body: "Reference \(r.reference).") : .empty)
            <h1 class="heading-l">Soft intelligence \(r.reference)</h1>
            \(Components.summaryList([
                ("Date", HTML("\(Day(daysSinceEpoch: r.reportedOn).iso)")),
                ("Borough", HTML("\(boroughs.borough(code: r.borough)?.name ?? r.borough)")),
                ("Ward", HTML("\(r.ward ?? "Not given")")),
                ("Exploitation types", HTML("\(typesLabel(r))")),
                ("Indicators", HTML("\(indicators.isEmpty ? "None noted" : indicators.joined(separator: "; "))")),
                ("Source", HTML("\(IntelligenceSourceType(rawValue: r.sourceType)?.label ?? r.sourceType)")),
                ("Grading", HTML("\(SourceEvaluation(rawValue: r.sourceEvaluation)?.label ?? "") · \(IntelligenceAssessment(rawValue: r.assessment)?.label ?? "") · \(HandlingCode(rawValue: r.handling)?.label ?? "")")),
                ("Report", HTML("<p class=\"body pre-line\">\(text)</p>")),
            ]))
            """, backLink: (Href.intelligence, "Soft intelligence"))
    }
}
