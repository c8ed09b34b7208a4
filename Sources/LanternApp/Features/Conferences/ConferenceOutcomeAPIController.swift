import Fluent
import Foundation
import LanternCore
import Vapor

/// The conference's record of a case through the API: read it (members, the host's lead),
/// record the outcome and agree actions (the chair), mark an action done (its owners). The
/// same service and checks as the pages; field problems answer 422, nothing stored.
struct ConferenceOutcomeAPIController {
    func register(_ routes: LanternRoutes) {
        let api = routes.api
        api.get(ConferenceOutcomePaths.apiItem, access: .action(.viewCaseConference), use: item)
        api.post(ConferenceOutcomePaths.apiOutcome, access: .action(.viewCaseConference), use: recordOutcome)
        api.post(ConferenceOutcomePaths.apiActions, access: .action(.viewCaseConference), use: addAction)
        api.post(ConferenceOutcomePaths.apiActionDone, access: .action(.progressAction), use: markDone)
    }

    struct OutcomeInput: Content { var riskLevel: String?; var decisions: String?; var reviewOn: String? }
    struct ActionInput: Content { var what: String?; var owner: String?; var dueOn: String? }

    struct OutcomeDTO: Content { var riskLevel: String; var decisions: String?; var reviewOn: String? }
    struct ActionDTO: Content {
        var id: String
        var what: String?
        var ownerUserId: String?
        var ownerTeamId: String?
        var ownerOrganisationId: String
        var dueOn: String
        var state: String
    }
    struct ItemDTO: Content {
        var id: String
        var meetingId: String
        var caseReference: String
        var outcome: OutcomeDTO?
        var actions: [ActionDTO]
    }

    static func dto(_ action: ConferenceAction, cipher: FieldCipher?) throws -> ActionDTO {
        let id = try action.requireID()
        return ActionDTO(id: id.uuidString, what: try cipher.map { try $0.open(action.sealedWhat, context: ConferenceOutcomeService.whatContext(id)) },
                         ownerUserId: action.ownerUserID?.uuidString, ownerTeamId: action.ownerTeamID?.uuidString,
                         ownerOrganisationId: action.ownerOrganisationID.uuidString, dueOn: action.dueDay.iso, state: action.state)
    }

    static func dto(_ outcome: ConferenceCaseOutcome, cipher: FieldCipher?) throws -> OutcomeDTO {
        OutcomeDTO(riskLevel: outcome.riskLevel,
                   decisions: try cipher.map { try $0.open(outcome.sealedDecisions, context: ConferenceOutcomeService.decisionsContext(try outcome.requireID())) },
                   reviewOn: outcome.reviewDay?.iso)
    }

    private func invalid(_ problems: ConferenceActionRules.Problems, request: Request, rename: [String: String]) -> LanternError {
        let l = ConferenceOutcomeService.localiser(request)
        return .invalid(problems.items.map { (field: rename[$0.field] ?? $0.field, message: ConferenceOutcomeService.message($0.problem, l: l)) })
    }

    @Sendable func item(_ request: Request) async throws -> ItemDTO {
        let (record, _) = try await ConferenceOutcomeService.item(request)
        let itemID = try record.item.requireID()
        let cipher = try await request.application.lantern.caseKeys.cipher(for: record.item.caseID, on: request.db)
        let outcome = try await ConferenceCaseOutcome.query(on: request.db).filter(\.$agendaItemID == itemID).first()
        let actions = try await ConferenceAction.query(on: request.db).filter(\.$agendaItemID == itemID).sort(\.$dueOn).sort(\.$createdAt).all()
        try await request.audit(AuditEvent(action: "conference.outcome_viewed", recordType: "case", recordID: record.item.caseID.uuidString))
        return ItemDTO(id: itemID.uuidString, meetingId: record.item.meetingID.uuidString, caseReference: record.caseRecord.reference,
                       outcome: try outcome.map { try Self.dto($0, cipher: cipher) }, actions: try actions.map { try Self.dto($0, cipher: cipher) })
    }

    @Sendable func recordOutcome(_ request: Request) async throws -> OutcomeDTO {
        let (record, authorised) = try await ConferenceOutcomeService.item(request)
        let input = try request.content.decode(OutcomeInput.self)
        switch try await ConferenceOutcomeService.recordOutcome(record, context: authorised.context, risk: input.riskLevel, decisions: input.decisions,
                                                                review: input.reviewOn, request: request) {
        case .success(let outcome):
            return try Self.dto(outcome, cipher: try await request.application.lantern.caseKeys.cipher(for: record.item.caseID, on: request.db))
        case .failure(let problems):
            throw invalid(problems, request: request, rename: ["risk": "riskLevel", "review": "reviewOn"])
        }
    }

    @Sendable func addAction(_ request: Request) async throws -> Response {
        let (record, authorised) = try await ConferenceOutcomeService.item(request)
        let input = try request.content.decode(ActionInput.self)
        switch try await ConferenceOutcomeService.addAction(record, context: authorised.context, what: input.what, owner: input.owner,
                                                            due: input.dueOn, request: request) {
        case .success(let action):
            let cipher = try await request.application.lantern.caseKeys.cipher(for: record.item.caseID, on: request.db)
            return try await Self.dto(action, cipher: cipher).encodeResponse(status: .created, for: request)
        case .failure(let problems):
            throw invalid(problems, request: request, rename: ["due": "dueOn"])
        }
    }

    @Sendable func markDone(_ request: Request) async throws -> ActionDTO {
        let (action, _, _, canMarkDone) = try await ConferenceOutcomeService.action(request)
        guard canMarkDone else { throw LanternError.notFound }
        guard try await ConferenceOutcomeService.markDone(action, request: request) else {
            throw LanternError.conflict(ConferenceOutcomeService.localiser(request)("conference-outcomes.action.already-done-text"))
        }
        guard let fresh = try await ConferenceAction.find(try action.requireID(), on: request.db) else { throw LanternError.notFound }
        return try Self.dto(fresh, cipher: try await request.application.lantern.caseKeys.cipher(for: action.caseID, on: request.db))
    }
}
