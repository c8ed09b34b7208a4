import Foundation
import LanternCore

/// The problem profile's dashboard: the question as a GET form (so every view has a link),
/// then the released figures as table, chart and London map, the trend, low-figure
/// boroughs, downloads and the release's metadata.
enum ProfilePages {
    struct Options {
        var measures: [String]
        var boroughs: BoroughCatalogue
        var canImport: Bool
        var intelligence: HTML = .empty
    }

    static func dashboard(_ p: ProfileParameters, release: ProfileRelease?, queryString: String?, errors: FormErrors,
                          options: Options) -> Page {
        let figures: HTML = release.map { results($0, queryString: queryString ?? "", boroughs: options.boroughs) } ?? .empty
        return Page(title: "Problem profile", content: """
            <h1 class="heading-l">Problem profile</h1>
            <p class="lead">London's picture in anonymised numbers: choose what to count, how to split it and the period.</p>
            \(Components.errorSummary(errors))
            \(form(p, errors: errors, options: options))
            \(figures)
            \(options.intelligence)
            <h2 class="heading-m">More</h2>
            <ul class="list">
            <li><a href="\(Href.annualReport)">Annual report</a></li>
            <li><a href="\(Href.datasets)">Imported datasets</a></li>
            </ul>
            """, hasErrors: !errors.isEmpty)
    }

    static func form(_ p: ProfileParameters, errors: FormErrors, options: Options) -> HTML {
        let sources = [("cases", ProfileSource.cases.label)] + options.measures.map { ("imported:\($0)", StatisticsMappingLabels.measure($0)) }
        let dims = ProfileRequest.selectable.map { ($0.rawValue, $0.label) }
        let none = [("", "Nothing")]
        let ages = [("", "All ages")] + AgeGroup.allCases.map { ($0.code, $0.label) }
        let types = [("", "All types")] + ExploitationType.allCases.map { ($0.code, $0.rawValue) }
        let genders = [("", "All genders")] + Gender.allCases.map { ($0.code, $0.rawValue) }
        let boroughs = [("", "All of London")] + options.boroughs.all.map { ($0.onsCode, $0.name) }
        return """
        <form method="get" action="\(Href.profile)" class="profile-form" novalidate>
        <div class="profile-form__grid">
        \(Components.select(name: "source", label: "Figures", options: sources, selected: p.source ?? "cases", errors: errors))
        \(Components.select(name: "rows", label: "Rows", options: dims, selected: p.rows ?? ProfileDimension.boroughIdentified.rawValue, errors: errors))
        \(Components.select(name: "columns", label: "Columns", options: none + dims, selected: p.columns ?? "", errors: errors))
        \(Components.select(name: "pages", label: "One table for each", options: none + dims, selected: p.pages ?? "", errors: errors))
        \(Components.textInput(name: "from", label: "From quarter", value: p.from, hint: "For example 2025-Q1", width: 10, errors: errors))
        \(Components.textInput(name: "to", label: "To quarter", value: p.to, hint: "For example 2026-Q4", width: 10, errors: errors))
        \(Components.select(name: "ageGroup", label: "Age group", options: ages, selected: p.ageGroup ?? "", errors: errors))
        \(Components.select(name: "exploitationType", label: "Exploitation type", options: types, selected: p.exploitationType ?? "", errors: errors))
        \(Components.select(name: "gender", label: "Gender", options: genders, selected: p.gender ?? "", errors: errors))
        \(Components.select(name: "borough", label: "Borough where identified", options: boroughs, selected: p.borough ?? "", errors: errors))
        </div>
        \(Components.button("Show figures"))
        </form>
        """
    }

    static func results(_ release: ProfileRelease, queryString: String, boroughs: BoroughCatalogue) -> HTML {
        let unit = release.source.unit
        let byBorough = release.tables.first.map { $0.rowDimension == .boroughIdentified || $0.rowDimension == .boroughExploited } ?? false
        var parts: [HTML] = []
        parts.append(HTML("""
        <h2 class="heading-m" id="figures">\(release.source.label), \(release.periodDescription)</h2>
        <div class="inset">
        <p class="body">\(release.method.summary)</p>
        \(release.countsTypeMentions ? HTML("<p class=\"body\">A case with several exploitation types is counted once for each, so totals can exceed the number of cases.</p>") : .empty)
        <p class="body">Downloads of exactly these figures: <a href="\(Href.profileCSV.encodedQuery(queryString))">CSV</a>,
        <a href="\(Href.profileJSON.encodedQuery(queryString))">JSON</a>.</p>
        </div>
        """))
        for (index, table) in release.tables.enumerated() {
            let caption = release.tables.count > 1 ? "\(unit.capitalized) by \(table.rowDimension.label.lowercased()) – \(table.title)"
                : "\(unit.capitalized) by \(table.rowDimension.label.lowercased())\(table.columnDimension.map { " and " + $0.label.lowercased() } ?? "")"
            parts.append(ProfileTables.render(table, id: "figures-\(index)", caption: caption, rates: index == 0 ? release.rates : [:]))
        }
        if let first = release.tables.first, release.tables.count == 1 {
            let items = zip(first.rowLabels, first.figures.rowTotals).map { (label: $0, figure: ProfileTables.chartFigure($1)) }
            if byBorough {
                var figures: [String: Charts.Figure] = [:]
                for (key, value) in zip(first.rowKeys, first.figures.rowTotals) { figures[key] = ProfileTables.chartFigure(value) }
                parts.append(HTML("<h3 class=\"heading-s\">London map</h3>"))
                parts.append(Charts.tileMap(id: "map", title: "\(unit.capitalized) by \(first.rowDimension.label.lowercased()), \(release.periodDescription)",
                                            figures: figures, boroughs: boroughs))
                parts.append(lowFigures(first, boroughs: boroughs, rates: release.rates))
            } else if items.count <= 40 {
                parts.append(Charts.bars(id: "bars", title: "\(unit.capitalized) by \(first.rowDimension.label.lowercased())", items: items))
            }
        }
        let points = zip(release.trend.rowLabels, release.trend.figures.rowTotals).map { (label: String($0.suffix(7)), figure: ProfileTables.chartFigure($1)) }
        parts.append(HTML("<h3 class=\"heading-s\">Trend by quarter</h3>"))
        parts.append(Charts.trend(id: "trend", title: "\(unit.capitalized) by quarter, \(release.periodDescription)", points: points))
        parts.append(ProfileTables.render(release.trend, id: "trend-table", caption: "\(unit.capitalized) by quarter"))
        parts.append(metadata(release))
        return HTML.join(parts)
    }

    /// Boroughs whose figure is under half the median borough's: where awareness work may
    /// be needed, or where cases are not being recorded. Rates are used when populations are known.
    static func lowFigures(_ table: ReleasedTable, boroughs: BoroughCatalogue, rates: [String: Double]) -> HTML {
        let rows = zip(table.rowKeys, table.figures.rowTotals).filter { boroughs.borough(code: $0.0) != nil }
        let useRates = !rates.isEmpty
        let values: [(String, Double)] = rows.compactMap { key, value in
            if useRates { return rates[key].map { (key, $0) } }
            return value.count.map { (key, Double($0)) }
        }
        let withheld = rows.filter { $0.1.isSuppressed }.compactMap { boroughs.borough(code: $0.0)?.name }
        guard !values.isEmpty else { return .empty }
        let sorted = values.map(\.1).sorted()
        let median = sorted[sorted.count / 2]
        let low = values.filter { $0.1 < median / 2 }.sorted { $0.1 < $1.1 }
        let items = low.map { key, value in
            HTML("<li>\(boroughs.borough(code: key)?.name ?? key): \(useRates ? String(format: "%.1f per 100,000 residents", value) : DisplayNumber.grouped(Int(value)))</li>")
        }
        return """
        <h3 class="heading-s" id="low-figures">Boroughs with low figures</h3>
        <p class="body">Below half the median borough (\(useRates ? String(format: "%.1f per 100,000 residents", median) : DisplayNumber.grouped(Int(median)))):</p>
        \(items.isEmpty ? HTML("<p class=\"body\">None.</p>") : HTML("<ul class=\"list list--bullet\">\(items)</ul>"))
        \(withheld.isEmpty ? HTML.empty : HTML("<p class=\"body\">Figures withheld for: \(withheld.joined(separator: ", ")).</p>"))
        """
    }

    static func metadata(_ release: ProfileRelease) -> HTML {
        let produced = ISO8601DateFormatter().string(from: release.producedAt)
        return """
        <h3 class="heading-s">About these figures</h3>
        \(Components.summaryList([
            ("Source", HTML("\(release.sourceDescription)")),
            ("Period", HTML("\(release.periodDescription)")),
            ("Disclosure control", release.suppressedCount > 0
                ? HTML("\(release.method.summary) \(release.suppressedCount) figure(s) withheld in the tables above.")
                : HTML("\(release.method.summary)")),
            ("Produced", HTML("\(produced)")),
            ("Revisions", HTML("Figures are revised as cases are updated and late decisions arrive.")),
        ]))
        """
    }
}
