/// Short, stable codes for forms and JSON (`child`, `uk_and_overseas`), beside the
/// statistics' labels that the raw values hold.
public protocol CodedVocabulary: CaseIterable, RawRepresentable, Sendable where RawValue == String {
    var code: String { get }
}

extension CodedVocabulary {
    public init?(code: String) {
        guard let match = Self.allCases.first(where: { $0.code == code }) else { return nil }
        self = match
    }

    public static var codes: [String] { allCases.map(\.code) }
}

extension AgeGroup: CodedVocabulary {
    public var code: String { switch self { case .child: "child"; case .adult: "adult"; case .unknown: "unknown" } }
}

extension Gender: CodedVocabulary {
    public var code: String { switch self { case .female: "female"; case .male: "male"; case .other: "other"; case .unknown: "unknown" } }
}

extension ExploitationType: CodedVocabulary {
    public var code: String {
        switch self {
        case .labour: "labour"
        case .sexual: "sexual"
        case .criminal: "criminal"
        case .domestic: "domestic_servitude"
        case .organHarvesting: "organ_harvesting"
        case .unknown: "unknown"
        }
    }
}

extension ExploitationLocation: CodedVocabulary {
    public var code: String {
        switch self { case .uk: "uk"; case .overseas: "overseas"; case .ukAndOverseas: "uk_and_overseas"; case .unknown: "unknown" }
    }
}

extension FirstResponderType: CodedVocabulary {
    public var code: String {
        switch self {
        case .localAuthority: "local_authority"
        case .police: "police"
        case .governmentAgency: "government_agency"
        case .ngo: "ngo"
        case .health: "health"
        }
    }

    /// The statistics' grouping for a member organisation of a given kind.
    public init(organisationKind: OrganisationKind) {
        switch organisationKind {
        case .council: self = .localAuthority
        case .police: self = .police
        case .nhs: self = .health
        case .charity, .partnershipBoard: self = .ngo
        case .government: self = .governmentAgency
        }
    }
}
