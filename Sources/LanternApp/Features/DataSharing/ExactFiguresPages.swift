import Foundation
import LanternCore
import Vapor

/// The exact view's page: a warning that the figures are exact and not for onward sharing,
/// what the agreement covers and until when, the profile's question (Lantern's cases only)
/// and its tables, without download links. Texts from the catalogue (areas `agreements`,
/// and the profile's own for the question and the tables).
enum ExactFiguresPages {
    static func localiser(_ request: Request) -> Localiser {
        request.localiser.forPage(areas: "agreements", "profile", "figures", "intelligence", "components")
    }

    struct Model {
        var record: DataSharingAgreementRecord
        var parameters: ProfileParameters
        var errors: FormErrors
        var boroughs: BoroughCatalogue
        var organisations: [String: String]
        var release: ProfileRelease?
        var queryString: String?
    }

    static func page(_ m: Model, l: Localiser) -> Page {
        let a = m.record.agreement, id = a.id?.uuidString ?? ""
        let covered = m.record.values(.borough).compactMap { m.boroughs.borough(code: $0)?.name }.sorted()
            + m.record.values(.organisation).map { l("agreements.covered-organisation", ["organisation": m.organisations[$0] ?? $0]) }.sorted()
        let question = ProfilePages.Dashboard(parameters: m.parameters, errors: m.errors, measures: [], boroughs: m.boroughs, canImport: false)
        var page = Page(title: l("agreements.exact-title", ["agreement": a.title]), content: """
            <h1 class="heading-l">\(l("agreements.exact-title", ["agreement": a.title]))</h1>
            <div class="warning-text" role="note"><strong class="warning-text__text">\(l("agreements.exact-warning", ["until": a.term.map { l.day($0.until) } ?? ""]))</strong></div>
            <h2 class="heading-m">\(l("agreements.exact-covers"))</h2>
            <ul class="list list--bullet">\(covered.map { HTML("<li>\($0)</li>") })</ul>
            \(Components.errorSummary(m.errors, l))
            \(ProfilePages.form(question, action: Href.exactFigures(id), casesOnly: true, l: l))
            \(m.release.map { ProfilePages.results($0, queryString: m.queryString ?? "", boroughs: m.boroughs, downloads: false, l: l) } ?? .empty)
            <p class="body">\(l("agreements.exact-no-downloads"))</p>
            """, hasErrors: !m.errors.isEmpty, backLink: (Href.dataSharingAgreements, l("agreements.title")), language: l.language)
        if !m.errors.isEmpty { page.status = .unprocessableEntity }
        return page
    }
}
