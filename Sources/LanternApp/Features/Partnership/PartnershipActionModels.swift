import Fluent
import Foundation
import LanternCore

/// Something a group agreed someone would do (`governance_actions`): from an agenda item or
/// on its own, owned by a person for their organisation, due on a day.
final class PartnershipAction: Model, @unchecked Sendable {
    static let schema = "governance_actions"

    @ID(key: .id) var id: UUID?
    @Field(key: "group_id") var groupID: UUID
    @OptionalField(key: "meeting_id") var meetingID: UUID?
    @OptionalField(key: "agenda_item_id") var agendaItemID: UUID?
    @Field(key: "title") var title: String
    @Field(key: "owner_user_id") var ownerUserID: UUID
    @Field(key: "owner_organisation_id") var ownerOrganisationID: UUID
    @Field(key: "due_on") var dueOn: Int
    /// `PartnershipActionStatus`'s raw value.
    @Field(key: "status") var status: String
    @OptionalField(key: "drop_reason") var dropReason: String?
    @OptionalField(key: "done_on") var doneOn: Int?
    @Field(key: "created_at") var createdAt: Date
    @Field(key: "created_by") var createdBy: UUID

    init() {}

    var actionStatus: PartnershipActionStatus { PartnershipActionStatus(rawValue: status) ?? .open }
    var due: Day { Day(daysSinceEpoch: dueOn) }
}

/// A dated update on an action, by its owner or the secretariat (`governance_action_updates`).
/// Updates are only ever added.
final class PartnershipActionUpdate: Model, @unchecked Sendable {
    static let schema = "governance_action_updates"

    @ID(key: .id) var id: UUID?
    @Field(key: "action_id") var actionID: UUID
    @Field(key: "written_on") var writtenOn: Int
    @Field(key: "text") var text: String
    @Field(key: "written_by") var writtenBy: UUID
    @Field(key: "created_at") var createdAt: Date

    init() {}
}
