import Foundation

/// An Atom feed (RFC 4287), written by `AtomFeed.write`: XML 1.0 in UTF-8, text escaped (and
/// characters XML cannot carry dropped), dates in RFC 3339 UTC, ids as given (stable URIs:
/// `urn:uuid:…` or `tag:…`). Plain Swift: the app gives it only what it may publish.
public struct AtomFeed: Sendable, Equatable {
    public struct Entry: Sendable, Equatable {
        /// A permanent URI: the same entry keeps it forever.
        public var id: String
        public var title: String
        public var updated: Date
        public var published: Date?
        /// The page the entry is about (`rel="alternate"`).
        public var link: String
        public var summary: String?
        /// Plain text; a reader shows it as text, never as markup.
        public var content: String?

        public init(id: String, title: String, updated: Date, published: Date? = nil, link: String,
                    summary: String? = nil, content: String? = nil) {
            self.id = id
            self.title = title
            self.updated = updated
            self.published = published
            self.link = link
            self.summary = summary
            self.content = content
        }
    }

    public var id: String
    public var title: String
    public var subtitle: String?
    /// The feed's own address (`rel="self"`) and the page it belongs to (`rel="alternate"`).
    public var selfLink: String
    public var alternateLink: String
    public var author: String
    public var language: String
    public var entries: [Entry]
    /// When the feed last changed; the newest entry's `updated`, or `fallbackUpdated` when empty.
    public var fallbackUpdated: Date

    public init(id: String, title: String, subtitle: String? = nil, selfLink: String, alternateLink: String,
                author: String, language: String = "en-GB", entries: [Entry], fallbackUpdated: Date) {
        self.id = id
        self.title = title
        self.subtitle = subtitle
        self.selfLink = selfLink
        self.alternateLink = alternateLink
        self.author = author
        self.language = language
        self.entries = entries
        self.fallbackUpdated = fallbackUpdated
    }

    public var updated: Date { entries.map(\.updated).max() ?? fallbackUpdated }

    public func write() -> String {
        var xml = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
        xml += "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"\(Self.escape(language))\">\n"
        xml += "  <id>\(Self.escape(id))</id>\n"
        xml += "  <title type=\"text\">\(Self.escape(title))</title>\n"
        if let subtitle { xml += "  <subtitle type=\"text\">\(Self.escape(subtitle))</subtitle>\n" }
        xml += "  <updated>\(Self.date(updated))</updated>\n"
        xml += "  <link rel=\"self\" type=\"application/atom+xml\" href=\"\(Self.escape(selfLink))\"/>\n"
        xml += "  <link rel=\"alternate\" type=\"text/html\" href=\"\(Self.escape(alternateLink))\"/>\n"
        xml += "  <author><name>\(Self.escape(author))</name></author>\n"
        for entry in entries {
            xml += "  <entry>\n"
            xml += "    <id>\(Self.escape(entry.id))</id>\n"
            xml += "    <title type=\"text\">\(Self.escape(entry.title))</title>\n"
            xml += "    <updated>\(Self.date(entry.updated))</updated>\n"
            if let published = entry.published { xml += "    <published>\(Self.date(published))</published>\n" }
            xml += "    <link rel=\"alternate\" type=\"text/html\" href=\"\(Self.escape(entry.link))\"/>\n"
            if let summary = entry.summary { xml += "    <summary type=\"text\">\(Self.escape(summary))</summary>\n" }
            if let content = entry.content { xml += "    <content type=\"text\">\(Self.escape(content))</content>\n" }
            xml += "  </entry>\n"
        }
        xml += "</feed>\n"
        return xml
    }

    /// Text for element content or a double-quoted attribute: `& < > " '` as entities;
    /// characters XML 1.0 cannot carry (controls other than tab and line ends, U+FFFE, U+FFFF) dropped.
    public static func escape(_ text: String) -> String {
        var result = ""
        result.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "'": result += "&apos;"
            case "\t", "\n", "\r": result.unicodeScalars.append(scalar)
            default:
                let v = scalar.value
                if v < 0x20 || v == 0xFFFE || v == 0xFFFF || (0x7F...0x9F).contains(v) { continue }
                result.unicodeScalars.append(scalar)
            }
        }
        return result
    }

    /// RFC 3339 in UTC: `2026-11-30T14:05:00Z`.
    public static func date(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = .gmt
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        func two(_ n: Int?) -> String { let v = n ?? 0; return v < 10 ? "0\(v)" : "\(v)" }
        return "\(c.year ?? 1970)-\(two(c.month))-\(two(c.day))T\(two(c.hour)):\(two(c.minute)):\(two(c.second))Z"
    }

    /// A stable id for a record with a UUID: `urn:uuid:…` (RFC 4122), lower case.
    public static func urn(_ id: UUID) -> String { "urn:uuid:" + id.uuidString.lowercased() }
}
