import Testing
@testable import LanternCore

/// Course and session rules: what a course and a session must have, how long a completion
/// counts, when attendance opens.
@Suite struct TrainingRulesTests {
    static let course = CourseDraft(title: "Identifying victims", audience: "Front-line officers", format: .faceToFace, durationMinutes: 180,
                                    outcomes: ["Spot the indicators", "Make an NRM referral"], validMonths: 36, trainTheTrainer: false,
                                    commitSessions: nil, commitMonths: nil)

    @Test func aCompleteCourseHasNoProblems() {
        #expect(TrainingCourseRules.problems(Self.course).isEmpty)
    }

    @Test func eachMissingOrOddFieldIsNamed() {
        var draft = Self.course
        draft.title = "  "
        draft.audience = "Officers\u{0007}"
        draft.format = nil
        draft.durationMinutes = 2
        draft.outcomes = []
        draft.validMonths = 0
        draft.trainTheTrainer = true
        #expect(TrainingCourseRules.problems(draft) == [.title, .audience, .format, .duration, .outcomes, .validMonths, .commitSessions, .commitMonths])
    }

    @Test func outcomesAreOnePerLine() {
        #expect(TrainingCourseRules.outcomes(fromLines: "One\r\n\n  Two  \nThree") == ["One", "Two", "Three"])
    }

    @Test func monthsAddToTheSameDateOrTheMonthsLastDay() {
        #expect(Day(iso: "2026-01-31")!.adding(months: 1) == Day(iso: "2026-02-28"))
        #expect(Day(iso: "2028-01-31")!.adding(months: 1) == Day(iso: "2028-02-29"))
        #expect(Day(iso: "2026-11-30")!.adding(months: 36) == Day(iso: "2029-11-30"))
        #expect(Day(iso: "2026-03-15")!.adding(months: -3) == Day(iso: "2025-12-15"))
        #expect(TrainingCourseRules.validUntil(completedOn: Day(iso: "2026-12-01")!, months: 12) == Day(iso: "2027-11-30"))
        #expect(TrainingCourseRules.validUntil(completedOn: Day(iso: "2026-12-01")!, months: nil) == nil)
        #expect(TrainingCourseRules.validUntil(completedOn: Day(iso: "2027-01-31")!, months: 1) == Day(iso: "2027-02-28"))
        #expect(TrainingCourseRules.validUntil(completedOn: Day(iso: "2027-01-29")!, months: 1) == Day(iso: "2027-02-28"))
        #expect(TrainingCourseRules.validUntil(completedOn: Day(iso: "2028-02-29")!, months: 12) == Day(iso: "2029-02-28"))
        #expect(TrainingCourseRules.validUntil(completedOn: Day(iso: "2027-01-28")!, months: 1) == Day(iso: "2027-02-27"))
    }

    @Test func aCompletionCountsUntilItsLastDay() {
        let last = Day(iso: "2027-11-30")!
        #expect(TrainingCourseRules.isValid(until: last, on: last))
        #expect(!TrainingCourseRules.isValid(until: last, on: last.adding(days: 1)))
        #expect(TrainingCourseRules.isValid(until: nil, on: last))
    }

    @Test func attendanceOpensOnTheSessionsDay() {
        let day = Day(iso: "2026-12-10")!
        #expect(!TrainingCourseRules.attendanceOpen(sessionDay: day, today: day.adding(days: -1)))
        #expect(TrainingCourseRules.attendanceOpen(sessionDay: day, today: day))
    }

    @Test func aSessionNeedsADayATimeAPlaceAndATrainer() {
        let today = Day(iso: "2026-12-01")!
        let good = SessionDraft(day: today.adding(days: 7), startsAt: "09:30", format: .faceToFace, place: "Lambeth Town Hall", capacity: 20,
                                boroughCodes: ["E09000022"], agencyKinds: ["police"], leadTrainer: "t1", coTrainer: nil)
        #expect(TrainingSessionRules.problems(good, today: today, boroughs: ["E09000022"], trainers: ["t1", "t2"]).isEmpty)
        let bad = SessionDraft(day: today.adding(days: -1), startsAt: "24:00", format: nil, place: "", capacity: 0,
                               boroughCodes: ["E09999999"], agencyKinds: ["army"], leadTrainer: "t9", coTrainer: "t9")
        #expect(TrainingSessionRules.problems(bad, today: today, boroughs: ["E09000022"], trainers: ["t1"])
                == [.dayPassed, .startsAt, .format, .place, .capacity, .boroughs, .agencies, .leadTrainer, .coTrainer])
        var same = good
        same.coTrainer = "t1"
        #expect(TrainingSessionRules.problems(same, today: today, boroughs: ["E09000022"], trainers: ["t1"]) == [.coTrainer])
    }

    @Test func agencyKindsFollowTheOrganisationsKind() {
        #expect(AgencyKind(organisation: .police) == .police)
        #expect(AgencyKind(organisation: .partnershipBoard) == .other)
    }
}

@Suite struct TrainingCommitmentRulesTests {
    @Test func aMonthBeforeThenAWeekBeforeWhileShort() {
        let due = Day(iso: "2027-06-30")!
        #expect(TrainingCommitmentRules.reminder(due: due, today: due.adding(days: -31), delivered: 0, promised: 2) == nil)
        #expect(TrainingCommitmentRules.reminder(due: due, today: due.adding(days: -30), delivered: 0, promised: 2) == 30)
        #expect(TrainingCommitmentRules.reminder(due: due, today: due.adding(days: -8), delivered: 1, promised: 2) == 30)
        #expect(TrainingCommitmentRules.reminder(due: due, today: due.adding(days: -7), delivered: 1, promised: 2) == 7)
        #expect(TrainingCommitmentRules.reminder(due: due, today: due, delivered: 1, promised: 2) == 7)
        #expect(TrainingCommitmentRules.reminder(due: due, today: due.adding(days: 1), delivered: 1, promised: 2) == nil)
        #expect(TrainingCommitmentRules.reminder(due: due, today: due.adding(days: -3), delivered: 2, promised: 2) == nil)
    }
}
