/// The month a child turns 18, kept as `yyyymm` (e.g. 202705): enough to plan the move to adult
/// support without keeping the date of birth in plain. The case shows the transition from six
/// months before; the alert job reads the same number (`case_children.turns_18_month`).
public enum TurnsEighteen {
    /// Months before the 18th birthday's month from which the transition is planned.
    public static let planningMonths = 6

    public enum Problem: Error, Sendable, Equatable {
        case monthMissing
        case yearMissing
        case monthInvalid
        case yearInvalid
        /// The child would already have been 18 for more than a year, or would not turn 18 for
        /// more than 18 years: not a child's case.
        case outOfRange
    }

    /// `yyyymm` from the form's month (1–12) and year, on `today`.
    public static func month(month: String, year: String, today: Day) throws(Problem) -> Int {
        let m = month.trimmingCharacters(in: .whitespaces), y = year.trimmingCharacters(in: .whitespaces)
        if m.isEmpty { throw .monthMissing }
        if y.isEmpty { throw .yearMissing }
        guard m.count <= 2, m.allSatisfy({ $0.isASCII && $0.isNumber }), let mm = Int(m), (1...12).contains(mm) else { throw .monthInvalid }
        guard y.count == 4, y.allSatisfy({ $0.isASCII && $0.isNumber }), let yy = Int(y) else { throw .yearInvalid }
        let value = yy * 100 + mm
        let months = monthsFrom(today, to: value)
        guard months >= -12, months <= 18 * 12 else { throw .outOfRange }
        return value
    }

    /// Whole calendar months from `today`'s month to `yyyymm` (0 in the same month; negative after it).
    public static func monthsFrom(_ today: Day, to yyyymm: Int) -> Int {
        let c = today.components
        return (yyyymm / 100 * 12 + yyyymm % 100) - (c.year * 12 + c.month)
    }

    /// Whether the transition to adult support is to be planned now: the 18th birthday's month
    /// is this month or one of the next six, or has passed (the case is still a child's).
    public static func transitionDue(_ yyyymm: Int, today: Day) -> Bool {
        monthsFrom(today, to: yyyymm) <= planningMonths
    }

    /// The first day of the month, for showing it ("May 2027").
    public static func firstDay(of yyyymm: Int) -> Day? { Day(year: yyyymm / 100, month: yyyymm % 100, day: 1) }
}

/// Free text a person types into the children's pathway (a reason, a note): at most `limit`
/// characters and no control characters but line breaks and tabs.
public enum ChildText {
    public static let reasonLimit = 500
    public static let noteLimit = 4000

    public enum Problem: Sendable, Equatable { case missing, tooLong, control }

    public static func check(_ text: String, limit: Int, required: Bool) -> Problem? {
        if text.isEmpty { return required ? .missing : nil }
        if text.count > limit { return .tooLong }
        if text.unicodeScalars.contains(where: { $0.properties.generalCategory == .control && !["\n", "\r", "\t"].contains($0) }) {
            return .control
        }
        return nil
    }

    /// No control characters at all (a date, a time, a short value).
    public static func hasControl(_ text: String) -> Bool {
        text.unicodeScalars.contains { $0.properties.generalCategory == .control }
    }
}
