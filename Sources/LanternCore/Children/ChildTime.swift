import Foundation

/// Moments as people in London write them (the children's pathway's forms; `LondonTime`
/// serves meetings): a calendar day and a time on the clock, in UK time
/// (GMT in winter, BST in summer). The forms of the children's pathway take a date and a time;
/// the database keeps the instant.
public enum ChildTime {
    public static let zone = TimeZone(identifier: "Europe/London") ?? .gmt

    static var calendar: Calendar {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        return calendar
    }

    /// Why a date and time do not name one moment in London.
    public enum Problem: Error, Equatable, Sendable {
        /// Not `YYYY-MM-DD`, or no such day.
        case badDate
        /// Not `HH:MM` on a 24-hour clock.
        case badTime
        /// The clocks went forward past it (01:00 to 01:59 on the last Sunday of March).
        case skippedByClockChange
    }

    /// The moment `HH:MM` on `day` in London. When the clocks go back the hour from 01:00 is
    /// lived twice: the first (BST) is taken, the earlier moment, so a clock never starts late.
    public static func instant(day: Day, time: String) throws(Problem) -> Date {
        let parts = time.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0].count == 2, parts[1].count == 2,
              parts.allSatisfy({ $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }),
              let hour = Int(parts[0]), let minute = Int(parts[1]), (0...23).contains(hour), (0...59).contains(minute)
        else { throw .badTime }
        // The wall-clock reading as if it were UTC, then every offset London uses: a reading
        // that comes back to itself under its own offset is a real moment.
        let wall = TimeInterval(day.daysSinceEpoch) * 86_400 + TimeInterval(hour * 3600 + minute * 60)
        let candidates = [0, 3600].map { Date(timeIntervalSince1970: wall - TimeInterval($0)) }
            .filter { TimeInterval(zone.secondsFromGMT(for: $0)) == wall - $0.timeIntervalSince1970 }
        guard let first = candidates.min() else { throw .skippedByClockChange }
        return first
    }

    /// `YYYY-MM-DD` and `HH:MM` in London.
    public static func instant(date: String, time: String) throws(Problem) -> Date {
        guard let day = Day(iso: date.trimmingCharacters(in: .whitespaces)) else { throw .badDate }
        return try instant(day: day, time: time.trimmingCharacters(in: .whitespaces))
    }

    /// The London calendar day of a moment.
    public static func day(of date: Date) -> Day {
        Day(secondsSince1970: date.timeIntervalSince1970 + TimeInterval(zone.secondsFromGMT(for: date)))
    }

    /// The London clock reading of a moment, `HH:MM`, for refilling a form.
    public static func clock(of date: Date) -> String {
        let local = Int(date.timeIntervalSince1970) + zone.secondsFromGMT(for: date)
        let seconds = ((local % 86_400) + 86_400) % 86_400
        let hour = seconds / 3600, minute = (seconds % 3600) / 60
        return (hour < 10 ? "0" : "") + String(hour) + ":" + (minute < 10 ? "0" : "") + String(minute)
    }
}
