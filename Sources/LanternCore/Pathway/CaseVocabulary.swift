/// Closed vocabularies of a case, with raw values that match the Home Office NRM statistics
/// categories where those exist, so Lantern's figures line up with the official tables.

/// Age group, as the statistics report it.
public enum AgeGroup: String, Sendable, CaseIterable, Codable {
    case child = "Child (17 or under)"
    case adult = "Adult (18 or over)"
    case unknown = "Not specified or unknown"

    public var label: String {
        switch self {
        case .child: "Child (17 or under)"
        case .adult: "Adult (18 or over)"
        case .unknown: "Not known"
        }
    }

    /// The NRM treats a person whose age is uncertain as a child: referred without consent.
    public var treatedAsChild: Bool { self != .adult }
}

public enum Gender: String, Sendable, CaseIterable, Codable {
    case female = "Female"
    case male = "Male"
    case other = "Other"
    case unknown = "Not specified or unknown"
}

/// Exploitation types; a case may have several (the statistics report combinations).
public enum ExploitationType: String, Sendable, CaseIterable, Codable, Comparable {
    case labour = "Labour"
    case sexual = "Sexual"
    case criminal = "Criminal"
    case domestic = "Domestic servitude"
    case organHarvesting = "Organ harvesting"
    case unknown = "Not specified or unknown"

    public static func < (a: ExploitationType, b: ExploitationType) -> Bool {
        allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
    }

    /// The statistics' label for a combination, e.g. "Labour & Criminal".
    public static func combinationLabel(_ types: Set<ExploitationType>) -> String {
        let known = types.subtracting([.unknown]).sorted()
        guard !known.isEmpty else { return ExploitationType.unknown.rawValue }
        return known.map { $0 == .domestic ? "Domestic" : $0.rawValue }.joined(separator: " & ")
    }
}

/// Where the exploitation took place.
public enum ExploitationLocation: String, Sendable, CaseIterable, Codable {
    case uk = "UK"
    case overseas = "Overseas"
    case ukAndOverseas = "UK and Overseas"
    case unknown = "Not specified or unknown"
}

/// First responder organisation types, as the statistics group them.
public enum FirstResponderType: String, Sendable, CaseIterable, Codable {
    case localAuthority = "Local authority"
    case police = "Police"
    case governmentAgency = "Government agency"
    case ngo = "NGO or third sector"
    case health = "Health"
}

public enum DecisionOutcome: String, Sendable, CaseIterable, Codable {
    case positive
    case negative
}

/// The support a Recovery Needs Assessment can recommend continuing.
public enum SupportPillar: String, Sendable, CaseIterable, Codable {
    case accommodation
    case financialSupport = "financial_support"
    case supportWorker = "support_worker"

    public var label: String {
        switch self {
        case .accommodation: "Accommodation"
        case .financialSupport: "Financial support"
        case .supportWorker: "Support worker contact"
        }
    }
}
