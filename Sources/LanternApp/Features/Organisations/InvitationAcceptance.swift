import Fluent
import Vapor
import LanternCore

/// Following an invitation link: choose a password, then set up the authenticator.
struct InvitationAcceptance {
    func register(_ routes: LanternRoutes) {
        routes.get(OrganisationPaths.invitation, access: .open, use: show)
        routes.post(OrganisationPaths.invitation, access: .open, use: accept)
    }

    struct Form: Content {
        var password: String?
        var passwordConfirmation: String?
        enum CodingKeys: String, CodingKey { case password, passwordConfirmation = "password-confirmation" }
    }

    private func invitation(_ request: Request) async throws -> Invitation {
        let token = request.parameters.get("token") ?? ""
        guard let invitation = try await Invitation.query(on: request.db)
            .filter(\.$tokenHash == SecretToken.storedHash(of: token)).with(\.$organisation).first(),
              invitation.isUsable(at: request.application.lantern.now) else {
            throw LanternError.gone(OrganisationPages.localiser(request)("organisations.invitation-unusable"))
        }
        return invitation
    }

    @Sendable func show(_ request: Request) async throws -> Response {
        request.render(page(try await invitation(request), errors: FormErrors(), request: request))
    }

    @Sendable func accept(_ request: Request) async throws -> Response {
        let invitation = try await invitation(request)
        let form = try request.content.decode(Form.self)
        var errors = FormErrors()
        AccountValidation.checkPassword(form.password ?? "", confirmation: form.passwordConfirmation ?? "", into: &errors)
        guard errors.isEmpty else { return request.render(page(invitation, errors: errors, request: request)) }
        let hash = try await request.passwords.hash(form.password ?? "")
        let now = request.application.lantern.now
        let roles = Set(invitation.roles.split(separator: ",").compactMap { Role(rawValue: String($0)) })
        let token = try await request.db.transaction { tx in
            guard try await User.query(on: tx).filter(\.$email == invitation.email).first() == nil else {
                throw LanternError.gone(OrganisationPages.localiser(request)("organisations.account-exists"))
            }
            let user = User(organisationID: invitation.$organisation.id, email: invitation.email,
                            displayName: invitation.displayName, passwordHash: hash, roles: roles, createdAt: now)
            try await user.create(on: tx)
            invitation.acceptedAt = now
            try await invitation.save(on: tx)
            try await AuditLog.append(AuditEvent(action: "invitation.accepted", recordType: "user", recordID: user.id?.uuidString),
                                      actor: user.id, organisation: invitation.$organisation.id, requestID: request.traceID,
                                      sourceAddress: request.clientAddress, at: now, key: request.application.lantern.auditChainKey, on: tx)
            return try await SessionStarter.start(.enrollingSecondFactor, for: user, request: request, on: tx).token
        }
        let response = request.redirect(to: Href.secondFactorSetup)
        SessionStarter.attach(token: token, to: response, request: request)
        return response
    }

    private func page(_ invitation: Invitation, errors: FormErrors, request: Request) -> Page {
        let model = OrganisationPages.Acceptance(organisationName: invitation.organisation.name, name: invitation.displayName,
                                                 email: invitation.email, action: request.url.path)
        return OrganisationPages.acceptance(model, errors: errors, csrf: request.csrfToken, l: OrganisationPages.localiser(request))
    }
}
