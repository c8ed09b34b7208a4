/// A data-sharing agreement between partners, as far as Lantern needs it to decide who may
/// see exact figures: the lawful basis it rests on, its term, the people it names and the
/// cases it covers. The agreement itself is the partners' document; Lantern keeps its terms
/// so the exact view opens only while they hold.

/// The Article 6 UK GDPR basis the agreement relies on.
public enum LawfulBasis: String, Sendable, CaseIterable, Codable {
    case publicTask = "public_task"
    case legalObligation = "legal_obligation"
    case legitimateInterests = "legitimate_interests"
    case vitalInterests = "vital_interests"
    case consent

    public var label: String {
        switch self {
        case .publicTask: "Public task (UK GDPR Article 6(1)(e))"
        case .legalObligation: "Legal obligation (Article 6(1)(c))"
        case .legitimateInterests: "Legitimate interests (Article 6(1)(f))"
        case .vitalInterests: "Vital interests (Article 6(1)(d))"
        case .consent: "Consent (Article 6(1)(a))"
        }
    }
}

/// The Article 9 condition for special category data (survivors' figures count people by
/// health, ethnicity and the like, so one is always needed).
public enum SpecialCategoryCondition: String, Sendable, CaseIterable, Codable {
    case substantialPublicInterest = "substantial_public_interest"
    case healthOrSocialCare = "health_or_social_care"
    case archivingResearchStatistics = "archiving_research_statistics"
    case legalClaims = "legal_claims"
    case explicitConsent = "explicit_consent"

    public var label: String {
        switch self {
        case .substantialPublicInterest:
            "Substantial public interest (Article 9(2)(g), Data Protection Act 2018 Schedule 1 Part 2: "
                + "safeguarding, preventing or detecting unlawful acts)"
        case .healthOrSocialCare: "Health or social care (Article 9(2)(h))"
        case .archivingResearchStatistics: "Archiving, research and statistics (Article 9(2)(j))"
        case .legalClaims: "Legal claims (Article 9(2)(f))"
        case .explicitConsent: "Explicit consent (Article 9(2)(a))"
        }
    }
}

/// When an agreement lets its named people in: from its first day to its last, both
/// included, unless it was ended earlier (then up to the day before it was ended).
public struct AgreementTerm: Sendable, Equatable {
    public var from: Day
    public var until: Day
    /// The day it was ended early, if it was.
    public var endedOn: Day?

    /// Agreements are reviewed at least every three years; a longer term is refused.
    public static let longestYears = 3

    public init(from: Day, until: Day, endedOn: Day? = nil) {
        self.from = from
        self.until = until
        self.endedOn = endedOn
    }

    /// Whether the agreement is in force on a day.
    public func inForce(on day: Day) -> Bool {
        guard from <= day, day <= until else { return false }
        if let endedOn { return day < endedOn }
        return true
    }

    public enum Status: String, Sendable, Equatable {
        case notYetInForce = "not_yet_in_force", inForce = "in_force", expired, ended
    }

    public func status(on day: Day) -> Status {
        if let endedOn, day >= endedOn { return .ended }
        if day < from { return .notYetInForce }
        if day > until { return .expired }
        return .inForce
    }

    public enum Problem: Sendable, Equatable {
        case missingFrom, missingUntil, untilBeforeFrom, tooLong

        /// The form field it belongs to.
        public var field: String { self == .missingFrom ? "from" : "until" }
    }

    /// What is wrong with a proposed term; empty when it is sound.
    public static func problems(from: Day?, until: Day?) -> [Problem] {
        var problems: [Problem] = []
        if from == nil { problems.append(.missingFrom) }
        if until == nil { problems.append(.missingUntil) }
        guard let from, let until else { return problems }
        if until < from { return [.untilBeforeFrom] }
        let start = from.components
        // The same day `longestYears` later (29 February becomes 1 March) is one day too many.
        let limit = Day(year: start.year + longestYears, month: start.month, day: 1)!.adding(days: start.day - 1)
        if until >= limit { return [.tooLong] }
        return []
    }
}

/// The cases an agreement covers: those identified in one of its boroughs, or whose first
/// responder is one of its organisations. Neither list empty means something is covered.
public struct CoveredCases: Sendable, Hashable {
    /// ONS codes of the boroughs.
    public var boroughs: Set<String>
    /// Organisation ids (as stored on cases: upper-case UUID strings).
    public var organisations: Set<String>

    public init(boroughs: Set<String>, organisations: Set<String>) {
        self.boroughs = boroughs
        self.organisations = organisations
    }

    public var isEmpty: Bool { boroughs.isEmpty && organisations.isEmpty }

    /// Whether a case with this borough of identification and first responder is covered.
    public func covers(borough: String?, firstResponder: String?) -> Bool {
        if let borough, boroughs.contains(borough) { return true }
        if let firstResponder, organisations.contains(firstResponder) { return true }
        return false
    }
}
