/// Board effectiveness figures for the independent review the Police and Crime Committee asked
/// for, drawn from the records. Each is a count out of a count, never a bare percentage, and
/// a zero denominator says "nothing to measure" rather than 0% or 100%.

/// A numerator out of a denominator.
public struct Fraction: Sendable, Equatable {
    public let numerator: Int
    public let denominator: Int

    public init(_ numerator: Int, of denominator: Int) {
        self.numerator = numerator
        self.denominator = denominator
    }

    /// The share as a whole percentage (rounded half up), nil when there is nothing to measure.
    public var percent: Int? {
        guard denominator > 0 else { return nil }
        return (numerator * 200 + denominator) / (denominator * 2)
    }
}

/// A span of days both ends included, e.g. a financial year.
public struct DaySpan: Sendable, Equatable {
    public let first: Day
    public let last: Day

    public init(first: Day, last: Day) {
        self.first = first
        self.last = last
    }

    public init(_ period: IndicatorPeriod) {
        self.init(first: period.firstDay, last: period.lastDay)
    }

    public func contains(_ day: Day) -> Bool { first <= day && day <= last }
}

public enum Effectiveness {
    /// N in "minutes published within N days of approval", unless configured otherwise.
    public static let defaultMinutesPublicationDays = 28

    /// One line of a held meeting's attendance record.
    public struct AttendanceLine: Sendable, Equatable {
        public let meetingID: String
        public let organisation: String
        public let present: Bool

        public init(meetingID: String, organisation: String, present: Bool) {
            self.meetingID = meetingID
            self.organisation = organisation
            self.present = present
        }
    }

    /// For each organisation on the attendance records of held meetings: the meetings at which
    /// someone of it was present, out of the held meetings it was recorded at (present, apologies
    /// or absent). Lines of meetings not in `heldMeetings` are ignored. Sorted by organisation.
    public static func attendanceByOrganisation(_ lines: [AttendanceLine], heldMeetings: Set<String>) -> [(organisation: String, fraction: Fraction)] {
        var expected: [String: Set<String>] = [:], present: [String: Set<String>] = [:]
        for line in lines where heldMeetings.contains(line.meetingID) {
            let name = line.organisation.trimmingCharacters(in: .whitespaces)
            guard !name.isEmpty else { continue }
            expected[name, default: []].insert(line.meetingID)
            if line.present { present[name, default: []].insert(line.meetingID) }
        }
        return expected.keys.sorted { $0.localizedCaseInsensitiveCompare($1) == .orderedAscending }.map {
            ($0, Fraction(present[$0]?.count ?? 0, of: expected[$0]?.count ?? 0))
        }
    }

    /// An action as the effectiveness figures read it.
    public struct ActionLine: Sendable, Equatable {
        public let dueOn: Day
        public let doneOn: Day?
        public let dropped: Bool

        public init(dueOn: Day, doneOn: Day?, dropped: Bool = false) {
            self.dueOn = dueOn
            self.doneOn = doneOn
            self.dropped = dropped
        }
    }

    /// Actions done on time: among the actions due in the span (dropped ones left out: the group
    /// decided not to do them), those done on or before their due day.
    public static func actionsDoneOnTime(_ actions: [ActionLine], in span: DaySpan) -> Fraction {
        let due = actions.filter { !$0.dropped && span.contains($0.dueOn) }
        return Fraction(due.filter { line in line.doneOn.map { $0 <= line.dueOn } ?? false }.count, of: due.count)
    }

    /// One version of a group's terms of reference.
    public struct TermsVersion: Sendable, Equatable {
        public let version: Int
        public let approvedOn: Day
        public let nextReviewOn: Day

        public init(version: Int, approvedOn: Day, nextReviewOn: Day) {
            self.version = version
            self.approvedOn = approvedOn
            self.nextReviewOn = nextReviewOn
        }
    }

    /// Terms of reference reviewed on time: the reviews that fell due in the span (a version's
    /// next review day in the span and not after today), and among them those met by a newer
    /// version approved on or before that day.
    public static func termsReviewedOnTime(_ versions: [TermsVersion], in span: DaySpan, today: Day) -> Fraction {
        let due = versions.filter { span.contains($0.nextReviewOn) && $0.nextReviewOn <= today }
        let met = due.filter { old in
            versions.contains { $0.version > old.version && $0.approvedOn <= old.nextReviewOn }
        }
        return Fraction(met.count, of: due.count)
    }

    /// Minutes as the effectiveness figures read them: the day they were approved and the day
    /// they were published, if they have been.
    public struct MinutesLine: Sendable, Equatable {
        public let approvedOn: Day
        public let publishedOn: Day?

        public init(approvedOn: Day, publishedOn: Day?) {
            self.approvedOn = approvedOn
            self.publishedOn = publishedOn
        }
    }

    /// Minutes published within `days` of approval: among minutes approved in the span whose
    /// time is up (published, or approved more than `days` before today), those published no
    /// more than `days` days after their approval. Minutes still within their time and not yet
    /// published are not counted either way.
    public static func minutesPublishedWithin(_ days: Int, _ minutes: [MinutesLine], in span: DaySpan, today: Day) -> Fraction {
        let counted = minutes.filter { line in
            span.contains(line.approvedOn) && (line.publishedOn != nil || line.approvedOn.adding(days: days) < today)
        }
        let inTime = counted.filter { line in
            line.publishedOn.map { $0.daysSinceEpoch - line.approvedOn.daysSinceEpoch <= days } ?? false
        }
        return Fraction(inTime.count, of: counted.count)
    }
}
