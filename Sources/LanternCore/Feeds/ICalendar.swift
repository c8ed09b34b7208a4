import Foundation

/// An iCalendar (RFC 5545) calendar of events, written by `ICalendar.write`: CRLF line ends,
/// lines folded at 75 octets without splitting a UTF-8 sequence, TEXT values escaped
/// (`\\`, `\;`, `\,`, `\n`), times in London time with their `VTIMEZONE` (`DTSTART;TZID=Europe/London`)
/// and `DTSTAMP` in UTC. Plain Swift: the app gives it the events it may publish.
public enum ICalendar {
    public struct Event: Sendable, Equatable {
        public enum Status: String, Sendable { case confirmed = "CONFIRMED", tentative = "TENTATIVE", cancelled = "CANCELLED" }
        /// Stable for the same event across every download (a calendar updates it in place).
        public var uid: String
        public var start: Date
        public var end: Date?
        public var summary: String
        public var location: String?
        public var description: String?
        public var url: String?
        public var status: Status
        /// When the event last changed; also its `SEQUENCE` when given.
        public var sequence: Int

        public init(uid: String, start: Date, end: Date? = nil, summary: String, location: String? = nil,
                    description: String? = nil, url: String? = nil, status: Status = .confirmed, sequence: Int = 0) {
            self.uid = uid
            self.start = start
            self.end = end
            self.summary = summary
            self.location = location
            self.description = description
            self.url = url
            self.status = status
            self.sequence = sequence
        }
    }

    public static let timeZoneID = "Europe/London"
    static let london = TimeZone(identifier: timeZoneID) ?? .gmt

    /// The whole calendar: `VCALENDAR` with the London `VTIMEZONE` and one `VEVENT` per event.
    /// `stamp` is when the feed was made (`DTSTAMP`, UTC).
    public static func write(name: String, productID: String, events: [Event], stamp: Date) -> String {
        var lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:" + escape(productID), "CALSCALE:GREGORIAN", "METHOD:PUBLISH",
                     "X-WR-CALNAME:" + escape(name), "X-WR-TIMEZONE:" + timeZoneID]
        lines += londonTimeZone
        for event in events {
            lines.append("BEGIN:VEVENT")
            lines.append("UID:" + escape(event.uid))
            lines.append("DTSTAMP:" + utc(stamp))
            lines.append("DTSTART;TZID=\(timeZoneID):" + local(event.start))
            if let end = event.end, end > event.start { lines.append("DTEND;TZID=\(timeZoneID):" + local(end)) }
            lines.append("SEQUENCE:\(max(0, event.sequence))")
            lines.append("SUMMARY:" + escape(event.summary))
            if let location = event.location, !location.isEmpty { lines.append("LOCATION:" + escape(location)) }
            if let description = event.description, !description.isEmpty { lines.append("DESCRIPTION:" + escape(description)) }
            if let url = event.url, !url.isEmpty { lines.append("URL:" + uriValue(url)) }
            lines.append("STATUS:" + event.status.rawValue)
            lines.append("END:VEVENT")
        }
        lines.append("END:VCALENDAR")
        return lines.map(fold).joined(separator: "\r\n") + "\r\n"
    }

    /// Europe/London since 1996: BST from the last Sunday of March at 01:00 UTC to the last
    /// Sunday of October at 01:00 UTC (02:00 BST).
    static let londonTimeZone = [
        "BEGIN:VTIMEZONE", "TZID:\(timeZoneID)",
        "BEGIN:DAYLIGHT", "TZOFFSETFROM:+0000", "TZOFFSETTO:+0100", "TZNAME:BST", "DTSTART:19700329T010000",
        "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU", "END:DAYLIGHT",
        "BEGIN:STANDARD", "TZOFFSETFROM:+0100", "TZOFFSETTO:+0000", "TZNAME:GMT", "DTSTART:19701025T020000",
        "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU", "END:STANDARD",
        "END:VTIMEZONE",
    ]

    /// A TEXT value (RFC 5545 §3.3.11): backslash, semicolon and comma escaped, every line
    /// break (CRLF, CR or LF) as `\n`, other control characters dropped.
    public static func escape(_ text: String) -> String {
        var result = ""
        var previousCR = false
        for scalar in text.unicodeScalars {
            defer { previousCR = scalar == "\r" }
            switch scalar {
            case "\\": result += "\\\\"
            case ";": result += "\\;"
            case ",": result += "\\,"
            case "\r": result += "\\n"
            case "\n": if !previousCR { result += "\\n" }
            case "\t": result += " "
            default:
                if scalar.properties.generalCategory == .control { continue }
                result.unicodeScalars.append(scalar)
            }
        }
        return result
    }

    /// A URI value: no escaping applies, so anything that could break the line is refused.
    static func uriValue(_ uri: String) -> String {
        String(String.UnicodeScalarView(uri.unicodeScalars.filter { $0.properties.generalCategory != .control }))
    }

    /// Folds a content line (RFC 5545 §3.1): no physical line longer than 75 octets, each
    /// continuation starting with one space, and never inside a UTF-8 sequence.
    public static func fold(_ line: String) -> String {
        guard line.utf8.count > 75 else { return line }
        var lines: [String] = []
        var current = ""
        var octets = 0
        for scalar in line.unicodeScalars {
            let size = String(scalar).utf8.count
            // The first line holds 75 octets; the others 74 after their leading space.
            if octets + size > 75 {
                lines.append(current)
                current = " "
                octets = 1
            }
            current.unicodeScalars.append(scalar)
            octets += size
        }
        lines.append(current)
        return lines.joined(separator: "\r\n")
    }

    static func utc(_ date: Date) -> String { stamp(date, in: .gmt) + "Z" }
    static func local(_ date: Date) -> String { stamp(date, in: london) }

    private static func stamp(_ date: Date, in zone: TimeZone) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        func two(_ n: Int?) -> String { let v = n ?? 0; return v < 10 ? "0\(v)" : "\(v)" }
        let year = String(c.year ?? 1970)
        return String(repeating: "0", count: max(0, 4 - year.count)) + year + two(c.month) + two(c.day) + "T" + two(c.hour) + two(c.minute) + two(c.second)
    }
}
