import LanternCore

/// Turns a posted step (page form or JSON) into a pathway event and its date.
enum EventParser {
    static func parse(name: String, date: String?, outcome: String?, pillars: [String]?, reason: String?, today: Day,
                      fieldPrefix: String = "") throws -> (PathwayEvent, Day) {
        func field(_ f: String) -> String { fieldPrefix.isEmpty ? f : "\(fieldPrefix)-\(f)" }
        var errors = FormErrors()
        let day = CaseValidation.day(date, field: field("date"), label: "the date", today: today, required: true, into: &errors)
        var event: PathwayEvent?
        switch name {
        case "referral_decision": event = .referralDecision(consentGiven: nil)
        case "referral_marked_ready": event = .referralMarkedReady
        case "referral_submitted": event = .referralSubmitted
        case "reconsideration_requested": event = .reconsiderationRequested
        case "reasonable_grounds_decision", "conclusive_grounds_decision":
            guard let decided = outcome.flatMap(DecisionOutcome.init(rawValue:)) else {
                errors.add(field("outcome"), "Select whether the decision was positive or negative")
                break
            }
            event = name == "reasonable_grounds_decision" ? .reasonableGroundsDecision(decided) : .conclusiveGroundsDecision(decided)
        case "recovery_needs_assessment":
            let chosen = (pillars ?? []).compactMap(SupportPillar.init(rawValue:))
            if chosen.count != (pillars ?? []).count { errors.add(field("pillars"), "Select support from the list") }
            event = .recoveryNeedsAssessment(Set(chosen))
        case "closed":
            let text = CaseValidation.text(reason, field: field("reason"), label: "the reason for closing", limit: Pathway.maximumCloseReasonLength,
                                           multiline: true, required: true, into: &errors)
            event = .closed(reason: text ?? "")
        default:
            throw LanternError.notFound
        }
        // Fields this step does not use must still be valid when sent: nothing is ignored unread.
        let decisions = ["reasonable_grounds_decision", "conclusive_grounds_decision"]
        if !decisions.contains(name), let outcome, !outcome.isEmpty, DecisionOutcome(rawValue: outcome) == nil {
            errors.add(field("outcome"), "Select whether the decision was positive or negative")
        }
        if name != "recovery_needs_assessment", let pillars, pillars.contains(where: { SupportPillar(rawValue: $0) == nil }) {
            errors.add(field("pillars"), "Select support from the list")
        }
        if name != "closed" {
            _ = CaseValidation.text(reason, field: field("reason"), label: "the reason", limit: Pathway.maximumCloseReasonLength,
                                    multiline: true, into: &errors)
        }
        guard errors.isEmpty, let event, let day else { throw LanternError.invalid(errors.items) }
        return (event, day)
    }
}
