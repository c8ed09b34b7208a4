import Foundation
import LanternCore
import Vapor

/// The imported datasets page: what each is, where it came from, its period and licence,
/// who imported it and when, and for analysts a button to remove one. Texts from the
/// catalogue (area `datasets`); a dataset's own title, source and licence as imported.
enum DatasetsPages {
    /// The request's language if the catalogue has all of the page, else British English.
    static func localiser(_ request: Request) -> Localiser { request.localiser.forPage(areas: "datasets", "components") }

    /// The command line, as typed (not translated).
    static let importCommand = "lantern import FILE --period 2022-Q2"
    static let mappingOption = "--mapping FILE.json"

    struct List {
        /// Newest import first.
        var datasets: [StatisticsDataset]
        var canRemove: Bool
        /// Just removed one: say so.
        var removed: Bool
        /// Just stored one from an upload, or discarded an upload: say so.
        var imported = false
        var discarded = false
        var csrf: String
    }

    static func period(_ d: StatisticsDataset, l: Localiser) -> String {
        let from = Quarter(code: d.periodFrom), to = Quarter(code: d.periodTo)
        switch (from, to) {
        case let (from?, to?) where from != to: return l("datasets.period", ["from": from.description, "to": to.description])
        case let (from?, _): return from.description
        case let (nil, to?): return to.description
        default: return ""
        }
    }

    static func list(_ m: List, l: Localiser) -> Page {
        let rows = m.datasets.map { d -> [HTML] in
            var cells: [HTML] = [
                HTML("\(d.title)"), HTML("\(StatisticsMappingLabels.measure(d.measure))"),
                HTML("\(period(d, l: l))"),
                HTML("\(DatasetUploadPages.coverageLabel(DatasetCoverage(rawValue: d.coverage) ?? .national, l: l))"),
                HTML("\(l.number(d.figureCount))"),
                HTML("\(l("datasets.source-licence", ["source": d.source, "licence": d.licence]))"),
                HTML("\(l("datasets.imported-by", ["person": d.importedByLabel, "date": l.dateTime(d.importedAt)]))"),
            ]
            if m.canRemove {
                cells.append(HTML("""
                <form method="post" action="\(Href.removeDataset(d.id?.uuidString ?? ""))" class="inline-form">
                \(Components.csrfField(m.csrf))
                <button type="submit" class="button button--warning button--small">\(l("datasets.remove"))<span class="visually-hidden"> \(d.title)</span></button>
                </form>
                """))
            }
            return cells
        }
        let headers = [l("datasets.column-dataset"), l("datasets.column-measure"), l("datasets.column-period"), l("datasets.column-covers"), l("datasets.column-figures"),
                       l("datasets.column-source"), l("datasets.column-imported")] + (m.canRemove ? [l("datasets.column-action")] : [])
        return Page(title: l("datasets.title"), content: """
            <h1 class="heading-l">\(l("datasets.title"))</h1>
            \(m.removed ? Components.notification(title: l("datasets.removed"), body: HTML("\(l("datasets.removed-body"))")) : .empty)
            \(m.imported ? Components.notification(title: l("datasets.imported"), body: HTML("\(l("datasets.imported-body"))")) : .empty)
            \(m.discarded ? Components.notification(title: l("datasets.discarded"), body: HTML("\(l("datasets.discarded-body"))")) : .empty)
            <p class="body">\(l("datasets.intro"))</p>
            \(m.canRemove ? HTML("""
                <p class="body"><a class="button" href="\(Href.uploadDataset)">\(l("datasets.upload-link"))</a></p>
                <p class="body"><a href="\(Href.analystTrail)">\(l("datasets.trail-link"))</a></p>
                """) : .empty)
            <p class="body">\(l("datasets.how-to-import")) <code>\(importCommand)</code></p>
            <p class="body">\(l("datasets.how-to-map")) <code>\(mappingOption)</code></p>
            \(m.datasets.isEmpty ? HTML("<p class=\"body\">\(l("datasets.none"))</p>")
                : Components.table(caption: l("datasets.title"), headers: headers, rows: rows))
            """, backLink: (Href.profile, l("datasets.back")), language: l.language)
    }
}
