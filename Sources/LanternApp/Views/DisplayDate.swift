import Foundation

/// Dates as people in London read them, e.g. "22 November 2026, 14:05" (UK time).
enum DisplayDate {
    private static let zone = TimeZone(identifier: "Europe/London") ?? .gmt

    static func dateTime(_ date: Date) -> String {
        date.formatted(Date.FormatStyle(date: .long, time: .shortened, locale: Locale(identifier: "en_GB"), timeZone: zone))
    }

    static func date(_ date: Date) -> String {
        date.formatted(Date.FormatStyle(date: .long, time: .omitted, locale: Locale(identifier: "en_GB"), timeZone: zone))
    }
}

extension Calendar {
    /// The Gregorian calendar in UK time, for turning days into moments.
    static var london: Calendar {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "Europe/London") ?? .gmt
        return calendar
    }
}
