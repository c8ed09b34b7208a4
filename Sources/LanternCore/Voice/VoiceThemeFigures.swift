/// The board's view of survivor voice: kept messages per quarter, and per theme, for quarters
/// that have ended and whose every message is filed (otherwise a count would move on the day a
/// message was filed, and the difference would tell that message's themes). Each quarter's
/// column is published whole or withheld whole: withheld when any theme's count is below the
/// threshold, when a theme holds every message, or when all but a few (below the threshold)
/// are under a theme (then those few are known to lack it). A message can have several themes,
/// so each theme is checked against the total on its own. A quarter with fewer messages than
/// the threshold shows no count at all.
public enum VoiceThemeFigures {
    public struct Column: Sendable, Equatable {
        public let quarter: Quarter
        /// Some of the quarter's messages are still waiting to be filed: nothing is shown yet.
        public let waiting: Bool
        public let messages: SurveyRules.Count
        /// One count per theme, in `VoiceTheme.allCases` order.
        public let themes: [SurveyRules.Count]
    }

    /// One kept message, as the figures see it: its quarter and themes, nothing else.
    public struct Filed: Sendable, Equatable {
        public let received: Day
        public let themes: Set<VoiceTheme>

        public init(received: Day, themes: Set<VoiceTheme>) {
            self.received = received
            self.themes = themes
        }
    }

    /// The last `count` quarters ended before `today`, oldest first.
    public static func endedQuarters(before today: Day, count: Int) -> [Quarter] {
        let current = Quarter(containing: today)
        return (1...max(1, count)).reversed().map { current.adding(quarters: -$0) }
    }

    /// `waiting`: the quarters with a message still waiting to be filed.
    /// `threshold`: the smallest count shown (Lantern's disclosure threshold); smaller
    /// non-zero counts withhold their quarter.
    public static func columns(_ filed: [Filed], quarters: [Quarter], waiting: Set<Quarter> = [],
                               threshold: Int = SurveyRules.smallCount) -> [Column] {
        quarters.map { quarter in
            let withheld = VoiceTheme.allCases.map { _ in SurveyRules.Count.suppressed }
            if waiting.contains(quarter) { return Column(quarter: quarter, waiting: true, messages: .suppressed, themes: withheld) }
            let mine = filed.filter { Quarter(containing: $0.received) == quarter }
            let total = mine.count
            let raw = VoiceTheme.allCases.map { theme in mine.filter { $0.themes.contains(theme) }.count }
            let small = { (count: Int) in count > 0 && count < max(threshold, 1) }
            if small(total) { return Column(quarter: quarter, waiting: false, messages: .suppressed, themes: withheld) }
            let unsafe = raw.contains { count in small(count) || (count > 0 && count == total) || (count > 0 && small(total - count)) }
            return Column(quarter: quarter, waiting: false, messages: .exact(total), themes: unsafe ? withheld : raw.map { .exact($0) })
        }
    }
}
