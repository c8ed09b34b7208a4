/// Anonymous evaluation of training: what an answer holds, when a session's answers count, and
/// how results are released so no answer can be picked out. A session's answers count only
/// once its answering window has closed and it has at least `minimumAnswers`; so any change in
/// a published figure comes from a whole session of at least five people. A breakdown (by
/// trainer) shows no group of fewer than five, and hides one more group when what it withholds
/// could otherwise be worked out from the total.
public struct EvaluationAnswer: Sendable, Equatable {
    /// Confidence before and after the course, 1 (not at all) to 5 (very).
    public var before: Int
    public var after: Int
    public var outcomesMet: OutcomesMet

    public init(before: Int, after: Int, outcomesMet: OutcomesMet) {
        self.before = before
        self.after = after
        self.outcomesMet = outcomesMet
    }
}

/// Whether the course's learning outcomes were met, as the person answering saw it.
public enum OutcomesMet: String, Sendable, CaseIterable, Codable {
    case yes, partly, no
}

public enum EvaluationRules {
    public static let minimumAnswers = 5
    /// Days after the session's day that its people may answer.
    public static let answeringDays = 30
    public static let commentLimit = 1_000
    public static let scale = 1...5

    /// Whether a person who attended may still answer on `today`.
    public static func answeringOpen(sessionDay: Day, today: Day) -> Bool {
        sessionDay <= today && today <= sessionDay.adding(days: answeringDays)
    }

    /// Whether a session's answers are counted in results on `today`.
    /// A day's margin after the last day for answers, so an answer sent just before midnight
    /// is stored before any result counts its session.
    public static func counts(sessionDay: Day, answers: Int, today: Day) -> Bool {
        today > sessionDay.adding(days: answeringDays + 1) && answers >= minimumAnswers
    }

    /// The groups of a breakdown that may be shown: each of at least `minimum`, and what is
    /// withheld altogether either nothing or at least `minimum` (so it cannot be taken from the
    /// total as a small group); the smallest shown groups are withheld as well until it is.
    public static func releasable<Key: Hashable & Comparable>(_ groups: [Key: Int], minimum: Int = minimumAnswers) -> Set<Key> {
        var shown = Set(groups.filter { $0.value >= minimum }.map(\.key))
        var withheld = groups.filter { !shown.contains($0.key) }.map(\.value).reduce(0, +)
        while withheld > 0 && withheld < minimum, let smallest = shown.min(by: { (groups[$0]!, $0) < (groups[$1]!, $1) }) {
            shown.remove(smallest)
            withheld += groups[smallest]!
        }
        return shown
    }
}

/// What a set of counted answers says: how many, mean confidence before and after (to one
/// decimal), and the share who said the outcomes were met, partly or not.
public struct EvaluationSummary: Sendable, Equatable {
    public var answers: Int
    public var meanBefore: Double
    public var meanAfter: Double
    public var outcomes: [OutcomesMet: Int]

    /// Nil for fewer than the minimum: nothing is said about so few.
    public init?(_ answers: [EvaluationAnswer], minimum: Int = EvaluationRules.minimumAnswers) {
        guard answers.count >= minimum, !answers.isEmpty else { return nil }
        self.answers = answers.count
        func mean(_ values: [Int]) -> Double { (Double(values.reduce(0, +)) / Double(values.count) * 10).rounded() / 10 }
        meanBefore = mean(answers.map(\.before))
        meanAfter = mean(answers.map(\.after))
        outcomes = Dictionary(grouping: answers, by: \.outcomesMet).mapValues(\.count)
    }

    /// Percentage of answers saying the outcomes were met (whole numbers).
    public func percent(_ kind: OutcomesMet) -> Int { Int((Double(outcomes[kind] ?? 0) * 100 / Double(answers)).rounded()) }
}
