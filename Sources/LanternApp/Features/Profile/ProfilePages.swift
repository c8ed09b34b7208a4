import Foundation
import LanternCore
import Vapor

/// The problem profile's dashboard: the question as a GET form (so every view has a link),
/// then the released figures as table, chart and London map, the trend, low-figure
/// boroughs, downloads and the release's metadata. Texts from the catalogue (`l`, from
/// `ProfilePages.localiser`); the figures' own labels (sources, dimensions, disclosure
/// methods) are LanternCore's and stay in English, as the downloads do.
enum ProfilePages {
    /// The request's language if the catalogue has all the dashboard draws on, else British English.
    static func localiser(_ request: Request) -> Localiser {
        request.localiser.forPage(areas: "profile", "figures", "intelligence", "components")
    }

    /// The dashboard's data, loaded and authorised by the controller.
    struct Dashboard {
        var parameters: ProfileParameters
        /// Nil when the question was refused (then `errors` says why).
        var release: ProfileRelease?
        var queryString: String?
        var errors: FormErrors
        var measures: [String]
        var boroughs: BoroughCatalogue
        var canImport: Bool
        /// Soft intelligence for the same area and period, for those who may read it.
        var intelligence: IntelligencePages.Beside?
        /// Records data-sharing agreements or may be named in one: link to them.
        var seesAgreements = false
    }

    static func dashboard(_ d: Dashboard, l: Localiser) -> Page {
        let figures: HTML = d.release.map { results($0, queryString: d.queryString ?? "", boroughs: d.boroughs, l: l) } ?? .empty
        var page = Page(title: l("profile.title"), content: """
            <h1 class="heading-l">\(l("profile.title"))</h1>
            <p class="lead">\(l("profile.lead"))</p>
            \(Components.errorSummary(d.errors, l))
            \(form(d, l: l))
            \(figures)
            \(d.intelligence.map { IntelligencePages.beside($0, l: l) } ?? .empty)
            <h2 class="heading-m">\(l("profile.more"))</h2>
            <ul class="list">
            <li><a href="\(Href.annualReport)">\(l("profile.annual-report-link"))</a></li>
            <li><a href="\(Href.afterTheDecision)">\(l("figures.after-link"))</a></li>
            <li><a href="\(Href.outcomes)">\(l("figures.outcome-link"))</a></li>
            <li><a href="\(Href.datasets)">\(l("profile.datasets-link"))</a></li>
            \(d.seesAgreements ? HTML("<li><a href=\"\(Href.dataSharingAgreements)\">\(l("profile.agreements-link"))</a></li>") : .empty)
            \(d.canImport ? HTML("<li><a href=\"\(Href.htcds)\">\(l("profile.htcds-link"))</a></li>") : .empty)
            </ul>
            """, hasErrors: !d.errors.isEmpty, language: l.language)
        if !d.errors.isEmpty { page.status = .unprocessableEntity }
        return page
    }

    /// The question as a GET form. `action`: where it asks (the exact view asks its own page);
    /// `casesOnly`: Lantern's cases are the only source (no choice of source or scope).
    static func form(_ d: Dashboard, action: Href = .profile, casesOnly: Bool = false, l: Localiser) -> HTML {
        let p = d.parameters, errors = d.errors
        let sources = [("cases", ProfileSource.cases.label)] + d.measures.map { ("imported:\($0)", StatisticsMappingLabels.measure($0)) }
        let dims = ProfileRequest.selectable.map { ($0.rawValue, $0.label) }
        let none = [("", l("profile.nothing"))]
        let ages = [("", l("profile.all-ages"))] + AgeGroup.allCases.map { ($0.code, $0.label) }
        let types = [("", l("profile.all-types"))] + ExploitationType.allCases.map { ($0.code, $0.rawValue) }
        let genders = [("", l("profile.all-genders"))] + Gender.allCases.map { ($0.code, $0.rawValue) }
        let boroughs = [("", l("profile.all-london"))] + d.boroughs.all.map { ($0.onsCode, $0.name) }
        return """
        <form method="get" action="\(action)" class="profile-form" novalidate>
        <div class="profile-form__grid">
        \(casesOnly ? HTML.empty : Components.select(name: "source", label: l("profile.source"), options: sources, selected: p.source ?? "cases",
                                                     errors: errors, l: l))
        \(casesOnly ? HTML.empty : Components.select(name: "scope", label: l("profile.scope"),
                                                     options: [("london", l("profile.scope-london")), ("national", l("profile.scope-national"))],
                                                     selected: p.scope ?? "london", hint: l("profile.scope-hint"), errors: errors, l: l))
        \(Components.select(name: "rows", label: l("profile.rows"), options: dims, selected: p.rows ?? ProfileDimension.boroughIdentified.rawValue,
                            errors: errors, l: l))
        \(Components.select(name: "columns", label: l("profile.columns"), options: none + dims, selected: p.columns ?? "", errors: errors, l: l))
        \(Components.select(name: "pages", label: l("profile.pages"), options: none + dims, selected: p.pages ?? "", errors: errors, l: l))
        \(Components.textInput(name: "from", label: l("profile.from"), value: p.from, hint: l("profile.from-hint"), width: 10, errors: errors, l: l))
        \(Components.textInput(name: "to", label: l("profile.to"), value: p.to, hint: l("profile.to-hint"), width: 10, errors: errors, l: l))
        \(Components.select(name: "ageGroup", label: l("profile.age-group"), options: ages, selected: p.ageGroup ?? "", errors: errors, l: l))
        \(Components.select(name: "exploitationType", label: l("profile.exploitation-type"), options: types, selected: p.exploitationType ?? "",
                            errors: errors, l: l))
        \(Components.select(name: "gender", label: l("profile.gender"), options: genders, selected: p.gender ?? "", errors: errors, l: l))
        \(Components.select(name: "borough", label: l("profile.borough"), options: boroughs, selected: p.borough ?? "", errors: errors, l: l))
        </div>
        \(Components.button(l("profile.show")))
        </form>
        """
    }

    /// "2025 Q1 to 2026 Q4" in the page's words.
    static func period(_ release: ProfileRelease, l: Localiser) -> String {
        l("profile.period", ["from": release.query.from.description, "to": release.query.to.description])
    }

    /// "Cases by borough where identified" (and "… and gender").
    static func caption(_ unit: String, _ rows: ProfileDimension, _ columns: ProfileDimension? = nil, l: Localiser) -> String {
        if let columns {
            return l("profile.caption-by-and", ["unit": unit.capitalized, "rows": rows.label.lowercased(), "columns": columns.label.lowercased()])
        }
        return l("profile.caption-by", ["unit": unit.capitalized, "rows": rows.label.lowercased()])
    }

    /// `downloads`: offer the CSV and JSON of the same question (never for the exact view,
    /// whose figures stay on the page).
    static func results(_ release: ProfileRelease, queryString: String, boroughs: BoroughCatalogue, downloads: Bool = true,
                        l: Localiser) -> HTML {
        let unit = release.source.unit
        let period = period(release, l: l)
        let byBorough = release.tables.first.map { $0.rowDimension == .boroughIdentified || $0.rowDimension == .boroughExploited } ?? false
        var parts: [HTML] = []
        parts.append(HTML("""
        <h2 class="heading-m" id="figures">\(l("profile.figures-heading", ["source": release.source.label, "period": period]))</h2>
        <div class="inset">
        <p class="body">\(release.method.summary)</p>
        \(release.countsTypeMentions ? HTML("<p class=\"body\">\(l("profile.type-mentions"))</p>") : .empty)
        \(downloads ? HTML("""
        <p class="body">\(l("profile.downloads")) <a href="\(Href.profileCSV.encodedQuery(queryString))">\(l("profile.csv"))</a>,
        <a href="\(Href.profileJSON.encodedQuery(queryString))">\(l("profile.json"))</a>.</p>
        """) : .empty)
        </div>
        """))
        for (index, table) in release.tables.enumerated() {
            let caption = release.tables.count > 1
                ? l("profile.caption-page", ["caption": caption(unit, table.rowDimension, l: l), "page": table.title])
                : caption(unit, table.rowDimension, table.columnDimension, l: l)
            parts.append(ProfileTables.render(table, id: "figures-\(index)", caption: caption, rates: index == 0 ? release.rates : [:], l: l))
        }
        if let first = release.tables.first, release.tables.count == 1 {
            let items = zip(first.rowLabels, first.figures.rowTotals).map { (label: $0, figure: ProfileTables.chartFigure($1)) }
            if byBorough {
                var figures: [String: Charts.Figure] = [:]
                for (key, value) in zip(first.rowKeys, first.figures.rowTotals) { figures[key] = ProfileTables.chartFigure(value) }
                parts.append(HTML("<h3 class=\"heading-s\">\(l("profile.map-heading"))</h3>"))
                parts.append(Charts.tileMap(id: "map", title: l("profile.caption-period", ["caption": caption(unit, first.rowDimension, l: l), "period": period]),
                                            figures: figures, boroughs: boroughs))
                parts.append(lowFigures(first, boroughs: boroughs, rates: release.rates, l: l))
            } else if items.count <= 40 {
                parts.append(Charts.bars(id: "bars", title: caption(unit, first.rowDimension, l: l), items: items))
            }
        }
        let points = zip(release.trend.rowLabels, release.trend.figures.rowTotals).map { (label: String($0.suffix(7)), figure: ProfileTables.chartFigure($1)) }
        let byQuarter = release.trend.rowDimension == .year ? l("profile.caption-by-year", ["unit": unit.capitalized])
            : l("profile.caption-by-quarter", ["unit": unit.capitalized])
        parts.append(HTML("<h3 class=\"heading-s\">\(l("profile.trend-heading"))</h3>"))
        parts.append(Charts.trend(id: "trend", title: l("profile.caption-period", ["caption": byQuarter, "period": period]), points: points))
        parts.append(ProfileTables.render(release.trend, id: "trend-table", caption: byQuarter, l: l))
        parts.append(metadata(release, l: l))
        return HTML.join(parts)
    }

    /// Boroughs whose figure is under half the median borough's: where awareness work may
    /// be needed, or where cases are not being recorded. Rates are used when populations are known.
    static func lowFigures(_ table: ReleasedTable, boroughs: BoroughCatalogue, rates: [String: Double], l: Localiser) -> HTML {
        let rows = zip(table.rowKeys, table.figures.rowTotals).filter { boroughs.borough(code: $0.0) != nil }
        let useRates = !rates.isEmpty
        let values: [(String, Double)] = rows.compactMap { key, value in
            if useRates { return rates[key].map { (key, $0) } }
            return value.count.map { (key, Double($0)) }
        }
        let withheld = rows.filter { $0.1.isSuppressed }.compactMap { boroughs.borough(code: $0.0)?.name }
        guard !values.isEmpty else { return .empty }
        func shown(_ value: Double) -> String {
            useRates ? l("profile.per-100k", ["rate": ProfileTables.rate(value, l: l)]) : l.number(Int(value))
        }
        let sorted = values.map(\.1).sorted()
        let median = sorted[sorted.count / 2]
        let low = values.filter { $0.1 < median / 2 }.sorted { $0.1 < $1.1 }
        let items = low.map { key, value in
            HTML("<li>\(l("profile.low-item", ["borough": boroughs.borough(code: key)?.name ?? key, "figure": shown(value)]))</li>")
        }
        return """
        <h3 class="heading-s" id="low-figures">\(l("profile.low-heading"))</h3>
        <p class="body">\(l("profile.low-intro", ["median": shown(median)]))</p>
        \(items.isEmpty ? HTML("<p class=\"body\">\(l("profile.low-none"))</p>") : HTML("<ul class=\"list list--bullet\">\(items)</ul>"))
        \(withheld.isEmpty ? HTML.empty : HTML("<p class=\"body\">\(l("profile.low-withheld", ["boroughs": withheld.joined(separator: ", ")]))</p>"))
        """
    }

    static func metadata(_ release: ProfileRelease, l: Localiser) -> HTML {
        """
        <h3 class="heading-s">\(l("profile.about-heading"))</h3>
        \(Components.summaryList([
            (l("profile.about-source"), HTML("\(release.sourceDescription)")),
            (l("profile.about-period"), HTML("\(period(release, l: l))")),
            (l("profile.about-disclosure"), release.suppressedCount > 0
                ? HTML("\(release.method.summary) \(l.plural("profile.about-withheld", count: release.suppressedCount))")
                : HTML("\(release.method.summary)")),
            (l("profile.about-produced"), HTML("\(l.dateTime(release.producedAt))")),
            (l("profile.about-revisions"), HTML("\(l("profile.revisions"))")),
        ]))
        """
    }
}
