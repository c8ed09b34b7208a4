import Testing
@testable import LanternCore

/// Shares that are answered: the answer-by day per purpose in working days, the setting that
/// changes it, the answer's checks, and when an unanswered share is chased and escalated.
@Suite struct ShareAnswerRulesTests {
    /// A Monday.
    static let monday = Day(year: 2026, month: 11, day: 30)!

    @Test func eachPurposeHasItsWorkingDays() {
        let days = ShareAnswerRules.workingDays()
        #expect(days[.housing] == 5 && days[.health] == 5 && days[.support] == 5)
        #expect(days[.legal] == 10 && days[.other] == 10 && days[.safeguarding] == 1)
        #expect(days.count == SharePurposeKind.allCases.count)
    }

    @Test func theAnswerByDaySkipsWeekendsAndBankHolidays() {
        let days = ShareAnswerRules.workingDays()
        // Housing shared on a Monday: five working days on is the next Monday.
        #expect(ShareAnswerRules.answerDue(sharedOn: Self.monday, kind: .housing, workingDays: days, holidays: []) == Self.monday.adding(days: 7))
        // Safeguarding shared on a Friday: the next Monday; with that Monday a bank holiday, the Tuesday.
        let friday = Self.monday.adding(days: 4)
        #expect(ShareAnswerRules.answerDue(sharedOn: friday, kind: .safeguarding, workingDays: days, holidays: []) == friday.adding(days: 3))
        #expect(ShareAnswerRules.answerDue(sharedOn: friday, kind: .safeguarding, workingDays: days,
                                           holidays: [friday.adding(days: 3)]) == friday.adding(days: 4))
        // Legal: ten working days, two weeks.
        #expect(ShareAnswerRules.answerDue(sharedOn: Self.monday, kind: .legal, workingDays: days, holidays: []) == Self.monday.adding(days: 14))
    }

    @Test func theSettingOverridesSomePurposesAndRefusesNonsense() throws {
        let parsed = try ShareAnswerRules.parseSetting("housing=3, legal = 12")
        #expect(parsed == [.housing: 3, .legal: 12])
        let days = ShareAnswerRules.workingDays(overrides: parsed)
        #expect(days[.housing] == 3 && days[.legal] == 12 && days[.health] == 5)
        for bad in ["housing", "housing=0", "housing=61", "housing=five", "flats=5", "housing=5,housing=6", "housing=5,", ""] {
            #expect(throws: ShareAnswerRules.SettingProblem.self, "\(bad)") { try ShareAnswerRules.parseSetting(bad) }
        }
    }

    @Test func thePurposeKindIsOneOfTheListOrAbsent() {
        #expect(ShareAnswerRules.purposeKind(nil) == .other)
        #expect(ShareAnswerRules.purposeKind("") == .other)
        #expect(ShareAnswerRules.purposeKind("housing") == .housing)
        #expect(ShareAnswerRules.purposeKind("Housing") == nil)
        #expect(ShareAnswerRules.purposeKind("flats") == nil)
    }

    @Test func acceptNeedsNothingMoreDeclineNeedsAReason() throws {
        #expect(try ShareAnswerRules.check(decision: "accept", reason: nil).get() == ValidShareAnswer(decision: .accept, reason: nil))
        #expect(try ShareAnswerRules.check(decision: "decline", reason: "  No capacity this month ").get()
                == ValidShareAnswer(decision: .decline, reason: "No capacity this month"))
        guard case .failure(let noReason) = ShareAnswerRules.check(decision: "decline", reason: "   ") else { Issue.record(); return }
        #expect(noReason["reason"] != nil)
        guard case .failure(let noDecision) = ShareAnswerRules.check(decision: "maybe", reason: nil) else { Issue.record(); return }
        #expect(noDecision["decision"] != nil)
        guard case .failure(let control) = ShareAnswerRules.check(decision: "decline", reason: "bad\u{0}") else { Issue.record(); return }
        #expect(control["reason"] != nil)
        let long = String(repeating: "a", count: ShareAnswerRules.maximumReasonLength + 1)
        guard case .failure(let tooLong) = ShareAnswerRules.check(decision: "decline", reason: long) else { Issue.record(); return }
        #expect(tooLong["reason"] != nil)
        // A multi-line reason is fine.
        #expect((try? ShareAnswerRules.check(decision: "decline", reason: "One\nTwo").get()) != nil)
    }

    @Test func onlyAnAwaitingShareInForceMayBeAnswered() {
        #expect(ShareAnswerRules.mayAnswer(state: .awaiting, inForce: true))
        #expect(!ShareAnswerRules.mayAnswer(state: .awaiting, inForce: false))
        #expect(!ShareAnswerRules.mayAnswer(state: .accepted, inForce: true))
        #expect(!ShareAnswerRules.mayAnswer(state: .declined, inForce: true))
    }

    @Test func chasedTheDayAfterItsDueDayEscalatedTwoWorkingDaysLater() {
        let due = Self.monday.adding(days: 3)  // a Thursday
        #expect(!ShareAnswerRules.isOverdue(due: due, today: due))
        #expect(ShareAnswerRules.isOverdue(due: due, today: due.adding(days: 1)))
        // Thursday + two working days = Monday; escalated from the Tuesday.
        #expect(ShareAnswerRules.escalationDay(due: due, holidays: []) == due.adding(days: 5))
    }

    /// The SQL cut-off agrees with the escalation day for every due day and every today.
    @Test func theCutOffAgreesWithTheEscalationDay() {
        let holidays: Set<Day> = [Self.monday.adding(days: 25)]
        for offset in 0..<60 {
            let today = Self.monday.adding(days: offset)
            let cutOff = ShareAnswerRules.latestDueEscalatedOn(today, holidays: holidays)
            for dueOffset in -30..<60 {
                let due = Self.monday.adding(days: dueOffset)
                #expect((due <= cutOff) == (ShareAnswerRules.escalationDay(due: due, holidays: holidays) <= today),
                        "today \(today.iso) due \(due.iso)")
            }
        }
    }
}
