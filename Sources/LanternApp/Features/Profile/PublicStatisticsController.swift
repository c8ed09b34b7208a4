import Vapor
import LanternCore

/// `/statistics`: what anyone may see without signing in — the last four quarters of cases
/// by borough on the London map, and by exploitation type, all after disclosure control.
struct PublicStatisticsController {
    func register(_ routes: LanternRoutes) {
        routes.get(ProfilePaths.publicStatistics, access: .open, use: page)
    }

    @Sendable func page(_ request: Request) async throws -> Response {
        let services = request.application.lantern
        let to = Quarter(containing: request.today)
        let from = to.adding(quarters: -3)
        let rules = DisclosureRules(threshold: services.settings.disclosureThreshold)
        func release(_ dimension: ProfileDimension) async throws -> ProfileRelease {
            let question = ProfileRequest(source: .cases, query: ProfileQuery(dimensions: [dimension], from: from, to: to),
                                          parameters: ProfileParameters())
            return try await ProfileRelease.build(question, db: request.db, readers: request.parallelReaders, boroughs: services.boroughs, rules: rules, now: services.now)
        }
        let byBorough = try await release(.boroughIdentified)
        let byType = try await release(.exploitationCombination)
        let period = byBorough.periodDescription
        var figures: [String: Charts.Figure] = [:]
        let boroughs = byBorough.tables[0]
        for (key, value) in zip(boroughs.rowKeys, boroughs.figures.rowTotals) { figures[key] = ProfileTables.chartFigure(value) }
        let types = byType.tables[0]
        return request.render(Page(title: "London statistics", content: """
            <h1 class="heading-l">Modern slavery in London: the figures</h1>
            <p class="lead">Potential victims recorded by London's partners in Lantern, \(period).</p>
            <div class="inset"><p class="body">\(byBorough.method.summary) Figures are revised as cases are updated.</p></div>
            <h2 class="heading-m">By borough</h2>
            \(Charts.tileMap(id: "public-map", title: "Potential victims by borough where identified, \(period)", figures: figures,
                             boroughs: services.boroughs))
            \(ProfileTables.render(boroughs, id: "public-boroughs", caption: "Potential victims by borough where identified, \(period)"))
            <h2 class="heading-m">By exploitation type</h2>
            \(Charts.bars(id: "public-types", title: "Potential victims by exploitation type, \(period)",
                          items: zip(types.rowLabels, types.figures.rowTotals).map { (label: $0, figure: ProfileTables.chartFigure($1)) }))
            \(ProfileTables.render(types, id: "public-types-table", caption: "Potential victims by exploitation type, \(period)"))
            <h2 class="heading-m">By quarter</h2>
            \(ProfileTables.render(byBorough.trend, id: "public-trend", caption: "Potential victims by quarter"))
            <h2 class="heading-m">Get help</h2>
            <p class="body">If you think someone is a victim of modern slavery, call the Modern Slavery Helpline on 08000 121 700. In an emergency, call 999.</p>
            """))
    }
}
