/// Where a case is on the National Referral Mechanism pathway.
public enum Stage: String, Sendable, CaseIterable, Codable {
    /// Recorded; the decision to refer (or notify) is not yet made.
    case identified
    /// A child, or an adult who consented: the referral is being prepared.
    case preparingReferral = "preparing_referral"
    /// An adult who declined: an anonymous Duty to Notify report was made.
    case dutyToNotify = "duty_to_notify"
    /// Submitted to the competent authority; awaiting the Reasonable Grounds decision.
    case referralSubmitted = "referral_submitted"
    /// Negative Reasonable Grounds: reconsideration may be requested, or the case closed.
    case negativeReasonableGrounds = "negative_reasonable_grounds"
    /// Positive Reasonable Grounds: recovery period, awaiting the Conclusive Grounds decision.
    case recoveryPeriod = "recovery_period"
    /// Negative Conclusive Grounds: reconsideration may be requested, or the case closed.
    case negativeConclusiveGrounds = "negative_conclusive_grounds"
    /// Positive Conclusive Grounds: the Recovery Needs Assessment is due.
    case recoveryNeedsAssessment = "recovery_needs_assessment"
    /// Move-on support after the assessment.
    case moveOn = "move_on"
    /// Positive Conclusive Grounds for a child: supported by the local authority's children's
    /// services (Children Act 1989), never the adult Recovery Needs Assessment or move-on.
    /// At 18 the case moves to the adult Recovery Needs Assessment (`transitionToAdultSupport`).
    case childrensServicesSupport = "childrens_services_support"
    case closed

    public var label: String {
        switch self {
        case .identified: "Identified"
        case .preparingReferral: "Preparing referral"
        case .dutyToNotify: "Duty to Notify made"
        case .referralSubmitted: "Awaiting Reasonable Grounds decision"
        case .negativeReasonableGrounds: "Negative Reasonable Grounds"
        case .recoveryPeriod: "Recovery period"
        case .negativeConclusiveGrounds: "Negative Conclusive Grounds"
        case .recoveryNeedsAssessment: "Recovery Needs Assessment due"
        case .moveOn: "Move-on"
        case .childrensServicesSupport: "Supported by children's services"
        case .closed: "Closed"
        }
    }
}
