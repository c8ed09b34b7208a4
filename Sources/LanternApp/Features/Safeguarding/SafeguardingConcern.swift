import Fluent
import Foundation
import LanternCore
import Vapor

/// A safeguarding concern, raised once (on a case or on its own) and routed through the
/// contacts directory to the team that must act on it. What was seen and the outcome's note
/// are sealed: with the case's cipher for a concern on a case, with the field cipher otherwise.
final class SafeguardingConcern: Model, @unchecked Sendable {
    static let schema = "safeguarding_concerns"

    @ID(key: .id) var id: UUID?
    @OptionalField(key: "case_id") var caseID: UUID?
    @Field(key: "raised_by") var raisedBy: UUID
    @Field(key: "raised_by_organisation_id") var raisedByOrganisationID: UUID
    @Field(key: "subject") var subject: String
    @Field(key: "kind") var kind: String
    @Field(key: "urgency") var urgency: String
    @Field(key: "police_box") var policeBox: Bool
    /// The police's copy of a concern points to the council's (the one raised).
    @OptionalField(key: "linked_concern_id") var linkedConcernID: UUID?
    @Field(key: "borough_code") var boroughCode: String
    @Field(key: "sealed_seen") var sealedSeen: String
    @Field(key: "routed_organisation_id") var routedOrganisationID: UUID
    @OptionalField(key: "routed_team_id") var routedTeamID: UUID?
    @OptionalField(key: "routed_entry_id") var routedEntryID: UUID?
    @Field(key: "routed_at") var routedAt: Date
    @Field(key: "acknowledge_by") var acknowledgeBy: Date
    @OptionalField(key: "acknowledged_at") var acknowledgedAt: Date?
    @OptionalField(key: "acknowledged_by") var acknowledgedBy: UUID?
    @OptionalField(key: "escalated_at") var escalatedAt: Date?
    @OptionalField(key: "outcome") var outcome: String?
    @OptionalField(key: "sealed_outcome_note") var sealedOutcomeNote: String?
    @OptionalField(key: "closed_at") var closedAt: Date?
    @OptionalField(key: "closed_by") var closedBy: UUID?
    @Field(key: "recorded_by") var recordedBy: UUID
    @Field(key: "recorded_at") var recordedAt: Date

    init() {}

    var state: ConcernState { ConcernState.of(acknowledgedAt: acknowledgedAt, escalatedAt: escalatedAt, closedAt: closedAt) }
    var subjectValue: ConcernSubject { ConcernSubject(rawValue: subject) ?? .adult }
    var kindValue: ConcernKind { ConcernKind(rawValue: kind) ?? .other }
    var urgencyValue: ConcernUrgency { ConcernUrgency(rawValue: urgency) ?? .standard }

    static func seenContext(_ id: UUID) -> String { "safeguarding_concerns.sealed_seen:\(id.uuidString)" }
    static func outcomeContext(_ id: UUID) -> String { "safeguarding_concerns.sealed_outcome_note:\(id.uuidString)" }

    /// Where the concern sits for the access rules: with the team (and organisation) it is
    /// routed to, and seen by the organisation that raised it.
    var placement: RecordPlacement {
        RecordPlacement(organisationID: routedOrganisationID.uuidString, teamID: routedTeamID?.uuidString,
                        sharesInForce: [ShareAddress(organisationID: raisedByOrganisationID.uuidString)])
    }
}

/// One routing of a concern: the first (when raised) and every re-routing, kept in order.
final class SafeguardingConcernRoute: Model, @unchecked Sendable {
    static let schema = "safeguarding_concern_routes"

    @ID(key: .id) var id: UUID?
    @Parent(key: "concern_id") var concern: SafeguardingConcern
    @OptionalField(key: "from_organisation_id") var fromOrganisationID: UUID?
    @OptionalField(key: "from_team_id") var fromTeamID: UUID?
    @Field(key: "to_organisation_id") var toOrganisationID: UUID
    @OptionalField(key: "to_team_id") var toTeamID: UUID?
    @OptionalField(key: "to_entry_id") var toEntryID: UUID?
    /// Why it was re-routed (sealed like the concern's other text); nil for the first routing.
    @OptionalField(key: "sealed_reason") var sealedReason: String?
    @Field(key: "routed_at") var routedAt: Date
    @Field(key: "recorded_by") var recordedBy: UUID
    @Field(key: "recorded_at") var recordedAt: Date

    init() {}

    static func reasonContext(_ id: UUID) -> String { "safeguarding_concern_routes.sealed_reason:\(id.uuidString)" }
}

extension SafeguardingConcern: NarrowableRecord {
    /// Routed to the viewer's organisation (any of its teams), to one of their teams, or raised
    /// by their organisation (the raiser's "share").
    static func condition(for relation: LanternCore.Relation, from viewpoint: Viewpoint, request: Request) async throws -> RecordCondition<SafeguardingConcern>? {
        let organisationID = viewpoint.context.organisationID, teams = viewpoint.teamIDs
        switch relation {
        case .sameOrganisation:
            return RecordCondition { $0.filter(\.$routedOrganisationID == organisationID) }
        case .sameTeam:
            guard !teams.isEmpty else { return nil }
            return RecordCondition { $0.group(.and) { $0.filter(\.$routedOrganisationID == organisationID).filter(\.$routedTeamID ~~ teams) } }
        case .sharedWithOrganisation:
            return RecordCondition { $0.filter(\.$raisedByOrganisationID == organisationID) }
        default:
            return nil
        }
    }
}
