/// Who an entry of the contacts directory reaches: the council's modern slavery lead and its
/// single points of contact, the Met's BCU, the NHS, a charity. Raw values are stored and
/// exported, so they never change.
public enum DirectoryEntryKind: String, Sendable, CaseIterable, Codable {
    case councilModernSlaveryLead = "council_modern_slavery_lead"
    case councilAdultSafeguarding = "council_adult_safeguarding_spoc"
    case councilChildrensServices = "council_childrens_services_spoc"
    case councilHousing = "council_housing_spoc"
    case metBCU = "met_bcu_spoc"
    case nhs
    case charity
    case other

    /// The kind in words, in `l`'s language.
    public func label(_ l: Localiser) -> String {
        switch self {
        case .councilModernSlaveryLead: l("contacts.kind.council-lead")
        case .councilAdultSafeguarding: l("contacts.kind.council-adult")
        case .councilChildrensServices: l("contacts.kind.council-children")
        case .councilHousing: l("contacts.kind.council-housing")
        case .metBCU: l("contacts.kind.met-bcu")
        case .nhs: l("contacts.kind.nhs")
        case .charity: l("contacts.kind.charity")
        case .other: l("contacts.kind.other")
        }
    }
}
