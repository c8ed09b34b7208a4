import Foundation
import LanternCore
import Vapor

/// The coverage page: London's tile map of people with valid training, the borough × agency
/// table, the gaps, and the downloads.
extension TrainingPages {
    struct Coverage {
        var coverage: TrainingCoverage
        var boroughs: BoroughCatalogue
        var courseID: String?
        var courseTitle: String?
        var courses: [(String, String)]
        var today: Day
        var errors: FormErrors
    }

    static func coverage(_ m: Coverage, l: Localiser) -> Page {
        let c = m.coverage
        let query = m.courseID.map { "?course=\($0)" } ?? ""
        let headers = [l("training.coverage.column.borough")] + AgencyKind.allCases.map { agencyName($0, l: l) } + [l("training.coverage.column.total")]
        let rows: [[HTML]] = m.boroughs.all.map { b in
            [HTML("\(b.name)")] + AgencyKind.allCases.map { HTML("\(l.number(c.people(in: b.onsCode, $0)))") }
                + [HTML("<strong>\(l.number(c.boroughTotals[b.onsCode] ?? 0))</strong>")]
        } + [[HTML("<strong>\(l("training.coverage.london"))</strong>")] + AgencyKind.allCases.map { HTML("<strong>\(l.number(c.agencyTotals[$0] ?? 0))</strong>") }
             + [HTML("<strong>\(l.number(c.total))</strong>")]]
        let untrained = c.untrainedBoroughs(m.boroughs.all.map(\.onsCode)).compactMap { m.boroughs.borough(code: $0)?.name }
        let gaps = c.gaps(m.boroughs.all.map(\.onsCode))
        let gapsByAgency: [HTML] = [AgencyKind.council, .police, .nhs].map { agency in
            let names = gaps.filter { $0.agency == agency }.compactMap { m.boroughs.borough(code: $0.borough)?.name }
            return HTML("<li>\(l("training.coverage.gap-line", ["agency": agencyName(agency, l: l), "count": l.number(names.count)]))\(names.isEmpty ? .empty : HTML(": \(names.joined(separator: ", "))"))</li>")
        }
        let figures = Dictionary(uniqueKeysWithValues: m.boroughs.all.map { ($0.onsCode, Charts.Figure.count(c.boroughTotals[$0.onsCode] ?? 0)) })
        let scope = m.courseTitle.map { l("training.coverage.scope-course", ["course": $0]) } ?? l("training.coverage.scope-all")
        return Page(title: l("training.coverage.title"), content: """
            \(Components.errorSummary(m.errors, l))
            <h1 class="heading-l">\(l("training.coverage.title"))</h1>
            <p class="body">\(l("training.coverage.intro", ["day": l.day(m.today)]))</p>
            <form method="get" action="\(Href.trainingCoverage)" novalidate>
            \(Components.select(name: "course", label: l("training.coverage.course"), options: [("", l("training.coverage.all-courses"))] + m.courses.map { ($0.0, $0.1) },
                                selected: m.courseID, errors: m.errors, l: l))
            \(Components.button(l("training.coverage.show"), secondary: true))
            </form>
            <p class="body">\(scope) \(l("training.coverage.total", ["count": l.number(c.total)]))</p>
            \(Charts.tileMap(id: "coverage-map", title: l("training.coverage.map-title", ["scope": scope]), figures: figures, boroughs: m.boroughs))
            <h2 class="heading-m">\(l("training.coverage.gaps-heading"))</h2>
            <p class="body">\(l("training.coverage.untrained", ["count": l.number(untrained.count)]))\(untrained.isEmpty ? .empty : HTML(": \(untrained.joined(separator: ", "))"))</p>
            <ul class="list list--bullet">\(gapsByAgency)</ul>
            <h2 class="heading-m">\(l("training.coverage.table-heading"))</h2>
            <p class="body">\(l("training.coverage.counting"))</p>
            \(Components.table(caption: l("training.coverage.table-caption", ["scope": scope]), headers: headers, rows: rows))
            <p class="body"><a href="\(Href.trainingCoverageCSV)\(query)">\(l("training.coverage.csv"))</a> · <a href="\(Href.trainingCoverageJSON)\(query)">\(l("training.coverage.json"))</a></p>
            """, status: m.errors.isEmpty ? .ok : .unprocessableEntity, hasErrors: !m.errors.isEmpty,
            backLink: (Href.training, l("training.back")), language: l.language)
    }
}
