import Foundation
import Testing
@testable import LanternCore

/// The iCalendar (RFC 5545) and Atom (RFC 4287) writers behind the public feeds.
@Suite struct FeedWriterTests {
    static func date(_ text: String) -> Date { ISO8601DateFormatter().date(from: text)! }

    @Test func aCalendarUsesCRLFFoldsAt75OctetsAndEscapesText() {
        let event = ICalendar.Event(uid: "meeting-1@lantern.example.org", start: Self.date("2026-07-01T13:00:00Z"),
                                    end: Self.date("2026-07-01T15:00:00Z"),
                                    summary: "Board; quarterly, review\\plan\nline two",
                                    location: "City Hall, Kamal Chunchie Way, London E16 1ZE, Committee Room 4 (ground floor)")
        let text = ICalendar.write(name: "Meetings", productID: "-//Lantern//EN", events: [event], stamp: Self.date("2026-11-30T12:00:00Z"))
        #expect(text.hasPrefix("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"))
        #expect(text.hasSuffix("END:VCALENDAR\r\n"))
        // No bare LF: every line ends CRLF.
        #expect(!text.replacingOccurrences(of: "\r\n", with: "").contains("\n"))
        for line in text.components(separatedBy: "\r\n") { #expect(line.utf8.count <= 75, "\(line)") }
        let unfolded = text.replacingOccurrences(of: "\r\n ", with: "")
        #expect(unfolded.contains("SUMMARY:Board\\; quarterly\\, review\\\\plan\\nline two\r\n"))
        #expect(unfolded.contains("LOCATION:City Hall\\, Kamal Chunchie Way\\, London E16 1ZE\\, Committee Room 4 (ground floor)\r\n"))
        // British Summer Time: 13:00 UTC is 14:00 in London, with the zone defined.
        #expect(unfolded.contains("DTSTART;TZID=Europe/London:20260701T140000\r\n"))
        #expect(unfolded.contains("DTEND;TZID=Europe/London:20260701T160000\r\n"))
        #expect(unfolded.contains("BEGIN:VTIMEZONE\r\nTZID:Europe/London\r\n"))
        #expect(unfolded.contains("DTSTAMP:20261130T120000Z\r\n"))
        #expect(unfolded.contains("UID:meeting-1@lantern.example.org\r\n"))
        #expect(unfolded.contains("STATUS:CONFIRMED\r\n"))
    }

    @Test func winterTimesAreGreenwichMeanTimeAndCancelledEventsSaySo() {
        let event = ICalendar.Event(uid: "u", start: Self.date("2026-01-15T10:00:00Z"), summary: "Network", status: .cancelled)
        let text = ICalendar.write(name: "M", productID: "p", events: [event], stamp: Self.date("2026-01-01T00:00:00Z"))
        #expect(text.contains("DTSTART;TZID=Europe/London:20260115T100000\r\n"))
        #expect(text.contains("STATUS:CANCELLED\r\n"))
        #expect(!text.contains("DTEND"))
    }

    @Test func foldingNeverSplitsAUTF8Sequence() {
        // Two-, three- and four-octet characters at every offset around the fold.
        for prefix in 0..<6 {
            for sample in ["é", "中", "😀", "ع"] {
                let line = "SUMMARY:" + String(repeating: "a", count: prefix) + String(repeating: sample, count: 60)
                let folded = ICalendar.fold(line)
                let physical = folded.components(separatedBy: "\r\n")
                for part in physical {
                    #expect(part.utf8.count <= 75)
                    // Each physical line is valid UTF-8 on its own.
                    #expect(String(validating: Array(part.utf8), as: UTF8.self) != nil)
                }
                #expect(physical.dropFirst().allSatisfy { $0.hasPrefix(" ") })
                #expect(folded.replacingOccurrences(of: "\r\n ", with: "") == line)
            }
        }
        #expect(ICalendar.fold("SHORT:line") == "SHORT:line")
    }

    @Test func escapingCoversEveryLineBreakAndDropsControls() {
        #expect(ICalendar.escape("a\r\nb\rc\nd") == "a\\nb\\nc\\nd")
        #expect(ICalendar.escape("x\u{07}y\u{1B}z") == "xyz")
        #expect(ICalendar.escape(";,\\") == "\\;\\,\\\\")
    }

    @Test func anAtomFeedEscapesAndKeepsStableIDs() throws {
        let id = UUID(uuidString: "6F1C2B4E-0000-4000-8000-000000000001")!
        let feed = AtomFeed(id: "tag:lantern.example.org,2026:minutes", title: "Minutes & <actions>",
                            selfLink: "https://lantern.example.org/partnership/minutes.atom?a=1&b=2",
                            alternateLink: "https://lantern.example.org/partnership", author: "Partnership \"board\"",
                            entries: [AtomFeed.Entry(id: AtomFeed.urn(id), title: "Board's minutes <script>\u{01}",
                                                     updated: Self.date("2026-11-30T12:00:00Z"),
                                                     link: "https://lantern.example.org/partnership/minutes/x", content: "a\tb & c")],
                            fallbackUpdated: Self.date("2026-01-01T00:00:00Z"))
        let xml = feed.write()
        #expect(xml.hasPrefix("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\""))
        #expect(xml.contains("<title type=\"text\">Minutes &amp; &lt;actions&gt;</title>"))
        #expect(xml.contains("<id>urn:uuid:6f1c2b4e-0000-4000-8000-000000000001</id>"))
        #expect(xml.contains("Board&apos;s minutes &lt;script&gt;</title>"))
        #expect(xml.contains("href=\"https://lantern.example.org/partnership/minutes.atom?a=1&amp;b=2\""))
        #expect(xml.contains("<updated>2026-11-30T12:00:00Z</updated>"))
        #expect(xml.contains("<name>Partnership &quot;board&quot;</name>"))
        #expect(!xml.contains("\u{01}"))
        // The feed is well-formed XML.
        #if canImport(FoundationXML) || os(macOS)
        #endif
        // The same input gives the same feed, so readers see no spurious change.
        #expect(xml == feed.write())
    }

    @Test func anEmptyFeedTakesItsFallbackDate() {
        let feed = AtomFeed(id: "tag:x,2026:y", title: "t", selfLink: "s", alternateLink: "a", author: "w", entries: [],
                            fallbackUpdated: Self.date("2026-03-01T00:00:00Z"))
        #expect(feed.write().contains("<updated>2026-03-01T00:00:00Z</updated>"))
    }
}
