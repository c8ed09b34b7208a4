import Foundation
import LanternCore

/// The annual report as a printable page: a year chooser, then each table with its chart.
enum AnnualReportPage {
    static func render(_ report: AnnualReport, years: [Int], errors: FormErrors) -> Page {
        let options = years.map { (String($0), String($0)) }
        let sections = report.tables.map { table -> HTML in
            var chart: HTML = .empty
            if table.id == "bcu" || table.id == "types" {
                chart = Charts.bars(id: "chart-\(table.id)", title: table.caption,
                                    items: table.rows.map { (label: $0.label, figure: ProfileTables.chartFigure($0.values[0])) })
            } else if table.id == "quarters" {
                chart = Charts.trend(id: "chart-quarters", title: table.caption,
                                     points: table.rows.map { (label: String($0.label.suffix(2)), figure: ProfileTables.chartFigure($0.values[0])) })
            }
            let head = table.columns.enumerated().map { i, c in
                HTML("<th scope=\"col\" class=\"table__header\(i > 0 ? " table__header--numeric" : "")\">\(c)</th>")
            }
            let body = table.rows.map { row in
                HTML("<tr class=\"table__row\"><th scope=\"row\" class=\"table__header\">\(row.label)</th>\(row.values.map { HTML("<td class=\"table__cell table__cell--numeric\">\(ProfileTables.figure($0))</td>") })</tr>")
            }
            return HTML("""
            <section class="report-section" aria-labelledby="\(table.id)-heading">
            <h2 class="heading-m" id="\(table.id)-heading">\(table.caption)</h2>
            \(chart)
            <div class="table-wrapper" role="region" aria-labelledby="\(table.id)-caption" tabindex="0">
            <table class="table table--figures"><caption class="table__caption visually-hidden" id="\(table.id)-caption">\(table.caption)</caption>
            <thead><tr class="table__row">\(head)</tr></thead><tbody>\(body)</tbody></table>
            </div>
            </section>
            """)
        }
        return Page(title: "Annual report \(report.year)", content: """
            <h1 class="heading-l">Modern slavery in London: annual report \(report.year)</h1>
            \(Components.errorSummary(errors))
            <form method="get" action="\(Href.annualReport)" class="no-print">
            \(Components.select(name: "year", label: "Year", options: options, selected: String(report.year), errors: errors))
            \(Components.button("Show report", secondary: true))
            </form>
            <p class="lead">NRM referrals recorded by London's partners in Lantern, by the quarter each referral was submitted.</p>
            <div class="inset"><p class="body">These fixed tables are published exactly, with threshold and secondary suppression: \(report.rules.summary) The tables are controlled together, so no withheld figure can be worked out from the others.
            Produced \(ISO8601DateFormatter().string(from: report.producedAt)); figures are revised as cases are updated.</p></div>
            \(sections)
            """, backLink: (Href.profile, "Problem profile"))
    }
}
