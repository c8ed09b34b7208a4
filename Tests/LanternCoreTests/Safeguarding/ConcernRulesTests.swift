import Foundation
import Testing
@testable import LanternCore

/// Routing, the acknowledgement deadline and the state machine of safeguarding concerns.
@Suite struct ConcernRulesTests {
    // MARK: routing

    @Test func anAdultsConcernGoesToAdultSafeguardingAndAChildsToChildrensServices() {
        #expect(ConcernRouting.targets(subject: .adult, kind: .neglect, policeBox: false)
            == [.init(kind: .councilAdultSafeguarding, isPoliceCopy: false)])
        #expect(ConcernRouting.targets(subject: .child, kind: .physical, policeBox: false)
            == [.init(kind: .councilChildrensServices, isPoliceCopy: false)])
    }

    @Test func thePoliceAlsoReceiveCriminalExploitationModernSlaveryAndWhenTheBoxIsTicked() {
        for kind in ConcernKind.allCases {
            for box in [false, true] {
                for subject in ConcernSubject.allCases {
                    let targets = ConcernRouting.targets(subject: subject, kind: kind, policeBox: box)
                    // The council always receives it, first.
                    #expect(targets.first == .init(kind: ConcernRouting.councilKind(for: subject), isPoliceCopy: false))
                    let police = box || kind == .criminalExploitation || kind == .modernSlavery
                    #expect(targets.count == (police ? 2 : 1))
                    if police { #expect(targets.last == .init(kind: .metBCU, isPoliceCopy: true)) }
                }
            }
        }
    }

    @Test func reroutingStaysWithTheSubjectsCouncilTeamOrThePolice() {
        #expect(ConcernRouting.reroutableKinds(for: .adult) == [.councilAdultSafeguarding, .metBCU])
        #expect(ConcernRouting.reroutableKinds(for: .child) == [.councilChildrensServices, .metBCU])
    }

    // MARK: the deadline

    /// A London wall-clock moment.
    func at(_ iso: String, _ hour: Int, _ minute: Int = 0) -> Date { LondonTime.instant(day: Day(iso: iso)!, hour: hour, minute: minute)! }

    @Test func anUrgentConcernIsDueBy17OnTheWorkingDayItArrives() {
        // Monday 2 March 2026, 10:00 GMT.
        #expect(ConcernDeadline.acknowledgeBy(routedAt: at("2026-03-02", 10), workingDays: 0, holidays: []) == at("2026-03-02", 17))
        // At 16:59 still the same day; at 17:00 the next working day.
        #expect(ConcernDeadline.acknowledgeBy(routedAt: at("2026-03-02", 16, 59), workingDays: 0, holidays: []) == at("2026-03-02", 17))
        #expect(ConcernDeadline.acknowledgeBy(routedAt: at("2026-03-02", 17), workingDays: 0, holidays: []) == at("2026-03-03", 17))
    }

    @Test func weekendsAndBankHolidaysAreSkipped() {
        // Friday 6 March 2026 at 18:00: arrives Monday 9th; three working days: Thursday 12th.
        #expect(ConcernDeadline.acknowledgeBy(routedAt: at("2026-03-06", 18), workingDays: 3, holidays: []) == at("2026-03-12", 17))
        // Saturday: the same.
        #expect(ConcernDeadline.acknowledgeBy(routedAt: at("2026-03-07", 9), workingDays: 0, holidays: []) == at("2026-03-09", 17))
        // Good Friday 3 April and Easter Monday 6 April 2026: Thursday 2 April 18:00 arrives Tuesday 7th.
        let easter: Set<Day> = [Day(iso: "2026-04-03")!, Day(iso: "2026-04-06")!]
        #expect(ConcernDeadline.acknowledgeBy(routedAt: at("2026-04-02", 18), workingDays: 0, holidays: easter) == at("2026-04-07", 17))
        #expect(ConcernDeadline.acknowledgeBy(routedAt: at("2026-04-02", 9), workingDays: 1, holidays: easter) == at("2026-04-07", 17))
    }

    @Test func seventeenHundredIsLondonTimeInSummerToo() {
        // Tuesday 7 July 2026 (BST): 17:00 London is 16:00 UTC.
        let due = ConcernDeadline.acknowledgeBy(routedAt: at("2026-07-07", 9), workingDays: 0, holidays: [])
        #expect(due == Date(timeIntervalSince1970: Double(Day(iso: "2026-07-07")!.daysSinceEpoch) * 86_400 + 16 * 3_600))
    }

    @Test func theDeadlineIsNeverBeforeTheConcernArrivesAndGrowsWithTheDays() {
        var instant = at("2026-01-01", 0)
        for _ in 0..<500 {
            instant = instant.addingTimeInterval(3_607 * 7)
            var previous = instant
            for days in 0...5 {
                let due = ConcernDeadline.acknowledgeBy(routedAt: instant, workingDays: days, holidays: [])
                #expect(due > instant)
                #expect(due >= previous)
                let day = LondonTime.wallClock(due).day
                #expect(!day.isWeekend)
                previous = due
            }
        }
    }

    @Test func urgencyChoosesTheSetting() {
        #expect(ConcernDeadline.workingDays(for: .urgent, urgent: 0, standard: 3) == 0)
        #expect(ConcernDeadline.workingDays(for: .standard, urgent: 0, standard: 3) == 3)
    }

    // MARK: the state machine

    @Test func theStateFollowsTheTimestamps() {
        let now = Date()
        #expect(ConcernState.of(acknowledgedAt: nil, escalatedAt: nil, closedAt: nil) == .awaitingAcknowledgement)
        #expect(ConcernState.of(acknowledgedAt: nil, escalatedAt: now, closedAt: nil) == .escalated)
        #expect(ConcernState.of(acknowledgedAt: now, escalatedAt: now, closedAt: nil) == .acknowledged)
        #expect(ConcernState.of(acknowledgedAt: now, escalatedAt: nil, closedAt: now) == .closed)
    }

    @Test func stepsAllowedInEachState() {
        #expect(ConcernState.awaitingAcknowledgement.refusal(of: .acknowledge) == nil)
        #expect(ConcernState.escalated.refusal(of: .acknowledge) == nil)
        #expect(ConcernState.acknowledged.refusal(of: .acknowledge) == .alreadyAcknowledged)
        #expect(ConcernState.awaitingAcknowledgement.refusal(of: .recordOutcome) == .notAcknowledged)
        #expect(ConcernState.escalated.refusal(of: .recordOutcome) == .notAcknowledged)
        #expect(ConcernState.acknowledged.refusal(of: .recordOutcome) == nil)
        for state in [ConcernState.awaitingAcknowledgement, .escalated, .acknowledged] { #expect(state.refusal(of: .reroute) == nil) }
        for step in [ConcernState.Step.acknowledge, .reroute, .recordOutcome] { #expect(ConcernState.closed.refusal(of: step) == .closed) }
    }

    @Test func overdueMeansPastTheDeadlineAndStillWaiting() {
        let deadline = Date(timeIntervalSince1970: 1_000_000)
        #expect(ConcernState.isOverdue(acknowledgeBy: deadline, acknowledgedAt: nil, closedAt: nil, now: deadline.addingTimeInterval(1)))
        #expect(!ConcernState.isOverdue(acknowledgeBy: deadline, acknowledgedAt: nil, closedAt: nil, now: deadline))
        #expect(!ConcernState.isOverdue(acknowledgeBy: deadline, acknowledgedAt: deadline, closedAt: nil, now: deadline.addingTimeInterval(9)))
    }

    @Test func textIsTrimmedAndControlCharactersRefused() throws {
        #expect(try ConcernText.check("  seen \n", required: true).get() == "seen")
        #expect(try ConcernText.check("   ", required: false).get() == nil)
        #expect((try? ConcernText.check(" ", required: true).get()) == nil)
        #expect((try? ConcernText.check("a\u{7}b", required: true).get()) == nil)
        #expect(try ConcernText.check("line\none\ttab", required: true).get() == "line\none\ttab")
        #expect((try? ConcernText.check(String(repeating: "x", count: ConcernText.maxLength + 1), required: true).get()) == nil)
    }
}
