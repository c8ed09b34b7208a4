import Foundation
import Testing
@testable import LanternCore

/// The children's pathway's rules: London times across the clock changes, the 72-hour clock,
/// the return home interview's deadline, missing episodes that may not overlap, and the month
/// a child turns 18.
@Suite struct ChildrenRulesTests {
    static func at(_ date: String, _ time: String) throws -> Date { try ChildTime.instant(date: date, time: time) }
    static func utc(_ text: String) -> Date { ISO8601DateFormatter().date(from: text)! }

    @Test func londonTimesAreReadInGMTOrBSTAndTheSkippedHourIsRefused() throws {
        #expect(try Self.at("2026-01-15", "12:00") == Self.utc("2026-01-15T12:00:00Z"))
        #expect(try Self.at("2026-07-15", "12:00") == Self.utc("2026-07-15T11:00:00Z"))
        // The clocks go forward at 01:00 GMT on 29 March 2026: 01:30 never happens.
        #expect(throws: ChildTime.Problem.skippedByClockChange) { try Self.at("2026-03-29", "01:30") }
        #expect(try Self.at("2026-03-29", "02:00") == Self.utc("2026-03-29T01:00:00Z"))
        // They go back at 02:00 BST on 25 October 2026: 01:30 happens twice; the first is taken.
        #expect(try Self.at("2026-10-25", "01:30") == Self.utc("2026-10-25T00:30:00Z"))
        for bad in ["", "24:00", "12:60", "1:30", "12:3", "12-30", "١٢:٣٠", "12:30:00"] {
            #expect(throws: ChildTime.Problem.badTime, "\(bad)") { try Self.at("2026-01-15", bad) }
        }
        for bad in ["", "2026-02-30", "15/01/2026", "2026-1-5"] {
            #expect(throws: ChildTime.Problem.badDate, "\(bad)") { try Self.at(bad, "12:00") }
        }
        #expect(ChildTime.clock(of: Self.utc("2026-07-15T11:05:00Z")) == "12:05")
        #expect(ChildTime.day(of: Self.utc("2026-07-15T23:30:00Z")) == Day(iso: "2026-07-16"))
    }

    @Test func theSeventyTwoHourClockRunsInRealHoursAcrossTheClockChanges() throws {
        // Spring: started 10:00 GMT on Friday 27 March; due 72 hours later, 11:00 BST on Monday.
        let spring = try Self.at("2026-03-27", "10:00")
        let springDue = FirstHours.due(from: spring)
        #expect(springDue.timeIntervalSince(spring) == 72 * 3600)
        #expect(ChildTime.day(of: springDue) == Day(iso: "2026-03-30"))
        #expect(ChildTime.clock(of: springDue) == "11:00")
        // Autumn: started 10:00 BST on Friday 23 October; due 09:00 GMT on Monday.
        let autumn = try Self.at("2026-10-23", "10:00")
        let autumnDue = FirstHours.due(from: autumn)
        #expect(ChildTime.day(of: autumnDue) == Day(iso: "2026-10-26"))
        #expect(ChildTime.clock(of: autumnDue) == "09:00")
        // Started in the repeated hour: the earlier reading, so the clock never starts late.
        let repeated = try Self.at("2026-10-25", "01:30")
        #expect(FirstHours.due(from: repeated) == Self.utc("2026-10-28T00:30:00Z"))
    }

    @Test func theChecklistStandsOpenUntilEveryApplicableItemIsSettled() throws {
        let start = try Self.at("2026-03-27", "10:00")
        let without = ChildChecklistItem.applicable(ictgAvailable: false)
        #expect(!without.contains(.ictgReferral) && without.count == 5)
        #expect(ChildChecklistItem.applicable(ictgAvailable: true).contains(.ictgReferral))
        var items: [ChildChecklistItem: ChecklistItemState] = [:]
        for item in without.dropLast() { items[item] = .done(at: start.addingTimeInterval(3600)) }
        let open = FirstHours.standing(start: start, items: items, applicable: without, now: start.addingTimeInterval(71 * 3600))
        #expect(open.outstanding == [.returnInterview])
        #expect(open.countdown == .dueInHours(1))
        let late = FirstHours.standing(start: start, items: items, applicable: without, now: start.addingTimeInterval(75 * 3600))
        #expect(late.countdown == .overdueByHours(3))
        #expect(late.countdown?.isOverdue == true)
        items[.returnInterview] = .notNeeded
        #expect(FirstHours.standing(start: start, items: items, applicable: without, now: start.addingTimeInterval(99 * 3600)).countdown == nil)
        // The guardian referral counts only where the borough has the service.
        let with = ChildChecklistItem.applicable(ictgAvailable: true)
        #expect(FirstHours.standing(start: start, items: items, applicable: with, now: start).outstanding == [.ictgReferral])
    }

    @Test func countdownsAreInWholeHoursThenDaysAndNeverZero() {
        let due = Self.utc("2026-05-10T12:00:00Z")
        #expect(Countdown.until(due, now: due.addingTimeInterval(-60)) == .dueInHours(1))
        #expect(Countdown.until(due, now: due) == .overdueByHours(1))
        #expect(Countdown.until(due, now: due.addingTimeInterval(60)) == .overdueByHours(1))
        #expect(Countdown.until(due, now: due.addingTimeInterval(47 * 3600 + 59 * 60)) == .overdueByHours(47))
        #expect(Countdown.until(due, now: due.addingTimeInterval(49 * 3600)) == .overdueByDays(2))
        #expect(Countdown.until(due, now: due.addingTimeInterval(-72 * 3600)) == .dueInHours(72))
        #expect(Countdown.until(due, now: due.addingTimeInterval(-80 * 3600)) == .dueInDays(3))
    }

    @Test func theReturnHomeInterviewIsDueSeventyTwoHoursAfterTheReturn() throws {
        let from = try Self.at("2026-10-20", "18:00"), back = try Self.at("2026-10-24", "09:00")
        var episode = MissingEpisodeTimes(id: "a", from: from, until: back)
        // Across the October change: 72 real hours after 09:00 BST Saturday is 08:00 GMT Tuesday.
        let due = MissingEpisodeRules.interviewDue(returnedAt: back)
        #expect(ChildTime.day(of: due) == Day(iso: "2026-10-27") && ChildTime.clock(of: due) == "08:00")
        #expect(MissingEpisodeRules.interview(episode, now: back.addingTimeInterval(3600)) == .waiting(.dueInHours(71)))
        #expect(MissingEpisodeRules.interview(episode, now: due.addingTimeInterval(3 * 3600)) == .waiting(.overdueByHours(3)))
        episode.interviewHeld = due
        #expect(MissingEpisodeRules.interview(episode, now: due.addingTimeInterval(86_400)) == .heldInTime)
        episode.interviewHeld = due.addingTimeInterval(60)
        #expect(MissingEpisodeRules.interview(episode, now: due.addingTimeInterval(86_400)) == .heldLate)
        #expect(MissingEpisodeRules.interview(MissingEpisodeTimes(id: "b", from: from), now: back) == .stillMissing)
    }

    @Test func episodesMayNotRunBackwardsOverlapOrBeOpenTwice() throws {
        let now = try Self.at("2026-06-30", "12:00")
        let june1 = try Self.at("2026-06-01", "20:00"), june3 = try Self.at("2026-06-03", "08:00")
        let earlier = MissingEpisodeTimes(id: "1", from: june1, until: june3)
        func problems(_ from: Date, _ until: Date?, others: [MissingEpisodeTimes] = [earlier], offered: Date? = nil,
                      held: Date? = nil) -> [MissingEpisodeRules.Problem] {
            MissingEpisodeRules.problems(MissingEpisodeTimes(id: "new", from: from, until: until, interviewOffered: offered,
                                                             interviewHeld: held), others: others, now: now)
        }
        let june2 = try Self.at("2026-06-02", "10:00"), june10 = try Self.at("2026-06-10", "10:00")
        // Overlapping a closed episode, or wrapping it, is refused; touching its end is not.
        #expect(problems(june2, june10) == [.overlaps(otherFrom: june1)])
        #expect(problems(june1.addingTimeInterval(-3600), june10) == [.overlaps(otherFrom: june1)])
        #expect(problems(june3, june10).isEmpty)
        // Backwards and future dates.
        #expect(problems(june10, june3) == [.untilBeforeFrom])
        #expect(problems(now.addingTimeInterval(60), nil) == [.fromInFuture])
        #expect(problems(june10, now.addingTimeInterval(60)) == [.untilInFuture])
        // One open episode at a time: a second open one, or one starting inside it, is refused.
        let open = MissingEpisodeTimes(id: "2", from: june10)
        #expect(problems(try Self.at("2026-06-20", "10:00"), nil, others: [earlier, open]) == [.anotherOpen(since: june10)])
        #expect(problems(try Self.at("2026-06-20", "10:00"), try Self.at("2026-06-21", "10:00"), others: [earlier, open])
                == [.anotherOpen(since: june10)])
        // A closed episode before the open one is fine.
        #expect(problems(try Self.at("2026-06-05", "10:00"), try Self.at("2026-06-06", "10:00"), others: [earlier, open]).isEmpty)
        // The interview comes after the return, not before it, not in the future, not while missing.
        #expect(problems(june3, june10, offered: try Self.at("2026-06-09", "10:00")) == [.offeredBeforeReturn])
        #expect(problems(june3, june10, held: now.addingTimeInterval(60)) == [.heldInFuture])
        #expect(problems(june3, nil, others: [earlier], offered: june10) == [.offeredWithoutReturn])
        #expect(problems(june3, june10, offered: june10, held: june10.addingTimeInterval(3600)).isEmpty)
    }

    @Test func theMonthAChildTurnsEighteenIsKeptAsYearAndMonthAndShownSixMonthsAhead() throws {
        let today = Day(iso: "2026-11-30")!
        #expect(try TurnsEighteen.month(month: "5", year: "2027", today: today) == 202705)
        #expect(try TurnsEighteen.month(month: "05", year: " 2027 ", today: today) == 202705)
        #expect(throws: TurnsEighteen.Problem.monthMissing) { try TurnsEighteen.month(month: "", year: "2027", today: today) }
        #expect(throws: TurnsEighteen.Problem.yearMissing) { try TurnsEighteen.month(month: "5", year: "", today: today) }
        #expect(throws: TurnsEighteen.Problem.monthInvalid) { try TurnsEighteen.month(month: "13", year: "2027", today: today) }
        #expect(throws: TurnsEighteen.Problem.yearInvalid) { try TurnsEighteen.month(month: "5", year: "27", today: today) }
        #expect(throws: TurnsEighteen.Problem.outOfRange) { try TurnsEighteen.month(month: "5", year: "2060", today: today) }
        #expect(throws: TurnsEighteen.Problem.outOfRange) { try TurnsEighteen.month(month: "10", year: "2025", today: today) }
        #expect(TurnsEighteen.transitionDue(202705, today: today), "six months ahead")
        #expect(!TurnsEighteen.transitionDue(202706, today: today), "seven months ahead")
        #expect(TurnsEighteen.transitionDue(202611, today: today) && TurnsEighteen.transitionDue(202609, today: today))
        #expect(TurnsEighteen.firstDay(of: 202705) == Day(iso: "2027-05-01"))
    }

    @Test func freeTextRefusesControlCharactersAndLength() {
        #expect(ChildText.check("Placed with\nfoster carers", limit: 100, required: true) == nil)
        #expect(ChildText.check("", limit: 100, required: true) == .missing)
        #expect(ChildText.check("", limit: 100, required: false) == nil)
        #expect(ChildText.check("a\u{0}b", limit: 100, required: true) == .control)
        #expect(ChildText.check("a\u{1B}[31m", limit: 100, required: true) == .control)
        #expect(ChildText.check(String(repeating: "x", count: 101), limit: 100, required: true) == .tooLong)
    }
}
