import Fluent
import LanternCore
import Vapor

/// The referral follow-up page of a case (`editCase`, the case's own organisation): the Home
/// Office reference and acknowledgement, and the chases of the Reasonable Grounds decision.
/// Anyone else gets 404, as for any case they may not change.
struct ReferralFollowUpController {
    func register(_ routes: LanternRoutes) {
        routes.get(ReferralFollowUpPaths.page, access: .action(.editCase), use: show)
        routes.post(ReferralFollowUpPaths.page, access: .action(.editCase), use: saveReference)
        routes.post(ReferralFollowUpPaths.chases, access: .action(.editCase), use: addChase)
    }

    struct ReferenceForm: Content {
        var homeOfficeReference: String?
        var acknowledgedOn: String?
    }

    struct ChaseForm: Content {
        var chasedOn: String?
        var method: String?
        var note: String?
    }

    /// The case, if the viewer may change it: its own organisation, `editCase`.
    static func writable(_ request: Request) async throws -> AccessibleCase {
        let access = try await CaseAccess.load(request.parameters.get("reference"), for: .editCase, request: request)
        guard access.relation == .sameOrganisation else { throw LanternError.notFound }
        return access
    }

    private func render(_ access: AccessibleCase, forms: ReferralFollowUpPages.Forms, request: Request) async throws -> Response {
        let snapshot = try await ReferralFollowUpService.load(access, openNotes: true, request: request)
        try await request.audit(AuditEvent(action: "case.referral_followup_viewed", recordType: "case", recordID: access.record.id?.uuidString))
        return request.render(ReferralFollowUpPages.page(snapshot, forms: forms, canEdit: !access.erased, csrf: request.csrfToken,
                                                         today: request.today, l: ReferralFollowUpPages.localiser(request)))
    }

    @Sendable func show(_ request: Request) async throws -> Response {
        let access = try await Self.writable(request)
        var forms = ReferralFollowUpPages.Forms()
        forms.saved = request.query[String.self, at: "saved"].flatMap(ReferralFollowUpPages.Saved.init(rawValue:))
        return try await render(access, forms: forms, request: request)
    }

    @Sendable func saveReference(_ request: Request) async throws -> Response {
        let access = try await Self.writable(request)
        _ = try access.cipher
        let form = try request.content.decode(ReferenceForm.self)
        let l = ReferralFollowUpPages.localiser(request)
        switch ReferralFollowUp.check(reference: form.homeOfficeReference, acknowledgedOn: form.acknowledgedOn,
                                      submittedOn: access.record.state.referralSubmittedOn, today: request.today, l: l) {
        case .failure(let problems):
            return try await render(access, forms: .init(homeOfficeReference: form.homeOfficeReference, acknowledgedOn: form.acknowledgedOn,
                                                         errors: problems), request: request)
        case .success(let recorded):
            try await ReferralFollowUpService(request: request).record(recorded, on: access)
            return request.redirect(to: Href.referralFollowUp(access.record.reference).query("saved", ReferralFollowUpPages.Saved.reference.rawValue))
        }
    }

    @Sendable func addChase(_ request: Request) async throws -> Response {
        let access = try await Self.writable(request)
        _ = try access.cipher
        let form = try request.content.decode(ChaseForm.self)
        let l = ReferralFollowUpPages.localiser(request)
        let state = access.record.state
        let typed = ReferralFollowUpPages.Forms(chasedOn: form.chasedOn, method: form.method, note: form.note)
        switch ReferralFollowUp.checkChase(on: form.chasedOn, method: form.method, note: form.note, submittedOn: state.referralSubmittedOn,
                                           decidedOn: ReferralFollowUp.decisionEndingChases(state), today: request.today, l: l) {
        case .failure(let problems):
            var forms = typed
            forms.errors = problems
            return try await render(access, forms: forms, request: request)
        case .success(let chase):
            guard try await ReferralFollowUpService(request: request).recordChase(chase, on: access) != nil else {
                var forms = typed
                forms.duplicateChase = true
                return try await render(access, forms: forms, request: request)
            }
            return request.redirect(to: Href.referralFollowUp(access.record.reference).query("saved", ReferralFollowUpPages.Saved.chase.rawValue))
        }
    }
}

/// The case page's "Referral follow-up" (after the summary): for the case's own organisation,
/// once the referral is submitted. Nothing sealed is shown here, so nothing to audit.
enum ReferralFollowUpSection {
    @Sendable static func render(_ input: CaseSectionInput) async throws -> HTML? {
        let access = input.access
        guard access.relation == .sameOrganisation, access.record.state.referralSubmittedOn != nil else { return nil }
        let snapshot = try await ReferralFollowUpService.load(access, openNotes: false, request: input.request)
        return ReferralFollowUpPages.section(snapshot, canEdit: input.canEdit && !access.erased, today: input.today,
                                             l: ReferralFollowUpPages.localiser(input.request))
    }
}
