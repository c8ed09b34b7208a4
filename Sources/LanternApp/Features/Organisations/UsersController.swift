import Fluent
import Vapor
import LanternCore

/// An organisation's people: list, invite, view, disable, reset the second factor.
/// Lists are narrowed to the viewer's organisation in SQL; a person in another organisation
/// answers 404.
struct UsersController {
    func register(_ routes: LanternRoutes) {
        routes.get(OrganisationPaths.users, access: .action(.viewUsers), use: list)
        routes.get(OrganisationPaths.invite, access: .action(.inviteUser), use: inviteForm)
        routes.post(OrganisationPaths.invite, access: .action(.inviteUser), use: invite)
        routes.get(OrganisationPaths.user, access: .action(.viewUsers), use: show)
        routes.post(OrganisationPaths.disableUser, access: .action(.disableUser), use: disable)
        routes.post(OrganisationPaths.resetSecondFactor, access: .action(.resetUserSecondFactor), use: resetSecondFactor)
    }

    struct InviteForm: Content { var name: String?; var email: String?; var roles: [String]? }

    @Sendable func list(_ request: Request) async throws -> Response {
        let context = try request.requireSignedIn()
        let users = try await User.query(on: request.db).filter(\.$organisation.$id == context.organisationID)
            .sort(\.$displayName).all()
        let invitations = try await Invitation.query(on: request.db).filter(\.$organisation.$id == context.organisationID)
            .filter(\.$acceptedAt == nil).filter(\.$revokedAt == nil)
            .filter(\.$expiresAt > request.application.lantern.now).sort(\.$createdAt).all()
        try await request.audit(AuditEvent(action: "users.listed", recordType: "organisation",
                                           recordID: context.organisationID.uuidString))
        let canInvite = request.accessPolicy.permits(context.roles, .inviteUser, on: .sameOrganisation)
        let model = OrganisationPages.UserList(organisationName: context.organisationName, users: users, invitations: invitations,
                                               canInvite: canInvite)
        return request.render(OrganisationPages.users(model, l: OrganisationPages.localiser(request)))
    }

    @Sendable func inviteForm(_ request: Request) async throws -> Response {
        try request.authoriseCreating(.inviteUser)
        return request.render(invitePage(OrganisationPages.Invite(), errors: FormErrors(), request: request))
    }

    @Sendable func invite(_ request: Request) async throws -> Response {
        let context = try request.authoriseCreating(.inviteUser)
        let form = try request.content.decode(InviteForm.self)
        var errors = FormErrors()
        let name = (form.name ?? "").trimmingCharacters(in: .whitespaces)
        let email = User.normalise(email: form.email ?? "")
        // LanternCore's validation messages are English (a noun inside one), so the noun is too.
        AccountValidation.checkName(name, field: "name", label: Localiser.englishGB("organisations.noun-their-name"), into: &errors)
        AccountValidation.checkEmail(email, into: &errors)
        let roles = AccountValidation.roles(from: form.roles, allowed: Role.assignableByOrganisationAdmin, into: &errors)
        guard errors.isEmpty else {
            return request.render(invitePage(OrganisationPages.Invite(name: name, email: email, roles: Set(form.roles ?? [])),
                                             errors: errors, request: request))
        }
        let services = request.application.lantern
        let l = OrganisationPages.localiser(request)
        do {
            let created = try await request.db.transaction { tx in
                let created = try await InvitationService.invite(email: email, name: name, roles: roles,
                                                                 organisationID: context.organisationID, invitedBy: context.userID,
                                                                 services: services, on: tx, l: l)
                try await request.audit(AuditEvent(action: "user.invited", recordType: "invitation",
                                                   recordID: created.invitation.id?.uuidString), on: tx)
                return created
            }
            return request.render(OrganisationPages.invitationCreated(.init(created, name: name), l: l))
        } catch LanternError.invalid(let items) {
            for item in items { errors.add(item.field, item.message) }
            return request.render(invitePage(OrganisationPages.Invite(name: name, email: email, roles: Set(form.roles ?? [])),
                                             errors: errors, request: request))
        }
    }

    /// Loads a user and checks the viewer may do `action` to them; 404 otherwise.
    private func target(_ request: Request, for action: Action) async throws -> (User, SignInContext) {
        guard let id = request.parameters.get("userID", as: UUID.self),
              let user = try await User.find(id, on: request.db) else { throw LanternError.notFound }
        let relation = try request.relation(toOrganisation: user.$organisation.id, userID: user.id)
        // Viewing yourself counts as your own organisation here; account changes go via /account.
        let context = try request.authorise(action, on: relation == .own ? .sameOrganisation : relation)
        return (user, context)
    }

    @Sendable func show(_ request: Request) async throws -> Response {
        let (user, context) = try await target(request, for: .viewUsers)
        try await request.audit(AuditEvent(action: "user.viewed", recordType: "user", recordID: user.id?.uuidString))
        let policy = request.accessPolicy
        let isSelf = user.id == context.userID
        let model = OrganisationPages.Person(
            user: user,
            canDisable: !isSelf && !user.isDisabled && policy.permits(context.roles, .disableUser, on: .sameOrganisation),
            canResetSecondFactor: !isSelf && user.hasSecondFactor && policy.permits(context.roles, .resetUserSecondFactor, on: .sameOrganisation),
            done: request.query[String.self, at: "done"].flatMap(OrganisationPages.Person.Done.init(rawValue:)))
        return request.render(OrganisationPages.person(model, csrf: request.csrfToken, l: OrganisationPages.localiser(request)))
    }

    @Sendable func disable(_ request: Request) async throws -> Response {
        let (user, context) = try await target(request, for: .disableUser)
        guard user.id != context.userID else {
            throw LanternError.conflict(OrganisationPages.localiser(request)("organisations.cannot-disable-self"))
        }
        let now = request.application.lantern.now
        try await request.db.transaction { tx in
            user.disabledAt = user.disabledAt ?? now
            try await user.save(on: tx)
            try await SessionStarter.endAll(for: user.requireID(), at: now, on: tx)
            try await request.audit(AuditEvent(action: "user.disabled", recordType: "user", recordID: user.id?.uuidString), on: tx)
        }
        return request.redirect(to: Href.user(user.id?.uuidString ?? "").query("done", OrganisationPages.Person.Done.disabled.rawValue))
    }

    @Sendable func resetSecondFactor(_ request: Request) async throws -> Response {
        let (user, context) = try await target(request, for: .resetUserSecondFactor)
        guard user.id != context.userID else {
            throw LanternError.conflict(OrganisationPages.localiser(request)("organisations.cannot-reset-self"))
        }
        try await request.db.transaction { tx in
            user.totpSecret = nil
            user.totpLastStep = nil
            try await user.save(on: tx)
            try await RecoveryCodeRecord.query(on: tx).filter(\.$user.$id == user.requireID()).delete()
            try await SessionStarter.endAll(for: user.requireID(), at: request.application.lantern.now, on: tx)
            try await request.audit(AuditEvent(action: "user.second_factor_reset", recordType: "user",
                                               recordID: user.id?.uuidString), on: tx)
            try await Outbox.secondFactorWasReset(for: user, services: request.application.lantern, on: tx)
        }
        return request.redirect(to: Href.user(user.id?.uuidString ?? "").query("done", OrganisationPages.Person.Done.reset.rawValue))
    }

    private func invitePage(_ model: OrganisationPages.Invite, errors: FormErrors, request: Request) -> Page {
        OrganisationPages.invite(model, errors: errors, csrf: request.csrfToken, l: OrganisationPages.localiser(request))
    }
}
