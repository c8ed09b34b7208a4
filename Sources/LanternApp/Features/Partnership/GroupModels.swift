import Fluent
import Foundation
import LanternCore

/// A board, network or sub-group of the partnership (`governance_groups`). Named
/// `PartnershipGroup` because Fluent's models already have a `Group` (its property wrapper).
final class PartnershipGroup: Model, @unchecked Sendable {
    static let schema = "governance_groups"

    @ID(key: .id) var id: UUID?
    /// `GroupKind`'s raw value: board, network or subgroup.
    @Field(key: "kind") var kind: String
    @Field(key: "name") var name: String
    @Field(key: "slug") var slug: String
    @Field(key: "purpose") var purpose: String
    @OptionalParent(key: "parent_id") var parent: PartnershipGroup?
    @Parent(key: "host_organisation_id") var hostOrganisation: Organisation
    @Field(key: "is_public") var isPublic: Bool
    @Field(key: "created_at") var createdAt: Date

    init() {}

    init(id: UUID = UUID(), kind: GroupKind, name: String, slug: String, purpose: String, parentID: UUID?,
         hostOrganisationID: UUID, isPublic: Bool, createdAt: Date) {
        self.id = id
        self.kind = kind.rawValue
        self.name = name
        self.slug = slug
        self.purpose = purpose
        self.$parent.id = parentID
        self.$hostOrganisation.id = hostOrganisationID
        self.isPublic = isPublic
        self.createdAt = createdAt
    }

    var groupKind: GroupKind { GroupKind(rawValue: kind) ?? .board }
}

/// A person's membership of a group (`governance_members`): the organisation they represent,
/// their role, from and until (days, inclusive). Ending one sets `untilDay`; rows are kept.
final class GroupMember: Model, @unchecked Sendable {
    static let schema = "governance_members"

    @ID(key: .id) var id: UUID?
    @Parent(key: "group_id") var group: PartnershipGroup
    @Parent(key: "user_id") var user: User
    @Field(key: "organisation_id") var organisationID: UUID
    /// `GroupRole`'s raw value.
    @Field(key: "role") var role: String
    @Field(key: "from_day") var fromDay: Int
    @OptionalField(key: "until_day") var untilDay: Int?
    @Field(key: "created_at") var createdAt: Date
    @Field(key: "created_by") var createdBy: UUID

    init() {}

    init(id: UUID = UUID(), groupID: UUID, userID: UUID, organisationID: UUID, role: GroupRole, from: Day, until: Day?,
         createdAt: Date, createdBy: UUID) {
        self.id = id
        self.$group.id = groupID
        self.$user.id = userID
        self.organisationID = organisationID
        self.role = role.rawValue
        self.fromDay = from.daysSinceEpoch
        self.untilDay = until?.daysSinceEpoch
        self.createdAt = createdAt
        self.createdBy = createdBy
    }

    var groupRole: GroupRole { GroupRole(rawValue: role) ?? .member }
    var period: MembershipPeriod {
        MembershipPeriod(from: Day(daysSinceEpoch: fromDay), until: untilDay.map(Day.init(daysSinceEpoch:)))
    }
}

/// One version of a group's terms of reference (`governance_terms`). A new version is a new
/// row; none is ever changed. The current one is the highest version approved by today.
final class TermsVersion: Model, @unchecked Sendable {
    static let schema = "governance_terms"

    @ID(key: .id) var id: UUID?
    @Parent(key: "group_id") var group: PartnershipGroup
    @Field(key: "version") var version: Int
    @Field(key: "body") var body: String
    @Field(key: "quorum") var quorum: Int
    @Field(key: "approved_on") var approvedOn: Int
    /// The meeting that approved them (`governance_meetings`, no foreign key).
    @OptionalField(key: "approved_meeting_id") var approvedMeetingID: UUID?
    @Field(key: "next_review_on") var nextReviewOn: Int
    @Field(key: "created_at") var createdAt: Date
    @Field(key: "created_by") var createdBy: UUID

    init() {}

    init(id: UUID = UUID(), groupID: UUID, version: Int, body: String, quorum: Int, approvedOn: Day, approvedMeetingID: UUID?,
         nextReviewOn: Day, createdAt: Date, createdBy: UUID) {
        self.id = id
        self.$group.id = groupID
        self.version = version
        self.body = body
        self.quorum = quorum
        self.approvedOn = approvedOn.daysSinceEpoch
        self.approvedMeetingID = approvedMeetingID
        self.nextReviewOn = nextReviewOn.daysSinceEpoch
        self.createdAt = createdAt
        self.createdBy = createdBy
    }

    var approvedDay: Day { Day(daysSinceEpoch: approvedOn) }
    var nextReviewDay: Day { Day(daysSinceEpoch: nextReviewOn) }
}
