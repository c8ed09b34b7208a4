/// Lantern's dimensions that imported figures can be classified by. Each figure holds its
/// value in Lantern's own vocabulary, so imported tables line up with Lantern's cases.
public enum StatisticDimension: String, Sendable, Codable, CaseIterable, CodingKeyRepresentable {
    /// `FirstResponderType.rawValue`, e.g. "NGO or third sector".
    case firstResponderType = "first_responder_type"
    /// The named first responder organisation, as written (trimmed).
    case firstResponder = "first_responder"
    /// The canonical combination label, `ExploitationType.combinationLabel`, e.g. "Labour & Criminal".
    case exploitationType = "exploitation_type"
    /// `AgeGroup.rawValue`.
    case ageGroup = "age_group"
    /// `Gender.rawValue`.
    case gender
    /// Free text, as written (trimmed).
    case nationality
    /// ONS code (E09…), from an ONS code, name or short code in the table.
    case borough
    /// Metropolitan Police BCU code, from a code or name in the table.
    case bcu
    /// A quarter, e.g. "2022-Q2", or a whole year, "2022" (`ImportedPeriod`).
    case period

    public var label: String {
        switch self {
        case .firstResponderType: "First responder type"
        case .firstResponder: "First responder"
        case .exploitationType: "Exploitation type"
        case .ageGroup: "Age group"
        case .gender: "Gender"
        case .nationality: "Nationality"
        case .borough: "Borough"
        case .bcu: "Police BCU"
        case .period: "Period"
        }
    }

    /// The dimension in a sentence: "unknown age group".
    var noun: String {
        switch self {
        case .bcu: "police BCU"
        default: label.lowercased()
        }
    }

    /// The value for "not known", in the dimensions that have one: a table of people's empty
    /// fields (`StatisticsMapping.PeopleRows`) read as it.
    public var notKnown: String? {
        switch self {
        case .ageGroup: AgeGroup.unknown.rawValue
        case .gender: Gender.unknown.rawValue
        case .exploitationType: ExploitationType.unknown.rawValue
        case .nationality: CodedList.nationalities.unknownCode
        default: nil
        }
    }

    /// Whether the values come from a closed list (anything else is free text).
    public var isClosed: Bool { self != .firstResponder && self != .nationality }
}
