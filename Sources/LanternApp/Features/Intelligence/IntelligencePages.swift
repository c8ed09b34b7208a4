import Foundation
import LanternCore
import Vapor

/// Pages for soft intelligence: the list (filterable by borough and period), the form in
/// the form's own order, one report, and the short list shown beside the figures. Each
/// takes its model (loaded and authorised by the controller); texts from the catalogue
/// (`l`, from `IntelligencePages.localiser`). The grading scales' own labels are
/// LanternCore's and stay in English.
enum IntelligencePages {
    /// The request's language if the catalogue has all of soft intelligence, else British English.
    static func localiser(_ request: Request) -> Localiser { request.localiser.forPage(areas: "intelligence", "components") }

    struct List {
        var reports: [IntelligenceReport]
        var filters: IntelligenceController.Filters
        var boroughs: BoroughCatalogue
        var canRecord: Bool
    }

    struct New {
        var form: IntelligenceController.Form
        var errors: FormErrors
        var boroughs: BoroughCatalogue
        var csrf: String
    }

    struct Show {
        var report: IntelligenceReport
        /// The opened (decrypted) text.
        var text: String
        var boroughs: BoroughCatalogue
        var created: Bool
    }

    /// The reports beside a dashboard question's figures.
    struct Beside {
        var reports: [IntelligenceReport]
        var boroughs: BoroughCatalogue
        var from: Quarter
        var to: Quarter
    }

    static func grading(_ r: IntelligenceReport) -> String {
        "\(r.sourceEvaluation)\(r.assessment)\(r.handling)"
    }

    static func typesLabel(_ r: IntelligenceReport, l: Localiser) -> String {
        let types = r.exploitationTypes.split(separator: ",").compactMap { ExploitationType(code: String($0))?.rawValue }
        return types.isEmpty ? l("intelligence.not-stated") : types.joined(separator: ", ")
    }

    static func indicatorCount(_ r: IntelligenceReport) -> Int { r.indicators.split(separator: ",").count }

    static func rows(_ reports: [IntelligenceReport], boroughs: BoroughCatalogue, l: Localiser) -> [[HTML]] {
        reports.map { r in
            [HTML("<a href=\"\(Href.intelligenceReport(r.reference))\">\(r.reference)</a>"),
             HTML("\(l.day(Day(daysSinceEpoch: r.reportedOn)))"),
             HTML("\(boroughs.borough(code: r.borough)?.name ?? r.borough)\(r.ward.map { ", " + $0 } ?? "")"),
             HTML("\(typesLabel(r, l: l))"),
             HTML("\(l.number(indicatorCount(r)))"),
             HTML("\(grading(r))")]
        }
    }

    static func headers(_ l: Localiser) -> [String] {
        [l("intelligence.column-reference"), l("intelligence.column-date"), l("intelligence.column-borough"),
         l("intelligence.column-types"), l("intelligence.column-indicators"), l("intelligence.column-grading")]
    }

    static func list(_ m: List, l: Localiser) -> Page {
        let options = [("", l("intelligence.all-london"))] + m.boroughs.all.map { ($0.onsCode, $0.name) }
        return Page(title: l("intelligence.title"), content: """
            <h1 class="heading-l">\(l("intelligence.title"))</h1>
            <p class="body">\(l("intelligence.intro"))</p>
            \(m.canRecord ? HTML("<p class=\"body\"><a href=\"\(Href.newIntelligence)\" class=\"button\">\(l("intelligence.record-link"))</a></p>") : .empty)
            <form method="get" action="\(Href.intelligence)" class="filters">
            \(Components.select(name: "borough", label: l("intelligence.borough"), options: options, selected: m.filters.borough ?? "",
                                errors: FormErrors(), l: l))
            \(Components.textInput(name: "from", label: l("intelligence.from"), value: m.filters.from, hint: l("intelligence.from-hint"), width: 10,
                                   errors: FormErrors(), l: l))
            \(Components.textInput(name: "to", label: l("intelligence.to"), value: m.filters.to, hint: l("intelligence.to-hint"), width: 10,
                                   errors: FormErrors(), l: l))
            \(Components.button(l("intelligence.filter"), secondary: true))
            </form>
            \(m.reports.isEmpty ? HTML("<p class=\"body\">\(l("intelligence.none-match"))</p>")
                : Components.table(caption: l("intelligence.caption"), headers: headers(l), rows: rows(m.reports, boroughs: m.boroughs, l: l)))
            """, language: l.language)
    }

    static func beside(_ m: Beside, l: Localiser) -> HTML {
        let period = l("intelligence.period", ["from": m.from.description, "to": m.to.description])
        return """
        <h2 class="heading-m" id="intelligence">\(l("intelligence.beside-heading", ["period": period]))</h2>
        \(m.reports.isEmpty ? HTML("<p class=\"body\">\(l("intelligence.beside-none"))</p>")
            : Components.table(caption: l("intelligence.beside-caption"), headers: headers(l), rows: rows(m.reports, boroughs: m.boroughs, l: l)))
        <p class="body"><a href="\(Href.intelligence)">\(l("intelligence.all-link"))</a></p>
        """
    }

    static func new(_ m: New, l: Localiser) -> Page {
        let form = m.form, errors = m.errors
        let boroughOptions = [("", l("intelligence.choose-borough"))] + m.boroughs.all.map { ($0.onsCode, $0.name) }
        var page = Page(title: l("intelligence.new-title"), content: """
            <h1 class="heading-l">\(l("intelligence.new-title"))</h1>
            \(Components.errorSummary(errors, l))
            <form method="post" action="\(Href.newIntelligence)" novalidate>
            \(Components.csrfField(m.csrf))
            \(Components.textInput(name: "reportedOn", label: l("intelligence.reported-on"), value: form.reportedOn, hint: l("intelligence.reported-on-hint"),
                                   type: "date", errors: errors, l: l))
            \(Components.select(name: "borough", label: l("intelligence.borough"), options: boroughOptions, selected: form.borough, errors: errors, l: l))
            \(Components.textInput(name: "ward", label: l("intelligence.ward"), value: form.ward, errors: errors, l: l))
            \(Components.checkboxes(name: "exploitationTypes", legend: l("intelligence.types"),
                                    options: ExploitationType.allCases.map { ($0.code, $0.rawValue) },
                                    checked: Set(form.exploitationTypes ?? []), errors: errors, l: l))
            \(Components.checkboxes(name: "indicators", legend: l("intelligence.indicators"),
                                    options: ExploitationIndicator.allCases.map { ($0.rawValue, $0.label) },
                                    checked: Set(form.indicators ?? []), errors: errors, l: l))
            \(Components.radios(name: "sourceType", legend: l("intelligence.source-type"),
                                options: IntelligenceSourceType.allCases.map { ($0.rawValue, $0.label) }, selected: form.sourceType, errors: errors, l: l))
            \(Components.radios(name: "sourceEvaluation", legend: l("intelligence.source-evaluation"),
                                options: SourceEvaluation.allCases.map { ($0.rawValue, $0.label) }, selected: form.sourceEvaluation, errors: errors, l: l))
            \(Components.radios(name: "assessment", legend: l("intelligence.assessment"),
                                options: IntelligenceAssessment.allCases.map { ($0.rawValue, $0.label) }, selected: form.assessment, errors: errors, l: l))
            \(Components.radios(name: "handling", legend: l("intelligence.handling"),
                                options: HandlingCode.allCases.map { ($0.rawValue, $0.label) }, selected: form.handling, errors: errors, l: l))
            \(Components.textArea(name: "text", label: l("intelligence.text"), value: form.text,
                                  hint: l("intelligence.text-hint"), rows: 6, errors: errors, l: l))
            \(Components.button(l("intelligence.save")))
            </form>
            """, backLink: (Href.intelligence, l("intelligence.title")), language: l.language)
        if !errors.isEmpty {
            page.status = .unprocessableEntity
            page.hasErrors = true
        }
        return page
    }

    static func show(_ m: Show, l: Localiser) -> Page {
        let r = m.report
        let indicators = r.indicators.split(separator: ",").compactMap { ExploitationIndicator(rawValue: String($0))?.label }
        let title = l("intelligence.show-title", ["reference": r.reference])
        return Page(title: title, content: """
            \(m.created ? Components.notification(title: l("intelligence.saved"), body: HTML("\(l("intelligence.saved-body", ["reference": r.reference]))")) : .empty)
            <h1 class="heading-l">\(title)</h1>
            \(Components.summaryList([
                (l("intelligence.show-date"), HTML("\(l.day(Day(daysSinceEpoch: r.reportedOn)))")),
                (l("intelligence.borough"), HTML("\(m.boroughs.borough(code: r.borough)?.name ?? r.borough)")),
                (l("intelligence.show-ward"), HTML("\(r.ward ?? l("intelligence.not-given"))")),
                (l("intelligence.column-types"), HTML("\(typesLabel(r, l: l))")),
                (l("intelligence.column-indicators"), HTML("\(indicators.isEmpty ? l("intelligence.none-noted") : indicators.joined(separator: "; "))")),
                (l("intelligence.show-source"), HTML("\(IntelligenceSourceType(rawValue: r.sourceType)?.label ?? r.sourceType)")),
                (l("intelligence.column-grading"), HTML("\(SourceEvaluation(rawValue: r.sourceEvaluation)?.label ?? "") · \(IntelligenceAssessment(rawValue: r.assessment)?.label ?? "") · \(HandlingCode(rawValue: r.handling)?.label ?? "")")),
                (l("intelligence.show-report"), HTML("<p class=\"body pre-line\">\(m.text)</p>")),
            ]))
            """, backLink: (Href.intelligence, l("intelligence.title")), language: l.language)
    }
}
