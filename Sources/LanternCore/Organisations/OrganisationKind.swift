/// The kinds of member organisation in the partnership.
public enum OrganisationKind: String, Sendable, CaseIterable, Codable {
    case council
    case police
    case nhs
    case charity
    case government
    case partnershipBoard = "partnership_board"

    public var label: String {
        switch self {
        case .council: "Council"
        case .police: "Police"
        case .nhs: "NHS body"
        case .charity: "Charity"
        case .government: "Government body"
        case .partnershipBoard: "Partnership board"
        }
    }
}
