import Fluent
import Foundation
import LanternCore

/// A conference series (`conference_series`): the MACC or MARAM (a kind from
/// `LANTERN_CONFERENCE_KINDS`) of a borough, hosted by an organisation. Members of its
/// meetings may read the accepted cases until `accessDaysAfter` days after a meeting.
final class ConferenceSeries: Model, @unchecked Sendable {
    static let schema = "conference_series"

    @ID(key: .id) var id: UUID?
    @Field(key: "borough_code") var boroughCode: String
    @Field(key: "kind") var kind: String
    @Field(key: "name") var name: String
    /// The hosting organisation (its leads manage the series).
    @Field(key: "organisation_id") var organisationID: UUID
    @Field(key: "access_days_after") var accessDaysAfter: Int
    @Field(key: "created_by") var createdBy: UUID
    @Field(key: "created_at") var createdAt: Date

    init() {}

    init(id: UUID = UUID(), boroughCode: String, kind: String, name: String, organisationID: UUID, accessDaysAfter: Int,
         createdBy: UUID, createdAt: Date) {
        self.id = id
        self.boroughCode = boroughCode
        self.kind = kind
        self.name = name
        self.organisationID = organisationID
        self.accessDaysAfter = accessDaysAfter
        self.createdBy = createdBy
        self.createdAt = createdAt
    }
}

/// One meeting of a series (`conference_meetings`), held on a London day, with a chair.
/// Minutes are sealed with the field cipher (context `conference_meetings.minutes:<id>`).
final class ConferenceMeeting: Model, @unchecked Sendable {
    static let schema = "conference_meetings"

    @ID(key: .id) var id: UUID?
    @Field(key: "series_id") var seriesID: UUID
    /// `Day.daysSinceEpoch`.
    @Field(key: "held_on") var heldOn: Int
    @Field(key: "chair_user_id") var chairUserID: UUID
    /// `ConferenceMeetingState`'s raw value.
    @Field(key: "state") var state: String
    @OptionalField(key: "minutes_sealed") var minutesSealed: String?
    /// `ConferenceMinutesState`'s raw value, nil before any minutes.
    @OptionalField(key: "minutes_state") var minutesState: String?
    @Field(key: "created_by") var createdBy: UUID
    @Field(key: "created_at") var createdAt: Date

    init() {}

    init(id: UUID = UUID(), seriesID: UUID, heldOn: Day, chairUserID: UUID, createdBy: UUID, createdAt: Date) {
        self.id = id
        self.seriesID = seriesID
        self.heldOn = heldOn.daysSinceEpoch
        self.chairUserID = chairUserID
        self.state = ConferenceMeetingState.planned.rawValue
        self.createdBy = createdBy
        self.createdAt = createdAt
    }

    var heldDay: Day { Day(daysSinceEpoch: heldOn) }
    var meetingState: ConferenceMeetingState { ConferenceMeetingState(rawValue: state) ?? .planned }
    var minutes: ConferenceMinutesState? { minutesState.flatMap(ConferenceMinutesState.init(rawValue:)) }
}

/// A person sitting on a meeting for their agency (`conference_members`): one row per person
/// and meeting. `organisationID` is the person's organisation when added.
final class ConferenceMember: Model, @unchecked Sendable {
    static let schema = "conference_members"

    @ID(key: .id) var id: UUID?
    @Field(key: "meeting_id") var meetingID: UUID
    @Field(key: "user_id") var userID: UUID
    @Field(key: "organisation_id") var organisationID: UUID
    /// What they attend as ("housing", "police", free text), if said.
    @OptionalField(key: "agency_role") var agencyRole: String?
    @OptionalField(key: "attended") var attended: Bool?

    init() {}

    init(id: UUID = UUID(), meetingID: UUID, userID: UUID, organisationID: UUID, agencyRole: String?) {
        self.id = id
        self.meetingID = meetingID
        self.userID = userID
        self.organisationID = organisationID
        self.agencyRole = agencyRole
    }
}

/// A case on a meeting's agenda (`conference_agenda`), once per meeting and case. Nominated by
/// a worker with a reason (sealed with the case cipher, context `conference_agenda.reason:<id>`)
/// and a risk level; the chair accepts or declines. Items carried from an earlier meeting
/// (outstanding actions, review due) name it in `carriedFromItemID` and start accepted.
final class ConferenceAgendaItem: Model, @unchecked Sendable {
    static let schema = "conference_agenda"

    @ID(key: .id) var id: UUID?
    @Field(key: "meeting_id") var meetingID: UUID
    @Field(key: "case_id") var caseID: UUID
    @Field(key: "nominated_by") var nominatedBy: UUID
    @Field(key: "nominated_by_organisation_id") var nominatedByOrganisationID: UUID
    @Field(key: "sealed_reason") var sealedReason: String
    /// `ConferenceRiskLevel`'s raw value.
    @Field(key: "risk_level") var riskLevel: String
    /// `ConferenceAgendaState`'s raw value.
    @Field(key: "state") var state: String
    @OptionalField(key: "decided_by") var decidedBy: UUID?
    @OptionalField(key: "decided_at") var decidedAt: Date?
    @Field(key: "position") var position: Int
    @OptionalField(key: "carried_from_item_id") var carriedFromItemID: UUID?
    @Field(key: "created_at") var createdAt: Date

    init() {}

    init(id: UUID = UUID(), meetingID: UUID, caseID: UUID, nominatedBy: UUID, nominatedByOrganisationID: UUID,
         sealedReason: String, riskLevel: ConferenceRiskLevel, state: ConferenceAgendaState = .nominated,
         position: Int, carriedFromItemID: UUID? = nil, createdAt: Date) {
        self.id = id
        self.meetingID = meetingID
        self.caseID = caseID
        self.nominatedBy = nominatedBy
        self.nominatedByOrganisationID = nominatedByOrganisationID
        self.sealedReason = sealedReason
        self.riskLevel = riskLevel.rawValue
        self.state = state.rawValue
        self.position = position
        self.carriedFromItemID = carriedFromItemID
        self.createdAt = createdAt
    }

    var agendaState: ConferenceAgendaState { ConferenceAgendaState(rawValue: state) ?? .nominated }
    var risk: ConferenceRiskLevel { ConferenceRiskLevel(rawValue: riskLevel) ?? .standard }
}

/// What the conference recorded for one agenda case (`conference_case_outcomes`, one per item):
/// the risk level it set, its decisions (sealed with the case cipher, context
/// `conference_case_outcomes.decisions:<id>`) and when the case comes back for review.
final class ConferenceCaseOutcome: Model, @unchecked Sendable {
    static let schema = "conference_case_outcomes"

    @ID(key: .id) var id: UUID?
    @Field(key: "agenda_item_id") var agendaItemID: UUID
    /// `ConferenceRiskLevel`'s raw value.
    @Field(key: "risk_level") var riskLevel: String
    @Field(key: "sealed_decisions") var sealedDecisions: String
    /// `Day.daysSinceEpoch`, nil when no review is set.
    @OptionalField(key: "review_on") var reviewOn: Int?
    @Field(key: "recorded_by") var recordedBy: UUID
    @Field(key: "recorded_at") var recordedAt: Date

    init() {}

    init(id: UUID = UUID(), agendaItemID: UUID, riskLevel: ConferenceRiskLevel, sealedDecisions: String, reviewOn: Day?,
         recordedBy: UUID, recordedAt: Date) {
        self.id = id
        self.agendaItemID = agendaItemID
        self.riskLevel = riskLevel.rawValue
        self.sealedDecisions = sealedDecisions
        self.reviewOn = reviewOn?.daysSinceEpoch
        self.recordedBy = recordedBy
        self.recordedAt = recordedAt
    }

    var risk: ConferenceRiskLevel { ConferenceRiskLevel(rawValue: riskLevel) ?? .standard }
    var reviewDay: Day? { reviewOn.map(Day.init(daysSinceEpoch:)) }
}

/// An action agreed for a case at a meeting (`conference_actions`): what (sealed with the case
/// cipher, context `conference_actions.what:<id>`), owned by a member person or a team of an
/// attending organisation, due on a day; chased when overdue.
final class ConferenceAction: Model, @unchecked Sendable {
    static let schema = "conference_actions"

    @ID(key: .id) var id: UUID?
    @Field(key: "agenda_item_id") var agendaItemID: UUID
    @Field(key: "meeting_id") var meetingID: UUID
    @Field(key: "case_id") var caseID: UUID
    @Field(key: "sealed_what") var sealedWhat: String
    @OptionalField(key: "owner_user_id") var ownerUserID: UUID?
    @OptionalField(key: "owner_team_id") var ownerTeamID: UUID?
    @Field(key: "owner_organisation_id") var ownerOrganisationID: UUID
    /// `Day.daysSinceEpoch`.
    @Field(key: "due_on") var dueOn: Int
    /// `ConferenceActionState`'s raw value.
    @Field(key: "state") var state: String
    @OptionalField(key: "done_at") var doneAt: Date?
    @OptionalField(key: "chased_on") var chasedOn: Int?
    @Field(key: "created_by") var createdBy: UUID
    @Field(key: "created_at") var createdAt: Date

    init() {}

    init(id: UUID = UUID(), agendaItemID: UUID, meetingID: UUID, caseID: UUID, sealedWhat: String, ownerUserID: UUID?,
         ownerTeamID: UUID?, ownerOrganisationID: UUID, dueOn: Day, createdBy: UUID, createdAt: Date) {
        self.id = id
        self.agendaItemID = agendaItemID
        self.meetingID = meetingID
        self.caseID = caseID
        self.sealedWhat = sealedWhat
        self.ownerUserID = ownerUserID
        self.ownerTeamID = ownerTeamID
        self.ownerOrganisationID = ownerOrganisationID
        self.dueOn = dueOn.daysSinceEpoch
        self.state = ConferenceActionState.open.rawValue
        self.createdBy = createdBy
        self.createdAt = createdAt
    }

    var actionState: ConferenceActionState { ConferenceActionState(rawValue: state) ?? .open }
    var dueDay: Day { Day(daysSinceEpoch: dueOn) }
}
