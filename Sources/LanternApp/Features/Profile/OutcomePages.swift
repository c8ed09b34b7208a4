import Foundation
import LanternCore
import Vapor

/// The outcome measures page (`/profile/outcomes`) and its CSV: the question form, then each
/// measure as an accessible table whose counts are published under the cell key method, with
/// each row's median and 90th percentile wait (shown for a group of at least the disclosure
/// threshold) and, for decisions, the positive rate worked out from the published counts.
/// Texts from the catalogue (area `figures`, keys `figures.outcome-…`).
enum OutcomePages {
    static func localiser(_ request: Request) -> Localiser { request.localiser.forPage(areas: "figures", "profile", "components") }

    struct Model {
        var from: String
        var to: String
        var rows: String
        var errors: FormErrors
        var release: OutcomeRelease?
        var queryString: String
        var boroughs: BoroughCatalogue
    }

    static func render(_ m: Model, l: Localiser) -> Page {
        let options = OutcomeMeasures.Rows.allCases.map { ($0.rawValue, rowsLabel($0, l: l)) }
        var page = Page(title: l("figures.outcome-title"), content: """
            \(Components.errorSummary(m.errors, l))
            <p class="body"><a href="\(Href.profile)">\(l("figures.after-back"))</a></p>
            <h1 class="heading-l">\(l("figures.outcome-title"))</h1>
            <p class="lead">\(l("figures.outcome-lead"))</p>
            <form method="get" action="\(Href.outcomes)" novalidate>
            \(Components.textInput(name: "from", label: l("figures.after-from"), value: m.from, hint: l("figures.after-from-hint"), width: 10,
                                   errors: m.errors, l: l))
            \(Components.textInput(name: "to", label: l("figures.after-to"), value: m.to, hint: l("figures.after-to-hint"), width: 10,
                                   errors: m.errors, l: l))
            \(Components.select(name: "by", label: l("figures.outcome-rows"), options: options, selected: m.rows, errors: m.errors, l: l))
            \(Components.button(l("figures.after-show")))
            </form>
            \(m.release.map { figures($0, queryString: m.queryString, boroughs: m.boroughs, l: l) } ?? .empty)
            """, language: l.language)
        page.hasErrors = !m.errors.isEmpty
        if !m.errors.isEmpty { page.status = .unprocessableEntity }
        return page
    }

    static func rowsLabel(_ rows: OutcomeMeasures.Rows, l: Localiser) -> String {
        switch rows {
        case .borough: l("figures.outcome-by-borough")
        case .bcu: l("figures.outcome-by-bcu")
        case .ageGroup: l("figures.outcome-by-age")
        case .quarter: l("figures.outcome-by-quarter")
        }
    }

    static func heading(_ table: OutcomeRelease.Table, l: Localiser) -> String {
        switch table {
        case .rgTime: l("figures.outcome-rg-time")
        case .cgTime: l("figures.outcome-cg-time")
        case .rgPending: l("figures.outcome-rg-pending")
        case .cgPending: l("figures.outcome-cg-pending")
        case .rgDecisions: l("figures.outcome-rg-decisions")
        case .cgDecisions: l("figures.outcome-cg-decisions")
        case .referrals: l("figures.outcome-referrals")
        case .detention: l("figures.outcome-detention")
        }
    }

    static func explanation(_ table: OutcomeRelease.Table, l: Localiser) -> String {
        switch table {
        case .rgTime: l("figures.outcome-rg-time-explained")
        case .cgTime: l("figures.outcome-cg-time-explained")
        case .rgPending: l("figures.outcome-rg-pending-explained")
        case .cgPending: l("figures.outcome-cg-pending-explained")
        case .rgDecisions, .cgDecisions: l("figures.outcome-decisions-explained")
        case .referrals: l("figures.outcome-referrals-explained")
        case .detention: l("figures.outcome-detention-explained")
        }
    }

    static func columnLabel(_ key: String, l: Localiser) -> String {
        switch key {
        case "up_to_5": l("figures.outcome-band-up-to-5")
        case "6_to_30": l("figures.outcome-band-6-to-30")
        case "31_to_90": l("figures.outcome-band-31-to-90")
        case "91_to_365": l("figures.outcome-band-91-to-365")
        case "366_to_730": l("figures.outcome-band-366-to-730")
        case "over_730": l("figures.outcome-band-over-730")
        case "positive": l("figures.outcome-positive")
        case "negative": l("figures.outcome-negative")
        case "first_referral": l("figures.outcome-first-referral")
        case "re_referral": l("figures.outcome-re-referral")
        case "detained": l("figures.outcome-detained")
        case "not_detained": l("figures.outcome-not-detained")
        default: key
        }
    }

    static func rowLabel(_ key: String, rows: OutcomeMeasures.Rows, boroughs: BoroughCatalogue, l: Localiser) -> String {
        if key.isEmpty { return l("figures.after-not-recorded") }
        switch rows {
        case .borough: return boroughs.borough(code: key)?.name ?? key
        case .bcu: return boroughs.all.first { $0.bcuCode == key }?.bcuName ?? key
        case .ageGroup: return AgeGroup(rawValue: key)?.label ?? key
        case .quarter: return Quarter(code: Int(key) ?? 0)?.description ?? key
        }
    }

    /// The positive share of the published decisions, from the published counts (so it can
    /// be checked against them); unavailable when either is withheld or there are none.
    static func positiveRate(positive: DisclosedValue, total: DisclosedValue) -> Double? {
        guard case .count(let p) = positive, case .count(let n) = total, n > 0 else { return nil }
        return Double(p) * 100 / Double(n)
    }

    /// A wait in days, or the marker for a group too small to describe.
    static func days(_ value: Int?, l: Localiser) -> String { value.map { l.number($0) } ?? l("figures.unavailable-marker") }

    static func figures(_ release: OutcomeRelease, queryString: String, boroughs: BoroughCatalogue, l: Localiser) -> HTML {
        let period = l("figures.after-period", ["from": release.from.description, "to": release.to.description])
        let tables = release.tables.map { t -> HTML in
            """
            <h3 class="heading-s">\(heading(t.table, l: l))</h3>
            <p class="body">\(explanation(t.table, l: l))</p>
            \(render(t, caption: l("figures.after-caption", ["table": heading(t.table, l: l), "period": period]), release: release,
                     boroughs: boroughs, l: l))
            """
        }
        return """
            <h2 class="heading-m" id="figures">\(l("figures.outcome-figures-heading", ["period": period]))</h2>
            <p class="body">\(l("figures.outcome-method", ["threshold": l.number(release.method.threshold)]))</p>
            <p class="body">\(l("figures.after-download")) <a href="\(Href.outcomesCSV.encodedQuery(queryString))">\(l("figures.after-csv"))</a>.</p>
            \(tables)
            <h3 class="heading-s">\(l("profile.about-heading"))</h3>
            \(Components.summaryList([
                (l("profile.about-source"), HTML("\(l("figures.outcome-source"))")),
                (l("profile.about-period"), HTML("\(period)")),
                (l("profile.about-disclosure"), HTML("\(release.method.summary)")),
                (l("profile.about-produced"), HTML("\(l.dateTime(release.producedAt))")),
                (l("profile.about-revisions"), HTML("\(l("profile.revisions"))")),
            ]))
            """
    }

    /// The extra columns a table has after its total: waits for the timed tables, the
    /// positive rate for decisions.
    static func extras(_ t: OutcomeRelease.Released, row: Int?, l: Localiser) -> [String] {
        switch t.table {
        case .rgTime, .cgTime, .rgPending, .cgPending:
            let summary = t.waits[row.map { t.rowKeys[$0] } ?? "total"]
            return [days(summary?.median, l: l), days(summary?.p90, l: l)]
        case .rgDecisions, .cgDecisions:
            let positive = row.map { t.figures.cells[$0][0] } ?? t.figures.columnTotals[0]
            let total = row.map { t.figures.rowTotals[$0] } ?? t.figures.grandTotal
            return [ProfileTables.rate(positiveRate(positive: positive, total: total), l: l)]
        case .referrals, .detention:
            return []
        }
    }

    static func extraHeaders(_ t: OutcomeRelease.Released, l: Localiser) -> [String] {
        switch t.table {
        case .rgTime, .cgTime, .rgPending, .cgPending: [l("figures.outcome-median"), l("figures.outcome-p90")]
        case .rgDecisions, .cgDecisions: [l("figures.outcome-positive-rate")]
        case .referrals, .detention: []
        }
    }

    static func render(_ t: OutcomeRelease.Released, caption: String, release: OutcomeRelease, boroughs: BoroughCatalogue, l: Localiser) -> HTML {
        let id = "outcome-\(t.table.rawValue)"
        let numeric = "class=\"table__header table__header--numeric\""
        var head: [HTML] = [HTML("<th scope=\"col\" class=\"table__header\">\(rowsLabel(release.rows, l: l))</th>")]
        head += t.columnKeys.map { HTML("<th scope=\"col\" \(numeric)>\(columnLabel($0, l: l))</th>") }
        head.append(HTML("<th scope=\"col\" \(numeric)>\(l("figures.total"))</th>"))
        head += extraHeaders(t, l: l).map { HTML("<th scope=\"col\" \(numeric)>\($0)</th>") }
        let cell = { (text: HTML) in HTML("<td class=\"table__cell table__cell--numeric\">\(text)</td>") }
        let body = t.rowKeys.enumerated().map { r, key -> HTML in
            var cells: [HTML] = [HTML("<th scope=\"row\" class=\"table__header\">\(rowLabel(key, rows: release.rows, boroughs: boroughs, l: l))</th>")]
            cells += t.figures.cells[r].map { cell(ProfileTables.figure($0, l: l)) }
            cells.append(cell(ProfileTables.figure(t.figures.rowTotals[r], l: l)))
            cells += extras(t, row: r, l: l).map { cell(HTML("\($0)")) }
            return HTML("<tr class=\"table__row\">\(cells)</tr>")
        }
        var foot: [HTML] = [HTML("<th scope=\"row\" class=\"table__header\">\(l("figures.total"))</th>")]
        foot += t.figures.columnTotals.map { cell(ProfileTables.figure($0, l: l)) }
        foot.append(cell(ProfileTables.figure(t.figures.grandTotal, l: l)))
        foot += extras(t, row: nil, l: l).map { cell(HTML("\($0)")) }
        return """
        <div class="table-wrapper" role="region" aria-labelledby="\(id)-caption" tabindex="0">
        <table class="table table--figures" id="\(id)">
        <caption class="table__caption" id="\(id)-caption">\(caption)</caption>
        <thead><tr class="table__row">\(head)</tr></thead>
        <tbody>\(body)</tbody>
        <tfoot><tr class="table__row table__row--total">\(foot)</tr></tfoot>
        </table>
        </div>
        """
    }

    /// The download: exactly the figures shown, labelled in British English, metadata first.
    static func csv(_ release: OutcomeRelease, boroughs: BoroughCatalogue) -> String {
        let l = Localiser.englishGB
        let period = l("figures.after-period", ["from": release.from.description, "to": release.to.description])
        var lines = ["# \(l("figures.outcome-title")), \(period)", "# Source: \(l("figures.outcome-source"))",
                     "# Disclosure control: \(release.method.summary)",
                     "# Produced at: \(ISO8601DateFormatter().string(from: release.producedAt))", "# \(l("profile.revisions"))"]
        for t in release.tables {
            lines.append("# Table: \(heading(t.table, l: l))")
            lines.append(([rowsLabel(release.rows, l: l)] + t.columnKeys.map { columnLabel($0, l: l) } + [l("figures.total")] + extraHeaders(t, l: l))
                .map(ProfileExport.field).joined(separator: ","))
            for (r, key) in t.rowKeys.enumerated() {
                lines.append(([rowLabel(key, rows: release.rows, boroughs: boroughs, l: l)] + t.figures.cells[r].map(\.description)
                              + [t.figures.rowTotals[r].description] + extras(t, row: r, l: l)).map(ProfileExport.field).joined(separator: ","))
            }
            lines.append(([l("figures.total")] + t.figures.columnTotals.map(\.description) + [t.figures.grandTotal.description]
                          + extras(t, row: nil, l: l)).map(ProfileExport.field).joined(separator: ","))
        }
        return lines.joined(separator: "\r\n") + "\r\n"
    }
}
