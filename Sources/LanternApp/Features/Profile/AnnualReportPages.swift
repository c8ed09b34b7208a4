import Foundation
import LanternCore
import Vapor

/// The annual report as a printable page: a year chooser, then each table with its chart.
/// Captions, headings and the report's own rows in the page's language (area `annual-report`);
/// borough, force and exploitation type names as recorded.
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

    static func columns(_ kind: AnnualReport.Kind, year: Int, l: Localiser) -> [String] {
        switch kind {
        case .councils: [l("annual-report.column-borough"), l("annual-report.column-adult"), l("annual-report.column-child"),
                         l("annual-report.column-age-unknown"), l("figures.total")]
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

    static func section(_ table: AnnualReport.Table, year: Int, l: Localiser) -> HTML {
        let caption = caption(table.kind, year: year, l: l)
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
        let head = columns(table.kind, year: year, l: l).enumerated().map { i, c in
            HTML("<th scope=\"col\" class=\"table__header\(i > 0 ? " table__header--numeric" : "")\">\(c)</th>")
        }
        let body = table.rows.map { row in
            HTML("<tr class=\"table__row\"><th scope=\"row\" class=\"table__header\">\(label(row.label, l: l))</th>\(row.values.map { HTML("<td class=\"table__cell table__cell--numeric\">\(ProfileTables.figure($0, l: l))</td>") })</tr>")
        }
        return HTML("""
        <section class="report-section" aria-labelledby="\(table.id)-heading">
        <h2 class="heading-m" id="\(table.id)-heading">\(caption)</h2>
        \(chart)
        <div class="table-wrapper" role="region" aria-labelledby="\(table.id)-caption" tabindex="0">
        <table class="table table--figures"><caption class="table__caption visually-hidden" id="\(table.id)-caption">\(caption)</caption>
        <thead><tr class="table__row">\(head)</tr></thead><tbody>\(body)</tbody></table>
        </div>
        </section>
        """)
    }

    static func render(_ m: Model, l: Localiser) -> Page {
        let report = m.report
        let options = m.years.map { (String($0), String($0)) }
        let year = String(report.year)
        var page = Page(title: l("annual-report.title", ["year": year]), content: """
            <h1 class="heading-l">\(l("annual-report.heading", ["year": year]))</h1>
            \(Components.errorSummary(m.errors, l))
            <form method="get" action="\(Href.annualReport)" class="no-print">
            \(Components.select(name: "year", label: l("annual-report.year"), options: options, selected: year, errors: m.errors, l: l))
            \(Components.button(l("annual-report.show"), secondary: true))
            </form>
            <p class="lead">\(l("annual-report.lead"))</p>
            <div class="inset"><p class="body">\(l("annual-report.method", ["rules": report.rules.summary]))
            \(l("annual-report.produced", ["date": l.dateTime(report.producedAt)]))</p></div>
            \(report.tables.map { section($0, year: report.year, l: l) })
            """, backLink: (Href.profile, l("annual-report.back")), language: l.language)
        if !m.errors.isEmpty {
            page.status = .unprocessableEntity
            page.hasErrors = true
        }
        return page
    }
}
