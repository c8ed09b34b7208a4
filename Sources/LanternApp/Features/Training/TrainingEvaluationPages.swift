import Foundation
import LanternCore
import Vapor

/// The evaluation form (one person's anonymous answer) and the results by course and trainer.
extension TrainingPages {
    struct EvaluationForm {
        enum State { case open, answered, closed }
        var sessionID: String; var course: String; var day: Day; var outcomes: [String]
        var input: TrainingEvaluationController.AnswerForm; var state: State; var errors: FormErrors
    }

    struct EvaluationResults {
        struct Course {
            var title: String; var summary: EvaluationSummary?; var trainers: [(String, EvaluationSummary)]; var comments: [String]
            /// Answers not yet counted (their sessions' windows open, or fewer than five).
            var waiting: Int
        }
        var courses: [Course]
    }

    static func scaleOptions(_ l: Localiser) -> [(value: String, label: String)] {
        [("1", l("training.evaluation.scale.1")), ("2", l("training.evaluation.scale.2")), ("3", l("training.evaluation.scale.3")),
         ("4", l("training.evaluation.scale.4")), ("5", l("training.evaluation.scale.5"))]
    }

    static func evaluationForm(_ m: EvaluationForm, csrf: String, l: Localiser) -> Page {
        let body: HTML = switch m.state {
        case .answered: HTML("<p class=\"body\">\(l("training.evaluation.answered"))</p>")
        case .closed: HTML("<p class=\"body\">\(l("training.evaluation.closed"))</p>")
        case .open: """
            <p class="body">\(l("training.evaluation.anonymous"))</p>
            <form method="post" action="\(Href.trainingEvaluation(m.sessionID))" novalidate>
            \(Components.csrfField(csrf))
            \(Components.radios(name: "before", legend: l("training.evaluation.before"), options: scaleOptions(l), selected: m.input.before,
                                errors: m.errors, l: l))
            \(Components.radios(name: "after", legend: l("training.evaluation.after"), options: scaleOptions(l), selected: m.input.after,
                                errors: m.errors, l: l))
            <h2 class="heading-s">\(l("training.course.outcomes"))</h2>
            <ul class="list list--bullet">\(m.outcomes.map { HTML("<li>\($0)</li>") })</ul>
            \(Components.radios(name: "outcomes", legend: l("training.evaluation.outcomes"),
                                options: [("yes", l("training.evaluation.outcomes.yes")), ("partly", l("training.evaluation.outcomes.partly")),
                                          ("no", l("training.evaluation.outcomes.no"))], selected: m.input.outcomes, errors: m.errors, l: l))
            \(Components.textArea(name: "comment", label: l("training.evaluation.comment"), value: m.input.comment ?? "",
                                  hint: l("training.evaluation.comment-hint"), errors: m.errors, l: l))
            \(Components.button(l("training.evaluation.send")))
            </form>
            """
        }
        return Page(title: l("training.evaluation.title", ["course": m.course]), content: """
            \(Components.errorSummary(m.errors, l))
            <h1 class="heading-l">\(l("training.evaluation.title", ["course": m.course]))<span class="caption">\(l.day(m.day))</span></h1>
            \(body)
            """, status: m.errors.isEmpty ? .ok : .unprocessableEntity, hasErrors: !m.errors.isEmpty,
            backLink: (Href.trainingSession(m.sessionID), l("training.evaluation.back")), language: l.language)
    }

    static func summaryCells(_ s: EvaluationSummary, l: Localiser) -> [HTML] {
        [HTML("\(l.number(s.answers))"), HTML("\(l.decimal(s.meanBefore))"), HTML("\(l.decimal(s.meanAfter))"),
         HTML("\(l("training.evaluation.percent", ["yes": l.number(s.percent(.yes)), "partly": l.number(s.percent(.partly)), "no": l.number(s.percent(.no))]))")]
    }

    static func evaluationResults(_ m: EvaluationResults, l: Localiser) -> Page {
        let headers = [l("training.evaluation.column.group"), l("training.evaluation.column.answers"), l("training.evaluation.column.before"),
                       l("training.evaluation.column.after"), l("training.evaluation.column.outcomes")]
        let sections: [HTML] = m.courses.map { c in
            guard let summary = c.summary else {
                return HTML("""
                    <h2 class="heading-m">\(c.title)</h2>
                    <p class="body">\(l("training.evaluation.too-few", ["waiting": l.number(c.waiting)]))</p>
                    """)
            }
            let rows: [[HTML]] = [[HTML("<strong>\(l("training.evaluation.all-sessions"))</strong>")] + summaryCells(summary, l: l)]
                + c.trainers.map { [HTML("\($0.0)")] + summaryCells($0.1, l: l) }
            return HTML("""
                <h2 class="heading-m">\(c.title)</h2>
                \(Components.table(caption: l("training.evaluation.caption", ["course": c.title]), headers: headers, rows: rows))
                \(c.comments.isEmpty ? .empty : HTML("""
                <details class="details"><summary class="details__summary">\(l("training.evaluation.comments", ["count": l.number(c.comments.count)]))</summary>
                <ul class="list list--bullet">\(c.comments.map { HTML("<li>\($0)</li>") })</ul></details>
                """))
                """)
        }
        return Page(title: l("training.evaluation.results-title"), content: """
            <h1 class="heading-l">\(l("training.evaluation.results-title"))</h1>
            <p class="body">\(l("training.evaluation.results-intro"))</p>
            \(m.courses.isEmpty ? HTML("<p class=\"body\">\(l("training.no-courses"))</p>") : HTML("\(sections)"))
            """, backLink: (Href.training, l("training.back")), language: l.language)
    }
}
