import Testing
@testable import LanternCore

/// The strategy's rules with plain values: periods, entered numbers, progress against a
/// target, and bound figures after disclosure control.
@Suite struct StrategyRulesTests {
    @Test func quartersAndFinancialYearsParseStrictly() throws {
        let q = try #require(IndicatorPeriod(text: "2025-Q2", kind: .quarter))
        #expect(q.text == "2025-Q2")
        #expect(q.firstDay == Day(year: 2025, month: 4, day: 1) && q.lastDay == Day(year: 2025, month: 6, day: 30))
        #expect(IndicatorPeriod(text: " 2025q4 ", kind: .quarter)?.lastDay == Day(year: 2025, month: 12, day: 31))
        for bad in ["2025-Q5", "2025", "Q2 2025", "25-Q2", "", "2025/26"] { #expect(IndicatorPeriod(text: bad, kind: .quarter) == nil, "\(bad)") }

        let y = try #require(IndicatorPeriod(text: "2025/26", kind: .year))
        #expect(y.text == "2025/26")
        #expect(y.firstDay == Day(year: 2025, month: 4, day: 1) && y.lastDay == Day(year: 2026, month: 3, day: 31))
        #expect(IndicatorPeriod(text: "2025-2026", kind: .year) == y && IndicatorPeriod(text: "2025/26", kind: .year) == y)
        #expect(IndicatorPeriod(text: "1999/00", kind: .year) == nil)
        #expect(IndicatorPeriod(text: "2099/00", kind: .year)?.text == "2099/00")
        for bad in ["2025/27", "2025", "2025-Q1", "2025/2027", "abcd/ef", "2025/+6"] { #expect(IndicatorPeriod(text: bad, kind: .year) == nil, "\(bad)") }

        // A financial year is four whole NRM quarters, Q2 to Q1 of the next year.
        #expect(y.quarters.map(\.text) == ["2025-Q2", "2025-Q3", "2025-Q4", "2026-Q1"])
        #expect(IndicatorPeriod.financialYear(containing: Day(year: 2026, month: 3, day: 31)!) == y)
        #expect(IndicatorPeriod.financialYear(containing: Day(year: 2026, month: 4, day: 1)!).text == "2026/27")
    }

    @Test func anEnteredPeriodMustHaveBegun() {
        let today = Day(year: 2025, month: 7, day: 10)!
        #expect(StrategyInput.period("2025-Q3", kind: .quarter, today: today) == .success(IndicatorPeriod(text: "2025-Q3", kind: .quarter)!))
        #expect(StrategyInput.period("2025-Q4", kind: .quarter, today: today) == .failure(.future))
        #expect(StrategyInput.period("  ", kind: .quarter, today: today) == .failure(.missing))
        #expect(StrategyInput.period("last quarter", kind: .quarter, today: today) == .failure(.format))
        #expect(StrategyInput.period("2025/26", kind: .year, today: today) == .success(IndicatorPeriod(text: "2025/26", kind: .year)!))
    }

    @Test func numbersAreNumbersAsTyped() {
        #expect(StrategyInput.number("1,250") == 1250)
        #expect(StrategyInput.number(" 62.5 ") == 62.5)
        #expect(StrategyInput.number("-3") == -3)
        #expect(StrategyInput.number(".5") == 0.5)
        for bad in ["", "ten", "1e5", "nan", "inf", "1.2.3", "12a", "-", ".", "1000000000000", "0x10"] {
            #expect(StrategyInput.number(bad) == nil, "\(bad)")
        }
        #expect(StrategyInput.fits(100, unit: .percent) && !StrategyInput.fits(100.5, unit: .percent) && !StrategyInput.fits(-1, unit: .percent))
        #expect(!StrategyInput.fits(-1, unit: .days) && StrategyInput.fits(-1, unit: .number))
        #expect(StrategyInput.textProblem("", limit: 10, required: true) == .missing)
        #expect(StrategyInput.textProblem("", limit: 10, required: false) == nil)
        #expect(StrategyInput.textProblem(String(repeating: "a", count: 11), limit: 10, required: true) == .tooLong)
        #expect(StrategyInput.textProblem("a\u{7}b", limit: 10, required: true) == .control)
        #expect(StrategyInput.textProblem("a\nb", limit: 10, required: false, multiline: true) == nil)
    }

    @Test func progressIsOnTrackBehindOrNoData() {
        let q = IndicatorPeriod.quarter(Quarter(year: 2025, quarter: 2)!)
        func status(_ r: IndicatorReading, _ target: Double, _ d: IndicatorDirection) -> ProgressStatus {
            IndicatorProgress(reading: r, target: target, direction: d).status
        }
        #expect(status(.value(120, period: q), 100, .higher) == .onTrack)
        #expect(status(.value(100, period: q), 100, .higher) == .onTrack)
        #expect(status(.value(80, period: q), 100, .higher) == .behind)
        #expect(status(.value(20, period: q), 28, .lower) == .onTrack)
        #expect(status(.value(35, period: q), 28, .lower) == .behind)
        #expect(status(.noData, 1, .higher) == .noData)
        #expect(status(.suppressed(period: q), 1, .higher) == .noData)
        #expect(status(.unavailable, 1, .higher) == .noData)
        #expect(IndicatorProgress(reading: .value(80, period: q), target: 100, direction: .higher).fraction == 0.8)
        #expect(IndicatorProgress(reading: .value(56, period: q), target: 28, direction: .lower).fraction == 0.5)
        #expect(IndicatorProgress(reading: .value(5, period: q), target: 0, direction: .higher).fraction == 1)
        #expect(IndicatorProgress(reading: .value(-5, period: q), target: 0, direction: .higher).fraction == 0)
        #expect(IndicatorProgress(reading: .noData, target: 0, direction: .higher).fraction == nil)
    }

    @Test func boundFiguresFollowTheStatisticsPagesDisclosureRules() {
        let q = IndicatorPeriod.quarter(Quarter(year: 2022, quarter: 2)!)
        let rules = DisclosureRules(threshold: 5)
        #expect(IndicatorFigures.count(12, period: q, rules: rules) == .value(12, period: q))
        #expect(IndicatorFigures.count(3, period: q, rules: rules) == .suppressed(period: q))
        #expect(IndicatorFigures.count(0, period: q, rules: rules) == .value(0, period: q))
        #expect(IndicatorFigures.count(12, period: q, rules: DisclosureRules(threshold: 5, roundingBase: 5)) == .value(10, period: q))
        // 25 of 40 positive: 62.5%.
        #expect(IndicatorFigures.share(positive: 25, of: 40, period: q, rules: rules) == .value(62.5, period: q))
        // Few positive, or few negative (the share would give them away), or few decisions: hidden.
        #expect(IndicatorFigures.share(positive: 3, of: 40, period: q, rules: rules) == .suppressed(period: q))
        #expect(IndicatorFigures.share(positive: 38, of: 40, period: q, rules: rules) == .suppressed(period: q))
        #expect(IndicatorFigures.share(positive: 0, of: 4, period: q, rules: rules) == .suppressed(period: q))
        #expect(IndicatorFigures.share(positive: 0, of: 0, period: q, rules: rules) == .noData)
        #expect(IndicatorFigures.share(positive: 41, of: 40, period: q, rules: rules) == .noData)
        #expect(IndicatorFigures.share(positive: 0, of: 40, period: q, rules: rules) == .value(0, period: q))
        // The latest reading, and the latest by a day.
        let earlier = IndicatorPeriod.quarter(Quarter(year: 2022, quarter: 1)!)
        let readings: [IndicatorReading] = [.value(4, period: earlier), .suppressed(period: q)]
        #expect(IndicatorFigures.latest(readings) == .suppressed(period: q))
        #expect(IndicatorFigures.latest(readings, endingBy: Day(year: 2022, month: 4, day: 1)!) == .value(4, period: earlier))
        #expect(IndicatorFigures.latest([]) == .noData)
        #expect(!IndicatorBinding.trainingCoverage.isAvailable)
        #expect(IndicatorBinding(rawValue: "nrm_referrals_london_councils") == .nrmReferralsLondonCouncils)
    }
}
