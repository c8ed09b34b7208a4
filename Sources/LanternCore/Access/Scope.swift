/// How a record relates to the person asking for it. Worked out once per request from the
/// record itself (`Relation.all(of:to:)`), then looked up in the policy table. Several may
/// hold at once (a case of the person's team is also a case of their organisation); a grant
/// covering any of them is enough.
public enum Relation: String, Sendable, CaseIterable, Codable {
    /// The person's own account.
    case own
    /// A record given to the person: an action (a task) they own.
    case actionOwner = "action_owner"
    /// A record of (or routed to) a team the person belongs to, in their organisation.
    case sameTeam = "same_team"
    /// A record owned by the person's organisation.
    case sameOrganisation = "same_organisation"
    /// A record another organisation shared with a team the person belongs to, in force now.
    case sharedWithTeam = "shared_with_team"
    /// A record another organisation shared with the person's whole organisation, in force now.
    case sharedWithOrganisation = "shared_with_organisation"
    /// A record of a case conference the person is a named member of.
    case conferenceMember = "conference_member"
    /// A record of a board or group (partnership board, sub-group) the person is a member of.
    case boardMember = "board_member"
    /// A record of a group the person chairs (or vice-chairs) now.
    case boardChair = "board_chair"
    /// A record of a group the person is secretariat of now.
    case boardSecretariat = "board_secretariat"
    /// Anything else, including shares that have expired or been withdrawn, and shares to a
    /// team of the person's organisation they do not belong to.
    case otherOrganisation = "other_organisation"
}

/// How far a grant in the policy table reaches.
public enum Scope: String, Sendable, CaseIterable, Codable {
    /// The person's own account.
    case own
    /// Actions (tasks) the person owns.
    case actionOwner = "action_owner"
    /// Records of the person's teams (a team belongs to one organisation).
    case team
    /// Records of the person's organisation, its teams' records included.
    case organisation
    /// Records shared with the person's organisation or with one of their teams.
    case shared
    /// Records of case conferences the person is named on.
    case conference
    /// Records of boards and groups the person is a member of (chairs and secretariat included).
    case board
    /// Records of groups the person chairs or vice-chairs.
    case boardChair = "board_chair"
    /// Records of groups the person is secretariat of.
    case boardSecretariat = "board_secretariat"
    case anyOrganisation = "any_organisation"

    /// Whether a grant of this scope covers a record with the given relation.
    public func covers(_ relation: Relation) -> Bool {
        switch (self, relation) {
        case (.anyOrganisation, _): true
        case (.own, .own): true
        case (.actionOwner, .actionOwner): true
        case (.team, .sameTeam): true
        case (.organisation, .sameOrganisation), (.organisation, .sameTeam), (.organisation, .own): true
        case (.shared, .sharedWithOrganisation), (.shared, .sharedWithTeam): true
        case (.conference, .conferenceMember): true
        case (.board, .boardMember), (.board, .boardChair), (.board, .boardSecretariat): true
        case (.boardChair, .boardChair): true
        case (.boardSecretariat, .boardSecretariat): true
        default: false
        }
    }
}
