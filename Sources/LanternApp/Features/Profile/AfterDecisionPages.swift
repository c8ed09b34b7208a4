import Foundation
import LanternCore
import Vapor

/// The problem profile's figures after the decision: the question (a GET form, so every view
/// has a link), the five tables with captions, the download and the release's metadata.
/// Texts from the catalogue (area `figures`, keys `figures.after-…`).
enum AfterDecisionPages {
    static func localiser(_ request: Request) -> Localiser {
        request.localiser.forPage(areas: "profile", "figures", "components")
    }

    struct Model {
        var from: String
        var to: String
        var rows: String
        var errors: FormErrors
        /// Nil when the question was refused (then `errors` says why).
        var release: AfterDecisionRelease?
        var queryString: String
        var boroughs: BoroughCatalogue
    }

    static func render(_ m: Model, l: Localiser) -> Page {
        var page = Page(title: l("figures.after-title"), content: """
            <p class="body"><a href="\(Href.profile)">\(l("figures.after-back"))</a></p>
            <h1 class="heading-l">\(l("figures.after-title"))</h1>
            <p class="lead">\(l("figures.after-lead"))</p>
            \(Components.errorSummary(m.errors, l))
            \(form(m, l: l))
            \(m.release.map { results($0, queryString: m.queryString, boroughs: m.boroughs, l: l) } ?? .empty)
            """, hasErrors: !m.errors.isEmpty, language: l.language)
        if !m.errors.isEmpty { page.status = .unprocessableEntity }
        return page
    }

    static func form(_ m: Model, l: Localiser) -> HTML {
        let rows = [(AfterDecisionFigures.Rows.borough.rawValue, l("figures.after-by-borough")),
                    (AfterDecisionFigures.Rows.quarter.rawValue, l("figures.after-by-quarter"))]
        return """
        <form method="get" action="\(Href.afterTheDecision)" class="profile-form" novalidate>
        <div class="profile-form__grid">
        \(Components.textInput(name: "from", label: l("figures.after-from"), value: m.from, hint: l("figures.after-from-hint"), width: 10,
                               errors: m.errors, l: l))
        \(Components.textInput(name: "to", label: l("figures.after-to"), value: m.to, hint: l("figures.after-to-hint"), width: 10,
                               errors: m.errors, l: l))
        \(Components.select(name: "by", label: l("figures.after-rows"), options: rows, selected: m.rows, errors: m.errors, l: l))
        </div>
        \(Components.button(l("figures.after-show")))
        </form>
        """
    }

    static func results(_ release: AfterDecisionRelease, queryString: String, boroughs: BoroughCatalogue, l: Localiser) -> HTML {
        let period = l("figures.after-period", ["from": release.question.from.description, "to": release.question.to.description])
        var parts: [HTML] = [HTML("""
        <h2 class="heading-m" id="figures">\(l("figures.after-figures-heading", ["period": period]))</h2>
        <div class="inset">
        <p class="body">\(release.method.summary)</p>
        <p class="body">\(l("figures.after-download")) <a href="\(Href.afterTheDecisionCSV.encodedQuery(queryString))">\(l("figures.after-csv"))</a>.</p>
        </div>
        """)]
        for table in release.tables {
            parts.append(HTML("<h3 class=\"heading-s\">\(heading(table.figure, l: l))</h3>"))
            parts.append(HTML("<p class=\"body\">\(explanation(table.figure, l: l))</p>"))
            parts.append(render(table, caption: l("figures.after-caption", ["table": heading(table.figure, l: l), "period": period]),
                                boroughs: boroughs, l: l))
        }
        parts.append(metadata(release, period: period, l: l))
        return HTML.join(parts)
    }

    static func message(_ problem: AfterDecisionFigures.Problem, l: Localiser) -> String {
        switch problem {
        case .quarter: l("figures.after-error-quarter")
        case .rows: l("figures.after-error-rows")
        case .order: l("figures.after-error-order")
        case .earliest: l("figures.after-error-earliest")
        case .future: l("figures.after-error-future")
        case .tooLong: l("figures.after-error-too-long")
        }
    }

    static func heading(_ figure: AfterDecisionRelease.Figure, l: Localiser) -> String {
        switch figure {
        case .bedAndBreakfast: l("figures.after-bb-heading")
        case .moveOn: l("figures.after-move-on-heading")
        case .alerts: l("figures.after-alerts-heading")
        case .concerns: l("figures.after-concerns-heading")
        case .missing: l("figures.after-missing-heading")
        }
    }

    static func explanation(_ figure: AfterDecisionRelease.Figure, l: Localiser) -> String {
        switch figure {
        case .bedAndBreakfast: l("figures.after-bb-explained")
        case .moveOn: l("figures.after-move-on-explained")
        case .alerts: l("figures.after-alerts-explained")
        case .concerns: l("figures.after-concerns-explained")
        case .missing: l("figures.after-missing-explained")
        }
    }

    static func rowHeader(_ table: AfterDecisionRelease.Table, l: Localiser) -> String {
        switch table.rowsBy {
        case "quarter": l("figures.after-row-quarter")
        case "urgency": l("figures.after-row-urgency")
        default: table.figure == .bedAndBreakfast ? l("figures.after-row-borough-accommodation") : l("figures.after-row-borough")
        }
    }

    static func rowLabel(_ key: String, _ table: AfterDecisionRelease.Table, boroughs: BoroughCatalogue, l: Localiser) -> String {
        if key.isEmpty { return l("figures.after-not-recorded") }
        switch table.rowsBy {
        case "quarter": return Quarter(code: Int(key) ?? 0)?.description ?? key
        case "urgency":
            switch key {
            case "urgent": return l("figures.after-urgent")
            case "standard": return l("figures.after-standard")
            default: return key
            }
        default: return boroughs.borough(code: key)?.name ?? key
        }
    }

    static func columnLabel(_ key: String, _ figure: AfterDecisionRelease.Figure, l: Localiser) -> String {
        typealias F = AfterDecisionFigures
        switch figure {
        case .bedAndBreakfast:
            switch F.StayBand(rawValue: key) {
            case .upTo7: return l("figures.after-band-up-to-7")
            case .from8To28: return l("figures.after-band-8-to-28")
            case .from29To42: return l("figures.after-band-29-to-42")
            case .from43To90: return l("figures.after-band-43-to-90")
            case .over90: return l("figures.after-band-over-90")
            case nil: return key
            }
        case .moveOn:
            switch F.MoveOnOutcome(rawValue: key) {
            case .settled: return l("figures.after-settled")
            case .notSettled: return l("figures.after-not-settled")
            case .notRecorded: return l("figures.after-settled-not-recorded")
            case nil: return key
            }
        case .alerts:
            switch AlertKind(rawValue: key) {
            case .bedAndBreakfast42Days: return l("figures.after-alert-bb")
            case .moveOnEndingUnsettled: return l("figures.after-alert-move-on")
            case .noContact: return l("figures.after-alert-no-contact")
            case .nrpfWithoutSupport: return l("figures.after-alert-nrpf")
            case .childTurning18: return l("figures.after-alert-turning-18")
            case nil: return key
            }
        case .concerns:
            switch F.Acknowledgement(rawValue: key) {
            case .onTime: return l("figures.after-on-time")
            case .late: return l("figures.after-late")
            case .notYetAcknowledged: return l("figures.after-not-acknowledged")
            case nil: return key
            }
        case .missing:
            switch F.ReturnInterview(rawValue: key) {
            case .heldWithin72Hours: return l("figures.after-rhi-held")
            case .notHeldWithin72Hours: return l("figures.after-rhi-not-held")
            case .notYetDue: return l("figures.after-rhi-not-yet-due")
            case nil: return key
            }
        }
    }

    /// An accessible table: row headers, a total row and column; totals perturbed on their own.
    static func render(_ t: AfterDecisionRelease.Table, caption: String, boroughs: BoroughCatalogue, l: Localiser) -> HTML {
        let id = "after-\(t.figure.rawValue)"
        var head: [HTML] = [HTML("<th scope=\"col\" class=\"table__header\">\(rowHeader(t, l: l))</th>")]
        head += t.columnKeys.map { HTML("<th scope=\"col\" class=\"table__header table__header--numeric\">\(columnLabel($0, t.figure, l: l))</th>") }
        head.append(HTML("<th scope=\"col\" class=\"table__header table__header--numeric\">\(l("figures.total"))</th>"))
        let body = t.rowKeys.enumerated().map { r, key -> HTML in
            var cells: [HTML] = [HTML("<th scope=\"row\" class=\"table__header\">\(rowLabel(key, t, boroughs: boroughs, l: l))</th>")]
            cells += t.figures.cells[r].map { HTML("<td class=\"table__cell table__cell--numeric\">\(ProfileTables.figure($0, l: l))</td>") }
            cells.append(HTML("<td class=\"table__cell table__cell--numeric\">\(ProfileTables.figure(t.figures.rowTotals[r], l: l))</td>"))
            return HTML("<tr class=\"table__row\">\(cells)</tr>")
        }
        var foot: [HTML] = [HTML("<th scope=\"row\" class=\"table__header\">\(l("figures.total"))</th>")]
        foot += t.figures.columnTotals.map { HTML("<td class=\"table__cell table__cell--numeric\">\(ProfileTables.figure($0, l: l))</td>") }
        foot.append(HTML("<td class=\"table__cell table__cell--numeric\">\(ProfileTables.figure(t.figures.grandTotal, l: l))</td>"))
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

    static func metadata(_ release: AfterDecisionRelease, period: String, l: Localiser) -> HTML {
        """
        <h3 class="heading-s">\(l("profile.about-heading"))</h3>
        \(Components.summaryList([
            (l("profile.about-source"), HTML("\(l("figures.after-source"))")),
            (l("profile.about-period"), HTML("\(period)")),
            (l("profile.about-disclosure"), HTML("\(release.method.summary)")),
            (l("profile.about-produced"), HTML("\(l.dateTime(release.producedAt))")),
            (l("profile.about-revisions"), HTML("\(l("profile.revisions"))")),
        ]))
        """
    }

    /// The download: exactly the figures shown, labelled in British English, metadata first.
    static func csv(_ release: AfterDecisionRelease, boroughs: BoroughCatalogue) -> String {
        let l = Localiser.englishGB
        let period = l("figures.after-period", ["from": release.question.from.description, "to": release.question.to.description])
        var lines = ["# \(l("figures.after-title")), \(period)", "# Source: \(l("figures.after-source"))",
                     "# Disclosure control: \(release.method.summary)",
                     "# Produced at: \(ISO8601DateFormatter().string(from: release.producedAt))", "# \(l("profile.revisions"))"]
        for t in release.tables {
            lines.append("# Table: \(heading(t.figure, l: l))")
            lines.append(([rowHeader(t, l: l)] + t.columnKeys.map { columnLabel($0, t.figure, l: l) } + [l("figures.total")])
                .map(ProfileExport.field).joined(separator: ","))
            for (r, key) in t.rowKeys.enumerated() {
                lines.append(([rowLabel(key, t, boroughs: boroughs, l: l)] + t.figures.cells[r].map(\.description) + [t.figures.rowTotals[r].description])
                    .map(ProfileExport.field).joined(separator: ","))
            }
            lines.append(([l("figures.total")] + t.figures.columnTotals.map(\.description) + [t.figures.grandTotal.description])
                .map(ProfileExport.field).joined(separator: ","))
        }
        return lines.joined(separator: "\r\n") + "\r\n"
    }
}
