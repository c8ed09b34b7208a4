import Foundation

/// A case's position on the pathway and the facts the rules need, rebuilt by applying its
/// events in order. Stored alongside the timeline so lists can filter without replaying.
public struct PathwayState: Sendable, Equatable, Codable {
    public var stage: Stage = .identified
    public var stageEnteredOn: Day?
    public var lastEventOn: Day?
    public var referralReady = false
    public var referralSubmittedOn: Day?
    public var reasonableGrounds: Decision?
    public var conclusiveGrounds: Decision?
    public var reconsiderationPending = false
    public var supportPillars: Set<SupportPillar> = []
    public var closedReason: String?
    /// The day the Duty to Notify was made (the adult declined). Kept when the adult later
    /// consents and the case becomes a referral. Nil in JSON stored before it existed.
    public var notifiedOn: Day?
    /// The day an adult who had declined consented and the case became a referral.
    public var consentAfterNotificationOn: Day?
    /// The day a child supported by children's services moved to adult support at 18.
    public var adultSupportFrom: Day?

    public struct Decision: Sendable, Equatable, Codable {
        public let outcome: DecisionOutcome
        public let on: Day
        /// Who decided; nil in JSON stored before it was recorded (the competent authority).
        public let madeBy: DecisionMaker?

        public init(outcome: DecisionOutcome, on: Day, madeBy: DecisionMaker? = nil) {
            self.outcome = outcome
            self.on = on
            self.madeBy = madeBy
        }

        /// Who decided, reading a decision stored before this was recorded as the competent authority's.
        public var maker: DecisionMaker { madeBy ?? .competentAuthority }
    }

    public init() {}
}

/// Who made a Reasonable or Conclusive Grounds decision: the Home Office's competent
/// authority, or (for a child in a borough taking part in the devolved child decision-making
/// pilot) the local multi-agency panel.
public enum DecisionMaker: String, Sendable, CaseIterable, Codable {
    case competentAuthority = "competent_authority"
    case localPanel = "local_panel"

    public var label: String {
        switch self {
        case .competentAuthority: "The competent authority"
        case .localPanel: "The local multi-agency panel (child decision-making pilot)"
        }
    }
}

/// Why an event cannot be applied, in words a caseworker understands.
public struct PathwayRefusal: Error, Equatable, Sendable, CustomStringConvertible {
    public let reason: String
    public var description: String { reason }
    public init(_ reason: String) { self.reason = reason }
}

/// What the rules need to know about the case besides its pathway.
public struct CaseFacts: Sendable, Equatable {
    public var ageGroup: AgeGroup
    /// What the completeness check says is still missing from the referral.
    public var missingReferralDetails: [MissingDetail]
    /// Whether the borough where the person was identified takes part in the devolved child
    /// decision-making pilot (`LANTERN_CHILD_DECISION_PILOT_BOROUGHS`): a child's decisions
    /// there are made by the local multi-agency panel.
    public var inChildDecisionPilot: Bool
    /// The adult's recorded decision about being referred (nil when none is recorded).
    public var referralConsent: Bool?
    /// Their date of birth when known: the move to adult support is not before their 18th birthday.
    public var dateOfBirth: Day?

    public init(ageGroup: AgeGroup, missingReferralDetails: [MissingDetail] = [], inChildDecisionPilot: Bool = false,
                referralConsent: Bool? = nil, dateOfBirth: Day? = nil) {
        self.ageGroup = ageGroup
        self.missingReferralDetails = missingReferralDetails
        self.inChildDecisionPilot = inChildDecisionPilot
        self.referralConsent = referralConsent
        self.dateOfBirth = dateOfBirth
    }

    /// Who makes this case's Reasonable and Conclusive Grounds decisions.
    public var decisionMaker: DecisionMaker {
        ageGroup.treatedAsChild && inChildDecisionPilot ? .localPanel : .competentAuthority
    }
}

extension Day {
    /// The day a person born on this day turns `years` old (29 February → 1 March in other years).
    public func anniversary(years: Int) -> Day {
        let (y, m, d) = components
        return Day(year: y + years, month: m, day: d) ?? Day(year: y + years, month: 3, day: 1) ?? self
    }
}

/// The rules of the pathway: which event may follow which, and when.
public enum Pathway {
    public static let maximumCloseReasonLength = 500

    /// Applies one event dated `on`, recorded on `today`. Throws, changing nothing, if the
    /// event is not allowed now.
    public static func apply(_ event: PathwayEvent, on date: Day, today: Day, to state: PathwayState,
                             facts: CaseFacts, limits: PathwayTimeLimits = PathwayTimeLimits()) throws(PathwayRefusal) -> PathwayState {
        guard state.stage != .closed else {
            throw PathwayRefusal("This case is closed. Nothing more can be recorded on it; open a new case if the person comes forward again.")
        }
        if date > today { throw PathwayRefusal("The date cannot be in the future.") }
        if let last = state.lastEventOn, date < last {
            throw PathwayRefusal("The date cannot be before the last step recorded on this case (\(last.iso)).")
        }
        var next = state
        next.lastEventOn = date
        func move(to stage: Stage) {
            next.stage = stage
            next.stageEnteredOn = date
        }
        func require(_ stages: Set<Stage>, _ message: String) throws(PathwayRefusal) {
            guard stages.contains(state.stage) else { throw PathwayRefusal(message + " The case is at: \(state.stage.label).") }
        }

        switch event {
        case .referralDecision(let consent):
            try require([.identified], "The decision to refer has already been recorded.")
            if facts.ageGroup.treatedAsChild {
                // Children (and anyone whose age is uncertain) are referred without consent.
                move(to: .preparingReferral)
            } else {
                guard let consent else {
                    throw PathwayRefusal("Record whether the adult gave informed consent to be referred to the NRM.")
                }
                move(to: consent ? .preparingReferral : .dutyToNotify)
                if !consent { next.notifiedOn = date }
            }
        case .referralMarkedReady:
            try require([.preparingReferral], "Only a referral being prepared can be marked ready.")
            guard facts.missingReferralDetails.isEmpty else {
                let list = facts.missingReferralDetails.map(\.label).joined(separator: "; ")
                throw PathwayRefusal("The referral cannot be marked ready. Still missing: \(list).")
            }
            next.referralReady = true
        case .referralSubmitted:
            try require([.preparingReferral], "Only a referral being prepared can be submitted.")
            guard state.referralReady else {
                throw PathwayRefusal("Mark the referral ready first: the completeness check must pass before it is submitted.")
            }
            move(to: .referralSubmitted)
            next.referralSubmittedOn = date
        case .reasonableGroundsDecision(let outcome):
            try require([.referralSubmitted], "A Reasonable Grounds decision can only follow a submitted referral.")
            if let submitted = state.referralSubmittedOn, date < submitted {
                throw PathwayRefusal("The decision cannot be dated before the referral was submitted (\(submitted.iso)).")
            }
            next.reasonableGrounds = .init(outcome: outcome, on: date, madeBy: facts.decisionMaker)
            next.reconsiderationPending = false
            move(to: outcome == .positive ? .recoveryPeriod : .negativeReasonableGrounds)
        case .conclusiveGroundsDecision(let outcome):
            try require([.recoveryPeriod], "A Conclusive Grounds decision can only follow a positive Reasonable Grounds decision.")
            if let rg = state.reasonableGrounds?.on {
                let earliest = rg.adding(days: limits.minimumRecoveryDays)
                if date < earliest {
                    throw PathwayRefusal("A Conclusive Grounds decision cannot come before the \(limits.minimumRecoveryDays)-day recovery period ends (\(earliest.iso)).")
                }
            }
            next.conclusiveGrounds = .init(outcome: outcome, on: date, madeBy: facts.decisionMaker)
            next.reconsiderationPending = false
            // A child never enters the adult Recovery Needs Assessment or move-on: children's
            // services support them until the transition to adult support at 18.
            let supported: Stage = facts.ageGroup.treatedAsChild ? .childrensServicesSupport : .recoveryNeedsAssessment
            move(to: outcome == .positive ? supported : .negativeConclusiveGrounds)
        case .reconsiderationRequested:
            try require([.negativeReasonableGrounds, .negativeConclusiveGrounds],
                        "Reconsideration can only be requested after a negative decision.")
            next.reconsiderationPending = true
            move(to: state.stage == .negativeReasonableGrounds ? .referralSubmitted : .recoveryPeriod)
        case .recoveryNeedsAssessment(let pillars):
            guard !facts.ageGroup.treatedAsChild else {
                throw PathwayRefusal("A child's case has no Recovery Needs Assessment: children are supported by children's services. Record the transition to adult support when they turn 18.")
            }
            try require([.recoveryNeedsAssessment], "A Recovery Needs Assessment follows a positive Conclusive Grounds decision.")
            next.supportPillars = pillars
            move(to: .moveOn)
        case .transitionToAdultSupport:
            try require([.childrensServicesSupport], "The transition to adult support follows a positive Conclusive Grounds decision for a child supported by children's services.")
            if let born = facts.dateOfBirth, date < born.anniversary(years: 18) {
                throw PathwayRefusal("The transition to adult support is at 18: they turn 18 on \(born.anniversary(years: 18).iso).")
            }
            next.adultSupportFrom = date
            move(to: .recoveryNeedsAssessment)
        case .consentAfterNotification:
            try require([.dutyToNotify], "Only a Duty to Notify case can become a referral when the adult consents.")
            guard facts.referralConsent == true else {
                throw PathwayRefusal("Record the adult's consent to being referred to the NRM first (consent records).")
            }
            // The whole history stays; the notification's date is kept (`notifiedOn`).
            next.notifiedOn = state.notifiedOn ?? state.stageEnteredOn
            next.consentAfterNotificationOn = date
            next.referralReady = false
            move(to: .preparingReferral)
        case .closed(let reason):
            let trimmed = reason.trimmingCharacters(in: .whitespacesAndNewlines)
            guard !trimmed.isEmpty else { throw PathwayRefusal("Give the reason for closing the case.") }
            guard trimmed.count <= maximumCloseReasonLength else {
                throw PathwayRefusal("The reason must be \(maximumCloseReasonLength) characters or fewer.")
            }
            next.closedReason = trimmed
            move(to: .closed)
        }
        return next
    }

    /// The events that could be recorded next (used to offer only sensible actions).
    public static func possibleEvents(from state: PathwayState, facts: CaseFacts) -> [PathwayEventKind] {
        switch state.stage {
        case .identified: [.referralDecision, .closed]
        case .preparingReferral: (state.referralReady ? [.referralSubmitted] : [.referralMarkedReady]) + [.closed]
        case .dutyToNotify: [.consentAfterNotification, .closed]
        case .referralSubmitted: [.reasonableGroundsDecision, .closed]
        case .negativeReasonableGrounds, .negativeConclusiveGrounds: [.reconsiderationRequested, .closed]
        case .recoveryPeriod: [.conclusiveGroundsDecision, .closed]
        case .recoveryNeedsAssessment: (facts.ageGroup.treatedAsChild ? [] : [.recoveryNeedsAssessment]) + [.closed]
        case .childrensServicesSupport: [.transitionToAdultSupport, .closed]
        case .moveOn: [.closed]
        case .closed: []
        }
    }
}
