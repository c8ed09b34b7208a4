import LanternCore
import Vapor

/// The search page: a name and a date of birth (or year), and the viewer's organisation's
/// cases that match, with their names (the owner's view only).
enum CaseSearchPages {
    static func localiser(_ request: Request) -> Localiser { request.localiser.forPage(areas: "case-search", "cases", "components") }

    struct Model {
        var name: String?
        var dob: String?
        var errors: FormErrors
        /// Nil until a search was made.
        var outcome: CaseSearchController.Outcome?
        var organisationName: String
        var today: Day
    }

    static func search(_ m: Model, l: Localiser) -> Page {
        var results = HTML.empty
        if let outcome = m.outcome {
            if outcome.found.isEmpty {
                results = HTML("<p class=\"body\" id=\"results\">\(l("case-search.none"))</p>")
            } else {
                let rows: [[HTML]] = outcome.found.map { found in
                    [HTML("<a href=\"\(Href.case(found.record.reference))\"><code>\(found.record.reference)</code></a>"),
                     HTML("\(found.name ?? l("case-search.name-unreadable"))"),
                     HTML("\(l.day(Day(daysSinceEpoch: found.record.identifiedOn)))"),
                     stageTag(found.record, today: m.today, l: l)]
                }
                results = HTML("""
                    <div id="results">
                    \(Components.table(caption: l.plural("case-search.caption", count: outcome.found.count),
                                       headers: [l("case-search.column-reference"), l("case-search.column-name"),
                                                 l("case-search.column-identified"), l("case-search.column-stage")], rows: rows))
                    \(outcome.more ? HTML("<p class=\"body\">\(l("case-search.more", ["count": l.number(CaseSearchController.shown)]))</p>") : .empty)
                    </div>
                    """)
            }
        }
        return Page(title: l("case-search.title"), content: """
            \(Components.errorSummary(m.errors, l))
            <h1 class="heading-l">\(l("case-search.heading", ["organisation": m.organisationName]))</h1>
            <p class="body">\(l("case-search.intro"))</p>
            <form method="get" action="\(Href.caseSearch)" role="search" aria-label="\(l("case-search.region"))" novalidate>
            \(Components.textInput(name: "name", label: l("case-search.name"), value: m.name, hint: l("case-search.name-hint"),
                                   autocomplete: "off", errors: m.errors, l: l))
            \(Components.textInput(name: "dob", label: l("case-search.dob"), value: m.dob, hint: l("case-search.dob-hint"),
                                   autocomplete: "off", width: 10, errors: m.errors, l: l))
            \(Components.button(l("case-search.button")))
            </form>
            \(results)
            """, status: m.errors.isEmpty ? .ok : .unprocessableEntity, hasErrors: !m.errors.isEmpty,
            backLink: (Href.cases, l("cases.back-to-cases")), language: l.language)
    }

    static func stageTag(_ record: CaseRecord, today: Day, l: Localiser) -> HTML {
        let stage = Stage(rawValue: record.stage) ?? .identified
        let overdue = record.dueOn.map { $0 < today.daysSinceEpoch } ?? false
        return HTML("\(Components.tag(stage.label, colour: stage == .closed ? "grey" : nil))\(overdue ? HTML(" \(Components.tag(l("cases.overdue-tag"), colour: "red"))") : .empty)")
    }

    /// The search box on the case list.
    static func box(l: Localiser) -> HTML {
        """
        <form method="get" action="\(Href.caseSearch)" class="filters" role="search" aria-label="\(l("case-search.region"))">
        \(Components.textInput(name: "name", label: l("case-search.name"), hint: l("case-search.name-hint"), autocomplete: "off",
                               errors: FormErrors(), id: "search-name", l: l))
        \(Components.button(l("case-search.button"), secondary: true))
        </form>
        """
    }
}
