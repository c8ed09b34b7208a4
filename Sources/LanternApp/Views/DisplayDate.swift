import Foundation
import LanternCore

/// Dates in British English, e.g. "22 November 2026 at 14:05" (UK time), for the pages not yet
/// converted to the catalogues; a converted page uses its localiser's `date`/`dateTime`, which
/// this calls, so the format lives once, in `Localiser`.
enum DisplayDate {
    static func dateTime(_ date: Date) -> String { Localiser.englishGB.dateTime(date) }

    static func date(_ date: Date) -> String { Localiser.englishGB.date(date) }
}

extension Calendar {
    /// The Gregorian calendar in UK time, for turning days into moments.
    static var london: Calendar {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "Europe/London") ?? .gmt
        return calendar
    }
}
