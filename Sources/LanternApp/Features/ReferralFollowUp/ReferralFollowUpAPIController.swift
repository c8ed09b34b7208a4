import Fluent
import LanternCore
import Vapor

/// The referral follow-up in the API: `GET`/`PUT /api/v1/cases/{reference}/referral-follow-up`
/// and `POST …/referral-follow-up/chases`, through the same rules and service as the page.
struct ReferralFollowUpAPIController {
    func register(_ routes: LanternRoutes) {
        let api = routes.api
        api.get(ReferralFollowUpPaths.api, access: .action(.editCase), use: show)
        api.put(ReferralFollowUpPaths.api, access: .action(.editCase), use: save)
        api.post(ReferralFollowUpPaths.apiChases, access: .action(.editCase), use: addChase)
    }

    struct FollowUpDTO: Content {
        var reference: String
        var submittedOn: String?
        var expectedBy: String?
        var awaitingDecision: Bool
        var reasonableGroundsDecidedOn: String?
        var homeOfficeReference: String?
        var acknowledgedOn: String?
        var chaseDue: Bool
        var chases: [ChaseDTO]
    }

    struct ChaseDTO: Content {
        var id: String
        var chasedOn: String
        var method: String
        var note: String?
    }

    struct FollowUpInput: Content {
        var homeOfficeReference: String?
        var acknowledgedOn: String?
    }

    struct ChaseInput: Content {
        var chasedOn: String?
        var method: String?
        var note: String?
    }

    static func dto(_ s: ReferralFollowUpService.Snapshot) -> FollowUpDTO {
        FollowUpDTO(reference: s.reference, submittedOn: s.submittedOn?.iso, expectedBy: s.expectedBy?.iso, awaitingDecision: s.awaitingDecision,
                    reasonableGroundsDecidedOn: s.decidedOn?.iso, homeOfficeReference: s.homeOfficeReference, acknowledgedOn: s.acknowledgedOn?.iso,
                    chaseDue: s.dueWindow != nil,
                    chases: s.chases.map { ChaseDTO(id: $0.id.uuidString, chasedOn: $0.on.iso, method: $0.method?.rawValue ?? "", note: $0.note) })
    }

    @Sendable func show(_ request: Request) async throws -> FollowUpDTO {
        let access = try await ReferralFollowUpController.writable(request)
        _ = try access.cipher
        let snapshot = try await ReferralFollowUpService.load(access, openNotes: true, request: request)
        try await request.audit(AuditEvent(action: "case.referral_followup_viewed", recordType: "case", recordID: access.record.id?.uuidString))
        return Self.dto(snapshot)
    }

    @Sendable func save(_ request: Request) async throws -> FollowUpDTO {
        let access = try await ReferralFollowUpController.writable(request)
        _ = try access.cipher
        let input = try request.content.decode(FollowUpInput.self)
        switch ReferralFollowUp.check(reference: input.homeOfficeReference, acknowledgedOn: input.acknowledgedOn,
                                      submittedOn: access.record.state.referralSubmittedOn, today: request.today, l: .englishGB) {
        case .failure(let problems): throw LanternError.invalid(problems.items)
        case .success(let recorded): try await ReferralFollowUpService(request: request).record(recorded, on: access)
        }
        return Self.dto(try await ReferralFollowUpService.load(access, openNotes: true, request: request))
    }

    @Sendable func addChase(_ request: Request) async throws -> Response {
        let access = try await ReferralFollowUpController.writable(request)
        _ = try access.cipher
        let input = try request.content.decode(ChaseInput.self)
        let state = access.record.state
        switch ReferralFollowUp.checkChase(on: input.chasedOn, method: input.method, note: input.note, submittedOn: state.referralSubmittedOn,
                                           decidedOn: ReferralFollowUp.decisionEndingChases(state), today: request.today, l: .englishGB) {
        case .failure(let problems): throw LanternError.invalid(problems.items)
        case .success(let chase):
            guard let row = try await ReferralFollowUpService(request: request).recordChase(chase, on: access), let id = row.id else {
                throw LanternError.conflict(Localiser.englishGB("followup.duplicate.text"))
            }
            return try await ChaseDTO(id: id.uuidString, chasedOn: chase.on.iso, method: chase.method.rawValue, note: chase.note)
                .encodeResponse(status: .created, for: request)
        }
    }
}
