import Foundation
import LanternCore
import Vapor

/// The HTCDS export's page: what it is, the generalisation report (what was generalised, how
/// many people are published and how many left out, and why), the downloads, and the data
/// dictionary. Texts from the catalogue (area `htcds`); the standard's field names and values
/// as the standard writes them.
enum HTCDSPages {
    static func localiser(_ request: Request) -> Localiser { request.localiser.forPage(areas: "htcds", "components") }

    struct Model {
        var release: HTCDSController.Release
        var producedAt: Date
    }

    /// The data dictionary: each field, what it holds, its values, and where in Lantern it comes from.
    static func dictionary(l: Localiser) -> [[HTML]] {
        let entries: [(String, String, String)] = [
            ("yearOfRegistration", l("htcds.field-year"), "2025, 2024-2025"),
            ("Datasource", l("htcds.field-source"), "Case Management"),
            ("gender", l("htcds.field-gender"), "Female, Male, Transgender/NonConforming"),
            ("majorityStatus", l("htcds.field-majority"), "Adult, Minor"),
            ("majorityStatusAtExploit", l("htcds.field-majority-exploit"), "Adult, Minor"),
            ("citizenship", l("htcds.field-citizenship"), "AL; Southern Europe; Europe; Stateless"),
            ("isForcedLabour", l("htcds.field-labour"), "1, 0"),
            ("isSexualExploit", l("htcds.field-sexual"), "1, 0"),
            ("isOtherExploit", l("htcds.field-other"), "1, 0"),
            ("typeOfExploitConcatenated", l("htcds.field-types"), "Labour; Criminal"),
        ]
        return entries.map { [HTML("<code>\($0.0)</code>"), HTML("\($0.1)"), HTML("\($0.2)")] }
    }

    static func page(_ m: Model, l: Localiser) -> Page {
        let p = m.release.plan
        let smallest = m.release.rows.map(\.count).min() ?? 0
        let generalised = HTCDSExport.describe(p.levels).map { [HTML("<code>\($0.field)</code>"), HTML("\($0.shown)")] }
        return Page(title: l("htcds.title"), content: """
            <h1 class="heading-l">\(l("htcds.title"))</h1>
            <p class="lead">\(l("htcds.lead"))</p>
            <p class="body">\(l("htcds.method", ["k": l.number(p.k), "others": l.number(p.k - 1), "share": "\(Int(HTCDSExport.maximumSuppression * 100))%"]))</p>
            <p class="body">\(l("htcds.method-noise"))</p>
            <h2 class="heading-m">\(l("htcds.report-heading"))</h2>
            \(Components.summaryList([
                (l("htcds.report-years"), HTML("\(l("htcds.report-years-value", ["year": String(m.release.throughYear)]))")),
                (l("htcds.report-published"), HTML("\(l("htcds.report-published-value", ["rows": l.number(m.release.published), "groups": l.number(m.release.rows.count), "smallest": l.number(smallest)]))")),
                (l("htcds.report-left-out"), HTML("\(l("htcds.report-left-out-value", ["k": l.number(p.k), "share": "\(Int(HTCDSExport.maximumSuppression * 100))%"]))")),
                (l("htcds.report-tried"), HTML("\(l("htcds.report-tried-value", ["count": l.number(p.combinationsTried)]))")),
                (l("htcds.report-produced"), HTML("\(l.dateTime(m.producedAt))")),
            ]))
            \(Components.table(caption: l("htcds.generalised-caption"), headers: [l("htcds.col-field"), l("htcds.col-shown")], rows: generalised))
            <h2 class="heading-m">\(l("htcds.downloads-heading"))</h2>
            <ul class="list">
            <li><a href="\(Href.htcdsCSV)">\(l("htcds.csv"))</a></li>
            <li><a href="\(Href.htcdsJSON)">\(l("htcds.json"))</a></li>
            </ul>
            <p class="body">\(l("htcds.downloads-note"))</p>
            <h2 class="heading-m">\(l("htcds.dictionary-heading"))</h2>
            \(Components.table(caption: l("htcds.dictionary-heading"), headers: [l("htcds.col-field"), l("htcds.col-meaning"), l("htcds.col-values")],
                               rows: dictionary(l: l)))
            """, backLink: (Href.profile, l("htcds.back")), language: l.language)
    }
}
