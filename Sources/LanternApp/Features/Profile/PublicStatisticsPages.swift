import Foundation
import LanternCore
import Vapor

/// `/statistics`, the page anyone may see: the last four quarters of cases by borough on the
/// London map, and by exploitation type, all after disclosure control. Texts from the
/// catalogue (area `statistics`).
enum PublicStatisticsPages {
    /// The request's language if the catalogue has all of the page, else British English.
    static func localiser(_ request: Request) -> Localiser {
        request.localiser.forPage(areas: "statistics", "figures")
    }

    /// The two releases the page shows, built by the controller.
    struct Model {
        var byBorough: ProfileRelease
        var byType: ProfileRelease
        var boroughs: BoroughCatalogue
    }

    static func page(_ m: Model, l: Localiser) -> Page {
        let period = l("statistics.period", ["from": m.byBorough.query.from.description, "to": m.byBorough.query.to.description])
        var figures: [String: Charts.Figure] = [:]
        let boroughs = m.byBorough.tables[0]
        for (key, value) in zip(boroughs.rowKeys, boroughs.figures.rowTotals) { figures[key] = ProfileTables.chartFigure(value) }
        let types = m.byType.tables[0]
        let byBoroughCaption = l("statistics.by-borough-caption", ["period": period])
        let byTypeCaption = l("statistics.by-type-caption", ["period": period])
        return Page(title: l("statistics.title"), content: """
            <h1 class="heading-l">\(l("statistics.heading"))</h1>
            <p class="lead">\(l("statistics.lead", ["period": period]))</p>
            <div class="inset"><p class="body">\(m.byBorough.method.summary) \(l("statistics.revised"))</p></div>
            <h2 class="heading-m">\(l("statistics.by-borough"))</h2>
            \(Charts.tileMap(id: "public-map", title: byBoroughCaption, figures: figures, boroughs: m.boroughs))
            \(ProfileTables.render(boroughs, id: "public-boroughs", caption: byBoroughCaption, l: l))
            <h2 class="heading-m">\(l("statistics.by-type"))</h2>
            \(Charts.bars(id: "public-types", title: byTypeCaption,
                          items: zip(types.rowLabels, types.figures.rowTotals).map { (label: $0, figure: ProfileTables.chartFigure($1)) }))
            \(ProfileTables.render(types, id: "public-types-table", caption: byTypeCaption, l: l))
            <h2 class="heading-m">\(l("statistics.by-quarter"))</h2>
            \(ProfileTables.render(m.byBorough.trend, id: "public-trend", caption: l("statistics.by-quarter-caption"), l: l))
            <h2 class="heading-m">\(l("statistics.help-heading"))</h2>
            <p class="body">\(l("statistics.help"))</p>
            """, language: l.language)
    }
}
