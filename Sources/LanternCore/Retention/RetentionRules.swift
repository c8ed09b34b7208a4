/// The kinds of case record the retention rules tell apart. Each is kept for its own period,
/// counted from the day the case was closed: a case still open is never erased.
public enum RetainedRecordKind: String, Sendable, CaseIterable, Codable {
    /// A case closed on the pathway, whether or not it was referred to the NRM.
    case closedCase = "closed_case"
    /// An adult who declined referral: an anonymous Duty to Notify report was made.
    case dutyToNotifyCase = "duty_to_notify_case"

    public var label: String {
        switch self {
        case .closedCase: "Closed case"
        case .dutyToNotifyCase: "Duty to Notify case"
        }
    }
}

/// How long the identifying details of each kind of record are kept after closure, in years.
/// The partnership's retention schedule says six; a Duty to Notify case follows the same
/// period unless the partnership sets its own.
public struct RetentionPeriods: Sendable, Equatable {
    public static let defaultYearsAfterClosure = 6
    /// A setting outside this range is refused at start-up.
    public static let allowedYears = 1...100

    public var yearsAfterClosure: Int
    /// Nil: the same as `yearsAfterClosure`.
    public var yearsForDutyToNotify: Int?

    public init(yearsAfterClosure: Int = defaultYearsAfterClosure, yearsForDutyToNotify: Int? = nil) {
        self.yearsAfterClosure = yearsAfterClosure
        self.yearsForDutyToNotify = yearsForDutyToNotify
    }

    public func years(for kind: RetainedRecordKind) -> Int {
        switch kind {
        case .closedCase: yearsAfterClosure
        case .dutyToNotifyCase: yearsForDutyToNotify ?? yearsAfterClosure
        }
    }
}

/// What the rules need to know about one case.
public struct RetentionFacts: Sendable, Equatable {
    /// The day the case was closed; nil while it is open.
    public var closedOn: Day?
    public var dutyToNotify: Bool
    public var legalHold: Bool
    public var erased: Bool

    public init(closedOn: Day?, dutyToNotify: Bool = false, legalHold: Bool = false, erased: Bool = false) {
        self.closedOn = closedOn
        self.dutyToNotify = dutyToNotify
        self.legalHold = legalHold
        self.erased = erased
    }

    public var kind: RetainedRecordKind { dutyToNotify ? .dutyToNotifyCase : .closedCase }
}

/// Where a case stands against the retention rules on a given day.
public enum RetentionStatus: Sendable, Equatable {
    /// Still open: kept, and the retention period has not started.
    case open
    /// Kept until its erase-on date, which is after today.
    case retained(eraseOn: Day)
    /// Its erase-on date has come: the identifying details are to be erased now.
    case due(eraseOn: Day)
    /// A legal hold stops erasure, whatever the date (nil erase-on date: still open).
    case held(eraseOn: Day?)
    /// The identifying details were erased.
    case erased
}

/// When a case's identifying details are erased. Plain date arithmetic on calendar days, so a
/// case closed "on 3 March 2026" is erased on 3 March 2032 in every time zone.
public enum RetentionRules {
    /// The day the identifying details are erased: the anniversary of closure, `years` later.
    public static func eraseOn(closedOn: Day, kind: RetainedRecordKind, periods: RetentionPeriods) -> Day {
        adding(years: periods.years(for: kind), to: closedOn)
    }

    public static func eraseOn(_ facts: RetentionFacts, periods: RetentionPeriods) -> Day? {
        facts.closedOn.map { eraseOn(closedOn: $0, kind: facts.kind, periods: periods) }
    }

    public static func status(of facts: RetentionFacts, today: Day, periods: RetentionPeriods) -> RetentionStatus {
        if facts.erased { return .erased }
        let eraseOn = eraseOn(facts, periods: periods)
        if facts.legalHold { return .held(eraseOn: eraseOn) }
        guard let eraseOn else { return .open }
        return eraseOn <= today ? .due(eraseOn: eraseOn) : .retained(eraseOn: eraseOn)
    }

    /// The last closure day whose erase-on date is on or before `day`: a case of this kind
    /// closed on or before it is due by then. Lets a database find due cases with one
    /// indexed comparison instead of working out every case's date.
    public static func latestClosureDue(by day: Day, kind: RetainedRecordKind, periods: RetentionPeriods) -> Day {
        // Going back the same number of years lands within a day of the answer (29 February
        // aside); step from there, since erase-on dates never go down as closure dates go up.
        var candidate = subtracting(years: periods.years(for: kind), from: day)
        while eraseOn(closedOn: candidate, kind: kind, periods: periods) > day { candidate = candidate.adding(days: -1) }
        while eraseOn(closedOn: candidate.adding(days: 1), kind: kind, periods: periods) <= day { candidate = candidate.adding(days: 1) }
        return candidate
    }

    /// The same month and day `years` later. 29 February becomes 1 March in a year without
    /// it, so a period is never cut short.
    public static func adding(years: Int, to day: Day) -> Day {
        let c = day.components
        return Day(year: c.year + years, month: c.month, day: c.day)
            ?? Day(year: c.year + years, month: 3, day: 1)
            ?? day.adding(days: years * 365)
    }

    /// The same day of the next month, or that month's last day (31 January → 28 or 29
    /// February): the end of "the next month" a lead looks ahead to.
    public static func oneMonthAfter(_ day: Day) -> Day {
        let c = day.components
        let (year, month) = c.month == 12 ? (c.year + 1, 1) : (c.year, c.month + 1)
        for candidate in stride(from: c.day, through: 1, by: -1) {
            if let next = Day(year: year, month: month, day: candidate) { return next }
        }
        return day.adding(days: 30)
    }

    static func subtracting(years: Int, from day: Day) -> Day {
        let c = day.components
        return Day(year: c.year - years, month: c.month, day: c.day)
            ?? Day(year: c.year - years, month: c.month, day: c.day - 1)
            ?? day.adding(days: -years * 365)
    }
}
