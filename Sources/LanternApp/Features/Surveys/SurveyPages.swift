import Foundation
import LanternCore

/// The surveys pages: the list (sent to me; my organisation's), a new survey, one survey for
/// its runners (with its results once closed), and the anonymous answer form.
enum SurveyPages {
    struct Row { var id: String; var title: String; var state: SurveyState; var closesOn: Day; var answered: Bool; var responses: Int }
    struct List { var sentToMe: [Row]; var ours: [Row]; var canRun: Bool }

    static func stateName(_ state: SurveyState, l: Localiser) -> String {
        switch state {
        case .draft: l("surveys.state.draft")
        case .open: l("surveys.state.open")
        case .closed: l("surveys.state.closed")
        }
    }

    static func kindName(_ kind: SurveyQuestionKind, l: Localiser) -> String {
        switch kind {
        case .scale: l("surveys.kind.scale")
        case .choice: l("surveys.kind.choice")
        case .text: l("surveys.kind.text")
        }
    }

    static func scaleLabels(_ l: Localiser) -> [String] {
        [l("surveys.scale.1"), l("surveys.scale.2"), l("surveys.scale.3"), l("surveys.scale.4"), l("surveys.scale.5")]
    }

    static func list(_ m: List, done: String?, l: Localiser) -> Page {
        let mine: [[HTML]] = m.sentToMe.map { r in
            let action: HTML = r.answered ? HTML("\(l("surveys.you-answered"))")
                : r.state == .open ? HTML("<a href=\"\(Href.answerSurvey(r.id))\">\(l("surveys.answer-link"))<span class=\"visually-hidden\"> \(r.title)</span></a>")
                : HTML("\(l("surveys.not-answered"))")
            return [HTML("\(r.title)"), HTML("\(stateName(r.state, l: l))"), HTML("\(l.day(r.closesOn))"), action]
        }
        let ours: [[HTML]] = m.ours.map { r in
            [HTML("<a href=\"\(Href.survey(r.id))\">\(r.title)</a>"), HTML("\(stateName(r.state, l: l))"), HTML("\(l.day(r.closesOn))"),
             HTML("\(l.number(r.responses))")]
        }
        return Page(title: l("surveys.title"), content: """
            \(done == "answered" ? Components.notification(title: l("surveys.done.answered"), body: HTML("<p class=\"body\">\(l("surveys.done.answered-text"))</p>")) : .empty)
            <h1 class="heading-l">\(l("surveys.title"))</h1>
            <p class="body">\(l("surveys.intro"))</p>
            <h2 class="heading-m">\(l("surveys.sent-to-you"))</h2>
            \(mine.isEmpty ? HTML("<p class=\"body\">\(l("surveys.none-sent"))</p>")
                : Components.table(caption: l("surveys.sent-to-you"), headers: [l("surveys.column.survey"), l("surveys.column.state"),
                                   l("surveys.column.closes"), l("surveys.column.your-answer")], rows: mine))
            \(m.canRun ? HTML("""
                <h2 class="heading-m">\(l("surveys.ours"))</h2>
                <p class="body"><a href="\(Href.newSurvey)" class="button">\(l("surveys.new"))</a></p>
                \(ours.isEmpty ? HTML("<p class=\"body\">\(l("surveys.none-ours"))</p>")
                    : Components.table(caption: l("surveys.ours"), headers: [l("surveys.column.survey"), l("surveys.column.state"),
                                       l("surveys.column.closes"), l("surveys.column.responses")], rows: ours))
                """) : .empty)
            """, language: l.language)
    }

    struct New { var input: [String: String]; var errors: FormErrors; var groups: [(String, String)]; var rows: Int }

    static func new(_ m: New, csrf: String, l: Localiser) -> Page {
        let kinds = SurveyQuestionKind.allCases.map { ($0.rawValue, kindName($0, l: l)) }
        let rows: [HTML] = (0..<m.rows).map { index in
            let number = l.number(index + 1)
            return HTML("""
                <fieldset class="fieldset">
                <legend class="fieldset__legend">\(l("surveys.question-legend", ["number": number]))</legend>
                \(Components.textInput(name: "q\(index)", label: l("surveys.field.question"), value: m.input["q\(index)"] ?? "", errors: m.errors, l: l))
                \(Components.select(name: "q\(index)kind", label: l("surveys.field.kind"), options: kinds, selected: m.input["q\(index)kind"] ?? "scale",
                                    errors: m.errors, l: l))
                \(Components.textArea(name: "q\(index)options", label: l("surveys.field.options"), value: m.input["q\(index)options"] ?? "",
                                      hint: l("surveys.field.options-hint"), rows: 3, errors: m.errors, l: l))
                </fieldset>
                """)
        }
        return Page(title: l("surveys.new"), content: """
            \(Components.errorSummary(m.errors, l))
            <h1 class="heading-l">\(l("surveys.new"))</h1>
            <p class="body">\(l("surveys.new-intro", ["minimum": l.number(SurveyRules.minimumResponses)]))</p>
            <form method="post" action="\(Href.newSurvey)" novalidate>
            \(Components.csrfField(csrf))
            \(Components.textInput(name: "title", label: l("surveys.field.title"), value: m.input["title"] ?? "", errors: m.errors, l: l))
            \(Components.textArea(name: "intro", label: l("surveys.field.intro"), value: m.input["intro"] ?? "", hint: l("surveys.field.intro-hint"),
                                  rows: 4, errors: m.errors, l: l))
            \(Components.select(name: "group", label: l("surveys.field.group"), options: [("", l("surveys.choose-group"))] + m.groups,
                                selected: m.input["group"], hint: l("surveys.field.group-hint"), errors: m.errors, l: l))
            \(Components.textInput(name: "closesOn", label: l("surveys.field.closes-on"), value: m.input["closesOn"] ?? "", type: "date", width: 10,
                                   errors: m.errors, l: l))
            <h2 class="heading-m">\(l("surveys.questions"))</h2>
            <p class="body">\(l("surveys.questions-hint", ["limit": l.number(m.rows)]))</p>
            \(rows)
            \(Components.button(l("surveys.create")))
            </form>
            """, status: m.errors.isEmpty ? .ok : .unprocessableEntity, hasErrors: !m.errors.isEmpty,
            backLink: (Href.surveys, l("surveys.back")), language: l.language)
    }

    struct Show {
        var id: String; var title: String; var intro: String; var group: String; var state: SurveyState; var closesOn: Day
        var questions: [SurveyQuestion]; var invited: Int; var responses: Int; var results: [SurveyRules.QuestionResult]?
        var remindedToday: Bool; var done: String?
    }

    static func doneText(_ done: String?, l: Localiser) -> String? {
        switch done {
        case "created": l("surveys.done.created")
        case "sent": l("surveys.done.sent")
        case "reminded": l("surveys.done.reminded")
        case "closed": l("surveys.done.closed")
        default: nil
        }
    }

    static func countText(_ count: SurveyRules.Count, l: Localiser) -> String {
        switch count {
        case .exact(let n): l.number(n)
        case .suppressed: l("surveys.results.suppressed")
        }
    }

    static func results(_ results: [SurveyRules.QuestionResult], l: Localiser) -> HTML {
        let sections: [HTML] = results.enumerated().map { index, r in
            let heading = l("surveys.results.question", ["number": l.number(index + 1), "question": r.question.text])
            switch r.question.kind {
            case .text:
                let items = r.texts.map { HTML("<li>\($0)</li>") }
                return HTML("""
                    <h3 class="heading-s">\(heading)</h3>
                    <p class="body">\(l("surveys.results.answered", ["count": l.number(r.answered)]))</p>
                    \(items.isEmpty ? .empty : HTML("<ul class=\"list list--bullet\">\(items)</ul>"))
                    """)
            case .scale, .choice:
                let labels = r.question.kind == .scale ? scaleLabels(l) : r.question.options
                let rows: [[HTML]] = zip(labels, r.counts).map { [HTML("\($0)"), HTML("\(countText($1, l: l))")] }
                if r.counts.allSatisfy({ $0 == .suppressed }) {
                    return HTML("""
                        <h3 class="heading-s">\(heading)</h3>
                        <p class="body">\(l("surveys.results.answered", ["count": l.number(r.answered)]))
                        \(l("surveys.results.withheld", ["small": l.number(SurveyRules.smallCount)]))</p>
                        """)
                }
                return HTML("""
                    <h3 class="heading-s">\(heading)</h3>
                    \(Components.table(caption: l("surveys.results.caption", ["count": l.number(r.answered)]),
                                       headers: [l("surveys.column.answer"), l("surveys.column.count")], rows: rows))
                    \(r.mean.map { HTML("<p class=\"body\">\(l("surveys.results.mean", ["mean": l.decimal($0)]))</p>") } ?? .empty)
                    """)
            }
        }
        return HTML("\(sections)")
    }

    static func show(_ m: Show, csrf: String, l: Localiser) -> Page {
        let facts: [(key: String, value: HTML)] = [
            (l("surveys.column.group"), HTML("\(m.group)")), (l("surveys.column.state"), HTML("\(stateName(m.state, l: l))")),
            (l("surveys.column.closes"), HTML("\(l.day(m.closesOn))")), (l("surveys.column.invited"), HTML("\(l.number(m.invited))")),
            (l("surveys.column.responses"), HTML("\(l.number(m.responses))")),
        ]
        let questions = m.questions.map { q in
            HTML("<li>\(q.text) (\(kindName(q.kind, l: l))\(q.kind == .choice ? HTML(": \(q.options.joined(separator: "; "))") : .empty))</li>")
        }
        let actions: HTML
        switch m.state {
        case .draft:
            actions = HTML("""
                <form method="post" action="\(Href.sendSurvey(m.id))" novalidate>\(Components.csrfField(csrf))
                <p class="body">\(l("surveys.send-hint"))</p>\(Components.button(l("surveys.send")))</form>
                """)
        case .open:
            actions = HTML("""
                \(m.remindedToday ? HTML("<p class=\"body\">\(l("surveys.reminded-today"))</p>") : HTML("""
                    <form method="post" action="\(Href.remindSurvey(m.id))" novalidate>\(Components.csrfField(csrf))
                    \(Components.button(l("surveys.remind"), secondary: true))</form>
                    """))
                <form method="post" action="\(Href.closeSurvey(m.id))" novalidate>\(Components.csrfField(csrf))
                \(Components.button(l("surveys.close"), warning: true))</form>
                """)
        case .closed:
            actions = .empty
        }
        let resultsSection: HTML = m.results.map { r in
            HTML("""
                \(results(r, l: l))
                <p class="body"><a href="\(Href.surveyCSV(m.id))" download>\(l("surveys.results.csv"))</a></p>
                """)
        } ?? HTML("<p class=\"body\">\(l("surveys.results.not-yet", ["minimum": l.number(SurveyRules.minimumResponses)]))</p>")
        return Page(title: m.title, content: """
            \(doneText(m.done, l: l).map { Components.notification(title: $0, body: .empty) } ?? .empty)
            <h1 class="heading-l">\(m.title)</h1>
            \(m.intro.isEmpty ? .empty : HTML("<p class=\"body\">\(m.intro)</p>"))
            \(Components.summaryList(facts))
            \(actions)
            <h2 class="heading-m">\(l("surveys.questions"))</h2>
            <ol class="list list--number">\(questions)</ol>
            <h2 class="heading-m">\(l("surveys.results"))</h2>
            \(resultsSection)
            """, backLink: (Href.surveys, l("surveys.back")), language: l.language)
    }

    struct Answer {
        var id: String; var title: String; var intro: String; var questions: [SurveyQuestion]; var closesOn: Day
        var input: [String: String]; var errors: FormErrors; var closed: Bool; var answered: Bool
    }

    static func answer(_ m: Answer, csrf: String, l: Localiser) -> Page {
        let fields: [HTML] = m.questions.enumerated().map { index, q in
            let name = "a\(index)"
            // Numbered, as the error messages name questions by number.
            let legend = l("surveys.results.question", ["number": l.number(index + 1), "question": q.text])
            switch q.kind {
            case .scale:
                let options = scaleLabels(l).enumerated().map { ("\($0.offset + 1)", $0.element) }
                return Components.radios(name: name, legend: legend, options: options, selected: m.input[name], errors: m.errors, l: l)
            case .choice:
                let options = q.options.enumerated().map { ("\($0.offset)", $0.element) }
                return Components.radios(name: name, legend: legend, options: options, selected: m.input[name], errors: m.errors, l: l)
            case .text:
                return Components.textArea(name: name, label: legend, value: m.input[name] ?? "", hint: l("surveys.answer.text-hint"),
                                           rows: 4, errors: m.errors, l: l)
            }
        }
        let body: HTML = m.answered ? HTML("<p class=\"body\">\(l("surveys.answer.already"))</p>")
            : m.closed ? HTML("<p class=\"body\">\(l("surveys.answer.closed"))</p>")
            : HTML("""
                <p class="body">\(l("surveys.answer.anonymous", ["day": l.day(m.closesOn)]))</p>
                <form method="post" action="\(Href.answerSurvey(m.id))" novalidate>
                \(Components.csrfField(csrf))
                \(fields)
                \(Components.button(l("surveys.answer.send")))
                </form>
                """)
        return Page(title: m.title, content: """
            \(Components.errorSummary(m.errors, l))
            <h1 class="heading-l">\(m.title)</h1>
            \(m.intro.isEmpty ? .empty : HTML("<p class=\"body\">\(m.intro)</p>"))
            \(body)
            """, status: m.errors.isEmpty ? .ok : .unprocessableEntity, hasErrors: !m.errors.isEmpty,
            backLink: (Href.surveys, l("surveys.back")), language: l.language)
    }
}
