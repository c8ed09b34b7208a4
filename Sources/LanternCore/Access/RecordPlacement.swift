/// The person asking, as relations see them: who they are, their organisation and the teams
/// they belong to (teams of that organisation only).
public struct Viewer: Sendable, Equatable {
    public var userID: String
    public var organisationID: String
    public var teamIDs: Set<String>

    public init(userID: String, organisationID: String, teamIDs: Set<String> = []) {
        self.userID = userID
        self.organisationID = organisationID
        self.teamIDs = teamIDs
    }
}

/// Whom a share in force addresses: a whole organisation, or one team in it.
public struct ShareAddress: Sendable, Hashable {
    public var organisationID: String
    public var teamID: String?

    public init(organisationID: String, teamID: String? = nil) {
        self.organisationID = organisationID
        self.teamID = teamID
    }
}

/// Where a record sits, as far as who may see it is concerned. Each kind of record fills in
/// what it has (a case: its organisation, its team and its shares in force; an action: its
/// owner); everything else stays empty.
public struct RecordPlacement: Sendable, Equatable {
    /// An account: the person it belongs to.
    public var accountID: String?
    /// An action (a task): the person who owns it.
    public var actionOwnerID: String?
    public var organisationID: String?
    /// The team of `organisationID` the record is routed to, if any.
    public var teamID: String?
    /// Shares of this record in force today (see `SharingRules.isActive`).
    public var sharesInForce: Set<ShareAddress>
    /// The named members of the case conference the record belongs to.
    public var conferenceMemberIDs: Set<String>
    /// The members of the board or group the record belongs to (in membership today).
    public var boardMemberIDs: Set<String>
    /// Those of them who chair or vice-chair it today.
    public var boardChairIDs: Set<String>
    /// Those of them who are its secretariat today.
    public var boardSecretariatIDs: Set<String>

    public init(accountID: String? = nil, actionOwnerID: String? = nil, organisationID: String? = nil, teamID: String? = nil,
                sharesInForce: Set<ShareAddress> = [], conferenceMemberIDs: Set<String> = [], boardMemberIDs: Set<String> = [],
                boardChairIDs: Set<String> = [], boardSecretariatIDs: Set<String> = []) {
        self.accountID = accountID
        self.actionOwnerID = actionOwnerID
        self.organisationID = organisationID
        self.teamID = teamID
        self.sharesInForce = sharesInForce
        self.conferenceMemberIDs = conferenceMemberIDs
        self.boardMemberIDs = boardMemberIDs
        self.boardChairIDs = boardChairIDs
        self.boardSecretariatIDs = boardSecretariatIDs
    }
}

extension Relation {
    /// Every relation the record has to the viewer; `[.otherOrganisation]` when none holds.
    public static func all(of viewer: Viewer, to record: RecordPlacement) -> Set<Relation> {
        var found = Set<Relation>()
        if record.accountID == viewer.userID { found.insert(.own) }
        if record.actionOwnerID == viewer.userID { found.insert(.actionOwner) }
        if record.organisationID == viewer.organisationID {
            found.insert(.sameOrganisation)
            if let team = record.teamID, viewer.teamIDs.contains(team) { found.insert(.sameTeam) }
        }
        for share in record.sharesInForce where share.organisationID == viewer.organisationID {
            if let team = share.teamID {
                if viewer.teamIDs.contains(team) { found.insert(.sharedWithTeam) }
            } else {
                found.insert(.sharedWithOrganisation)
            }
        }
        if record.conferenceMemberIDs.contains(viewer.userID) { found.insert(.conferenceMember) }
        if record.boardMemberIDs.contains(viewer.userID) { found.insert(.boardMember) }
        if record.boardChairIDs.contains(viewer.userID) { found.insert(.boardChair) }
        if record.boardSecretariatIDs.contains(viewer.userID) { found.insert(.boardSecretariat) }
        return found.isEmpty ? [.otherOrganisation] : found
    }

    /// The closest of the relations (first in declaration order), for pages that say how a
    /// record came to the viewer ("Your organisation's case", "Shared with your team").
    public static func closest(_ relations: Set<Relation>) -> Relation {
        allCases.first(where: relations.contains) ?? .otherOrganisation
    }
}
