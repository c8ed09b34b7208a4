/// How a record relates to the person asking for it. Worked out once per request from the
/// record itself, then looked up in the policy table.
public enum Relation: String, Sendable, CaseIterable, Codable {
    /// The person's own account.
    case own
    /// A record owned by the person's organisation.
    case sameOrganisation = "same_organisation"
    /// A record another organisation shared with the person's organisation, in force now.
    case sharedWithOrganisation = "shared_with_organisation"
    /// Anything else, including shares that have expired or been withdrawn.
    case otherOrganisation = "other_organisation"
}

/// How far a grant in the policy table reaches.
public enum Scope: String, Sendable, CaseIterable, Codable {
    case own
    case organisation
    case shared
    case anyOrganisation = "any_organisation"

    /// Whether a grant of this scope covers a record with the given relation.
    public func covers(_ relation: Relation) -> Bool {
        switch (self, relation) {
        case (.anyOrganisation, _): true
        case (.own, .own): true
        case (.organisation, .sameOrganisation), (.organisation, .own): true
        case (.shared, .sharedWithOrganisation): true
        default: false
        }
    }
}
