import Testing
@testable import LanternCore

/// Board effectiveness figures from plain records: each a count out of a count, and a zero
/// denominator is "nothing to measure", never 0% or 100%.
@Suite struct EffectivenessTests {
    let year = DaySpan(IndicatorPeriod(text: "2025/26", kind: .year)!)
    func day(_ y: Int, _ m: Int, _ d: Int) -> Day { Day(year: y, month: m, day: d)! }

    @Test func fractionsRoundHalfUpAndZeroDenominatorsHaveNoShare() {
        #expect(Fraction(1, of: 3).percent == 33)
        #expect(Fraction(1, of: 2).percent == 50)
        #expect(Fraction(1, of: 8).percent == 13)
        #expect(Fraction(0, of: 0).percent == nil)
        #expect(Fraction(3, of: 3).percent == 100)
    }

    @Test func attendanceIsMeetingsPresentOutOfHeldMeetingsRecorded() {
        let lines: [Effectiveness.AttendanceLine] = [
            .init(meetingID: "m1", organisation: "Camden Council", present: true),
            .init(meetingID: "m1", organisation: "Camden Council", present: false),  // two people: present once is enough
            .init(meetingID: "m2", organisation: "Camden Council", present: false),
            .init(meetingID: "m1", organisation: "Met Police", present: true),
            .init(meetingID: "m2", organisation: "Met Police", present: true),
            .init(meetingID: "m3", organisation: "Met Police", present: true),       // not held: ignored
            .init(meetingID: "m2", organisation: " ", present: true),                // no organisation: ignored
        ]
        let figures = Effectiveness.attendanceByOrganisation(lines, heldMeetings: ["m1", "m2"])
        #expect(figures.map(\.organisation) == ["Camden Council", "Met Police"])
        #expect(figures.map(\.fraction) == [Fraction(1, of: 2), Fraction(2, of: 2)])
        #expect(Effectiveness.attendanceByOrganisation(lines, heldMeetings: []).isEmpty)
    }

    @Test func actionsDoneOnTimeAmongThoseDueInTheYear() {
        let actions: [Effectiveness.ActionLine] = [
            .init(dueOn: day(2025, 5, 1), doneOn: day(2025, 5, 1)),    // on the day: on time
            .init(dueOn: day(2025, 6, 1), doneOn: day(2025, 6, 2)),    // a day late
            .init(dueOn: day(2025, 7, 1), doneOn: nil),                 // not done
            .init(dueOn: day(2025, 8, 1), doneOn: nil, dropped: true),  // dropped: left out
            .init(dueOn: day(2025, 3, 31), doneOn: day(2025, 3, 1)),   // due the year before: left out
            .init(dueOn: day(2026, 4, 1), doneOn: day(2026, 1, 1)),    // due the year after: left out
        ]
        #expect(Effectiveness.actionsDoneOnTime(actions, in: year) == Fraction(1, of: 3))
        #expect(Effectiveness.actionsDoneOnTime([], in: year) == Fraction(0, of: 0))
    }

    @Test func termsReviewedOnTimeWhenANewVersionCameByTheReviewDay() {
        let versions: [Effectiveness.TermsVersion] = [
            .init(version: 1, approvedOn: day(2024, 6, 1), nextReviewOn: day(2025, 6, 1)),
            .init(version: 2, approvedOn: day(2025, 6, 1), nextReviewOn: day(2025, 12, 1)),   // met v1's review on the day
            .init(version: 3, approvedOn: day(2026, 1, 15), nextReviewOn: day(2027, 1, 15)),  // late for v2's
        ]
        #expect(Effectiveness.termsReviewedOnTime(versions, in: year, today: day(2026, 5, 1)) == Fraction(1, of: 2))
        // A review not yet due by today is not counted.
        #expect(Effectiveness.termsReviewedOnTime(versions, in: year, today: day(2025, 9, 1)) == Fraction(1, of: 1))
        #expect(Effectiveness.termsReviewedOnTime([], in: year, today: day(2026, 5, 1)) == Fraction(0, of: 0))
    }

    @Test func minutesPublishedWithinNDaysOfApproval() {
        let minutes: [Effectiveness.MinutesLine] = [
            .init(approvedOn: day(2025, 5, 1), publishedOn: day(2025, 5, 29)),   // 28 days: in time
            .init(approvedOn: day(2025, 6, 1), publishedOn: day(2025, 6, 30)),   // 29 days: late
            .init(approvedOn: day(2025, 7, 1), publishedOn: nil),                // never published, time up: late
            .init(approvedOn: day(2026, 3, 20), publishedOn: nil),               // still within its 28 days: not counted
            .init(approvedOn: day(2025, 3, 1), publishedOn: day(2025, 3, 2)),    // approved the year before
        ]
        let today = day(2026, 4, 1)
        #expect(Effectiveness.minutesPublishedWithin(28, minutes, in: year, today: today) == Fraction(1, of: 3))
        #expect(Effectiveness.minutesPublishedWithin(30, minutes, in: year, today: today) == Fraction(2, of: 3))
        #expect(Effectiveness.minutesPublishedWithin(28, [], in: year, today: today) == Fraction(0, of: 0))
        #expect(Effectiveness.defaultMinutesPublicationDays == 28)
    }
}
