import Fluent
import Vapor
import LanternCore

/// `/retention`: for an organisation's administrators and modern slavery leads, what the
/// retention rules will erase in the next month, and the legal holds that stop it.
struct RetentionController {
    func register(_ routes: LanternRoutes) {
        routes.get(RetentionPaths.overview, access: .action(.manageRetention), use: overview)
        routes.post(RetentionPaths.holds, access: .action(.manageRetention), use: placeHold)
        routes.post(RetentionPaths.release, access: .action(.manageRetention), use: releaseHold)
    }

    private func render(_ request: Request, form: RetentionPages.HoldForm, errors: FormErrors,
                        recorded: RetentionPages.Recorded? = nil) async throws -> Response {
        let context = try request.authoriseForOwnOrganisation(.manageRetention)
        let services = request.application.lantern
        let overview = try await RetentionOverview.load(organisationID: context.organisationID, services: services, on: request.db)
        try await request.audit(AuditEvent(action: "retention.viewed", recordType: "organisation", recordID: context.organisationID.uuidString))
        return request.render(RetentionPages.overview(
            overview, form: form, errors: errors, csrf: request.csrfToken,
            canViewCases: request.accessPolicy.permits(context.roles, .viewCase, on: .sameOrganisation), recorded: recorded,
            l: RetentionPages.localiser(request)))
    }

    @Sendable func overview(_ request: Request) async throws -> Response {
        let recorded = request.query[String.self, at: "recorded"].flatMap(RetentionPages.Recorded.init(rawValue:))
        let hold = request.query[String.self, at: "hold"].map { String($0.prefix(40)) }
        return try await render(request, form: RetentionPages.HoldForm(reference: hold), errors: FormErrors(), recorded: recorded)
    }

    struct HoldInput: Content {
        var reference: String?
        var reason: String?
    }

    @Sendable func placeHold(_ request: Request) async throws -> Response {
        let input = try request.content.decode(HoldInput.self)
        do {
            _ = try await LegalHoldService(request: request, l: RetentionPages.localiser(request)).place(reference: input.reference, reason: input.reason)
            return request.redirect(to: Href.retention.query("recorded", RetentionPages.Recorded.placed.rawValue).fragment("held"))
        } catch LanternError.invalid(let items) {
            var errors = FormErrors()
            for item in items { errors.add(item.field, item.message) }
            return try await render(request, form: RetentionPages.HoldForm(reference: input.reference.map { String($0.prefix(40)) },
                                                                           reason: input.reason), errors: errors)
        }
    }

    @Sendable func releaseHold(_ request: Request) async throws -> Response {
        do {
            _ = try await LegalHoldService(request: request, l: RetentionPages.localiser(request)).release(reference: request.parameters.get("reference"))
            return request.redirect(to: Href.retention.query("recorded", RetentionPages.Recorded.released.rawValue).fragment("held"))
        } catch LanternError.invalid(let items) {
            var errors = FormErrors()
            for item in items { errors.add(item.field, item.message) }
            return try await render(request, form: RetentionPages.HoldForm(), errors: errors)
        }
    }
}
