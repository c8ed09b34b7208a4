import Foundation
import Testing
@testable import LanternCore

/// The rules for accommodation and support episodes and the contact log: dates that exist, no
/// future starts, nothing running backwards, one place at a time, one support of a kind at a
/// time, a move recorded with the same date on both stays, short printable text.
@Suite struct EpisodeRulesTests {
    let l = Localiser.englishGB
    let today = Day(year: 2026, month: 11, day: 30)!

    func span(_ from: Int, _ until: Int?, kind: String = "hostel", id: String = "x") -> EpisodeSpan {
        EpisodeSpan(id: id, from: today.adding(days: from), until: until.map { today.adding(days: $0) }, kind: kind)
    }

    @Test func episodesAreHalfOpenSoAMoveOnOneDayIsNoOverlap() {
        #expect(!span(-10, -5).overlaps(span(-5, nil)))
        #expect(span(-10, -4).overlaps(span(-5, nil)))
        #expect(span(-10, nil).overlaps(span(-1, nil)))
        #expect(span(-10, nil).overlaps(span(-20, -9)))
        #expect(!span(-10, nil).overlaps(span(-20, -10)))
        #expect(span(-3, -3).overlaps(span(-5, -1)), "a one-day-long record inside another stay")
        // Overlap is symmetric, on every pair of small spans.
        let spans: [EpisodeSpan] = (-4...0).flatMap { from -> [EpisodeSpan] in
            ([nil] + (from...0).map { Optional($0) }).map { span(from, $0) }
        }
        for a in spans { for b in spans { #expect(a.overlaps(b) == b.overlaps(a)) } }
        #expect(span(-3, nil).isCurrent(on: today) && !span(-3, 0).isCurrent(on: today) && span(-3, 2).isCurrent(on: today))
    }

    @Test func aStayNeedsAKindAStartNotInTheFutureAndAnEndNotBeforeIt() {
        let (none, problems) = EpisodeRules.checkAccommodation(.init(kind: "castle", borough: "E09999999", from: "2026-02-30", until: "x"),
                                                               existing: [], today: today, boroughs: .london, l: l)
        #expect(none == nil)
        #expect(problems.items.map(\.field) == ["kind", "borough", "from", "until"])
        #expect(problems["from"] == "Enter a real date, for example 27 3 2026.")
        let future = EpisodeRules.checkAccommodation(.init(kind: "hostel", from: today.adding(days: 1).iso), existing: [], today: today,
                                                     boroughs: .london, l: l).problems
        #expect(future["from"] == "The start date cannot be in the future.")
        let missing = EpisodeRules.checkAccommodation(.init(kind: "hostel"), existing: [], today: today, boroughs: .london, l: l).problems
        #expect(missing["from"] == "Enter the date it started.")
        let backwards = EpisodeRules.checkAccommodation(.init(kind: "hostel", from: today.adding(days: -3).iso, until: today.adding(days: -4).iso),
                                                        existing: [], today: today, boroughs: .london, l: l).problems
        #expect(backwards["until"] == "The end date cannot be before the start date.")
        let futureEnd = EpisodeRules.checkAccommodation(.init(kind: "hostel", from: today.adding(days: -3).iso, until: today.adding(days: 4).iso),
                                                        existing: [], today: today, boroughs: .london, l: l).problems
        #expect(futureEnd["until"]?.hasPrefix("The end date cannot be in the future") == true)
        let good = EpisodeRules.checkAccommodation(.init(kind: " bed_and_breakfast ", provider: "  Example House ", borough: "E09000012",
                                                         from: today.iso, note: "Room 4\nkey at desk"),
                                                   existing: [], today: today, boroughs: .london, l: l)
        #expect(good.problems.isEmpty)
        #expect(good.draft == .init(kind: .bedAndBreakfast, provider: "Example House", boroughCode: "E09000012", from: today, until: nil,
                                    note: "Room 4\nkey at desk", endsEpisodeID: nil))
    }

    @Test func aPersonIsInOnePlaceAtATime() throws {
        let open = span(-30, nil, kind: "bed_and_breakfast", id: "open")
        let closed = span(-90, -30, kind: "hostel", id: "closed")
        // Starting a new stay while one is open: refused, saying which.
        let refused = EpisodeRules.checkAccommodation(.init(kind: "refuge", from: today.adding(days: -2).iso), existing: [open, closed],
                                                      today: today, boroughs: .london, l: l)
        #expect(refused.draft == nil)
        #expect(refused.problems["from"]?.contains("still recorded as staying at Bed and breakfast since") == true)
        // Asked to end the open one on the new one's first day: accepted, naming the one to end.
        let moved = EpisodeRules.checkAccommodation(.init(kind: "refuge", from: today.adding(days: -2).iso, endCurrent: true),
                                                    existing: [open, closed], today: today, boroughs: .london, l: l)
        #expect(moved.problems.isEmpty && moved.draft?.endsEpisodeID == "open")
        // ... but not when the new one would start before the open one did.
        let before = EpisodeRules.checkAccommodation(.init(kind: "refuge", from: today.adding(days: -40).iso, until: today.adding(days: -35).iso,
                                                           endCurrent: true), existing: [open, closed], today: today, boroughs: .london, l: l)
        #expect(before.problems["endCurrent"]?.contains("after this one's start") == true)
        // A past stay that fits in a gap of the history is fine; one that overlaps a closed stay is not.
        let gap = EpisodeRules.checkAccommodation(.init(kind: "hospital", from: today.adding(days: -120).iso, until: today.adding(days: -90).iso),
                                                  existing: [open, closed], today: today, boroughs: .london, l: l)
        #expect(gap.problems.isEmpty)
        let clash = EpisodeRules.checkAccommodation(.init(kind: "hospital", from: today.adding(days: -100).iso, until: today.adding(days: -80).iso),
                                                    existing: [open, closed], today: today, boroughs: .london, l: l)
        #expect(clash.problems["from"]?.contains("overlap another stay (Hostel") == true)
        // Ticking the box when nothing is open changes nothing.
        let nothingOpen = EpisodeRules.checkAccommodation(.init(kind: "refuge", from: today.iso, endCurrent: true), existing: [closed],
                                                          today: today, boroughs: .london, l: l)
        #expect(nothingOpen.problems.isEmpty && nothingOpen.draft?.endsEpisodeID == nil)
    }

    @Test func supportMayHaveAPlannedEndButOnlyOneOfAKindAtATime() {
        let outreach = span(-10, 20, kind: "vcc_outreach", id: "o")
        let planned = EpisodeRules.checkSupport(.init(kind: "legal_advice", from: today.adding(days: -1).iso, until: today.adding(days: 45).iso),
                                                existing: [outreach], today: today, l: l)
        #expect(planned.problems.isEmpty && planned.draft?.until == today.adding(days: 45))
        let same = EpisodeRules.checkSupport(.init(kind: "vcc_outreach", from: today.iso), existing: [outreach], today: today, l: l)
        #expect(same.problems["from"]?.contains("Victim Care Contract outreach support from") == true)
        let after = EpisodeRules.checkSupport(.init(kind: "vcc_outreach", from: today.adding(days: 20).iso), existing: [outreach], today: today, l: l)
        #expect(after.problems["from"] == "The start date cannot be in the future.")
        let bad = EpisodeRules.checkSupport(.init(kind: "yacht", provider: "bell\u{07}", from: today.iso), existing: [], today: today, l: l)
        #expect(bad.problems.items.map(\.field) == ["kind", "provider"])
    }

    @Test func endingNeedsADateBetweenTheStartAndTodayAndAReason() {
        let reasons = AccommodationEndReason.allCases.map(\.rawValue)
        let open = span(-30, nil)
        let good = EpisodeRules.checkEnd(open, on: today.adding(days: -1).iso, reason: "moved_on", note: nil, reasons: reasons, today: today, l: l)
        #expect(good.ending == .init(on: today.adding(days: -1), reason: "moved_on", note: nil))
        let early = EpisodeRules.checkEnd(open, on: today.adding(days: -31).iso, reason: "moved_on", note: nil, reasons: reasons, today: today, l: l)
        #expect(early.problems["on"]?.hasPrefix("It cannot end before it started") == true)
        let future = EpisodeRules.checkEnd(open, on: today.adding(days: 1).iso, reason: "nope", note: nil, reasons: reasons, today: today, l: l)
        #expect(future.problems.items.map(\.field) == ["on", "reason"])
        let ended = EpisodeRules.checkEnd(span(-30, -2), on: today.iso, reason: "moved_on", note: nil, reasons: reasons, today: today, l: l)
        #expect(ended.problems["on"]?.hasPrefix("This has already ended") == true)
        // A support episode with a planned end later can still be ended now.
        let planned = EpisodeRules.checkEnd(span(-30, 10), on: today.iso, reason: "completed", note: "done",
                                            reasons: SupportEndReason.allCases.map(\.rawValue), today: today, l: l)
        #expect(planned.ending?.on == today && planned.ending?.note == "done")
    }

    @Test func aContactNeedsADateNotInTheFutureAndAMethod() {
        let good = EpisodeRules.checkContact(on: today.iso, method: "phone", note: "Spoke for 10 minutes", today: today, l: l)
        #expect(good.draft == .init(on: today, method: .phone, note: "Spoke for 10 minutes"))
        let bad = EpisodeRules.checkContact(on: today.adding(days: 1).iso, method: "pigeon", note: String(repeating: "x", count: 2001),
                                            today: today, l: l)
        #expect(bad.problems.items.map(\.field) == ["on", "method", "note"])
        #expect(bad.problems["note"] == "Use 2,000 characters or fewer.")
        #expect(!ContactMethod.attempted.isContact && ContactMethod.video.isContact)
        #expect(AccommodationKind.socialTenancy.isSettled && AccommodationKind.privateTenancy.isSettled)
        #expect(AccommodationKind.allCases.filter(\.isSettled).count == 2)
        #expect(AccommodationKind.allCases.count == 16 && SupportKind.allCases.count == 7)
    }
}
