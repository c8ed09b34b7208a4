/// The figures a bound indicator shows, from imported official statistics, after the same
/// disclosure rules as the statistics pages: a count they would hide is never shown here either.
public enum IndicatorFigures {
    /// A count for one period: hidden (suppressed) when the statistics pages would hide it,
    /// otherwise shown as they would show it (rounded if the rules round).
    public static func count(_ count: Int, period: IndicatorPeriod, rules: DisclosureRules) -> IndicatorReading {
        rules.isSensitive(count) ? .suppressed(period: period) : .value(Double(rules.rounded(count)), period: period)
    }

    /// The positive share of decisions, as a percentage to one decimal place. Hidden when the
    /// positive count, the negative count (decisions − positive) or the total would be hidden,
    /// since the share and one count give away the other; computed from the counts as shown.
    /// No data when there were no decisions; a positive count above the total is refused as no data.
    public static func share(positive: Int, of decisions: Int, period: IndicatorPeriod, rules: DisclosureRules) -> IndicatorReading {
        guard decisions > 0, positive >= 0, positive <= decisions else { return .noData }
        if rules.isSensitive(positive) || rules.isSensitive(decisions - positive) || rules.isSensitive(decisions) {
            return .suppressed(period: period)
        }
        let shownTotal = rules.rounded(decisions), shownPositive = rules.rounded(positive)
        guard shownTotal > 0 else { return .suppressed(period: period) }
        let share = (Double(min(shownPositive, shownTotal)) / Double(shownTotal) * 1000).rounded() / 10
        return .value(share, period: period)
    }

    /// The latest of some readings by period (the last one with a figure or a hidden figure).
    public static func latest(_ readings: [IndicatorReading]) -> IndicatorReading {
        readings.filter { $0.period != nil }.max { ($0.period?.lastDay ?? Day(daysSinceEpoch: 0)) < ($1.period?.lastDay ?? Day(daysSinceEpoch: 0)) } ?? .noData
    }

    /// The latest reading for a period ending on or before `day`.
    public static func latest(_ readings: [IndicatorReading], endingBy day: Day) -> IndicatorReading {
        latest(readings.filter { ($0.period?.lastDay).map { $0 <= day } ?? false })
    }
}
