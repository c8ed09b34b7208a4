import Fluent
import Foundation
import LanternCore
import SQLKit
import Vapor

/// The pages of a conference's record: a case's outcome and actions (members and the host's
/// lead read; the chair writes), one action (its owners mark it done), the minutes (members and
/// the host's lead read; the chair drafts and approves). Every read and write is audited.
struct ConferenceOutcomeController {
    func register(_ routes: LanternRoutes) {
        routes.get(ConferenceOutcomePaths.item, access: .action(.viewCaseConference), use: item)
        routes.post(ConferenceOutcomePaths.outcome, access: .action(.viewCaseConference), use: recordOutcome)
        routes.post(ConferenceOutcomePaths.actions, access: .action(.viewCaseConference), use: addAction)
        routes.get(ConferenceOutcomePaths.action, access: .anyAction([.viewCaseConference, .progressAction]), use: action)
        routes.post(ConferenceOutcomePaths.actionDone, access: .action(.progressAction), use: markDone)
        routes.get(ConferenceOutcomePaths.minutes, access: .action(.viewCaseConference), use: minutes)
        routes.post(ConferenceOutcomePaths.minutes, access: .action(.viewCaseConference), use: saveMinutes)
        routes.post(ConferenceOutcomePaths.approveMinutes, access: .action(.viewCaseConference), use: approveMinutes)
    }

    struct OutcomeForm: Content { var risk: String?; var decisions: String?; var review: String? }
    struct ActionForm: Content { var what: String?; var owner: String?; var due: String? }
    struct MinutesForm: Content { var text: String? }

    // MARK: the case's record

    @Sendable func item(_ request: Request) async throws -> Response {
        let (record, authorised) = try await ConferenceOutcomeService.item(request)
        try await request.audit(AuditEvent(action: "conference.outcome_viewed", recordType: "case", recordID: record.item.caseID.uuidString))
        return request.render(try await page(record, authorised.context, request: request,
                                             done: request.query[String.self, at: "done"] == "1" ? "1" : nil))
    }

    private func page(_ record: ConferenceItemRecord, _ context: SignInContext, request: Request, done: String? = nil,
                      outcome: OutcomeForm? = nil, outcomeErrors: FormErrors = FormErrors(),
                      action: ActionForm? = nil, actionErrors: FormErrors = FormErrors()) async throws -> Page {
        let l = ConferenceOutcomeService.localiser(request)
        let services = request.application.lantern
        let itemID = try record.item.requireID()
        let cipher = try await services.caseKeys.cipher(for: record.item.caseID, on: request.db)
        let recorded = try await ConferenceCaseOutcome.query(on: request.db).filter(\.$agendaItemID == itemID).first()
        let decisions = try recorded.flatMap { outcome in try cipher.map { try $0.open(outcome.sealedDecisions, context: ConferenceOutcomeService.decisionsContext(try outcome.requireID())) } }
        let actions = try await ConferenceAction.query(on: request.db).filter(\.$agendaItemID == itemID).sort(\.$dueOn).sort(\.$createdAt).all()
        let isChair = ConferenceOutcomeService.isChair(context, of: record.meeting)
        let owners = try await ConferenceOutcomeService.owners(of: record.members, on: request.db)
        let model = ConferenceOutcomePages.Item(
            itemID: itemID.uuidString, meetingID: record.item.meetingID.uuidString, seriesName: record.series.name,
            heldOn: record.meeting.heldDay, reference: record.caseRecord.reference, nominatedRisk: record.item.risk,
            carried: record.item.carriedFromItemID != nil,
            outcome: recorded.map { (risk: $0.risk, decisions: decisions ?? l("conference-outcomes.erased"), review: $0.reviewDay) },
            actions: try await Self.rows(actions, cipher: cipher, l: l, on: request.db), isChair: isChair, owners: owners.options(l),
            outcomeValues: (risk: outcome?.risk ?? recorded?.riskLevel ?? record.item.riskLevel, decisions: outcome?.decisions ?? decisions ?? "",
                            review: outcome?.review ?? recorded?.reviewDay?.iso ?? ""),
            actionValues: (what: action?.what ?? "", owner: action?.owner ?? "", due: action?.due ?? ""),
            outcomeErrors: outcomeErrors, actionErrors: actionErrors, done: done)
        return ConferenceOutcomePages.item(model, today: request.today, csrf: request.csrfToken, l: l)
    }

    /// Rows of actions with their owners named (a person with their organisation, or a team).
    static func rows(_ actions: [ConferenceAction], cipher: FieldCipher?, l: Localiser, on db: any Database) async throws -> [ConferenceOutcomePages.ActionRow] {
        let names = try await ownerNames(actions, l: l, on: db)
        return try actions.map { action in
            let id = try action.requireID()
            let what = try cipher.map { try $0.open(action.sealedWhat, context: ConferenceOutcomeService.whatContext(id)) } ?? l("conference-outcomes.erased")
            return .init(id: id.uuidString, what: what, owner: names[id] ?? "", due: action.dueDay, state: action.actionState)
        }
    }

    static func ownerNames(_ actions: [ConferenceAction], l: Localiser, on db: any Database) async throws -> [UUID: String] {
        let users = try await User.query(on: db).filter(\.$id ~~ actions.compactMap(\.ownerUserID)).all()
        let teams = try await Team.query(on: db).filter(\.$id ~~ actions.compactMap(\.ownerTeamID)).all()
        let organisations = try await Organisation.query(on: db).filter(\.$id ~~ Array(Set(actions.map(\.ownerOrganisationID)))).all()
        var names: [UUID: String] = [:]
        for action in actions {
            guard let id = action.id else { continue }
            let organisation = organisations.first { $0.id == action.ownerOrganisationID }?.name ?? ""
            if let user = users.first(where: { $0.id == action.ownerUserID }) {
                names[id] = l("conference-outcomes.owner-person", ["person": user.displayName, "organisation": organisation])
            } else if let team = teams.first(where: { $0.id == action.ownerTeamID }) {
                names[id] = l("conference-outcomes.owner-team", ["team": team.name, "organisation": organisation])
            }
        }
        return names
    }

    @Sendable func recordOutcome(_ request: Request) async throws -> Response {
        let (record, authorised) = try await ConferenceOutcomeService.item(request)
        let form = try request.content.decode(OutcomeForm.self)
        let result = try await ConferenceOutcomeService.recordOutcome(record, context: authorised.context, risk: form.risk, decisions: form.decisions,
                                                                      review: form.review, request: request)
        switch result {
        case .success:
            return request.redirect(to: Href.conferenceItem(try record.item.requireID().uuidString).query("done", "1"))
        case .failure(let problems):
            let errors = ConferenceOutcomeService.errors(problems, l: ConferenceOutcomeService.localiser(request))
            return request.render(try await page(record, authorised.context, request: request, outcome: form, outcomeErrors: errors))
        }
    }

    @Sendable func addAction(_ request: Request) async throws -> Response {
        let (record, authorised) = try await ConferenceOutcomeService.item(request)
        let form = try request.content.decode(ActionForm.self)
        let result = try await ConferenceOutcomeService.addAction(record, context: authorised.context, what: form.what, owner: form.owner,
                                                                  due: form.due, request: request)
        switch result {
        case .success:
            return request.redirect(to: Href.conferenceItem(try record.item.requireID().uuidString).query("done", "1"))
        case .failure(let problems):
            let errors = ConferenceOutcomeService.errors(problems, l: ConferenceOutcomeService.localiser(request))
            return request.render(try await page(record, authorised.context, request: request, action: form, actionErrors: errors))
        }
    }

    // MARK: one action

    @Sendable func action(_ request: Request) async throws -> Response {
        let (action, record, canRead, canMarkDone) = try await ConferenceOutcomeService.action(request)
        try await request.audit(AuditEvent(action: "conference.action_viewed", recordType: "case", recordID: action.caseID.uuidString))
        return request.render(try await actionPage(action, record, canRead: canRead, canMarkDone: canMarkDone, request: request,
                                                   justDone: request.query[String.self, at: "done"] == "1"))
    }

    private func actionPage(_ action: ConferenceAction, _ record: ConferenceItemRecord, canRead: Bool, canMarkDone: Bool, request: Request,
                            alreadyDone: Bool = false, justDone: Bool = false) async throws -> Page {
        let l = ConferenceOutcomeService.localiser(request)
        let cipher = try await request.application.lantern.caseKeys.cipher(for: action.caseID, on: request.db)
        let row = try await Self.rows([action], cipher: cipher, l: l, on: request.db)[0]
        let model = ConferenceOutcomePages.Action(
            id: row.id, what: row.what, reference: record.caseRecord.reference, seriesName: record.series.name, heldOn: record.meeting.heldDay,
            owner: row.owner, due: row.due, state: action.actionState, doneAt: action.doneAt, canMarkDone: canMarkDone, canReadMeeting: canRead,
            itemID: try record.item.requireID().uuidString, alreadyDone: alreadyDone, justDone: justDone)
        return ConferenceOutcomePages.action(model, today: request.today, csrf: request.csrfToken, l: l)
    }

    @Sendable func markDone(_ request: Request) async throws -> Response {
        let (action, record, canRead, canMarkDone) = try await ConferenceOutcomeService.action(request)
        guard canMarkDone else { throw LanternError.notFound }
        guard try await ConferenceOutcomeService.markDone(action, request: request) else {
            guard let fresh = try await ConferenceAction.find(try action.requireID(), on: request.db) else { throw LanternError.notFound }
            return request.render(try await actionPage(fresh, record, canRead: canRead, canMarkDone: canMarkDone, request: request, alreadyDone: true))
        }
        return request.redirect(to: Href.conferenceAction(try action.requireID().uuidString).query("done", "1"))
    }

    // MARK: minutes

    private func minutesPage(_ meeting: Authorised<(ConferenceMeeting, ConferenceSeries, [ConferenceMember])>, request: Request,
                             draft: String? = nil, errors: FormErrors = FormErrors(), conflict: Bool = false) throws -> Page {
        let (record, series, _) = meeting.record
        let text = try ConferenceOutcomeService.minutesText(record, services: request.application.lantern)
        let model = ConferenceOutcomePages.Minutes(
            meetingID: try record.requireID().uuidString, seriesName: series.name, heldOn: record.heldDay,
            state: record.minutesState.flatMap(ConferenceMinutesState.init(rawValue:)), text: text,
            isChair: ConferenceOutcomeService.isChair(meeting.context, of: record), draft: draft ?? text ?? "", errors: errors,
            conflict: conflict, saved: request.query[String.self, at: "done"] == "1" ? "1" : nil)
        return ConferenceOutcomePages.minutes(model, csrf: request.csrfToken, l: ConferenceOutcomeService.localiser(request))
    }

    @Sendable func minutes(_ request: Request) async throws -> Response {
        let meeting = try await ConferenceOutcomeService.meeting(request)
        try await request.audit(AuditEvent(action: "conference.minutes_viewed", recordType: "conference_meeting", recordID: meeting.record.0.id?.uuidString))
        return request.render(try minutesPage(meeting, request: request))
    }

    @Sendable func saveMinutes(_ request: Request) async throws -> Response {
        let meeting = try await ConferenceOutcomeService.meeting(request)
        guard ConferenceOutcomeService.isChair(meeting.context, of: meeting.record.0) else { throw LanternError.notFound }
        let form = try request.content.decode(MinutesForm.self)
        if let problem = ConferenceActionRules.minutesProblem(form.text) {
            var errors = FormErrors()
            errors.add("text", ConferenceOutcomeService.message(problem, l: ConferenceOutcomeService.localiser(request)))
            return request.render(try minutesPage(meeting, request: request, draft: form.text ?? "", errors: errors))
        }
        let text = (form.text ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        guard try await ConferenceOutcomeService.saveMinutes(meeting.record.0, text: text, request: request) else {
            let fresh = try await ConferenceOutcomeService.meeting(request)
            return request.render(try minutesPage(fresh, request: request, conflict: true))
        }
        return request.redirect(to: Href.conferenceMinutes(try meeting.record.0.requireID().uuidString).query("done", "1"))
    }

    @Sendable func approveMinutes(_ request: Request) async throws -> Response {
        let meeting = try await ConferenceOutcomeService.meeting(request)
        guard ConferenceOutcomeService.isChair(meeting.context, of: meeting.record.0) else { throw LanternError.notFound }
        guard try await ConferenceOutcomeService.approveMinutes(meeting.record.0, request: request) else {
            let fresh = try await ConferenceOutcomeService.meeting(request)
            return request.render(try minutesPage(fresh, request: request, conflict: true))
        }
        return request.redirect(to: Href.conferenceMinutes(try meeting.record.0.requireID().uuidString).query("done", "1"))
    }
}

/// The meeting page's "Outcomes and actions" part, for the meetings' page to include: each
/// accepted case with whether its outcome is recorded and its open and overdue actions, and the
/// link to the minutes. Nil when the viewer may not read the conference's record.
enum ConferenceOutcomeSection {
    static func render(meetingID: UUID, request: Request) async throws -> HTML? {
        guard let sql = request.db as? any SQLDatabase else { return nil }
        let (meeting, series, members) = try await ConferenceOutcomeService.meetingRecord(meetingID, on: request.db)
        let placement = RecordPlacement(organisationID: series.organisationID.uuidString,
                                        conferenceMemberIDs: Set(members.map(\.userID.uuidString) + [meeting.chairUserID.uuidString]))
        guard (try? await request.authorise(.viewCaseConference, meeting, placedAt: placement)) != nil else { return nil }
        let items = try await ConferenceAgendaItem.query(on: request.db).filter(\.$meetingID == meetingID)
            .filter(\.$state == ConferenceAgendaState.accepted.rawValue).sort(\.$position).all()
        let cases = try await CaseRecord.query(on: request.db).filter(\.$id ~~ items.map(\.caseID)).all()
        let outcomes = try await ConferenceCaseOutcome.query(on: request.db).filter(\.$agendaItemID ~~ items.compactMap(\.id)).all()
        struct Count: Decodable { let agenda_item_id: UUID; let open: Int; let overdue: Int }
        let today = request.today.daysSinceEpoch
        let counts = items.isEmpty ? [] : try await sql.raw("""
            SELECT agenda_item_id, COUNT(*) AS open, SUM(CASE WHEN due_on < \(bind: today) THEN 1 ELSE 0 END) AS overdue
            FROM conference_actions WHERE meeting_id = \(bind: meetingID) AND state = \(bind: ConferenceActionState.open.rawValue)
            GROUP BY agenda_item_id
            """).all(decoding: Count.self)
        let rows = items.compactMap { item -> ConferenceOutcomePages.SectionRow? in
            guard let id = item.id else { return nil }
            let count = counts.first { $0.agenda_item_id == id }
            return .init(itemID: id.uuidString, reference: cases.first { $0.id == item.caseID }?.reference ?? "",
                         carried: item.carriedFromItemID != nil, outcomeRecorded: outcomes.contains { $0.agendaItemID == id },
                         openActions: count?.open ?? 0, overdueActions: count?.overdue ?? 0)
        }
        return ConferenceOutcomePages.section(meetingID: meetingID.uuidString, rows: rows,
                                              minutesState: meeting.minutesState.flatMap(ConferenceMinutesState.init(rawValue:)),
                                              l: ConferenceOutcomeService.localiser(request))
    }
}
