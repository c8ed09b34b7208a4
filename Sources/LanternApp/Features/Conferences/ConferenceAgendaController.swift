import Fluent
import Foundation
import LanternCore
import SQLKit
import Vapor

/// The agenda of cases: a worker nominates one of their organisation's cases to a planned
/// meeting with a reason (sealed with the case's cipher) and a risk level; the chair accepts or
/// declines it once (one guarded UPDATE). A case the nominator cannot see, or that is not
/// their organisation's, answers 404 and nothing is written.
struct ConferenceAgendaController {
    func register(_ routes: LanternRoutes) {
        routes.get(ConferencePaths.nominate, access: .action(.nominateToConference), use: nominateForm)
        routes.post(ConferencePaths.nominate, access: .action(.nominateToConference), use: nominate)
        routes.post(ConferencePaths.decide, access: .anyAction([.viewCaseConference, .manageConferences]), use: decide)
    }

    struct NominationForm: Content { var meetingID: String?; var reason: String?; var riskLevel: String? }
    struct DecisionForm: Content { var decision: String? }

    static func reasonContext(_ itemID: UUID) -> String { "conference_agenda.reason:\(itemID.uuidString)" }

    /// The case for a nomination: the nominator's organisation's own case (`nominateToConference`).
    static func nominatedCase(_ reference: String?, request: Request) async throws -> AccessibleCase {
        let access = try await CaseAccess.load(reference, for: .nominateToConference, request: request)
        guard access.relation == .sameOrganisation else { throw LanternError.notFound }
        return access
    }

    /// Planned meetings not yet past, soonest first, with their series' names.
    static func openMeetings(_ request: Request) async throws -> [(id: String, label: String)] {
        let meetings = try await ConferenceMeeting.query(on: request.db).filter(\.$state == ConferenceMeetingState.planned.rawValue)
            .filter(\.$heldOn >= request.today.daysSinceEpoch).sort(\.$heldOn).limit(500).all()
        let series = Dictionary(try await ConferenceSeries.query(on: request.db).filter(\.$id ~~ meetings.map(\.seriesID)).all()
            .compactMap { s in s.id.map { ($0, s.name) } }, uniquingKeysWith: { a, _ in a })
        let l = ConferenceAccess.localiser(request)
        return meetings.compactMap { m in m.id.map { ($0.uuidString, "\(series[m.seriesID] ?? ""), \(l.day(m.heldDay))") } }
    }

    private func form(_ request: Request, reference: String, _ input: NominationForm, errors: FormErrors) async throws -> Page {
        ConferencePages.nominate(.init(reference: reference, meetings: try await Self.openMeetings(request), meetingID: input.meetingID,
                                       reason: input.reason ?? "", risk: input.riskLevel, errors: errors),
                                 csrf: request.csrfToken, l: ConferenceAccess.localiser(request))
    }

    @Sendable func nominateForm(_ request: Request) async throws -> Response {
        let access = try await Self.nominatedCase(request.parameters.get("reference"), request: request)
        return request.render(try await form(request, reference: access.record.reference, NominationForm(), errors: FormErrors()))
    }

    @Sendable func nominate(_ request: Request) async throws -> Response {
        let access = try await Self.nominatedCase(request.parameters.get("reference"), request: request)
        let input = try request.content.decode(NominationForm.self)
        switch try await Self.nominate(access, input, request: request) {
        case .success:
            return request.redirect(to: Href.case(access.record.reference).fragment("case-conferences"))
        case .failure(let errors):
            return request.render(try await form(request, reference: access.record.reference, input, errors: errors))
        }
    }

    /// Checks and writes a nomination (pages and API): the meeting must be planned and not past,
    /// the reason given, the risk level one of the three; the case once per meeting.
    static func nominate(_ access: AccessibleCase, _ input: NominationForm, request: Request) async throws -> Result<ConferenceAgendaItem, FormErrors> {
        let l = ConferenceAccess.localiser(request)
        let context = try request.requireSignedIn()
        var errors = FormErrors()
        var meeting: ConferenceMeeting?
        if let meetingID = input.meetingID.flatMap(UUID.init(exactly:)) { meeting = try await ConferenceMeeting.find(meetingID, on: request.db) }
        if let meeting {
            switch ConferenceRules.nominationRefusal(meetingState: meeting.meetingState, heldOn: meeting.heldDay, today: request.today) {
            case .meetingNotPlanned?: errors.add("meetingID", l("conferences.nominate.error.not-planned"))
            case .meetingPast?: errors.add("meetingID", l("conferences.nominate.error.past"))
            case nil: break
            }
        } else {
            errors.add("meetingID", l("conferences.nominate.error.meeting"))
        }
        let reason = (input.reason ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        if reason.isEmpty { errors.add("reason", l("conferences.nominate.error.reason")) }
        else if reason.count > 4000 { errors.add("reason", l("conferences.nominate.error.reason-long")) }
        else if ControlCharacters.present(in: reason, allowingLineBreaks: true) {
            errors.add("reason", l("conferences.nominate.error.reason-control"))
        }
        let risk = input.riskLevel.flatMap(ConferenceRiskLevel.init(rawValue:))
        if risk == nil { errors.add("riskLevel", l("conferences.nominate.error.risk")) }
        let caseID = try access.record.requireID()
        if let meetingID = meeting?.id, errors.isEmpty,
           try await ConferenceAgendaItem.query(on: request.db).filter(\.$meetingID == meetingID).filter(\.$caseID == caseID).first() != nil {
            errors.add("meetingID", l("conferences.nominate.error.already"))
        }
        guard errors.isEmpty, let meeting, let meetingID = meeting.id, let risk else { return .failure(errors) }
        let cipher = try access.cipher
        let itemID = UUID()
        let position = try await ConferenceAgendaItem.query(on: request.db).filter(\.$meetingID == meetingID).count() + 1
        let item = ConferenceAgendaItem(id: itemID, meetingID: meetingID, caseID: caseID, nominatedBy: context.userID,
                                        nominatedByOrganisationID: context.organisationID,
                                        sealedReason: try cipher.seal(reason, context: reasonContext(itemID)), riskLevel: risk,
                                        position: position, createdAt: request.application.lantern.now)
        do {
            try await request.db.transaction { tx in
                try await item.create(on: tx)
                try await request.audit(AuditEvent(action: "conference_agenda.nominated", recordType: "case", recordID: caseID.uuidString), on: tx)
                _ = try await TaskService.create(ownerID: meeting.chairUserID, title: l("conferences.task.nominated", ["reference": access.record.reference]),
                                                 link: Href.conferenceMeeting(meetingID.uuidString), due: meeting.heldDay,
                                                 sourceKey: "conf_nominated:\(itemID.uuidString)", services: request.application.lantern, on: tx)
            }
        } catch let error as any DatabaseError where error.isConstraintFailure {
            // Nominated twice at once: the unique (meeting, case) index kept one.
            errors.add("meetingID", l("conferences.nominate.error.already"))
            return .failure(errors)
        }
        return .success(item)
    }

    enum Decision: String { case accept, decline }

    /// The chair's decision on a nomination, in one statement that changes only an item still
    /// nominated: of forty at once one is recorded and the rest are told it was decided already.
    /// Only the meeting's chair decides; anyone else who may read the meeting gets 404.
    static func decide(itemID: UUID, decision: String?, request: Request) async throws -> ConferenceAgendaItem {
        let context = try request.authorise(anyOf: [.viewCaseConference, .manageConferences])
        let l = ConferenceAccess.localiser(request)
        guard let item = try await ConferenceAgendaItem.find(itemID, on: request.db) else { throw LanternError.notFound }
        let record = try await ConferenceAccess.record(meetingID: item.meetingID, on: request.db)
        guard record.isChair(context.userID), try await ConferenceAccess.permits(.viewCaseConference, record, placement: record.placement, request: request)
        else { throw LanternError.notFound }
        guard let decision = decision.flatMap(Decision.init(rawValue:)) else {
            throw LanternError.invalid([(field: "decision", message: l("conferences.decide.error.choice"))])
        }
        let state: ConferenceAgendaState = decision == .accept ? .accepted : .declined
        let won = try await request.db.transaction { tx -> Bool in
            guard let sql = tx as? any SQLDatabase else { throw Abort(.internalServerError) }
            let updated = try await sql.update(ConferenceAgendaItem.schema)
                .set("state", to: state.rawValue).set("decided_by", to: context.userID).set("decided_at", to: request.application.lantern.now)
                .where("id", .equal, itemID).where("state", .equal, ConferenceAgendaState.nominated.rawValue)
                .returning("id").first()
            guard updated != nil else { return false }
            try await request.audit(AuditEvent(action: "conference_agenda.decided", recordType: "case", recordID: item.caseID.uuidString), on: tx)
            return true
        }
        guard won else { throw LanternError.conflict(l("conferences.decide.error.already")) }
        guard let fresh = try await ConferenceAgendaItem.find(itemID, on: request.db) else { throw LanternError.notFound }
        return fresh
    }

    @Sendable func decide(_ request: Request) async throws -> Response {
        let itemID = try ConferenceAccess.uuid(request, "itemID")
        let input = try request.content.decode(DecisionForm.self)
        let item = try await Self.decide(itemID: itemID, decision: input.decision, request: request)
        return request.redirect(to: Href.conferenceMeeting(item.meetingID.uuidString).query("done", item.state))
    }
}
