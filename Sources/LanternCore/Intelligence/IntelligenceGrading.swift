/// How soft intelligence is graded, on the UK's 3×5×2 model: how reliable the source is,
/// how the information is known, and whether it may be shared onward.
public enum SourceEvaluation: String, Sendable, CaseIterable, Codable {
    case reliable = "1"
    case untested = "2"
    case notReliable = "3"

    public var label: String {
        switch self {
        case .reliable: "1 – Reliable"
        case .untested: "2 – Untested"
        case .notReliable: "3 – Not reliable"
        }
    }
}

public enum IntelligenceAssessment: String, Sendable, CaseIterable, Codable {
    case knownDirectly = "A"
    case knownIndirectlyCorroborated = "B"
    case knownIndirectly = "C"
    case notKnown = "D"
    case suspectedFalse = "E"

    public var label: String {
        switch self {
        case .knownDirectly: "A – Known directly"
        case .knownIndirectlyCorroborated: "B – Known indirectly, corroborated"
        case .knownIndirectly: "C – Known indirectly"
        case .notKnown: "D – Not known"
        case .suspectedFalse: "E – Suspected to be false"
        }
    }
}

public enum HandlingCode: String, Sendable, CaseIterable, Codable {
    case lawfulSharing = "P"
    case conditions = "C"

    public var label: String {
        switch self {
        case .lawfulSharing: "P – Lawful sharing permitted"
        case .conditions: "C – Lawful sharing permitted with conditions"
        }
    }
}

/// Who the information came from.
public enum IntelligenceSourceType: String, Sendable, CaseIterable, Codable {
    case practitioner
    case partnerAgency = "partner_agency"
    case survivor
    case community
    case business
    case anonymous

    public var label: String {
        switch self {
        case .practitioner: "Practitioner's own observation"
        case .partnerAgency: "Partner agency"
        case .survivor: "Survivor"
        case .community: "Member of the community"
        case .business: "Business or employer"
        case .anonymous: "Anonymous"
        }
    }
}

/// Indicators of modern slavery that a report can note.
public enum ExploitationIndicator: String, Sendable, CaseIterable, Codable {
    case crowdedHousing = "crowded_housing"
    case controlledMovement = "controlled_movement"
    case noDocuments = "no_documents"
    case debtBondage = "debt_bondage"
    case physicalAbuse = "physical_abuse"
    case poorConditions = "poor_conditions"
    case countyLines = "county_lines"
    case cannabisCultivation = "cannabis_cultivation"
    case handCarWashOrNailBar = "car_wash_or_nail_bar"
    case sexualServicesAdvertised = "sexual_services_advertised"

    public var label: String {
        switch self {
        case .crowdedHousing: "Many people living at one address"
        case .controlledMovement: "Movement controlled or transported to work"
        case .noDocuments: "No identity documents, or held by someone else"
        case .debtBondage: "Debt owed to an employer or controller"
        case .physicalAbuse: "Signs of physical abuse or neglect"
        case .poorConditions: "Poor living or working conditions"
        case .countyLines: "County lines drug activity"
        case .cannabisCultivation: "Cannabis cultivation"
        case .handCarWashOrNailBar: "Hand car wash or nail bar concerns"
        case .sexualServicesAdvertised: "Sexual services advertised"
        }
    }
}
