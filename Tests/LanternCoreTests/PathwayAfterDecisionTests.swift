import Foundation
import Testing
@testable import LanternCore

/// Issue 11: a child's pathway after a positive Conclusive Grounds decision, the local panel's
/// decisions for children in pilot boroughs, and a Duty to Notify that becomes a referral.
@Suite struct PathwayAfterDecisionTests {
    static let start = Day(year: 2026, month: 3, day: 2)!
    static let today = Day(year: 2026, month: 11, day: 20)!
    static let toPositiveCG: [(PathwayEvent, Int)] = [
        (.referralDecision(consentGiven: nil), 0), (.referralMarkedReady, 1), (.referralSubmitted, 1),
        (.reasonableGroundsDecision(.positive), 4), (.conclusiveGroundsDecision(.positive), 40),
    ]

    func run(_ events: [(PathwayEvent, Int)], facts: CaseFacts, from state: PathwayState = PathwayState()) throws(PathwayRefusal) -> PathwayState {
        var state = state
        for (event, offset) in events {
            state = try Pathway.apply(event, on: Self.start.adding(days: offset), today: Self.today, to: state, facts: facts)
        }
        return state
    }

    // MARK: Children

    @Test(arguments: [AgeGroup.child, .unknown])
    func aChildWithPositiveConclusiveGroundsIsSupportedByChildrensServices(age: AgeGroup) throws {
        let state = try run(Self.toPositiveCG, facts: CaseFacts(ageGroup: age))
        #expect(state.stage == .childrensServicesSupport)
        #expect(state.stage.label == "Supported by children's services")
        // No Recovery Needs Assessment and no "Move-on support ends".
        #expect(state.deadline(limits: PathwayTimeLimits()) == nil)
        #expect(Pathway.possibleEvents(from: state, facts: CaseFacts(ageGroup: age)) == [.transitionToAdultSupport, .closed])
    }

    @Test func anAdultWithPositiveConclusiveGroundsStillHasTheAssessment() throws {
        let state = try run([(.referralDecision(consentGiven: true), 0)] + Self.toPositiveCG.dropFirst(), facts: CaseFacts(ageGroup: .adult))
        #expect(state.stage == .recoveryNeedsAssessment)
    }

    @Test func theAssessmentIsRefusedOnAChildsCaseWithAClearMessage() throws {
        let child = CaseFacts(ageGroup: .child)
        let supported = try run(Self.toPositiveCG, facts: child)
        let message = PathwayRefusal("A child's case has no Recovery Needs Assessment: children are supported by children's services. Record the transition to adult support when they turn 18.")
        #expect(throws: message) { try run([(.recoveryNeedsAssessment([.accommodation]), 50)], facts: child, from: supported) }
        // Even a case stored at the assessment stage before this rule (still a child's) refuses it
        // and does not offer it.
        var legacy = supported
        legacy.stage = .recoveryNeedsAssessment
        #expect(throws: message) { try run([(.recoveryNeedsAssessment([]), 50)], facts: child, from: legacy) }
        #expect(Pathway.possibleEvents(from: legacy, facts: child) == [.closed])
    }

    @Test func atEighteenTheChildMovesToTheAdultAssessment() throws {
        let born = Day(year: 2008, month: 6, day: 1)!
        let child = CaseFacts(ageGroup: .child, dateOfBirth: born)
        let supported = try run(Self.toPositiveCG, facts: child)
        // Not before their 18th birthday.
        #expect(throws: PathwayRefusal("The transition to adult support is at 18: they turn 18 on 2026-06-01.")) {
            try Pathway.apply(.transitionToAdultSupport, on: Day(year: 2026, month: 5, day: 31)!, today: Self.today, to: supported, facts: child)
        }
        let adult = try Pathway.apply(.transitionToAdultSupport, on: Day(year: 2026, month: 6, day: 1)!, today: Self.today,
                                      to: supported, facts: child)
        #expect(adult.stage == .recoveryNeedsAssessment)
        #expect(adult.adultSupportFrom == Day(year: 2026, month: 6, day: 1))
        #expect(adult.deadline(limits: PathwayTimeLimits())?.description == "Recovery Needs Assessment to be done")
        // Now an adult's case (the service sets the age group): the assessment and move-on follow.
        let moveOn = try Pathway.apply(.recoveryNeedsAssessment([.supportWorker]), on: Day(year: 2026, month: 6, day: 10)!,
                                       today: Self.today, to: adult, facts: CaseFacts(ageGroup: .adult))
        #expect(moveOn.stage == .moveOn)
        #expect(moveOn.deadline(limits: PathwayTimeLimits())?.description == "Move-on support ends")
    }

    @Test func theTransitionOnlyFollowsChildrensServicesSupport() throws {
        #expect(throws: PathwayRefusal.self) { try run([(.transitionToAdultSupport, 0)], facts: CaseFacts(ageGroup: .child)) }
        let recovery = try run(Array(Self.toPositiveCG.prefix(4)), facts: CaseFacts(ageGroup: .child))
        #expect(throws: PathwayRefusal.self) { try run([(.transitionToAdultSupport, 40)], facts: CaseFacts(ageGroup: .child), from: recovery) }
    }

    @Test func aLeapDayBirthdayTurnsEighteenOnTheFirstOfMarch() {
        #expect(Day(year: 2008, month: 2, day: 29)!.anniversary(years: 18) == Day(year: 2026, month: 3, day: 1))
        #expect(Day(year: 2008, month: 2, day: 29)!.anniversary(years: 16) == Day(year: 2024, month: 2, day: 29))
    }

    // MARK: Local panel decisions

    @Test func aChildsDecisionsInAPilotBoroughAreTheLocalPanels() throws {
        let state = try run(Self.toPositiveCG, facts: CaseFacts(ageGroup: .child, inChildDecisionPilot: true))
        #expect(state.reasonableGrounds?.madeBy == .localPanel)
        #expect(state.conclusiveGrounds?.madeBy == .localPanel)
        #expect(state.stage == .childrensServicesSupport)
    }

    @Test func elsewhereAndForAdultsTheCompetentAuthorityDecides() throws {
        let child = try run(Self.toPositiveCG, facts: CaseFacts(ageGroup: .child, inChildDecisionPilot: false))
        #expect(child.reasonableGrounds?.madeBy == .competentAuthority)
        let adult = try run([(.referralDecision(consentGiven: true), 0)] + Self.toPositiveCG.dropFirst(),
                            facts: CaseFacts(ageGroup: .adult, inChildDecisionPilot: true))
        #expect(adult.reasonableGrounds?.madeBy == .competentAuthority)
        #expect(adult.conclusiveGrounds?.madeBy == .competentAuthority)
    }

    @Test func aDecisionStoredBeforeWhoDecidedWasRecordedReadsAsTheCompetentAuthoritys() throws {
        let old = #"{"lastEventOn":{"daysSinceEpoch":20500},"referralReady":true,"reasonableGrounds":{"outcome":"positive","on":{"daysSinceEpoch":20500}},"reconsiderationPending":false,"stage":"recovery_period","stageEnteredOn":{"daysSinceEpoch":20500},"supportPillars":[]}"#
        let state = try JSONDecoder().decode(PathwayState.self, from: Data(old.utf8))
        #expect(state.reasonableGrounds?.madeBy == nil)
        #expect(state.reasonableGrounds?.maker == .competentAuthority)
        #expect(state.notifiedOn == nil)
        // And the new field round-trips.
        var panel = state
        panel.reasonableGrounds = .init(outcome: .positive, on: Day(daysSinceEpoch: 20500), madeBy: .localPanel)
        let again = try JSONDecoder().decode(PathwayState.self, from: JSONEncoder().encode(panel))
        #expect(again.reasonableGrounds?.madeBy == .localPanel)
    }

    // MARK: Duty to Notify → referral

    @Test func anAdultWhoConsentsAfterTheNotificationIsReferredKeepingTheNotificationDate() throws {
        let declined = try run([(.referralDecision(consentGiven: false), 3)], facts: CaseFacts(ageGroup: .adult, referralConsent: false))
        #expect(declined.stage == .dutyToNotify)
        #expect(declined.notifiedOn == Self.start.adding(days: 3))
        #expect(Pathway.possibleEvents(from: declined, facts: CaseFacts(ageGroup: .adult)) == [.consentAfterNotification, .closed])
        let consenting = CaseFacts(ageGroup: .adult, referralConsent: true)
        let referral = try run([(.consentAfterNotification, 30)], facts: consenting, from: declined)
        #expect(referral.stage == .preparingReferral)
        #expect(referral.notifiedOn == Self.start.adding(days: 3))
        #expect(referral.consentAfterNotificationOn == Self.start.adding(days: 30))
        #expect(referral.deadline(limits: PathwayTimeLimits())?.description == "Referral to be submitted")
        // The rest of the referral pathway follows as for any adult.
        let submitted = try run([(.referralMarkedReady, 31), (.referralSubmitted, 31)], facts: consenting, from: referral)
        #expect(submitted.stage == .referralSubmitted)
        #expect(submitted.notifiedOn == Self.start.adding(days: 3))
    }

    @Test func withoutARecordedConsentTheNotificationStaysOne() throws {
        let declined = try run([(.referralDecision(consentGiven: false), 0)], facts: CaseFacts(ageGroup: .adult))
        let message = PathwayRefusal("Record the adult's consent to being referred to the NRM first (consent records).")
        for consent in [nil, false] as [Bool?] {
            #expect(throws: message) {
                try run([(.consentAfterNotification, 5)], facts: CaseFacts(ageGroup: .adult, referralConsent: consent), from: declined)
            }
        }
    }

    @Test func onlyANotificationBecomesAReferral() throws {
        let consenting = CaseFacts(ageGroup: .adult, referralConsent: true)
        #expect(throws: PathwayRefusal.self) { try run([(.consentAfterNotification, 0)], facts: consenting) }
        let preparing = try run([(.referralDecision(consentGiven: true), 0)], facts: consenting)
        #expect(throws: PathwayRefusal.self) { try run([(.consentAfterNotification, 1)], facts: consenting, from: preparing) }
        let closed = try run([(.referralDecision(consentGiven: false), 0), (.closed(reason: "No further contact"), 1)], facts: consenting)
        #expect(throws: PathwayRefusal.self) { try run([(.consentAfterNotification, 2)], facts: consenting, from: closed) }
    }

    @Test func aNotificationStoredBeforeItsDateWasKeptUsesTheDayItWasMade() throws {
        var declined = try run([(.referralDecision(consentGiven: false), 4)], facts: CaseFacts(ageGroup: .adult))
        declined.notifiedOn = nil
        let referral = try run([(.consentAfterNotification, 9)], facts: CaseFacts(ageGroup: .adult, referralConsent: true), from: declined)
        #expect(referral.notifiedOn == Self.start.adding(days: 4))
    }

    @Test func theNewStepsReadFromAForm() throws {
        let today = Self.today
        #expect(try PathwayEventReader.read(.transitionToAdultSupport, date: "2026-11-19", outcome: nil, pillars: nil, reason: nil, today: today).get().0
                == .transitionToAdultSupport)
        #expect(try PathwayEventReader.read(.consentAfterNotification, date: "2026-11-19", outcome: nil, pillars: nil, reason: nil, today: today).get().0
                == .consentAfterNotification)
        #expect(PathwayEvent.transitionToAdultSupport.name == "transition_to_adult_support")
        #expect(PathwayEvent.consentAfterNotification.name == "consent_after_notification")
        #expect(Stage(rawValue: "childrens_services_support") == .childrensServicesSupport)
    }
}
