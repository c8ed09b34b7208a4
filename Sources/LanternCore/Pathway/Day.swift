/// A calendar day, with no time of day or time zone: decisions and referrals happen on days.
/// Stored as days since 1970-01-01 (proleptic Gregorian calendar).
public struct Day: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    public let daysSinceEpoch: Int

    public init(daysSinceEpoch: Int) { self.daysSinceEpoch = daysSinceEpoch }

    /// Nil unless the date exists (so 2026-02-30 or 2025-13-01 are refused, not rolled over).
    public init?(year: Int, month: Int, day: Int) {
        guard (1...12).contains(month), (1900...2200).contains(year), day >= 1,
              day <= Day.daysInMonth(year: year, month: month) else { return nil }
        // Days from civil date (H. Hinnant's algorithm).
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        daysSinceEpoch = era * 146_097 + doe - 719_468
    }

    /// Parses `YYYY-MM-DD`.
    public init?(iso text: String) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2]) else { return nil }
        self.init(year: y, month: m, day: d)
    }

    /// Whole days since 1970 at UTC for a moment given in seconds since 1970.
    public init(secondsSince1970 seconds: Double) {
        daysSinceEpoch = Int((seconds / 86_400).rounded(.down))
    }

    public var components: (year: Int, month: Int, day: Int) {
        let z = daysSinceEpoch + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    public var iso: String {
        let c = components
        func pad(_ n: Int, _ width: Int) -> String { String(repeating: "0", count: max(0, width - String(n).count)) + String(n) }
        return "\(pad(c.year, 4))-\(pad(c.month, 2))-\(pad(c.day, 2))"
    }

    public var description: String { iso }

    /// 1 = Monday … 7 = Sunday (1970-01-01 was a Thursday).
    public var weekday: Int { ((daysSinceEpoch % 7 + 7) % 7 + 3) % 7 + 1 }
    public var isWeekend: Bool { weekday >= 6 }

    public func adding(days: Int) -> Day { Day(daysSinceEpoch: daysSinceEpoch + days) }

    /// The day `count` working days after this one, skipping weekends and the given holidays.
    public func adding(workingDays count: Int, holidays: Set<Day> = []) -> Day {
        var day = self
        var remaining = count
        while remaining > 0 {
            day = day.adding(days: 1)
            if !day.isWeekend && !holidays.contains(day) { remaining -= 1 }
        }
        return day
    }

    public static func < (a: Day, b: Day) -> Bool { a.daysSinceEpoch < b.daysSinceEpoch }

    static func daysInMonth(year: Int, month: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// Quarter of the year, 1–4.
    public var quarter: Int { (components.month - 1) / 3 + 1 }
}
