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

    public struct Decision: Sendable, Equatable, Codable {
        public let outcome: DecisionOutcome
        public let on: Day
    }

    public init() {}
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

    public init(ageGroup: AgeGroup, missingReferralDetails: [MissingDetail] = []) {
        self.ageGroup = ageGroup
        self.missingReferralDetails = missingReferralDetails
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
            next.reasonableGrounds = .init(outcome: outcome, on: date)
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
            next.conclusiveGrounds = .init(outcome: outcome, on: date)
            next.reconsiderationPending = false
            move(to: outcome == .positive ? .recoveryNeedsAssessment : .negativeConclusiveGrounds)
        case .reconsiderationRequested:
            try require([.negativeReasonableGrounds, .negativeConclusiveGrounds],
                        "Reconsideration can only be requested after a negative decision.")
            next.reconsiderationPending = true
            move(to: state.stage == .negativeReasonableGrounds ? .referralSubmitted : .recoveryPeriod)
        case .recoveryNeedsAssessment(let pillars):
            try require([.recoveryNeedsAssessment], "A Recovery Needs Assessment follows a positive Conclusive Grounds decision.")
            next.supportPillars = pillars
            move(to: .moveOn)
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
        case .dutyToNotify: [.closed]
        case .referralSubmitted: [.reasonableGroundsDecision, .closed]
        case .negativeReasonableGrounds, .negativeConclusiveGrounds: [.reconsiderationRequested, .closed]
        case .recoveryPeriod: [.conclusiveGroundsDecision, .closed]
        case .recoveryNeedsAssessment: [.recoveryNeedsAssessment, .closed]
        case .moveOn: [.closed]
        case .closed: []
        }
    }
}
