import Foundation
import Testing
@testable import LanternCore

@Suite struct ReferralFollowUpTests {
    static let today = Day(year: 2026, month: 11, day: 30)!
    static let submitted = today.adding(days: -12)
    let l = Localiser.englishGB

    @Test func aReferenceIsNormalisedAndItsFormatChecked() {
        #expect(ReferralFollowUp.normalisedReference(" nrm-2026-0412345 ") == "NRM-2026-0412345")
        #expect(ReferralFollowUp.normalisedReference("SCA/12/3456") == "SCA/12/3456")
        #expect(ReferralFollowUp.normalisedReference("1234") == "1234")
        for bad in ["", "NRM", "AB1", "NRM-ABC-DEF", "-NRM123", "NRM123/", "NRM 123 456", "NRM_123", "NRM‑123", "ÀB1234",
                    "NRM\u{7}123", String(repeating: "1", count: 31), "<b>1234</b>"] {
            #expect(ReferralFollowUp.normalisedReference(bad) == nil, "\(bad)")
        }
    }

    @Test func theReferenceAndAcknowledgementAreCheckedWithClearMessages() throws {
        let ok = try ReferralFollowUp.check(reference: "nrm-1", acknowledgedOn: Self.today.adding(days: -10).iso,
                                            submittedOn: Self.submitted, today: Self.today, l: l).get()
        #expect(ok == .init(homeOfficeReference: "NRM-1", acknowledgedOn: Self.today.adding(days: -10)))
        let empty = try ReferralFollowUp.check(reference: " ", acknowledgedOn: "", submittedOn: Self.submitted, today: Self.today, l: l).get()
        #expect(empty == .init(homeOfficeReference: nil, acknowledgedOn: nil))

        func problems(_ reference: String?, _ acknowledged: String?, submitted: Day? = Self.submitted) -> ValidationProblems {
            if case .failure(let p) = ReferralFollowUp.check(reference: reference, acknowledgedOn: acknowledged, submittedOn: submitted,
                                                             today: Self.today, l: l) { return p }
            return ValidationProblems()
        }
        #expect(problems("NRM", nil)["homeOfficeReference"]?.contains("4 to 30 letters, digits, hyphens or slashes") == true)
        #expect(problems("NRM-1", "2026-02-30")["acknowledgedOn"] == "Enter a real date, for example 2026-11-27")
        #expect(problems("NRM-1", Self.today.adding(days: 1).iso)["acknowledgedOn"] == "The date cannot be in the future")
        #expect(problems("NRM-1", Self.submitted.adding(days: -1).iso)["acknowledgedOn"]?.contains("before the referral was submitted") == true)
        #expect(problems("NRM-1", nil, submitted: nil)["homeOfficeReference"]?.contains("Record the referral's submission first") == true)
    }

    @Test func aChaseNeedsADateAMethodAndNoDecisionYet() throws {
        let chase = try ReferralFollowUp.checkChase(on: Self.today.iso, method: "phone", note: "  Spoke to the duty officer\n ",
                                                    submittedOn: Self.submitted, decidedOn: nil, today: Self.today, l: l).get()
        #expect(chase == .init(on: Self.today, method: .phone, note: "Spoke to the duty officer"))

        func problems(_ on: String?, _ method: String?, _ note: String? = nil, decided: Day? = nil) -> ValidationProblems {
            if case .failure(let p) = ReferralFollowUp.checkChase(on: on, method: method, note: note, submittedOn: Self.submitted,
                                                                  decidedOn: decided, today: Self.today, l: l) { return p }
            return ValidationProblems()
        }
        #expect(problems(nil, "email")["chasedOn"] == "Enter the date of the chase")
        #expect(problems(Self.today.iso, "fax")["method"] == "Select how you chased the Home Office")
        #expect(problems(Self.today.iso, "email", "a\u{0}b")["note"] == "The note cannot contain control characters")
        #expect(problems(Self.today.iso, "email", String(repeating: "x", count: 2_001))["note"]?.contains("2,000 characters") == true)
        #expect(problems(Self.today.iso, "email", decided: Self.today.adding(days: -2))["chasedOn"]?.contains("there is nothing to chase") == true)
    }

    /// Day by day over random histories: a task is due on the first day of each window
    /// without a chase since the window began, never before the expected days, never after
    /// the decision; and at most once per window.
    @Test func aChaseFallsDueOncePerWindowWithoutAChase() {
        var rng = SystemRandomNumberGenerator()
        for _ in 0..<300 {
            let days = Int.random(in: 1...12, using: &rng)
            let submitted = Self.today.adding(days: -Int.random(in: 0...60, using: &rng))
            let decidedAfter = Bool.random(using: &rng) ? Int.random(in: 0...80, using: &rng) : nil
            let chases = Set((0..<Int.random(in: 0...4, using: &rng)).map { _ in Int.random(in: 0...80, using: &rng) })
            var raised: [Int: Int] = [:]
            for offset in 0...90 {
                let today = submitted.adding(days: offset)
                let awaiting = decidedAfter.map { offset < $0 } ?? true
                let last = chases.filter { $0 <= offset }.max().map { submitted.adding(days: $0) }
                let due = ReferralFollowUp.dueWindow(submittedOn: submitted, awaitingDecision: awaiting, lastChasedOn: last,
                                                     expectedDays: days, today: today)
                if let due {
                    #expect(awaiting && offset >= days && due == offset / days)
                    #expect(!chases.contains { $0 >= due * days && $0 <= offset })
                    raised[due, default: 0] += 1
                } else if awaiting && offset >= days {
                    // Not due only because a chase was recorded in this window.
                    #expect(chases.contains { $0 >= (offset / days) * days && $0 <= offset })
                }
            }
            // The job's source key carries the window, so however many days a window is due, one task.
            #expect(raised.keys.allSatisfy { $0 >= 1 })
        }
        #expect(ReferralFollowUp.dueWindow(submittedOn: Self.submitted, awaitingDecision: true, lastChasedOn: nil, expectedDays: 5,
                                           today: Self.submitted.adding(days: 4)) == nil)
        #expect(ReferralFollowUp.dueWindow(submittedOn: Self.submitted, awaitingDecision: true, lastChasedOn: nil, expectedDays: 5,
                                           today: Self.submitted.adding(days: 5)) == 1)
        #expect(ReferralFollowUp.dueWindow(submittedOn: Self.submitted, awaitingDecision: true, lastChasedOn: Self.submitted.adding(days: 5),
                                           expectedDays: 5, today: Self.submitted.adding(days: 9)) == nil)
        #expect(ReferralFollowUp.dueWindow(submittedOn: Self.submitted, awaitingDecision: true, lastChasedOn: Self.submitted.adding(days: 5),
                                           expectedDays: 5, today: Self.submitted.adding(days: 10)) == 2)
        #expect(ReferralFollowUp.dueWindow(submittedOn: Self.submitted, awaitingDecision: false, lastChasedOn: nil, expectedDays: 5,
                                           today: Self.submitted.adding(days: 10)) == nil)
    }

    @Test func theSettingIsAWholeNumberOfDays() {
        #expect(ReferralFollowUp.expectedDays("5") == 5)
        #expect(ReferralFollowUp.expectedDays(" 365 ") == 365)
        for bad in ["0", "366", "-1", "five", "1e2", ""] { #expect(ReferralFollowUp.expectedDays(bad) == nil, "\(bad)") }
    }

    /// A negative decision asked to be reconsidered: a fresh decision is awaited from the
    /// request, and the earlier decision no longer ends the chasing.
    @Test func aReconsiderationIsAFreshWaitCountedFromItsRequest() throws {
        let facts = CaseFacts(ageGroup: .child)
        var state = PathwayState()
        let submitted = Self.today.adding(days: -30), requested = Self.today.adding(days: -6)
        let steps: [(PathwayEvent, Day)] = [(.referralDecision(consentGiven: nil), submitted.adding(days: -2)),
                                            (.referralMarkedReady, submitted), (.referralSubmitted, submitted)]
        for (event, day) in steps { state = try Pathway.apply(event, on: day, today: Self.today, to: state, facts: facts) }
        #expect(ReferralFollowUp.wait(state) == .init(since: submitted, reconsideration: false))
        #expect(ReferralFollowUp.decisionEndingChases(state) == nil)

        state = try Pathway.apply(.reasonableGroundsDecision(.negative), on: Self.today.adding(days: -20), today: Self.today, to: state, facts: facts)
        #expect(ReferralFollowUp.wait(state) == nil)
        #expect(ReferralFollowUp.decisionEndingChases(state) == Self.today.adding(days: -20))

        state = try Pathway.apply(.reconsiderationRequested, on: requested, today: Self.today, to: state, facts: facts)
        #expect(ReferralFollowUp.wait(state) == .init(since: requested, reconsideration: true))
        #expect(ReferralFollowUp.decisionEndingChases(state) == nil)
        #expect(try ReferralFollowUp.checkChase(on: Self.today.iso, method: "email", note: nil, submittedOn: submitted,
                                                decidedOn: ReferralFollowUp.decisionEndingChases(state), today: Self.today, l: l).get().on == Self.today)

        state = try Pathway.apply(.reasonableGroundsDecision(.positive), on: Self.today, today: Self.today, to: state, facts: facts)
        #expect(ReferralFollowUp.wait(state) == nil && ReferralFollowUp.decisionEndingChases(state) == Self.today)
    }
}
