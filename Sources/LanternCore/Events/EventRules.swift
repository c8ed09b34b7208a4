import Foundation

/// What kind of event the partnership holds: the leads network's conference, a webinar, an
/// awareness day's event (Anti-Slavery Day is 18 October), a presentation, or another.
public enum EventKind: String, Sendable, CaseIterable, Codable {
    case conference, webinar, awarenessDay = "awareness_day", presentation, other
}

/// A member's place at an event.
public enum EventPlaceState: String, Sendable, CaseIterable, Codable {
    case booked, cancelled, attended
}

/// The rules for events beyond a meeting's own (title, day, times, place or link: `MeetingRules`).
public enum EventRules {
    public static let descriptionLimit = 4_000
    public static let capacityRange = 1...5_000
    public static let feedbackCommentLimit = 1_000
    /// Feedback is answered for this many days after the event.
    public static let feedbackDays = 30
    /// A result is shown only from this many answers (no breakdown of fewer).
    public static let feedbackThreshold = 5

    /// Anti-Slavery Day: 18 October every year (Modern Slavery Act 2015, s. 55 notes; marked in
    /// the UK since 2010). The calendar and the public feed carry it whether or not an event is held.
    public static func antiSlaveryDay(year: Int) -> Day? { Day(year: year, month: 10, day: 18) }

    /// The next Anti-Slavery Day on or after `today`.
    public static func nextAntiSlaveryDay(from today: Day) -> Day? {
        let year = today.components.year
        guard let thisYear = antiSlaveryDay(year: year) else { return nil }
        return thisYear >= today ? thisYear : antiSlaveryDay(year: year + 1)
    }

    /// Whether feedback may be given on `today` for an event held on `day`: from that day, for
    /// `feedbackDays` days.
    public static func feedbackOpen(eventDay: Day, today: Day) -> Bool {
        today >= eventDay && today <= eventDay.adding(days: feedbackDays)
    }

    /// An event's feedback, counted only from `feedbackThreshold` answers: nil below it, so no
    /// figure stands on fewer than five people's answers.
    public struct FeedbackSummary: Sendable, Equatable {
        public let answers: Int
        /// Mean rating, one decimal, 1 to 5. No count per rating is given: a rating chosen by
        /// one or two people would say who chose it to anyone who knows the others' answers.
        public let meanRating: Double
    }

    public static func summary(ratings: [Int]) -> FeedbackSummary? {
        let valid = ratings.filter { (1...5).contains($0) }
        guard valid.count >= feedbackThreshold else { return nil }
        let mean = (Double(valid.reduce(0, +)) / Double(valid.count) * 10).rounded() / 10
        return FeedbackSummary(answers: valid.count, meanRating: mean)
    }
}
