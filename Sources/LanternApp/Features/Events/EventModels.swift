import Fluent
import Foundation
import LanternCore

/// An event (`events`): organised by an organisation, optionally for a group, public (on the
/// public site and its calendar feed) or for the partnership's members.
final class PartnershipEvent: Model, @unchecked Sendable {
    static let schema = "events"

    @ID(key: .id) var id: UUID?
    /// `EventKind`'s raw value.
    @Field(key: "kind") var kind: String
    @Field(key: "title") var title: String
    @Field(key: "description") var description: String
    @Field(key: "starts_at") var startsAt: Date
    @Field(key: "ends_at") var endsAt: Date
    /// The London day it starts (`Day.daysSinceEpoch`), for lists by day.
    @Field(key: "held_on") var heldOn: Int
    @OptionalField(key: "place") var place: String?
    @OptionalField(key: "link") var link: String?
    @Field(key: "is_public") var isPublic: Bool
    /// Places; nil: no limit.
    @OptionalField(key: "capacity") var capacity: Int?
    @Field(key: "booked_count") var bookedCount: Int
    @OptionalField(key: "group_id") var groupID: UUID?
    @Field(key: "organisation_id") var organisationID: UUID
    @OptionalField(key: "cancelled_at") var cancelledAt: Date?
    /// Raised at each change, so calendars update the event in place (iCalendar `SEQUENCE`).
    @Field(key: "sequence") var sequence: Int
    @Field(key: "created_by") var createdBy: UUID
    @Field(key: "created_at") var createdAt: Date

    init() {}

    var day: Day { Day(daysSinceEpoch: heldOn) }
    var eventKind: EventKind { EventKind(rawValue: kind) ?? .other }
    var isCancelled: Bool { cancelledAt != nil }
}

/// A member's place at an event (`event_places`).
final class EventPlace: Model, @unchecked Sendable {
    static let schema = "event_places"

    @ID(key: .id) var id: UUID?
    @Field(key: "event_id") var eventID: UUID
    @Field(key: "user_id") var userID: UUID
    @Field(key: "organisation_id") var organisationID: UUID
    /// `EventPlaceState`'s raw value.
    @Field(key: "state") var state: String
    @Field(key: "created_at") var createdAt: Date
    @Field(key: "updated_at") var updatedAt: Date

    init() {}

    var placeState: EventPlaceState { EventPlaceState(rawValue: state) ?? .booked }
}

/// That a place gave its feedback (`event_feedback_receipts`), so it answers once; nothing of
/// the answer.
final class EventFeedbackReceipt: Model, @unchecked Sendable {
    static let schema = "event_feedback_receipts"

    @ID(key: .id) var id: UUID?
    @Field(key: "place_id") var placeID: UUID

    init() {}
}

/// An anonymous answer (`event_feedback`): its event, a rating and a comment; no person, no
/// place, no time.
final class EventFeedback: Model, @unchecked Sendable {
    static let schema = "event_feedback"

    @ID(key: .id) var id: UUID?
    @Field(key: "event_id") var eventID: UUID
    @Field(key: "rating") var rating: Int
    @OptionalField(key: "comment") var comment: String?

    init() {}
}
