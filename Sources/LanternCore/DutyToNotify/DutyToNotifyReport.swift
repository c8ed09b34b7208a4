import Foundation

/// Why the adult did not want to be referred, as the Duty to Notify report records it (the
/// Home Office form asks the reason for refusal). Codes, never free text that could identify.
public enum NotificationRefusalReason: String, Sendable, CaseIterable, Codable {
    case fearOfExploiters = "fear_of_exploiters"
    case distrustOfAuthorities = "distrust_of_authorities"
    case immigrationConcerns = "immigration_concerns"
    case doesNotIdentifyAsVictim = "does_not_identify_as_victim"
    case wantsToReturnHome = "wants_to_return_home"
    case notReadyNow = "not_ready_now"
    case other
    case notGiven = "not_given"
}

/// An answer of yes, no or not known.
public enum NotificationAnswer: String, Sendable, CaseIterable, Codable {
    case yes
    case no
    case notKnown = "not_known"
}

/// The answers a Duty to Notify report has besides what the case already records (gender,
/// nationality, age group, where and how they were exploited): nothing that identifies the
/// adult. Names and contact details are never asked here: s52(3) of the Modern Slavery Act
/// forbids them unless the adult agrees, and then they belong in a referral.
public struct DutyToNotifyAnswers: Sendable, Equatable {
    public var reason: NotificationRefusalReason
    public var stillInSituation: NotificationAnswer
    public var reportedToPolice: NotificationAnswer
    /// Whether the adult agreed to be contacted by the police (the form's co-operation question).
    public var policeMayContact: NotificationAnswer
    /// More about the reason, without names, addresses or anything else that identifies them.
    public var details: String?

    public init(reason: NotificationRefusalReason, stillInSituation: NotificationAnswer, reportedToPolice: NotificationAnswer,
                policeMayContact: NotificationAnswer, details: String? = nil) {
        self.reason = reason
        self.stillInSituation = stillInSituation
        self.reportedToPolice = reportedToPolice
        self.policeMayContact = policeMayContact
        self.details = details
    }
}

/// Reads the Duty to Notify form: every answer from its list, the details short, on one
/// line or several, with no control characters. All problems at once, in the reader's language.
public enum DutyToNotifyRules {
    public static let detailsLimit = 500

    /// The sections of the Home Office's Duty to Notify report, in the form's order.
    public enum Section: String, Sendable, CaseIterable {
        case yourReport = "your_report"
        case age
        case exploitation
        case riskAndJustice = "risk_and_justice"
        case decision
        case aboutThePerson = "about_the_person"
    }

    public static func read(_ values: [String: String], l: Localiser) -> Result<DutyToNotifyAnswers, ValidationProblems> {
        var problems = ValidationProblems()
        func coded<T: RawRepresentable>(_ field: String, _ type: T.Type, missing: MessageKey) -> T? where T.RawValue == String {
            let raw = (values[field] ?? "").trimmingCharacters(in: .whitespaces)
            if raw.isEmpty { problems.add(field, l(missing)); return nil }
            guard let value = T(rawValue: raw) else { problems.add(field, l("dtn.error.not-in-list")); return nil }
            return value
        }
        let reason = coded("reason", NotificationRefusalReason.self, missing: "dtn.error.reason-missing")
        let still = coded("stillInSituation", NotificationAnswer.self, missing: "dtn.error.still-missing")
        let police = coded("reportedToPolice", NotificationAnswer.self, missing: "dtn.error.police-missing")
        let contact = coded("policeMayContact", NotificationAnswer.self, missing: "dtn.error.contact-missing")
        let details = (values["details"] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        if details.count > detailsLimit {
            problems.add("details", l("dtn.error.details-too-long", ["limit": l.number(detailsLimit)]))
        }
        let allowed: Set<Unicode.Scalar> = ["\n", "\r", "\t"]
        if details.unicodeScalars.contains(where: { $0.properties.generalCategory == .control && !allowed.contains($0) }) {
            problems.add("details", l("dtn.error.control"))
        }
        if reason == .other && details.isEmpty { problems.add("details", l("dtn.error.details-for-other")) }
        guard problems.isEmpty, let reason, let still, let police, let contact else { return .failure(problems) }
        return .success(DutyToNotifyAnswers(reason: reason, stillInSituation: still, reportedToPolice: police,
                                            policeMayContact: contact, details: details.isEmpty ? nil : details))
    }
}
