import Testing
@testable import LanternCore

/// Evaluation results never say anything about fewer than five answers: not in a group, and
/// not in what a breakdown withholds (which a reader could take from the total).
@Suite struct EvaluationRulesTests {
    @Test(arguments: 1...200)
    func aBreakdownNeverLeavesASmallGroupToBeWorkedOut(seed: Int) {
        var random = SplitMix64(seed: UInt64(seed))
        let count = 1 + Int(random.next() % 8)
        var groups: [Int: Int] = [:]
        for key in 0..<count { groups[key] = Int(random.next() % 12) + (random.next() % 3 == 0 ? 0 : 1) }
        let shown = EvaluationRules.releasable(groups)
        for key in shown { #expect(groups[key]! >= 5) }
        let withheld = groups.filter { !shown.contains($0.key) }.map(\.value).reduce(0, +)
        // With nothing shown there is no breakdown (and the total is itself shown only from five).
        #expect(shown.isEmpty || withheld == 0 || withheld >= 5, "\(groups) shown \(shown)")
        // Nothing is withheld without need: with no small groups, every group of five or more is shown.
        if groups.values.allSatisfy({ $0 == 0 || $0 >= 5 }) { #expect(shown == Set(groups.filter { $0.value >= 5 }.map(\.key))) }
    }

    @Test func secondaryWithholdingTakesTheSmallestShownGroup() {
        #expect(EvaluationRules.releasable(["a": 9, "b": 6, "c": 2]) == ["a"])
        #expect(EvaluationRules.releasable(["a": 9, "b": 6, "c": 5]) == ["a", "b", "c"])
        #expect(EvaluationRules.releasable(["a": 9, "c": 2]) == [])
        #expect(EvaluationRules.releasable(["a": 3, "b": 3]) == [])
    }

    @Test func aSummaryNeedsFiveAnswers() {
        let four = Array(repeating: EvaluationAnswer(before: 2, after: 4, outcomesMet: .yes), count: 4)
        #expect(EvaluationSummary(four) == nil)
        let five = four + [EvaluationAnswer(before: 1, after: 5, outcomesMet: .partly)]
        let summary = try! #require(EvaluationSummary(five))
        #expect(summary.answers == 5 && summary.meanBefore == 1.8 && summary.meanAfter == 4.2)
        #expect(summary.percent(.yes) == 80 && summary.percent(.partly) == 20 && summary.percent(.no) == 0)
    }

    @Test func sessionsCountOnceTheirWindowHasClosedWithFiveAnswers() {
        let day = Day(iso: "2026-12-01")!
        #expect(EvaluationRules.answeringOpen(sessionDay: day, today: day))
        #expect(EvaluationRules.answeringOpen(sessionDay: day, today: day.adding(days: 30)))
        #expect(!EvaluationRules.answeringOpen(sessionDay: day, today: day.adding(days: 31)))
        #expect(!EvaluationRules.answeringOpen(sessionDay: day, today: day.adding(days: -1)))
        #expect(!EvaluationRules.counts(sessionDay: day, answers: 9, today: day.adding(days: 30)))
        #expect(!EvaluationRules.counts(sessionDay: day, answers: 5, today: day.adding(days: 31)))
        #expect(EvaluationRules.counts(sessionDay: day, answers: 5, today: day.adding(days: 32)))
        #expect(!EvaluationRules.counts(sessionDay: day, answers: 4, today: day.adding(days: 32)))
    }
}
