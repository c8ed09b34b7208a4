import Testing
@testable import LanternCore

/// The retention rules: erase-on dates, the kinds of record, legal holds.
@Suite struct RetentionRulesTests {
    static let standard = RetentionPeriods()
    static func day(_ iso: String) -> Day { Day(iso: iso)! }

    @Test func aClosedCaseIsErasedSixYearsAfterClosureByDefault() {
        #expect(RetentionPeriods.defaultYearsAfterClosure == 6)
        let closed = RetentionFacts(closedOn: Self.day("2026-03-03"))
        #expect(RetentionRules.eraseOn(closed, periods: Self.standard) == Self.day("2032-03-03"))
        #expect(RetentionRules.status(of: closed, today: Self.day("2032-03-02"), periods: Self.standard)
                == .retained(eraseOn: Self.day("2032-03-03")))
        #expect(RetentionRules.status(of: closed, today: Self.day("2032-03-03"), periods: Self.standard)
                == .due(eraseOn: Self.day("2032-03-03")))
        #expect(RetentionRules.status(of: closed, today: Self.day("2040-01-01"), periods: Self.standard)
                == .due(eraseOn: Self.day("2032-03-03")))
    }

    @Test func aCaseStillOpenIsNeverDueHoweverOld() {
        let open = RetentionFacts(closedOn: nil)
        #expect(RetentionRules.eraseOn(open, periods: Self.standard) == nil)
        #expect(RetentionRules.status(of: open, today: Self.day("2199-01-01"), periods: Self.standard) == .open)
    }

    @Test func aDutyToNotifyCaseFollowsTheClosurePeriodUnlessSet() {
        let notified = RetentionFacts(closedOn: Self.day("2026-05-10"), dutyToNotify: true)
        #expect(notified.kind == .dutyToNotifyCase)
        #expect(RetentionRules.eraseOn(notified, periods: Self.standard) == Self.day("2032-05-10"))
        #expect(RetentionRules.eraseOn(notified, periods: RetentionPeriods(yearsAfterClosure: 8)) == Self.day("2034-05-10"))
        let ownPeriod = RetentionPeriods(yearsAfterClosure: 6, yearsForDutyToNotify: 2)
        #expect(RetentionRules.eraseOn(notified, periods: ownPeriod) == Self.day("2028-05-10"))
        // ... and a closed NRM case on the same day is unaffected by the Duty to Notify period.
        #expect(RetentionRules.eraseOn(RetentionFacts(closedOn: Self.day("2026-05-10")), periods: ownPeriod) == Self.day("2032-05-10"))
    }

    @Test func closureOn29FebruaryIsErasedOn1MarchInAYearWithoutIt() {
        #expect(RetentionRules.adding(years: 6, to: Self.day("2028-02-29")) == Self.day("2034-03-01"))
        #expect(RetentionRules.adding(years: 4, to: Self.day("2028-02-29")) == Self.day("2032-02-29"))
        #expect(RetentionRules.adding(years: 6, to: Self.day("2027-12-31")) == Self.day("2033-12-31"))
    }

    @Test func aLegalHoldStopsErasureWhateverTheDate() {
        let held = RetentionFacts(closedOn: Self.day("2020-01-01"), legalHold: true)
        #expect(RetentionRules.status(of: held, today: Self.day("2030-01-01"), periods: Self.standard)
                == .held(eraseOn: Self.day("2026-01-01")))
        let openAndHeld = RetentionFacts(closedOn: nil, legalHold: true)
        #expect(RetentionRules.status(of: openAndHeld, today: Self.day("2030-01-01"), periods: Self.standard) == .held(eraseOn: nil))
        let erased = RetentionFacts(closedOn: Self.day("2020-01-01"), legalHold: false, erased: true)
        #expect(RetentionRules.status(of: erased, today: Self.day("2030-01-01"), periods: Self.standard) == .erased)
    }

    /// The database filter (closed on or before the latest closure day) must pick exactly the
    /// cases the rule calls due, on every day, across leap years, for every period.
    @Test(arguments: [1, 4, 6, 7])
    func theClosureCutOffPicksExactlyTheDueCases(years: Int) {
        let periods = RetentionPeriods(yearsAfterClosure: years, yearsForDutyToNotify: years + 1)
        let start = Self.day("2027-12-01")
        for offset in stride(from: 0, to: 3 * 366 + 40, by: 1) {
            let today = start.adding(days: offset + years * 365)
            for kind in RetainedRecordKind.allCases {
                let cutOff = RetentionRules.latestClosureDue(by: today, kind: kind, periods: periods)
                #expect(RetentionRules.eraseOn(closedOn: cutOff, kind: kind, periods: periods) <= today, "\(kind) \(today)")
                #expect(RetentionRules.eraseOn(closedOn: cutOff.adding(days: 1), kind: kind, periods: periods) > today, "\(kind) \(today)")
            }
        }
    }

    @Test func aHoldIsPlacedOnlyOnACaseStillHeldAndReleasedOnlyWhenPlaced() {
        let kept = RetentionFacts(closedOn: Self.day("2026-01-01"))
        #expect(LegalHoldRules.refusalToPlace(kept) == nil)
        #expect(LegalHoldRules.refusalToPlace(RetentionFacts(closedOn: nil)) == nil, "an open case may be held too")
        #expect(LegalHoldRules.refusalToRelease(kept) != nil)
        var held = kept
        held.legalHold = true
        #expect(LegalHoldRules.refusalToPlace(held)?.contains("already under a legal hold") == true)
        #expect(LegalHoldRules.refusalToRelease(held) == nil)
        let erased = RetentionFacts(closedOn: Self.day("2020-01-01"), erased: true)
        #expect(LegalHoldRules.refusalToPlace(erased)?.contains("already been erased") == true)
    }

    @Test func theNextMonthEndsOnTheSameDayOrTheMonthsLastDay() {
        #expect(RetentionRules.oneMonthAfter(Self.day("2026-03-15")) == Self.day("2026-04-15"))
        #expect(RetentionRules.oneMonthAfter(Self.day("2027-01-31")) == Self.day("2027-02-28"))
        #expect(RetentionRules.oneMonthAfter(Self.day("2028-01-31")) == Self.day("2028-02-29"))
        #expect(RetentionRules.oneMonthAfter(Self.day("2026-12-20")) == Self.day("2027-01-20"))
    }

    @Test func periodsOutsideTheAllowedRangeAreRecognised() {
        #expect(!RetentionPeriods.allowedYears.contains(0))
        #expect(RetentionPeriods.allowedYears.contains(6))
        #expect(RetentionPeriods(yearsAfterClosure: 3).years(for: .dutyToNotifyCase) == 3)
    }
}
