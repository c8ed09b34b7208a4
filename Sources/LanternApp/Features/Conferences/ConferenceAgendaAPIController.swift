import Fluent
import Foundation
import LanternCore
import Vapor

/// Case conferences through the API: the viewer's series and meetings, one meeting (members
/// and agenda), nominating a case, the chair's decision. The same checks as the pages; field
/// problems answer 422 and nothing is stored.
struct ConferenceAgendaAPIController {
    func register(_ routes: LanternRoutes) {
        let api = routes.api
        api.get(ConferencePaths.apiList, access: .anyAction([.viewCaseConference, .manageConferences]), use: list)
        api.get(ConferencePaths.apiMeeting, access: .anyAction([.viewCaseConference, .manageConferences]), use: meeting)
        api.post(ConferencePaths.apiNominate, access: .action(.nominateToConference), use: nominate)
        api.post(ConferencePaths.apiDecide, access: .anyAction([.viewCaseConference, .manageConferences]), use: decide)
    }

    struct SeriesDTO: Content { var id: String; var name: String; var kind: String; var accessDaysAfter: Int }
    struct MeetingSummaryDTO: Content { var id: String; var series: String; var heldOn: String; var state: String; var chairing: Bool }
    struct ListDTO: Content { var series: [SeriesDTO]; var meetings: [MeetingSummaryDTO] }
    struct MemberDTO: Content { var id: String; var name: String; var organisation: String; var agencyRole: String?; var isChair: Bool }
    struct ItemDTO: Content {
        var id: String; var caseReference: String; var state: String; var riskLevel: String
        var nominatedBy: String; var organisation: String; var carried: Bool
    }
    struct MeetingDTO: Content {
        var id: String; var series: String; var kind: String; var heldOn: String; var state: String; var chair: String
        var accessEndsOn: String; var members: [MemberDTO]; var agenda: [ItemDTO]
    }
    struct NominationInput: Content { var meetingId: String?; var reason: String?; var riskLevel: String? }
    struct DecisionInput: Content { var decision: String? }
    struct AgendaItemDTO: Content { var id: String; var meetingId: String; var caseReference: String; var state: String; var riskLevel: String }

    @Sendable func list(_ request: Request) async throws -> ListDTO {
        let overview = try await ConferenceSeriesController.overview(request)
        let context = try request.requireSignedIn()
        try await request.audit(AuditEvent(action: "conferences.listed", recordType: "organisation", recordID: context.organisationID.uuidString))
        return ListDTO(series: overview.series.map { SeriesDTO(id: $0.id, name: $0.name, kind: $0.kind, accessDaysAfter: $0.accessDaysAfter) },
                       meetings: overview.meetings.map { MeetingSummaryDTO(id: $0.id, series: $0.series, heldOn: $0.heldOn.iso, state: $0.state.rawValue,
                                                                           chairing: $0.chairing) })
    }

    @Sendable func meeting(_ request: Request) async throws -> MeetingDTO {
        let loaded = try await ConferenceAccess.meeting(request)
        try await request.audit(AuditEvent(action: "conference_meeting.viewed", recordType: "conference_meeting", recordID: loaded.record.meetingID.uuidString))
        let m = try await ConferenceMeetingController.model(loaded, request: request)
        return MeetingDTO(id: m.id, series: m.seriesName, kind: m.kind, heldOn: m.heldOn.iso, state: m.state.rawValue, chair: m.chair,
                          accessEndsOn: m.accessEnds.iso,
                          members: m.members.map { MemberDTO(id: $0.id, name: $0.name, organisation: $0.organisation,
                                                             agencyRole: $0.agencyRole.isEmpty ? nil : $0.agencyRole, isChair: $0.isChair) },
                          agenda: m.items.map { ItemDTO(id: $0.id, caseReference: $0.reference, state: $0.state.rawValue, riskLevel: $0.risk.rawValue,
                                                        nominatedBy: $0.nominatedBy, organisation: $0.organisation, carried: $0.carried) })
    }

    static func dto(_ item: ConferenceAgendaItem, reference: String) -> AgendaItemDTO {
        AgendaItemDTO(id: item.id?.uuidString ?? "", meetingId: item.meetingID.uuidString, caseReference: reference, state: item.state, riskLevel: item.riskLevel)
    }

    @Sendable func nominate(_ request: Request) async throws -> Response {
        let access = try await ConferenceAgendaController.nominatedCase(request.parameters.get("reference"), request: request)
        let input = try request.content.decode(NominationInput.self)
        let form = ConferenceAgendaController.NominationForm(meetingID: input.meetingId, reason: input.reason, riskLevel: input.riskLevel)
        switch try await ConferenceAgendaController.nominate(access, form, request: request) {
        case .success(let item):
            return try await Self.dto(item, reference: access.record.reference).encodeResponse(status: .created, for: request)
        case .failure(let errors):
            throw LanternError.invalid(errors.problems.map { (field: $0.field == "meetingID" ? "meetingId" : $0.field, message: $0.message) })
        }
    }

    @Sendable func decide(_ request: Request) async throws -> AgendaItemDTO {
        let itemID = try ConferenceAccess.uuid(request, "itemID")
        let input = try request.content.decode(DecisionInput.self)
        let item = try await ConferenceAgendaController.decide(itemID: itemID, decision: input.decision, request: request)
        let reference = try await CaseRecord.find(item.caseID, on: request.db)?.reference ?? ""
        return Self.dto(item, reference: reference)
    }
}
