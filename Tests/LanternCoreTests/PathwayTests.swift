import Testing
@testable import LanternCore

@Suite struct PathwayTests {
    static let start = Day(year: 2026, month: 3, day: 2)!   // a Monday
    static let today = Day(year: 2026, month: 11, day: 20)!

    static func adult(_ missing: [MissingDetail] = []) -> CaseFacts { CaseFacts(ageGroup: .adult, missingReferralDetails: missing) }
    static func child() -> CaseFacts { CaseFacts(ageGroup: .child) }

    func run(_ events: [(PathwayEvent, Int)], facts: CaseFacts) throws(PathwayRefusal) -> PathwayState {
        var state = PathwayState()
        for (event, offset) in events {
            state = try Pathway.apply(event, on: Self.start.adding(days: offset), today: Self.today, to: state, facts: facts)
        }
        return state
    }

    @Test func anAdultIsReferredThroughToMoveOn() throws {
        let state = try run([(.referralDecision(consentGiven: true), 0), (.referralMarkedReady, 1), (.referralSubmitted, 1),
                             (.reasonableGroundsDecision(.positive), 4), (.conclusiveGroundsDecision(.positive), 40),
                             (.recoveryNeedsAssessment([.accommodation, .supportWorker]), 50), (.closed(reason: "Settled"), 100)],
                            facts: Self.adult())
        #expect(state.stage == .closed)
        #expect(state.reasonableGrounds == .init(outcome: .positive, on: Self.start.adding(days: 4), madeBy: .competentAuthority))
        #expect(state.conclusiveGrounds?.outcome == .positive)
        #expect(state.supportPillars == [.accommodation, .supportWorker])
    }

    @Test func anAdultWhoDeclinesGoesToDutyToNotify() throws {
        let state = try run([(.referralDecision(consentGiven: false), 0)], facts: Self.adult())
        #expect(state.stage == .dutyToNotify)
        #expect(throws: PathwayRefusal.self) { try Pathway.apply(.referralSubmitted, on: Self.start, today: Self.today, to: state, facts: Self.adult()) }
    }

    @Test func anAdultNeedsAConsentAnswer() {
        #expect(throws: PathwayRefusal("Record whether the adult gave informed consent to be referred to the NRM.")) {
            try run([(.referralDecision(consentGiven: nil), 0)], facts: Self.adult())
        }
    }

    @Test func aChildIsReferredEvenIfConsentIsRefused() throws {
        #expect(try run([(.referralDecision(consentGiven: false), 0)], facts: Self.child()).stage == .preparingReferral)
        #expect(try run([(.referralDecision(consentGiven: false), 0)], facts: CaseFacts(ageGroup: .unknown)).stage == .preparingReferral)
    }

    @Test func anIncompleteReferralCannotBeMarkedReadyAndSaysWhatIsMissing() {
        let missing = [MissingDetail(section: "What happened", field: "whatHappened", label: "what happened to them")]
        #expect(throws: PathwayRefusal("The referral cannot be marked ready. Still missing: what happened to them.")) {
            try run([(.referralDecision(consentGiven: true), 0), (.referralMarkedReady, 0)], facts: Self.adult(missing))
        }
        #expect(throws: PathwayRefusal.self) { try run([(.referralDecision(consentGiven: true), 0), (.referralSubmitted, 0)], facts: Self.adult()) }
    }

    @Test func decisionsCannotPrecedeWhatTheyDecide() {
        let submitted: [(PathwayEvent, Int)] = [(.referralDecision(consentGiven: nil), 5), (.referralMarkedReady, 5), (.referralSubmitted, 5)]
        #expect(throws: PathwayRefusal("The date cannot be before the last step recorded on this case (2026-03-07).")) {
            try run(submitted + [(.reasonableGroundsDecision(.positive), 2)], facts: Self.child())
        }
        #expect(throws: PathwayRefusal("A Conclusive Grounds decision cannot come before the 30-day recovery period ends (2026-04-08).")) {
            try run(submitted + [(.reasonableGroundsDecision(.positive), 7), (.conclusiveGroundsDecision(.positive), 20)], facts: Self.child())
        }
        #expect(throws: PathwayRefusal("The date cannot be in the future.")) {
            try run([(.referralDecision(consentGiven: nil), 400)], facts: Self.child())
        }
    }

    @Test func reconsiderationReopensTheDecision() throws {
        let state = try run([(.referralDecision(consentGiven: nil), 0), (.referralMarkedReady, 0), (.referralSubmitted, 0),
                             (.reasonableGroundsDecision(.negative), 3), (.reconsiderationRequested, 5),
                             (.reasonableGroundsDecision(.positive), 9)], facts: Self.child())
        #expect(state.stage == .recoveryPeriod)
        #expect(!state.reconsiderationPending)
    }

    @Test func aClosedCaseTakesNothingMore() throws {
        let closed = try run([(.closed(reason: "Moved away"), 0)], facts: Self.adult())
        for event in Self.allEvents {
            #expect(throws: PathwayRefusal.self) { try Pathway.apply(event, on: Self.start, today: Self.today, to: closed, facts: Self.adult()) }
        }
        #expect(throws: PathwayRefusal("Give the reason for closing the case.")) { try run([(.closed(reason: "  "), 0)], facts: Self.adult()) }
    }

    static let allEvents: [PathwayEvent] = [
        .referralDecision(consentGiven: true), .referralDecision(consentGiven: false), .referralDecision(consentGiven: nil),
        .referralMarkedReady, .referralSubmitted, .reasonableGroundsDecision(.positive), .reasonableGroundsDecision(.negative),
        .conclusiveGroundsDecision(.positive), .conclusiveGroundsDecision(.negative), .reconsiderationRequested,
        .recoveryNeedsAssessment([.financialSupport]), .transitionToAdultSupport, .consentAfterNotification, .closed(reason: "done"),
    ]

    /// Every stage × every event: allowed exactly where the transition table says.
    @Test func everyTransitionIsAllowedOrRefusedAsTheTableSays() throws {
        let allowed: [Stage: Set<String>] = [
            .identified: ["referral_decision", "closed"],
            .preparingReferral: ["referral_marked_ready", "closed"],
            .dutyToNotify: ["closed"],
            .referralSubmitted: ["reasonable_grounds_decision", "closed"],
            .negativeReasonableGrounds: ["reconsideration_requested", "closed"],
            .recoveryPeriod: ["conclusive_grounds_decision", "closed"],
            .negativeConclusiveGrounds: ["reconsideration_requested", "closed"],
            .recoveryNeedsAssessment: ["recovery_needs_assessment", "closed"],
            .moveOn: ["closed"],
            .childrensServicesSupport: ["transition_to_adult_support", "closed"],
            .closed: [],
        ]
        for stage in Stage.allCases {
            var state = PathwayState()
            state.stage = stage
            state.stageEnteredOn = Self.start
            for event in Self.allEvents {
                let ok = (try? Pathway.apply(event, on: Self.start.adding(days: 60), today: Self.today, to: state, facts: Self.adult())) != nil
                // Without a recorded consent, an adult's Duty to Notify does not become a referral.
                let expected = allowed[stage]!.contains(event.name) && !(event == .referralDecision(consentGiven: nil))
                #expect(ok == expected, "\(stage) + \(event.name)")
            }
        }
    }

    /// Property: no sequence of actions, however random, reaches an invalid state.
    @Test(arguments: [1, 2, 3, 4, 5, 6, 7, 8] as [UInt64])
    func noSequenceOfActionsReachesAnInvalidState(seed: UInt64) {
        var random = SplitMix64(seed: seed)
        for _ in 0..<500 {
            let facts = CaseFacts(ageGroup: [AgeGroup.adult, .child, .unknown][Int(random.next() % 3)],
                                  missingReferralDetails: random.next() % 4 == 0 ? [MissingDetail(section: "s", field: "f", label: "x")] : [],
                                  inChildDecisionPilot: random.next() % 2 == 0, referralConsent: [nil, true, false][Int(random.next() % 3)])
            var state = PathwayState()
            var day = Self.start
            for _ in 0..<12 {
                day = day.adding(days: Int(random.next() % 40) - 5)
                let event = Self.allEvents[Int(random.next() % UInt64(Self.allEvents.count))]
                guard let next = try? Pathway.apply(event, on: day, today: Self.today, to: state, facts: facts) else { continue }
                Self.checkInvariants(before: state, after: next, event: event, on: day, facts: facts)
                state = next
            }
        }
    }

    static func checkInvariants(before: PathwayState, after: PathwayState, event: PathwayEvent, on day: Day, facts: CaseFacts) {
        #expect(before.stage != .closed)
        #expect(day <= today)
        if let last = before.lastEventOn { #expect(day >= last) }
        if after.stage == .dutyToNotify { #expect(facts.ageGroup == .adult) }
        if after.stage == .referralSubmitted && before.stage == .preparingReferral {
            #expect(before.referralReady && facts.missingReferralDetails.isEmpty)
        }
        if let rg = after.reasonableGrounds, let submitted = after.referralSubmittedOn { #expect(rg.on >= submitted) }
        if let cg = after.conclusiveGrounds, let rg = after.reasonableGrounds { #expect(cg.on >= rg.on.adding(days: 30)) }
        if after.conclusiveGrounds != nil { #expect(after.reasonableGrounds?.outcome == .positive) }
        if [.recoveryPeriod, .negativeConclusiveGrounds, .recoveryNeedsAssessment, .moveOn].contains(after.stage) {
            #expect(after.reasonableGrounds != nil)
        }
        if after.stage == .moveOn { #expect(after.conclusiveGrounds?.outcome == .positive) }
        // A child never enters the adult Recovery Needs Assessment or move-on.
        // (They reach the adult assessment only by the transition to adult support at 18.)
        if facts.ageGroup.treatedAsChild {
            #expect(after.stage != .moveOn)
            if after.stage == .recoveryNeedsAssessment { #expect(after.adultSupportFrom != nil) }
        }
        if after.stage == .childrensServicesSupport { #expect(after.conclusiveGrounds?.outcome == .positive && facts.ageGroup.treatedAsChild) }
        if after.stage == .dutyToNotify { #expect(after.notifiedOn != nil) }
        if before.stage == .dutyToNotify && after.stage == .preparingReferral { #expect(facts.referralConsent == true && after.notifiedOn == before.notifiedOn) }
        for decision in [after.reasonableGrounds, after.conclusiveGrounds].compactMap({ $0 }) where decision.on == day {
            #expect(decision.madeBy == facts.decisionMaker)
        }
    }

    @Test func overdueStagesAreFlaggedFromTheConfiguredLimits() throws {
        var state = try run([(.referralDecision(consentGiven: nil), 0), (.referralMarkedReady, 0), (.referralSubmitted, 0)],
                            facts: Self.child())
        let limits = PathwayTimeLimits()
        // Submitted on Monday 2 March: five working days later is Monday 9 March.
        #expect(state.deadline(limits: limits)?.due == Day(year: 2026, month: 3, day: 9))
        #expect(!state.isOverdue(on: Day(year: 2026, month: 3, day: 9)!, limits: limits))
        #expect(state.isOverdue(on: Day(year: 2026, month: 3, day: 10)!, limits: limits))
        var longer = limits
        longer.reasonableGroundsWorkingDays = 10
        longer.holidays = [Day(year: 2026, month: 3, day: 4)!]
        #expect(state.deadline(limits: longer)?.due == Day(year: 2026, month: 3, day: 17))
        state.stage = .recoveryPeriod
        #expect(state.deadline(limits: limits) == nil)
    }
}

@Suite struct DayTests {
    @Test func convertsToAndFromCalendarDates() {
        #expect(Day(year: 1970, month: 1, day: 1)?.daysSinceEpoch == 0)
        #expect(Day(year: 2000, month: 3, day: 1)?.iso == "2000-03-01")
        #expect(Day(iso: "2024-02-29")?.components.day == 29)
        #expect(Day(iso: "2025-02-29") == nil)
        #expect(Day(iso: "2026-13-01") == nil)
        #expect(Day(iso: "26-1-1") == nil)
        #expect(Day(iso: "1800-01-01") == nil)
        #expect(Day(year: 2026, month: 11, day: 22)?.weekday == 7)
        for offset in stride(from: -30_000, to: 80_000, by: 997) {
            let day = Day(daysSinceEpoch: offset)
            let c = day.components
            #expect(Day(year: c.year, month: c.month, day: c.day) == day || c.year < 1900 || c.year > 2200)
        }
    }
}

/// A small deterministic generator so property tests repeat exactly.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
