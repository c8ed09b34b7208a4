import Foundation

/// How a survey question is answered: a point on a five-point scale, one of the listed
/// choices, or words.
public enum SurveyQuestionKind: String, Sendable, CaseIterable, Codable {
    case scale, choice, text
}

/// One question of a survey, as the organiser wrote it. A choice question lists its options;
/// a scale runs from 1 ("strongly disagree") to 5 ("strongly agree").
public struct SurveyQuestion: Sendable, Equatable, Codable {
    public var text: String
    public var kind: SurveyQuestionKind
    public var options: [String]

    public init(text: String, kind: SurveyQuestionKind, options: [String] = []) {
        self.text = text
        self.kind = kind
        self.options = options
    }

    /// How many answers the question can take (the scale's five points, or the options).
    public var choiceCount: Int {
        switch kind {
        case .scale: SurveyRules.scalePoints
        case .choice: options.count
        case .text: 0
        }
    }
}

/// A survey's life: written (draft), sent to its group's members (open), and closed (by its
/// organiser, or by passing its closing day). Results are read only once it is closed.
public enum SurveyState: String, Sendable, CaseIterable, Codable {
    case draft, open, closed
}

/// One answer to one question, kept with its survey only (no person, no time, no response
/// that groups one person's answers).
public struct SurveyAnswer: Sendable, Equatable {
    public var questionIndex: Int
    /// The scale point (1…5) or the option's index (0-based).
    public var choice: Int?
    public var text: String?

    public init(questionIndex: Int, choice: Int? = nil, text: String? = nil) {
        self.questionIndex = questionIndex
        self.choice = choice
        self.text = text
    }
}

/// The rules of the network's member surveys.
public enum SurveyRules {
    public static let titleLimit = 200
    public static let introLimit = 2_000
    public static let questionLimit = 300
    public static let optionLimit = 100
    public static let maxQuestions = 20
    public static let optionsRange = 2...10
    public static let answerTextLimit = 2_000
    public static let scalePoints = 5
    /// Results are read only from this many responses: fewer could say who answered what.
    public static let minimumResponses = 5
    /// A question with a count below this (but above nought) has its counts withheld.
    public static let smallCount = 3
    /// A survey stays open at most this long.
    public static let longestOpenDays = 90

    /// A question as typed on the form: its words, its kind and (for a choice) its options,
    /// one per line.
    public struct Draft: Sendable, Equatable {
        public var text: String
        public var kind: String
        public var options: String

        public init(text: String, kind: String, options: String) {
            self.text = text
            self.kind = kind
            self.options = options
        }

        var isBlank: Bool {
            text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty && options.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty
        }
    }

    public enum QuestionProblem: Sendable, Equatable {
        /// No question at all, or more than `maxQuestions` (keyed -1: the survey's, not a row's).
        case count
        case text, kind, options
    }

    /// The problems of the form's rows, by row index.
    public struct QuestionProblems: Error, Equatable {
        public let byRow: [Int: QuestionProblem]
    }

    /// The survey's questions from the form's rows: blank rows are skipped; each other row
    /// must be a whole question. Returns the problems by row index, or the questions.
    public static func questions(from drafts: [Draft]) -> Result<[SurveyQuestion], QuestionProblems> {
        var problems: [Int: QuestionProblem] = [:]
        var questions: [SurveyQuestion] = []
        for (index, draft) in drafts.enumerated() where !draft.isBlank {
            let text = draft.text.trimmingCharacters(in: .whitespacesAndNewlines)
            guard isLine(text, limit: questionLimit), !text.isEmpty else { problems[index] = .text; continue }
            guard let kind = SurveyQuestionKind(rawValue: draft.kind) else { problems[index] = .kind; continue }
            var options: [String] = []
            if kind == .choice {
                options = draft.options.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
                guard optionsRange.contains(options.count), Set(options).count == options.count,
                      options.allSatisfy({ isLine($0, limit: optionLimit) }) else { problems[index] = .options; continue }
            }
            questions.append(SurveyQuestion(text: text, kind: kind, options: options))
        }
        if !problems.isEmpty { return .failure(QuestionProblems(byRow: problems)) }
        guard !questions.isEmpty, questions.count <= maxQuestions else { return .failure(QuestionProblems(byRow: [-1: .count])) }
        return .success(questions)
    }

    public enum AnswerProblem: Sendable, Equatable {
        case missing, text
    }

    /// The problems of one person's answers, by question index.
    public struct AnswerProblems: Error, Equatable {
        public let byQuestion: [Int: AnswerProblem]
    }

    /// One person's answers from the form (`raw` by question index): each scale and choice
    /// question needs an answer; words are optional. All or nothing.
    public static func answers(_ raw: [Int: String], to questions: [SurveyQuestion]) -> Result<[SurveyAnswer], AnswerProblems> {
        var problems: [Int: AnswerProblem] = [:]
        var answers: [SurveyAnswer] = []
        for (index, question) in questions.enumerated() {
            let value = (raw[index] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
            switch question.kind {
            case .scale, .choice:
                let lowest = question.kind == .scale ? 1 : 0
                guard let choice = Int(value), choice >= lowest, choice < lowest + question.choiceCount else { problems[index] = .missing; continue }
                answers.append(SurveyAnswer(questionIndex: index, choice: choice))
            case .text:
                guard value.count <= answerTextLimit, !ControlCharacters.present(in: value, allowingLineBreaks: true)
                else { problems[index] = .text; continue }
                if !value.isEmpty { answers.append(SurveyAnswer(questionIndex: index, text: value)) }
            }
        }
        return problems.isEmpty ? .success(answers) : .failure(AnswerProblems(byQuestion: problems))
    }

    /// The state as it stands on `today`: an open survey past its closing day is closed.
    public static func state(_ stored: SurveyState, closesOn: Day, today: Day) -> SurveyState {
        stored == .open && today > closesOn ? .closed : stored
    }

    /// Whether the closing day is acceptable when the survey is sent on `today`.
    public static func closingDayAllowed(_ day: Day, sentOn today: Day) -> Bool {
        day >= today && day <= today.adding(days: longestOpenDays)
    }

    /// A count as published: exact, or suppressed (`[c]`, as official statistics mark a
    /// figure withheld for confidentiality).
    public enum Count: Sendable, Equatable {
        case exact(Int)
        case suppressed

        public var csv: String {
            switch self {
            case .exact(let n): String(n)
            case .suppressed: "[c]"
            }
        }
    }

    /// What is published for one question.
    public struct QuestionResult: Sendable, Equatable {
        public let question: SurveyQuestion
        /// How many answered it.
        public let answered: Int
        /// Per scale point (1…5) or option, in order; empty for words.
        public let counts: [Count]
        /// The scale's mean (one decimal), only when the counts are shown (with them withheld,
        /// a mean and the total could give them back).
        public let mean: Double?
        /// The words given, in an order that says nothing (sorted), for a words question.
        public let texts: [String]
    }

    /// The published results, or nil when the survey is not closed or has fewer than
    /// `minimumResponses` responses. Counts follow `suppressed`.
    public static func results(_ questions: [SurveyQuestion], answers: [SurveyAnswer], responses: Int,
                               state: SurveyState) -> [QuestionResult]? {
        guard state == .closed, responses >= minimumResponses else { return nil }
        return questions.enumerated().map { index, question in
            let mine = answers.filter { $0.questionIndex == index }
            switch question.kind {
            case .text:
                return QuestionResult(question: question, answered: mine.count, counts: [], mean: nil,
                                      texts: mine.compactMap(\.text).sorted())
            case .scale, .choice:
                let lowest = question.kind == .scale ? 1 : 0
                var raw = Array(repeating: 0, count: question.choiceCount)
                for answer in mine { if let c = answer.choice, (0..<raw.count).contains(c - lowest) { raw[c - lowest] += 1 } }
                let counts = suppressed(raw)
                let total = raw.reduce(0, +)
                var mean: Double?
                if question.kind == .scale, total > 0, !counts.contains(.suppressed) {
                    let sum = raw.enumerated().reduce(0) { $0 + ($1.offset + 1) * $1.element }
                    mean = (Double(sum) / Double(total) * 10).rounded() / 10
                }
                return QuestionResult(question: question, answered: total, counts: counts, mean: mean, texts: [])
            }
        }
    }

    /// The counts of one question as published: all of them, or none. They are withheld
    /// together when any count is 1 or 2, or when one answer holds every response (then each
    /// respondent's answer is known). Withholding only the small cells is not enough: a
    /// withheld cell is at most 2 and the total is public, so the others' counts and the total
    /// give it back (tried in `SurveyRulesTests` on every small tally); with all withheld, only
    /// the total is known and every cell keeps at least two possible values.
    public static func suppressed(_ raw: [Int]) -> [Count] {
        let small = raw.contains { $0 > 0 && $0 < smallCount }
        let dominated = raw.filter { $0 > 0 }.count == 1
        return small || dominated ? raw.map { _ in .suppressed } : raw.map { .exact($0) }
    }

    static func isLine(_ text: String, limit: Int) -> Bool {
        text.count <= limit && !ControlCharacters.present(in: text, allowingLineBreaks: false)
    }
}
