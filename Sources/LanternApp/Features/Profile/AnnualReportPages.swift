import Foundation
import LanternCore
import Vapor

/// The annual report as a printable page: a year chooser, the secretariat's foreword and
/// context, each table with its chart and a line saying exactly which referrals in which days
/// it counts, then achievements, challenges and next steps. The same content, standalone with
/// its stylesheet inside, is what the server prints to PDF. Captions, headings and the
/// report's own rows in the page's language (area `annual-report`); borough, force and
/// exploitation type names as recorded; the narrative as the secretariat wrote it.
enum AnnualReportPages {
    /// The request's language if the catalogue has all of the report, else British English.
    static func localiser(_ request: Request) -> Localiser {
        request.localiser.forPage(areas: "annual-report", "figures", "components")
    }

    /// The report for the chosen year, the years one may choose, and a refused choice.
    struct Model {
        var report: AnnualReport
        var years: [Int]
        var errors: FormErrors
        var narrative: AnnualReportNarrative? = nil
        var canEdit = false
    }

    /// "1 January to 30 September 2026".
    static func span(_ period: (first: Day, last: Day), l: Localiser) -> String {
        l("annual-report.span", ["first": l.day(period.first), "last": l.day(period.last)])
    }

    /// Exactly what a table counts: which referrers' referrals, and over which days.
    static func counts(_ kind: AnnualReport.Kind, report: AnnualReport, l: Localiser) -> String {
        let period = span(report.period, l: l)
        return switch kind {
        case .councils: l("annual-report.counts-councils", ["period": period])
        case .years: l("annual-report.counts-years", ["previous": span(report.previousPeriod, l: l), "period": period])
        case .bcu: l("annual-report.counts-bcu", ["period": period])
        case .types: l("annual-report.counts-types", ["period": period])
        case .quarters: l("annual-report.counts-quarters", ["period": period])
        }
    }

    static func caption(_ kind: AnnualReport.Kind, year: Int, l: Localiser) -> String {
        let arguments = ["year": String(year), "previous": String(year - 1)]
        return switch kind {
        case .councils: l("annual-report.councils-caption", arguments)
        case .years: l("annual-report.years-caption", arguments)
        case .bcu: l("annual-report.bcu-caption", arguments)
        case .types: l("annual-report.types-caption", arguments)
        case .quarters: l("annual-report.quarters-caption", arguments)
        }
    }

    static func columns(_ kind: AnnualReport.Kind, report: AnnualReport, l: Localiser) -> [String] {
        let year = report.year
        return switch kind {
        case .councils: [l("annual-report.column-borough"), l("annual-report.column-adult"), l("annual-report.column-child"),
                         l("annual-report.column-age-unknown"), l("figures.total")]
        case .years where report.isPartYear:
            [l("annual-report.column-borough"), span(report.previousPeriod, l: l), span(report.period, l: l), l("annual-report.column-change")]
        case .years: [l("annual-report.column-borough"), String(year - 1), String(year), l("annual-report.column-change")]
        case .bcu: [l("annual-report.column-bcu"), l("annual-report.column-referrals")]
        case .types: [l("annual-report.column-type"), l("annual-report.column-referrals")]
        case .quarters: [l("annual-report.column-quarter"), l("annual-report.column-referrals")]
        }
    }

    static func label(_ label: AnnualReport.Label, l: Localiser) -> String {
        switch label {
        case .named(let name): name
        case .london: l("annual-report.london")
        case .notRecorded: l("annual-report.not-recorded")
        case .cityOfLondonPolice: l("annual-report.city-police")
        }
    }

    static func section(_ table: AnnualReport.Table, report: AnnualReport, l: Localiser) -> HTML {
        let caption = caption(table.kind, year: report.year, l: l)
        var chart: HTML = .empty
        switch table.kind {
        case .bcu, .types:
            chart = Charts.bars(id: "chart-\(table.id)", title: caption,
                                items: table.rows.map { (label: label($0.label, l: l), figure: ProfileTables.chartFigure($0.values[0])) })
        case .quarters:
            chart = Charts.trend(id: "chart-quarters", title: caption,
                                 points: table.rows.map { (label: String(label($0.label, l: l).suffix(2)), figure: ProfileTables.chartFigure($0.values[0])) })
        case .councils, .years: break
        }
        let head = columns(table.kind, report: report, l: l).enumerated().map { i, c in
            HTML("<th scope=\"col\" class=\"table__header\(i > 0 ? " table__header--numeric" : "")\">\(c)</th>")
        }
        let body = table.rows.map { row in
            HTML("<tr class=\"table__row\"><th scope=\"row\" class=\"table__header\">\(label(row.label, l: l))</th>\(row.values.map { HTML("<td class=\"table__cell table__cell--numeric\">\(ProfileTables.figure($0, l: l))</td>") })</tr>")
        }
        return HTML("""
        <section class="report-section" aria-labelledby="\(table.id)-heading">
        <h2 class="heading-m" id="\(table.id)-heading">\(caption)</h2>
        <p class="body report-counts">\(counts(table.kind, report: report, l: l))</p>
        \(chart)
        <div class="table-wrapper" role="region" aria-labelledby="\(table.id)-caption" tabindex="0">
        <table class="table table--figures"><caption class="table__caption visually-hidden" id="\(table.id)-caption">\(caption)</caption>
        <thead><tr class="table__row">\(head)</tr></thead><tbody>\(body)</tbody></table>
        </div>
        </section>
        """)
    }

    static func title(_ section: AnnualReportNarrative.Section, l: Localiser) -> String {
        switch section {
        case .foreword: l("annual-report.section-foreword")
        case .context: l("annual-report.section-context")
        case .achievements: l("annual-report.section-achievements")
        case .challenges: l("annual-report.section-challenges")
        case .nextSteps: l("annual-report.section-next-steps")
        }
    }

    static func hint(_ section: AnnualReportNarrative.Section, l: Localiser) -> String {
        switch section {
        case .foreword: l("annual-report.hint-foreword")
        case .context: l("annual-report.hint-context")
        case .achievements: l("annual-report.hint-achievements")
        case .challenges: l("annual-report.hint-challenges")
        case .nextSteps: l("annual-report.hint-next-steps")
        }
    }

    /// One section of the narrative, its paragraphs as written (a blank line starts a new one).
    static func narrative(_ section: AnnualReportNarrative.Section, _ m: Model, l: Localiser) -> HTML {
        guard let text = m.narrative?.text(section), !text.isEmpty else { return .empty }
        let paragraphs = text.components(separatedBy: "\n\n").map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.filter { !$0.isEmpty }
        return HTML("""
        <section class="report-narrative" aria-labelledby="narrative-\(section.rawValue)">
        <h2 class="heading-m" id="narrative-\(section.rawValue)">\(title(section, l: l))</h2>
        \(paragraphs.map { HTML("<p class=\"body pre-line\">\($0)</p>") })
        </section>
        """)
    }

    /// Everything below the year chooser: the page shows it, and the PDF prints it.
    static func body(_ m: Model, l: Localiser) -> HTML {
        let report = m.report
        let year = String(report.year)
        let heading = report.isPartYear ? l("annual-report.heading-part", ["year": year]) : l("annual-report.heading", ["year": year])
        guard report.lastQuarter > 0 else {
            return HTML("""
            <h1 class="heading-l">\(heading)</h1>
            <p class="body">\(l("annual-report.no-quarter", ["year": year, "previous": String(report.year - 1)]))</p>
            """)
        }
        let partYear: HTML = report.isPartYear ? HTML("""
            <div class="warning-text" role="note"><strong class="warning-text__text">\(l("annual-report.part-year", [
                "period": span(report.period, l: l), "previous": span(report.previousPeriod, l: l)]))</strong></div>
            """) : .empty
        let first = AnnualReportNarrative.Section.allCases.filter(\.comesFirst), after = AnnualReportNarrative.Section.allCases.filter { !$0.comesFirst }
        return HTML("""
            <h1 class="heading-l">\(heading)</h1>
            \(partYear)
            \(first.map { narrative($0, m, l: l) })
            <p class="lead">\(l("annual-report.lead"))</p>
            <p class="body">\(l("annual-report.referrers", ["all": l.number(report.referrals), "councils": l.number(report.councilReferrals),
                                                          "period": span(report.period, l: l)]))</p>
            <div class="inset"><p class="body">\(l("annual-report.method", ["rules": report.rules.summary]))
            \(l("annual-report.produced", ["date": l.dateTime(report.producedAt)]))</p></div>
            \(report.tables.map { section($0, report: report, l: l) })
            \(after.map { narrative($0, m, l: l) })
            """)
    }

    static func render(_ m: Model, l: Localiser) -> Page {
        let report = m.report
        let options = m.years.map { (String($0), String($0)) }
        let year = String(report.year)
        let links: [HTML] = [HTML("<li><a href=\"\(Href.annualReportPDF.query("year", year))\">\(l("annual-report.pdf-link"))</a></li>")]
            + (m.canEdit ? [HTML("<li><a href=\"\(Href.annualReportNarrative.query("year", year))\">\(l("annual-report.edit-link"))</a></li>")] : [])
        var page = Page(title: l(report.isPartYear ? "annual-report.title-part" : "annual-report.title", ["year": year]), content: """
            \(Components.errorSummary(m.errors, l))
            <form method="get" action="\(Href.annualReport)" class="no-print">
            \(Components.select(name: "year", label: l("annual-report.year"), options: options, selected: year, errors: m.errors, l: l))
            \(Components.button(l("annual-report.show"), secondary: true))
            </form>
            <ul class="list no-print">\(links)</ul>
            \(body(m, l: l))
            """, backLink: (Href.profile, l("annual-report.back")), language: l.language)
        if !m.errors.isEmpty {
            page.status = .unprocessableEntity
            page.hasErrors = true
        }
        return page
    }

    /// The report as a document of its own, its stylesheet inside, for the PDF printer.
    static func document(_ m: Model, l: Localiser) -> String {
        let year = String(m.report.year)
        let title = l(m.report.isPartYear ? "annual-report.title-part" : "annual-report.title", ["year": year])
        // The stylesheet is Lantern's own file, inserted as it is (escaping would break its
        // selectors); every other part is escaped as any page is.
        return "<!doctype html>\n<html lang=\"\(HTML.escape(l.language.identifier))\" dir=\"\(HTML.escape(l.language.direction))\">"
            + "<head><meta charset=\"utf-8\">\(HeadlessPrinter.policy)<title>\(HTML.escape(title))</title><style>\(StaticFiles.stylesheet)</style></head>"
            + "<body class=\"report-document\"><main class=\"main\">\(body(m, l: l))</main></body></html>"
    }

    // MARK: The narrative form

    struct NarrativeForm {
        var year: Int
        var version: Int
        var texts: [AnnualReportNarrative.Section: String]
        var errors: FormErrors
        var csrf: String
    }

    static func narrativeForm(_ m: NarrativeForm, l: Localiser) -> Page {
        let fields = AnnualReportNarrative.Section.allCases.map { section in
            Components.textArea(name: section.rawValue, label: title(section, l: l), value: m.texts[section],
                                hint: hint(section, l: l), rows: 8, errors: m.errors, l: l)
        }
        var page = Page(title: l("annual-report.narrative-title", ["year": String(m.year)]), content: """
            <h1 class="heading-l">\(l("annual-report.narrative-title", ["year": String(m.year)]))</h1>
            <p class="body">\(l("annual-report.narrative-intro", ["limit": l.number(AnnualReportController.sectionLimit)]))</p>
            \(Components.errorSummary(m.errors, l))
            <form method="post" action="\(Href.annualReportNarrative)" novalidate>
            \(Components.csrfField(m.csrf))
            <input type="hidden" name="year" value="\(String(m.year))">
            <input type="hidden" name="version" value="\(String(m.version))">
            \(fields)
            \(Components.button(l("annual-report.narrative-save")))
            </form>
            """, hasErrors: !m.errors.isEmpty, backLink: (Href.annualReport.query("year", String(m.year)), l("annual-report.narrative-back")),
            language: l.language)
        if !m.errors.isEmpty { page.status = .unprocessableEntity }
        return page
    }
}
