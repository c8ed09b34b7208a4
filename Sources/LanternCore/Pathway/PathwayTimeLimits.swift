/// The pathway's time limits. They are configuration, not code: the NRM's have changed
/// several times (the recovery period went from 45 to 30 days in 2022–23).
public struct PathwayTimeLimits: Sendable, Equatable, Codable {
    /// Target for a Reasonable Grounds decision after a referral, in working days.
    public var reasonableGroundsWorkingDays = 5
    /// Minimum recovery period after a positive Reasonable Grounds decision, in days.
    public var minimumRecoveryDays = 30
    /// How long a referral may stay in preparation before it is flagged, in days.
    public var referralPreparationDays = 5
    /// How long after a positive Conclusive Grounds decision the RNA should be done, in days.
    public var recoveryNeedsAssessmentDays = 30
    /// Move-on support after the RNA, in days.
    public var moveOnDays = 45
    /// Exit support after a negative decision, in days.
    public var negativeDecisionExitDays = 14
    /// Bank holidays skipped when counting working days.
    public var holidays: Set<Day> = []

    public init() {}
}

/// When the current stage should be finished, and what is waited for.
public struct StageDeadline: Sendable, Equatable {
    public let due: Day
    public let description: String
}

extension PathwayState {
    /// The deadline of the current stage, if it has one.
    public func deadline(limits: PathwayTimeLimits) -> StageDeadline? {
        guard let entered = stageEnteredOn else { return nil }
        switch stage {
        case .preparingReferral:
            return StageDeadline(due: entered.adding(days: limits.referralPreparationDays), description: "Referral to be submitted")
        case .referralSubmitted:
            return StageDeadline(due: entered.adding(workingDays: limits.reasonableGroundsWorkingDays, holidays: limits.holidays),
                                 description: "Reasonable Grounds decision expected")
        case .recoveryNeedsAssessment:
            return StageDeadline(due: entered.adding(days: limits.recoveryNeedsAssessmentDays),
                                 description: "Recovery Needs Assessment to be done")
        case .moveOn:
            return StageDeadline(due: entered.adding(days: limits.moveOnDays), description: "Move-on support ends")
        case .negativeReasonableGrounds, .negativeConclusiveGrounds:
            return StageDeadline(due: entered.adding(days: limits.negativeDecisionExitDays),
                                 description: "Exit support ends: close the case or request reconsideration")
        case .identified, .dutyToNotify, .recoveryPeriod, .childrensServicesSupport, .closed:
            return nil
        }
    }

    public func isOverdue(on today: Day, limits: PathwayTimeLimits) -> Bool {
        guard let deadline = deadline(limits: limits) else { return false }
        return today > deadline.due
    }
}
