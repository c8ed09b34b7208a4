import Fluent
import Foundation
import LanternCore
import SQLKit
import Vapor

/// Reciprocal housing requests as the organisations see them: `/housing-requests` lists those
/// sent to the viewer's organisation (or team) and those it sent; the receiving side answers a
/// request at `/housing-requests/:id` (`answerHousingRequest`), once: the answer is one
/// statement that only changes a request still waiting. The receiving side sees what the
/// request says (borough, what is needed, who sent it, when), never the case.
struct HousingRequestController {
    func register(_ routes: LanternRoutes) {
        routes.get(StatusPaths.housingRequests, access: .anyAction([.answerHousingRequest, .viewCase]), use: list)
        routes.get(StatusPaths.housingRequest, access: .anyAction([.answerHousingRequest, .viewCase]), use: show)
        routes.post(StatusPaths.housingRequest, access: .action(.answerHousingRequest), use: answer)
    }

    struct AnswerForm: Content { var answer: String?; var note: String? }

    static func localiser(_ request: Request) -> Localiser { StatusPages.localiser(request) }

    @Sendable func list(_ request: Request) async throws -> Response {
        let context = try request.authorise(anyOf: [.answerHousingRequest, .viewCase])
        let received = try await request.narrow(HousingRequest.query(on: request.db), to: .answerHousingRequest)
            .sort(\.$sentOn, .descending).sort(\.$recordedAt, .descending).limit(500).all()
            + (try await Self.readableAtReceivingEnd(request, context: context))
        // Sent: the viewer's organisation's requests on cases the viewer may see.
        let ours = try await HousingRequest.query(on: request.db).filter(\.$fromOrganisationID == context.organisationID)
            .sort(\.$sentOn, .descending).sort(\.$recordedAt, .descending).limit(500).all()
        let caseIDs = Array(Set(ours.map { $0.$case.id }))
        let cases = caseIDs.isEmpty ? [] : try await request.narrow(CaseRecord.query(on: request.db), to: .viewCase)
            .filter(\.$id ~~ caseIDs).all()
        let references = Dictionary(uniqueKeysWithValues: cases.compactMap { c in c.id.map { ($0, c.reference) } })
        let sent = ours.filter { references[$0.$case.id] != nil }
        let names = try await Self.organisationNames(on: request.db)
        let boroughs = request.application.lantern.boroughs
        func row(_ r: HousingRequest, other: UUID) -> StatusPages.RequestRow {
            StatusPages.RequestRow(id: r.id?.uuidString ?? "", reference: references[r.$case.id], borough: boroughs.borough(code: r.boroughCode)?.name ?? r.boroughCode,
                                   organisation: names[other] ?? "", sentOn: Day(daysSinceEpoch: r.sentOn), status: r.state,
                                   answeredOn: r.answeredOn.map(Day.init(daysSinceEpoch:)), note: nil, answer: nil)
        }
        try await request.audit(AuditEvent(action: "housing_requests.listed", recordType: "organisation", recordID: context.organisationID.uuidString))
        var seen = Set<UUID>()
        let receivedOnce = received.filter { seen.insert($0.id ?? UUID()).inserted }.sorted { ($0.sentOn, $0.recordedAt) > ($1.sentOn, $1.recordedAt) }
        return request.render(StatusPages.requestList(received: receivedOnce.map { row($0, other: $0.fromOrganisationID) },
                                                      sent: sent.map { row($0, other: $0.toOrganisationID) }, l: Self.localiser(request)))
    }

    /// Requests to the viewer's organisation (and team) that they may read as its staff
    /// (`viewCase` on the receiving organisation's records), though perhaps not answer.
    static func readableAtReceivingEnd(_ request: Request, context: SignInContext) async throws -> [HousingRequest] {
        let policy = request.accessPolicy
        if policy.permits(context.roles, .viewCase, on: .sameOrganisation) {
            return try await HousingRequest.query(on: request.db).filter(\.$toOrganisationID == context.organisationID)
                .sort(\.$sentOn, .descending).limit(500).all()
        }
        let teams = try await request.viewpoint().teamIDs
        guard policy.permits(context.roles, .viewCase, on: .sameTeam), !teams.isEmpty else { return [] }
        return try await HousingRequest.query(on: request.db).filter(\.$toOrganisationID == context.organisationID)
            .filter(\.$toTeamID ~~ teams).sort(\.$sentOn, .descending).limit(500).all()
    }

    static func organisationNames(on db: any Database) async throws -> [UUID: String] {
        Dictionary(uniqueKeysWithValues: try await Organisation.query(on: db).all().compactMap { o in o.id.map { ($0, o.name) } })
    }

    /// The request in the path and how the viewer stands to it: the receiving side reads it
    /// (`viewCase` where it is placed: the receiving organisation and team) and, if the policy
    /// lets them, answers it (`answerHousingRequest`, placed there and shared with the sender).
    /// `reads` is false for anyone else (the sender's side is checked by `show`). 404 for a bad id.
    private func load(_ request: Request) async throws -> (row: HousingRequest, reads: Bool, answers: Bool) {
        guard let id = request.parameters.get("requestID", as: UUID.self), let row = try await HousingRequest.find(id, on: request.db) else {
            throw LanternError.notFound
        }
        let context = try request.requireSignedIn(), policy = request.accessPolicy
        func allowed(_ action: Action, _ placement: RecordPlacement) async throws -> Bool {
            guard policy.allowsSome(context.roles, action) else { return false }
            do {
                _ = try await request.authorise(action, row, placedAt: placement)
                return true
            } catch LanternError.notFound {
                return false
            }
        }
        if try await allowed(.answerHousingRequest, HousingRequestRouting.placement(of: row)) { return (row, true, true) }
        return (row, try await allowed(.viewCase, HousingRequestRouting.receivingPlacement(of: row)), false)
    }

    @Sendable func show(_ request: Request) async throws -> Response {
        let (row, reads, answers) = try await load(request)
        var reference: String?
        if !reads {
            // The sending side reads it through the case (404 unless they may view the case).
            guard let record = try await CaseRecord.find(row.$case.id, on: request.db) else { throw LanternError.notFound }
            do {
                let access = try await CaseAccess.load(record.reference, for: .viewCase, request: request)
                guard access.relation == .sameOrganisation, row.fromOrganisationID == access.record.$organisation.id else { throw LanternError.notFound }
                reference = record.reference
            } catch LanternError.forbidden, LanternError.trainingRequired { throw LanternError.notFound }
        }
        try await request.audit(AuditEvent(action: "housing_request.viewed", recordType: "housing_request", recordID: row.id?.uuidString))
        return request.render(try await page(row, reference: reference, canAnswer: answers, form: AnswerForm(), errors: FormErrors(), request: request))
    }

    private func page(_ row: HousingRequest, reference: String?, canAnswer: Bool, form: AnswerForm, errors: FormErrors, request: Request) async throws -> Page {
        let names = try await Self.organisationNames(on: request.db)
        let cipher = try await request.application.lantern.caseKeys.cipher(for: row.$case.id, on: request.db)
        let model = StatusPages.RequestShow(
            row: StatusPages.RequestRow(id: row.id?.uuidString ?? "", reference: reference,
                                        borough: request.application.lantern.boroughs.borough(code: row.boroughCode)?.name ?? row.boroughCode,
                                        organisation: names[row.fromOrganisationID] ?? "", sentOn: Day(daysSinceEpoch: row.sentOn), status: row.state,
                                        answeredOn: row.answeredOn.map(Day.init(daysSinceEpoch:)),
                                        note: try cipher.flatMap { c in try row.sealedNote.map { try c.open($0, context: row.noteSealContext) } },
                                        answer: try cipher.flatMap { c in try row.sealedAnswer.map { try c.open($0, context: row.answerSealContext) } }),
            toOrganisation: names[row.toOrganisationID] ?? "", erased: cipher == nil,
            canAnswer: canAnswer && HousingRequestRules.isOpen(row.state) && cipher != nil, answer: form.answer, note: form.note, errors: errors,
            justAnswered: request.query[String.self, at: "done"] == StatusPages.Done.answered.rawValue)
        return StatusPages.requestShow(model, csrf: request.csrfToken, l: Self.localiser(request))
    }

    /// The receiving side's answer, in one statement that changes only a request still waiting:
    /// of forty answers at once one is recorded and the rest are told it was answered already.
    @Sendable func answer(_ request: Request) async throws -> Response {
        let (row, _, answers) = try await load(request)
        guard answers else { throw LanternError.notFound }
        let context = try request.requireSignedIn()
        let l = Self.localiser(request)
        let form = try request.content.decode(AnswerForm.self)
        let (answer, note, errors) = HousingRequestRules.check(.init(answer: form.answer, note: form.note), l: l)
        guard let answer, errors.isEmpty else {
            return request.render(try await page(row, reference: nil, canAnswer: true, form: form, errors: errors, request: request))
        }
        let requestID = try row.requireID()
        guard let cipher = try await request.application.lantern.caseKeys.cipher(for: row.$case.id, on: request.db) else {
            throw LanternError.conflict(l("aftercare.housing-request.error.erased"))
        }
        let sealed = try note.map { try cipher.seal($0, context: HousingRequest.answerSealContext(requestID)) }
        let services = request.application.lantern
        let won = try await request.db.transaction { tx -> Bool in
            guard let sql = tx as? any SQLDatabase else { throw Abort(.internalServerError) }
            let updated = try await sql.update(HousingRequest.schema)
                .set("status", to: answer.rawValue).set("answered_on", to: request.today.daysSinceEpoch)
                .set("answered_by", to: context.userID).set("sealed_answer", to: sealed)
                .where("id", .equal, requestID).where("status", .equal, HousingRequestStatus.sent.rawValue)
                .returning("id").first()
            guard updated != nil else { return false }
            try await request.audit(AuditEvent(action: "housing_request.answered", recordType: "housing_request", recordID: requestID.uuidString), on: tx)
            // The sender is told it was answered (a task, and an email saying a task is waiting).
            if let record = try await CaseRecord.find(row.$case.id, on: tx) {
                try await TaskService.create(ownerID: row.recordedBy, title: HousingRequestRules.answeredTaskTitle(reference: record.reference),
                                             link: Href.case(record.reference).fragment("status-and-housing"), due: nil,
                                             sourceKey: "housing_request_answered:\(requestID.uuidString)", services: services, on: tx)
            }
            return true
        }
        guard won else { throw LanternError.conflict(l("aftercare.housing-request.error.already-answered")) }
        return request.redirect(to: Href.housingRequest(requestID.uuidString).query("done", StatusPages.Done.answered.rawValue))
    }
}
