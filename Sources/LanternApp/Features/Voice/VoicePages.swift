import Foundation
import LanternCore

/// The signed-in pages of survivor voice: the moderator's list and one message with its filing
/// form, and the board's themes and counts with the published excerpts.
enum VoicePages {
    struct Row { var id: String; var received: Day; var language: String; var consent: Bool; var themes: Set<VoiceTheme>; var preview: String }
    struct List { var state: VoiceState; var rows: [Row]; var counts: [VoiceState: Int]; var done: Bool; var page: Int; var pages: Int }

    static func themeName(_ theme: VoiceTheme, l: Localiser) -> String {
        switch theme {
        case .support: l("voice.theme.support")
        case .safety: l("voice.theme.safety")
        case .housing: l("voice.theme.housing")
        case .health: l("voice.theme.health")
        case .money: l("voice.theme.money")
        case .work: l("voice.theme.work")
        case .immigration: l("voice.theme.immigration")
        case .police: l("voice.theme.police")
        case .services: l("voice.theme.services")
        case .other: l("voice.theme.other")
        }
    }

    static func stateName(_ state: VoiceState, l: Localiser) -> String {
        switch state {
        case .new: l("voice.state.new")
        case .kept: l("voice.state.kept")
        case .discarded: l("voice.state.discarded")
        }
    }

    static func themeList(_ themes: Set<VoiceTheme>, l: Localiser) -> String {
        themes.isEmpty ? l("voice.no-themes") : themes.sorted().map { themeName($0, l: l) }.joined(separator: ", ")
    }

    /// A language as its own speakers name it, with its tag.
    static func languageName(_ identifier: String) -> HTML {
        guard let tag = LanguageTag(identifier), Catalogues.bundled.allLanguages.contains(tag) else { return HTML("\(identifier)") }
        return HTML("<span lang=\"\(tag.identifier)\" dir=\"\(tag.direction)\">\(Catalogues.bundled.localiser(for: tag)("language.name"))</span>")
    }

    static func list(_ m: List, l: Localiser) -> Page {
        let tabs = VoiceState.allCases.map { state -> HTML in
            let label = l("voice.tab", ["state": stateName(state, l: l), "count": l.number(m.counts[state] ?? 0)])
            return state == m.state ? HTML("<li><strong aria-current=\"page\">\(label)</strong></li>")
                : HTML("<li><a href=\"\(Href.voiceMessages.query("state", state.rawValue))\">\(label)</a></li>")
        }
        let rows: [[HTML]] = m.rows.map { r in
            [HTML("\(l.day(r.received))"), languageName(r.language),
             HTML("\(r.consent ? l("voice.consent-yes") : l("voice.consent-no"))"),
             HTML("\(themeList(r.themes, l: l))"),
             HTML("<span class=\"pre-wrap\" lang=\"\(r.language)\" dir=\"auto\">\(r.preview)</span>"),
             HTML("<a href=\"\(Href.voiceMessage(r.id))\">\(l("voice.open"))<span class=\"visually-hidden\"> \(l("voice.open-hidden", ["day": l.day(r.received)]))</span></a>")]
        }
        return Page(title: l("voice.title"), content: """
            \(m.done ? Components.notification(title: l("voice.done"), body: HTML("<p class=\"body\">\(l("voice.done-text"))</p>")) : .empty)
            <h1 class="heading-l">\(l("voice.title"))</h1>
            <p class="body">\(l("voice.intro"))</p>
            <nav aria-label="\(l("voice.tabs"))"><ul class="list voice-tabs">\(tabs)</ul></nav>
            \(rows.isEmpty ? HTML("<p class=\"body\">\(l("voice.none", ["state": stateName(m.state, l: l)]))</p>")
                : Components.table(caption: l("voice.caption", ["state": stateName(m.state, l: l)]),
                                   headers: [l("voice.column.received"), l("voice.column.language"), l("voice.column.consent"),
                                             l("voice.column.themes"), l("voice.column.message"), l("voice.column.open")], rows: rows))
            \(m.pages > 1 ? pager(m, l: l) : .empty)
            <p class="body"><a href="\(Href.voiceThemes)">\(l("voice.themes-link"))</a></p>
            """, language: l.language)
    }

    static func pager(_ m: List, l: Localiser) -> HTML {
        func link(_ page: Int, _ key: MessageKey) -> HTML {
            HTML("<li><a href=\"\(Href.voiceMessages.query("state", m.state.rawValue).query("page", String(page)))\">\(l(key))</a></li>")
        }
        return HTML("""
            <nav aria-label="\(l("voice.pages"))"><ul class="list">
            \(m.page > 1 ? link(m.page - 1, "voice.previous") : .empty)
            <li>\(l("voice.page-of", ["page": l.number(m.page), "pages": l.number(m.pages)]))</li>
            \(m.page < m.pages ? link(m.page + 1, "voice.next") : .empty)
            </ul></nav>
            """)
    }

    /// What the filing form holds (as sent, or as stored).
    struct Filing { var state: String; var themes: Set<String>; var excerpt: String }

    struct Message {
        var id: String; var received: Day; var language: String; var consent: Bool; var state: VoiceState; var text: String
        var publishedOn: Day?; var filing: Filing; var errors: FormErrors
    }

    static func message(_ m: Message, csrf: String, l: Localiser) -> Page {
        let facts = Components.summaryList([
            (l("voice.column.received"), HTML("\(l.day(m.received))")),
            (l("voice.column.language"), languageName(m.language)),
            (l("voice.column.consent"), HTML("\(m.consent ? l("voice.consent-yes") : l("voice.consent-no"))")),
            (l("voice.column.state"), HTML("\(stateName(m.state, l: l))")),
        ] + (m.publishedOn.map { [(l("voice.published-on"), HTML("\(l.day($0))"))] } ?? []))
        let words: HTML = m.state == .discarded
            ? HTML("<p class=\"body\" id=\"state\">\(l("voice.words-erased"))</p>")
            : HTML("<blockquote class=\"voice-words\" lang=\"\(m.language)\" dir=\"auto\"><p class=\"pre-wrap\">\(m.text)</p></blockquote>")
        let states = [VoiceState.kept, .new, .discarded].map { ($0.rawValue, stateName($0, l: l)) }
        let themes = VoiceTheme.allCases.map { ($0.rawValue, themeName($0, l: l)) }
        let form: HTML = m.state == .discarded ? .empty : """
            <form method="post" action="\(Href.voiceMessage(m.id))" novalidate>
            \(Components.csrfField(csrf))
            \(Components.checkboxes(name: "themes", legend: l("voice.field.themes"), options: themes, checked: m.filing.themes,
                                    hint: l("voice.field.themes-hint"), errors: m.errors, l: l))
            \(m.consent ? Components.textArea(name: "excerpt", label: l("voice.field.excerpt"), value: m.filing.excerpt,
                                              hint: l("voice.field.excerpt-hint", ["limit": l.number(VoiceRules.excerptLimit)]), rows: 4,
                                              errors: m.errors, l: l)
                : HTML("<p class=\"body\" id=\"excerpt\">\(l("voice.no-consent"))</p>"))
            \(Components.radios(name: "state", legend: l("voice.field.state"), options: states, selected: m.filing.state,
                                hint: l("voice.field.state-hint"), errors: m.errors, l: l))
            \(Components.button(l("voice.save")))
            </form>
            """
        return Page(title: l("voice.message-title", ["day": l.day(m.received)]), content: """
            \(Components.errorSummary(m.errors, l))
            <h1 class="heading-l">\(l("voice.message-title", ["day": l.day(m.received)]))</h1>
            \(facts)
            <h2 class="heading-m">\(l("voice.words-heading"))</h2>
            \(words)
            \(form)
            """, status: .ok, hasErrors: !m.errors.isEmpty, backLink: (Href.voiceMessages, l("voice.back")), language: l.language)
    }

    struct Excerpt { var text: String; var language: String; var quarter: Quarter; var themes: Set<VoiceTheme> }
    struct Themes { var columns: [VoiceThemeFigures.Column]; var excerpts: [Excerpt]; var threshold: Int }

    static func count(_ count: SurveyRules.Count, l: Localiser) -> HTML {
        switch count {
        case .exact(let n): HTML("\(l.number(n))")
        case .suppressed: HTML("<abbr title=\"\(l("voice.withheld"))\">\(l("voice.withheld-mark"))</abbr>")
        }
    }

    static func themes(_ m: Themes, l: Localiser) -> Page {
        let quarterNames = m.columns.map { l("voice.quarter", ["year": String($0.quarter.year), "quarter": String($0.quarter.quarter)]) }
        let head = ([l("voice.column.theme")] + quarterNames).map { HTML("<th scope=\"col\" class=\"table__header\">\($0)</th>") }
        func row(_ name: String, _ cells: [HTML]) -> HTML {
            HTML("<tr class=\"table__row\"><th scope=\"row\" class=\"table__header\">\(name)</th>\(cells.map { HTML("<td class=\"table__cell\">\($0)</td>") })</tr>")
        }
        let rows = [row(l("voice.messages-row"), m.columns.map { $0.waiting ? HTML("\(l("voice.waiting"))") : count($0.messages, l: l) })]
            + VoiceTheme.allCases.enumerated().map { index, theme in
                row(themeName(theme, l: l), m.columns.map { $0.waiting ? HTML("\(l("voice.waiting"))") : count($0.themes[index], l: l) })
            }
        let excerpts = m.excerpts.map { e in
            HTML("""
            <li class="voice-excerpt"><blockquote class="voice-words" lang="\(e.language)" dir="auto"><p class="pre-wrap">\(e.text)</p></blockquote>
            <p class="hint">\(l("voice.excerpt-meta", ["quarter": l("voice.quarter", ["year": String(e.quarter.year), "quarter": String(e.quarter.quarter)]),
                                                        "themes": themeList(e.themes, l: l)]))</p></li>
            """)
        }
        return Page(title: l("voice.themes-title"), content: """
            <h1 class="heading-l">\(l("voice.themes-title"))</h1>
            <p class="body">\(l("voice.themes-intro"))</p>
            <table class="table">
            <caption class="table__caption">\(l("voice.themes-caption"))</caption>
            <thead><tr class="table__row">\(head)</tr></thead>
            <tbody>\(rows)</tbody>
            </table>
            <p class="body">\(l("voice.themes-rule", ["threshold": l.number(m.threshold)]))</p>
            <h2 class="heading-m">\(l("voice.excerpts-heading"))</h2>
            \(excerpts.isEmpty ? HTML("<p class=\"body\">\(l("voice.no-excerpts"))</p>") : HTML("<ul class=\"list voice-excerpts\">\(excerpts)</ul>"))
            """, language: l.language)
    }
}
