/// Reads a posted step (page form or JSON: every value a string) into a pathway event and
/// the day it happened. Whether the step may happen now is `Pathway.apply`'s question.
public enum PathwayEventReader {
    /// `fieldPrefix` names the fields as the page does when it shows several steps' forms at
    /// once (`closed-reason`); the API leaves it empty (`reason`).
    public static func read(_ kind: PathwayEventKind, date: String?, outcome: String?, pillars: [String]?, reason: String?,
                            today: Day, fieldPrefix: String = "") -> Result<(PathwayEvent, Day), ValidationProblems> {
        func field(_ f: String) -> String { fieldPrefix.isEmpty ? f : "\(fieldPrefix)-\(f)" }
        var errors = ValidationProblems()
        let day = CaseValidation.day(date, field: field("date"), label: "the date", today: today, required: true, into: &errors)
        var event: PathwayEvent?
        switch kind {
        case .referralDecision: event = .referralDecision(consentGiven: nil)
        case .referralMarkedReady: event = .referralMarkedReady
        case .referralSubmitted: event = .referralSubmitted
        case .reconsiderationRequested: event = .reconsiderationRequested
        case .transitionToAdultSupport: event = .transitionToAdultSupport
        case .consentAfterNotification: event = .consentAfterNotification
        case .reasonableGroundsDecision, .conclusiveGroundsDecision:
            guard let decided = outcome.flatMap(DecisionOutcome.init(rawValue:)) else {
                errors.add(field("outcome"), "Select whether the decision was positive or negative")
                break
            }
            event = kind == .reasonableGroundsDecision ? .reasonableGroundsDecision(decided) : .conclusiveGroundsDecision(decided)
        case .recoveryNeedsAssessment:
            let chosen = (pillars ?? []).compactMap(SupportPillar.init(rawValue:))
            if chosen.count != (pillars ?? []).count { errors.add(field("pillars"), "Select support from the list") }
            event = .recoveryNeedsAssessment(Set(chosen))
        case .closed:
            let text = CaseValidation.text(reason, field: field("reason"), label: "the reason for closing",
                                           limit: Pathway.maximumCloseReasonLength, multiline: true, required: true, into: &errors)
            event = .closed(reason: text ?? "")
        }
        // Fields this step does not use must still be valid when sent: nothing is ignored unread.
        if !kind.takesOutcome, let outcome, !outcome.isEmpty, DecisionOutcome(rawValue: outcome) == nil {
            errors.add(field("outcome"), "Select whether the decision was positive or negative")
        }
        if kind != .recoveryNeedsAssessment, let pillars, pillars.contains(where: { SupportPillar(rawValue: $0) == nil }) {
            errors.add(field("pillars"), "Select support from the list")
        }
        if kind != .closed {
            _ = CaseValidation.text(reason, field: field("reason"), label: "the reason", limit: Pathway.maximumCloseReasonLength,
                                    multiline: true, into: &errors)
        }
        guard errors.isEmpty, let event, let day else { return .failure(errors) }
        return .success((event, day))
    }
}
