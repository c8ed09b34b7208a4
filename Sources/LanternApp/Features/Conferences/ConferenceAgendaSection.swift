import Fluent
import Foundation
import LanternCore
import Vapor

/// The case page's "Case conferences" section: the owning organisation sees every meeting the
/// case was nominated to (state, risk level, day) and a link to nominate it; a conference member
/// reading the case sees the meetings of theirs it is on. A meeting is a link only for those
/// who may open it (its members and chair, the host's lead): a case worker of the owning
/// organisation sees that the case went to another organisation's conference without a link
/// that would answer 404. Audited.
enum ConferenceAgendaSection {
    @Sendable static func render(_ input: CaseSectionInput) async throws -> HTML? {
        let request = input.request
        let access = input.access
        guard !access.decisionOnly else { return nil }
        let context = try request.requireSignedIn()
        let caseID = try access.record.requireID()
        let owner = access.relation == .sameOrganisation
        var items = try await ConferenceAgendaItem.query(on: request.db).filter(\.$caseID == caseID).all()
        if !owner {
            let mine = Set(try await ConferenceMember.query(on: request.db).filter(\.$userID == context.userID).all().map(\.meetingID))
            items = items.filter { mine.contains($0.meetingID) }
        }
        let policy = request.accessPolicy
        let canNominate = owner && input.canEdit && policy.permits(context.roles, .nominateToConference, on: .sameOrganisation)
        guard !items.isEmpty || canNominate else { return nil }
        let meetings = Dictionary(try await ConferenceMeeting.query(on: request.db).filter(\.$id ~~ items.map(\.meetingID)).all()
            .compactMap { m in m.id.map { ($0, m) } }, uniquingKeysWith: { a, _ in a })
        let series = Dictionary(try await ConferenceSeries.query(on: request.db).filter(\.$id ~~ meetings.values.map(\.seriesID)).all()
            .compactMap { s in s.id.map { ($0, s.name) } }, uniquingKeysWith: { a, _ in a })
        let hosts = Dictionary(try await ConferenceSeries.query(on: request.db).filter(\.$id ~~ meetings.values.map(\.seriesID)).all()
            .compactMap { s in s.id.map { ($0, s.organisationID) } }, uniquingKeysWith: { a, _ in a })
        let members = Dictionary(grouping: try await ConferenceMember.query(on: request.db).filter(\.$meetingID ~~ Array(meetings.keys)).all(),
                                 by: \.meetingID)
        let viewer = LanternCore.Viewer(userID: context.userID.uuidString, organisationID: context.organisationID.uuidString)
        func opens(_ meeting: ConferenceMeeting) -> Bool {
            guard let id = meeting.id, let host = hosts[meeting.seriesID] else { return false }
            let reading = RecordPlacement(organisationID: host.uuidString,
                                          conferenceMemberIDs: Set((members[id] ?? []).map(\.userID.uuidString) + [meeting.chairUserID.uuidString]))
            return policy.permits(context.roles, .viewCaseConference, onAny: Relation.all(of: viewer, to: reading))
                || policy.permits(context.roles, .manageConferences, onAny: Relation.all(of: viewer, to: RecordPlacement(organisationID: host.uuidString)))
        }
        let rows: [ConferencePages.CaseItem] = items.compactMap { item in
            guard let meeting = meetings[item.meetingID] else { return nil }
            return .init(meetingID: item.meetingID.uuidString, series: series[meeting.seriesID] ?? "", heldOn: meeting.heldDay,
                         state: item.agendaState, risk: item.risk, opens: opens(meeting))
        }.sorted { $0.heldOn > $1.heldOn }
        try await request.audit(AuditEvent(action: "case.conferences_viewed", recordType: "case", recordID: caseID.uuidString))
        return ConferencePages.caseSection(reference: access.record.reference, items: rows, canNominate: canNominate, l: ConferenceAccess.localiser(request))
    }
}
