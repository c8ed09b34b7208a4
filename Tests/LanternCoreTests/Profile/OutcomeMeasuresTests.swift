import Foundation
import Testing
@testable import LanternCore

/// The outcome measures' rules, checked against their definitions over random histories.
@Suite struct OutcomeMeasuresTests {
    typealias M = OutcomeMeasures
    static let start = Day(year: 2025, month: 1, day: 1)!

    /// A random history of `count` cases over two years, with some decisions, repeats of
    /// the same person, and detention spells.
    static func history(seed: UInt64, count: Int) -> [M.CaseFacts] {
        var random = SplitMix64(seed: seed)
        let boroughs = ["E09000007", "E09000012", "E09000022", ""]
        return (0..<count).map { i in
            let referred: Day? = Int.random(in: 0..<10, using: &random) == 0 ? nil : start.adding(days: Int.random(in: 0..<730, using: &random))
            var rg: M.Decision?, cg: M.Decision?
            if let referred, Bool.random(using: &random) {
                rg = M.Decision(on: referred.adding(days: Int.random(in: 0..<120, using: &random)), positive: Int.random(in: 0..<4, using: &random) > 0)
                if let r = rg, r.positive, Bool.random(using: &random) {
                    cg = M.Decision(on: r.on.adding(days: Int.random(in: 30..<600, using: &random)), positive: Bool.random(using: &random))
                }
            }
            let spells: [(from: Day, until: Day?)] = Int.random(in: 0..<6, using: &random) == 0
                ? [(start.adding(days: Int.random(in: 0..<730, using: &random)), Bool.random(using: &random) ? nil : start.adding(days: 740))] : []
            return M.CaseFacts(id: "case-\(i)", caseKey: Int.random(in: 0..<256, using: &random),
                               borough: boroughs[Int.random(in: 0..<boroughs.count, using: &random)], bcu: "", ageGroup: "adult",
                               referredOn: referred, reasonableGrounds: rg, conclusiveGrounds: cg,
                               personKey: "person-\(Int.random(in: 0..<(count * 3 / 4 + 1), using: &random))", detention: spells)
        }
    }

    @Test func percentilesAreTheNearestRankOfTheirDefinition() {
        var random = SplitMix64(seed: 7)
        for _ in 0..<300 {
            let values = (0..<Int.random(in: 1..<40, using: &random)).map { _ in Int.random(in: 0..<500, using: &random) }
            for p in [0.1, 0.5, 0.9, 1.0] {
                let got = M.percentile(p, of: values)!
                // The smallest value with at least p of the values at or below it.
                let atOrBelow = { (v: Int) in Double(values.filter { $0 <= v }.count) / Double(values.count) }
                #expect(atOrBelow(got) >= p - 1e-9)
                #expect(values.filter { $0 < got }.allSatisfy { atOrBelow($0) < p - 1e-9 })
                #expect(values.contains(got))
            }
        }
        #expect(M.percentile(0.5, of: []) == nil)
        #expect(M.percentile(0.5, of: [3, 1, 2, 10]) == 2)
        #expect(M.percentile(0.9, of: Array(1...10)) == 9)
    }

    @Test func aSmallGroupsMedianIsNotPublished() {
        #expect(M.WaitSummary([4, 9, 1], threshold: 5) == M.WaitSummary([1, 4, 9], threshold: 5))
        #expect(M.WaitSummary([4, 9, 1], threshold: 5).median == nil)
        let five = M.WaitSummary([4, 9, 1, 20, 3], threshold: 5)
        #expect(five.count == 5 && five.median == 4 && five.p90 == 20)
    }

    @Test func everyReferralIsDecidedOrPendingAtTheEndOfThePeriod() {
        for seed in UInt64(1)...20 {
            let cases = Self.history(seed: seed, count: 300)
            let (from, to) = (Quarter(year: 2025, quarter: 1)!, Quarter(year: 2026, quarter: 4)!)
            let end = AfterDecisionFigures.days(of: to).last
            let pending = M.pending(.reasonableGrounds, cases: cases, from: from, to: to, by: .borough)
            let referred = cases.filter { $0.referredOn.map { $0 <= end } ?? false }
            let decided = referred.filter { $0.reasonableGrounds.map { $0.on <= end } ?? false }
            #expect(pending.count + decided.count == referred.count)
            #expect(pending.allSatisfy { $0.days! >= 0 && M.WaitBand(days: $0.days!).rawValue == $0.column })
            // Conclusive Grounds pending: positive RG by then, no CG by then.
            let cgPending = M.pending(.conclusiveGrounds, cases: cases, from: from, to: to, by: .borough)
            #expect(cgPending.count == referred.filter { c in
                (c.reasonableGrounds.map { $0.positive && $0.on <= end } ?? false) && (c.conclusiveGrounds.map { $0.on > end } ?? true)
            }.count)
        }
    }

    @Test func byQuarterEachQuartersRowCountsWhatWasPendingOnItsLastDay() {
        let cases = Self.history(seed: 3, count: 200)
        let (from, to) = (Quarter(year: 2025, quarter: 1)!, Quarter(year: 2026, quarter: 4)!)
        let pending = M.pending(.reasonableGrounds, cases: cases, from: from, to: to, by: .quarter)
        for code in AfterDecisionFigures.quarterKeys(from: from, to: to) {
            let end = AfterDecisionFigures.days(of: Quarter(code: Int(code)!)!).last
            let expected = cases.filter { c in
                (c.referredOn.map { $0 <= end } ?? false) && (c.reasonableGrounds.map { $0.on > end } ?? true)
            }.count
            #expect(pending.filter { $0.row == code }.count == expected)
        }
    }

    @Test func decisionTimesAndRatesCountEachDecisionInThePeriodOnce() {
        for seed in UInt64(1)...20 {
            let cases = Self.history(seed: seed, count: 300)
            let (from, to) = (Self.start.adding(days: 100), Self.start.adding(days: 500))
            for kind in M.DecisionKind.allCases {
                let decisions = M.decisions(kind, cases: cases, from: from, to: to, by: .borough)
                let times = M.decisionTimes(kind, cases: cases, from: from, to: to, by: .borough)
                let inPeriod = cases.filter { c in
                    (kind == .reasonableGrounds ? c.reasonableGrounds : c.conclusiveGrounds).map { $0.on >= from && $0.on <= to } ?? false
                }
                #expect(decisions.count == inPeriod.count)
                #expect(decisions.filter { $0.column == "positive" }.count
                        == inPeriod.filter { (kind == .reasonableGrounds ? $0.reasonableGrounds : $0.conclusiveGrounds)!.positive }.count)
                #expect(times.count == inPeriod.filter { $0.referredOn != nil }.count)
                let summary = M.summaries(times, rows: ["E09000007"], threshold: 5)["total"]!
                #expect(summary.count == times.count)
                #expect(summary.median == (times.count >= 5 ? M.percentile(0.5, of: times.compactMap(\.days)) : nil))
            }
        }
    }

    @Test func aReReferralIsAPersonsReferralAfterAnEarlierOne() {
        for seed in UInt64(1)...20 {
            let cases = Self.history(seed: seed, count: 300)
            let all = M.referrals(cases: cases, from: Self.start, to: Self.start.adding(days: 800), by: .borough)
            // Everyone referred has exactly one first referral (or several on the same first day).
            let referredPeople = Set(cases.filter { $0.referredOn != nil }.compactMap(\.personKey))
            let firsts = all.filter { $0.column == "first_referral" }.count
            #expect(firsts >= referredPeople.count)
            #expect(all.count == cases.filter { $0.referredOn != nil }.count)
            let byPerson = Dictionary(grouping: cases.filter { $0.referredOn != nil }, by: { $0.personKey! })
            let expectedRe = byPerson.values.reduce(0) { total, group in
                let first = group.map { $0.referredOn! }.min()!
                return total + group.filter { $0.referredOn! > first }.count
            }
            #expect(all.filter { $0.column == "re_referral" }.count == expectedRe)
        }
    }

    @Test func detentionCountsSpellsFromTheReferralToTheEndOfThePeriod() {
        let referred = Self.start.adding(days: 10)
        func facts(_ spells: [(from: Day, until: Day?)]) -> M.CaseFacts {
            M.CaseFacts(id: "x", caseKey: 9, borough: "E09000007", bcu: "", ageGroup: "adult", referredOn: referred,
                        reasonableGrounds: nil, conclusiveGrounds: nil, personKey: nil, detention: spells)
        }
        let end = Self.start.adding(days: 90)
        let column = { (spells: [(from: Day, until: Day?)]) in
            M.detention(cases: [facts(spells)], from: Self.start, to: end, by: .borough).first?.column
        }
        #expect(column([]) == "not_detained")
        #expect(column([(Self.start, Self.start.adding(days: 5))]) == "not_detained")     // ended before the referral
        #expect(column([(Self.start, Self.start.adding(days: 20))]) == "detained")
        #expect(column([(Self.start.adding(days: 50), nil)]) == "detained")
        #expect(column([(end.adding(days: 1), nil)]) == "not_detained")                  // began after the period
    }
}
