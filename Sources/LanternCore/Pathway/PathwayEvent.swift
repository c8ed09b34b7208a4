/// Something that happens to a case on the pathway. Each is dated (the day it happened, not
/// the day it was typed in) and attributed by whoever records it.
public enum PathwayEvent: Sendable, Equatable, Codable {
    /// The decision to refer: children always; adults only with informed consent.
    case referralDecision(consentGiven: Bool?)
    /// The referral has every detail it needs and may be submitted.
    case referralMarkedReady
    case referralSubmitted
    case reasonableGroundsDecision(DecisionOutcome)
    case conclusiveGroundsDecision(DecisionOutcome)
    /// Reconsideration of a negative decision was requested from the competent authority.
    case reconsiderationRequested
    case recoveryNeedsAssessment(Set<SupportPillar>)
    /// A child supported by children's services turns 18: the case moves to the adult
    /// Recovery Needs Assessment and the case's age group becomes adult.
    case transitionToAdultSupport
    /// An adult who declined (Duty to Notify) later consents: the case becomes a referral
    /// being prepared, keeping its history and the original notification's date.
    case consentAfterNotification
    case closed(reason: String)

    /// Which step this is, without its details.
    public var kind: PathwayEventKind {
        switch self {
        case .referralDecision: .referralDecision
        case .referralMarkedReady: .referralMarkedReady
        case .referralSubmitted: .referralSubmitted
        case .reasonableGroundsDecision: .reasonableGroundsDecision
        case .conclusiveGroundsDecision: .conclusiveGroundsDecision
        case .reconsiderationRequested: .reconsiderationRequested
        case .recoveryNeedsAssessment: .recoveryNeedsAssessment
        case .transitionToAdultSupport: .transitionToAdultSupport
        case .consentAfterNotification: .consentAfterNotification
        case .closed: .closed
        }
    }

    /// The stable name stored on the timeline, used in addresses and audit actions.
    public var name: String { kind.rawValue }

    public var label: String {
        switch self {
        case .referralDecision(let consent?) where !consent: "Adult declined: Duty to Notify"
        case .referralDecision: "Decision to refer to the NRM"
        case .referralMarkedReady: "Referral marked ready to submit"
        case .referralSubmitted: "Referral submitted"
        case .reasonableGroundsDecision(let outcome): "\(outcome == .positive ? "Positive" : "Negative") Reasonable Grounds decision"
        case .conclusiveGroundsDecision(let outcome): "\(outcome == .positive ? "Positive" : "Negative") Conclusive Grounds decision"
        case .reconsiderationRequested: "Reconsideration requested"
        case .recoveryNeedsAssessment: "Recovery Needs Assessment"
        case .transitionToAdultSupport: "Transition to adult support at 18"
        case .consentAfterNotification: "Adult consented after the Duty to Notify: referral to be prepared"
        case .closed: "Case closed"
        }
    }
}

/// The steps of the pathway by name: the one vocabulary of event names for the timeline,
/// the forms' addresses, the API's `event` field and the audit actions (`case.<name>`).
public enum PathwayEventKind: String, Sendable, CaseIterable, Codable {
    case referralDecision = "referral_decision"
    case referralMarkedReady = "referral_marked_ready"
    case referralSubmitted = "referral_submitted"
    case reasonableGroundsDecision = "reasonable_grounds_decision"
    case conclusiveGroundsDecision = "conclusive_grounds_decision"
    case reconsiderationRequested = "reconsideration_requested"
    case recoveryNeedsAssessment = "recovery_needs_assessment"
    case transitionToAdultSupport = "transition_to_adult_support"
    case consentAfterNotification = "consent_after_notification"
    case closed

    /// Whether recording this step asks for the decision's outcome (positive or negative).
    public var takesOutcome: Bool { self == .reasonableGroundsDecision || self == .conclusiveGroundsDecision }
}
