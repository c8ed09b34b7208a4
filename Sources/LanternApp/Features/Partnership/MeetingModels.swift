import Fluent
import Foundation
import LanternCore

/// A meeting of a board, network or sub-group (`governance_meetings`).
final class Meeting: Model, @unchecked Sendable {
    static let schema = "governance_meetings"

    @ID(key: .id) var id: UUID?
    @Parent(key: "group_id") var group: PartnershipGroup
    @Field(key: "title") var title: String
    @Field(key: "starts_at") var startsAt: Date
    @Field(key: "ends_at") var endsAt: Date
    @OptionalField(key: "place") var place: String?
    /// An https address (an online meeting's).
    @OptionalField(key: "link") var link: String?
    @Field(key: "is_public") var isPublic: Bool
    /// `MeetingStatus`'s raw value.
    @Field(key: "status") var status: String
    @Field(key: "created_at") var createdAt: Date

    init() {}

    init(id: UUID = UUID(), groupID: UUID, checked: CheckedMeeting, createdAt: Date) {
        self.id = id
        self.$group.id = groupID
        self.createdAt = createdAt
        apply(checked)
    }

    func apply(_ checked: CheckedMeeting) {
        title = checked.title
        startsAt = checked.startsAt
        endsAt = checked.endsAt
        place = checked.place
        link = checked.link
        isPublic = checked.isPublic
        status = checked.status.rawValue
    }

    var meetingStatus: MeetingStatus { MeetingStatus(rawValue: status) ?? .scheduled }
}

/// One item of a meeting's agenda (`governance_agenda_items`), in `position` order.
final class AgendaItem: Model, @unchecked Sendable {
    static let schema = "governance_agenda_items"

    @ID(key: .id) var id: UUID?
    @Parent(key: "meeting_id") var meeting: Meeting
    @Field(key: "position") var position: Int
    @Field(key: "title") var title: String
    /// Who presents it ("" when nobody is named).
    @Field(key: "presenter") var presenter: String
    @Field(key: "is_confidential") var isConfidential: Bool
    @Field(key: "created_at") var createdAt: Date

    init() {}

    init(id: UUID = UUID(), meetingID: UUID, position: Int, title: String, presenter: String, isConfidential: Bool, createdAt: Date) {
        self.id = id
        self.$meeting.id = meetingID
        self.position = position
        self.title = title
        self.presenter = presenter
        self.isConfidential = isConfidential
        self.createdAt = createdAt
    }
}

/// How one person attended (`governance_attendance`): a member (`userID`) or a named guest.
final class MeetingAttendance: Model, @unchecked Sendable {
    static let schema = "governance_attendance"

    @ID(key: .id) var id: UUID?
    @Parent(key: "meeting_id") var meeting: Meeting
    @OptionalField(key: "user_id") var userID: UUID?
    @Field(key: "person_name") var personName: String
    @OptionalField(key: "organisation_id") var organisationID: UUID?
    @Field(key: "organisation_name") var organisationName: String
    /// `AttendanceStatus`'s raw value.
    @Field(key: "status") var status: String

    init() {}

    init(id: UUID = UUID(), meetingID: UUID, userID: UUID?, personName: String, organisationID: UUID?, organisationName: String,
         status: AttendanceStatus) {
        self.id = id
        self.$meeting.id = meetingID
        self.userID = userID
        self.personName = personName
        self.organisationID = organisationID
        self.organisationName = organisationName
        self.status = status.rawValue
    }

    var attendanceStatus: AttendanceStatus { AttendanceStatus(rawValue: status) ?? .absent }
}

/// A file attached to an agenda item (`governance_papers`). Its type was decided by its
/// content; the bytes are in `content` (storage "db") or in the papers folder under
/// `storageKey`, a random name (storage "folder").
final class Paper: Model, @unchecked Sendable {
    static let schema = "governance_papers"

    @ID(key: .id) var id: UUID?
    @Parent(key: "agenda_item_id") var agendaItem: AgendaItem
    @Field(key: "file_name") var fileName: String
    @Field(key: "media_type") var mediaType: String
    @Field(key: "byte_count") var byteCount: Int
    @Field(key: "sha256") var sha256: String
    /// "db" or "folder".
    @Field(key: "storage") var storage: String
    @OptionalField(key: "content") var content: Data?
    @OptionalField(key: "storage_key") var storageKey: String?
    @Field(key: "uploaded_by") var uploadedBy: UUID
    @Field(key: "created_at") var createdAt: Date

    init() {}
}
