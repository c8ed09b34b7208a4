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
        let canInvite = request.application.lantern.policy.permits(context.roles, .inviteUser, on: .sameOrganisation)
        let rows: [[HTML]] = users.map { user in
            [HTML("<a href=\"\(Href.user(user.id?.uuidString ?? ""))\">\(user.displayName)</a>"),
             HTML("\(user.email)"),
             HTML("\(user.roleSet.sorted().map(\.label).joined(separator: ", "))"),
             user.isDisabled ? Components.tag("Disabled", colour: "grey")
                 : (user.hasSecondFactor ? Components.tag("Active", colour: "green") : Components.tag("Authenticator not set up", colour: "yellow"))]
        }
        let pending: HTML = invitations.isEmpty ? .empty : Components.table(
            caption: "Invitations not yet accepted", headers: ["Name", "Email", "Expires"],
            rows: invitations.map { [HTML("\($0.displayName)"), HTML("\($0.email)"), HTML("\(DisplayDate.dateTime($0.expiresAt))")] })
        return request.render(Page(title: "Users", content: """
            <h1 class="heading-l">Users in \(context.organisationName)</h1>
            \(canInvite ? HTML("<p class=\"body\"><a href=\"\(Href.inviteUser)\" class=\"button\">Invite a user</a></p>") : .empty)
            \(Components.table(caption: "People with accounts", headers: ["Name", "Email", "Roles", "Status"], rows: rows))
            \(pending)
            """))
    }

    @Sendable func inviteForm(_ request: Request) async throws -> Response {
        try request.authoriseCreating(.inviteUser)
        return request.render(invitePage(name: "", email: "", roles: [], errors: FormErrors(), request: request))
    }

    @Sendable func invite(_ request: Request) async throws -> Response {
        let context = try request.authoriseCreating(.inviteUser)
        let form = try request.content.decode(InviteForm.self)
        var errors = FormErrors()
        let name = (form.name ?? "").trimmingCharacters(in: .whitespaces)
        let email = User.normalise(email: form.email ?? "")
        AccountValidation.checkName(name, field: "name", label: "their full name", into: &errors)
        AccountValidation.checkEmail(email, into: &errors)
        let roles = AccountValidation.roles(from: form.roles, allowed: Role.assignableByOrganisationAdmin, into: &errors)
        guard errors.isEmpty else {
            return request.render(invitePage(name: name, email: email, roles: Set(form.roles ?? []), errors: errors, request: request))
        }
        let services = request.application.lantern
        do {
            let created = try await request.db.transaction { tx in
                let created = try await InvitationService.invite(email: email, name: name, roles: roles,
                                                                 organisationID: context.organisationID, invitedBy: context.userID,
                                                                 services: services, on: tx)
                try await request.audit(AuditEvent(action: "user.invited", recordType: "invitation",
                                                   recordID: created.invitation.id?.uuidString), on: tx)
                return created
            }
            return request.render(Page(title: "Invitation created", content: """
                \(InvitationService.linkPanel(created, name: name))
                <p class="body"><a href="\(Href.users)">Back to users</a></p>
                """))
        } catch LanternError.invalid(let items) {
            for item in items { errors.add(item.field, item.message) }
            return request.render(invitePage(name: name, email: email, roles: Set(form.roles ?? []), errors: errors, request: request))
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
        let policy = request.application.lantern.policy
        let isSelf = user.id == context.userID
        var actions: [HTML] = []
        if !isSelf, !user.isDisabled, policy.permits(context.roles, .disableUser, on: .sameOrganisation) {
            actions.append(actionForm(user, action: Href.disableUser(user.id?.uuidString ?? ""), label: "Disable account", warning: true, request: request))
        }
        if !isSelf, user.hasSecondFactor, policy.permits(context.roles, .resetUserSecondFactor, on: .sameOrganisation) {
            actions.append(actionForm(user, action: Href.resetSecondFactor(user.id?.uuidString ?? ""), label: "Reset authenticator", warning: false, request: request))
        }
        let notice: HTML = switch request.query[String.self, at: "done"] {
        case "disabled": Components.notification(title: "Account disabled", body: "They have been signed out everywhere.")
        case "reset": Components.notification(title: "Authenticator reset", body: "They will set up a new authenticator app next time they sign in.")
        default: .empty
        }
        return request.render(Page(title: user.displayName, content: """
            \(notice)
            <h1 class="heading-l">\(user.displayName)</h1>
            \(Components.summaryList([
                ("Email address", HTML("\(user.email)")),
                ("Roles", HTML("\(user.roleSet.sorted().map(\.label).joined(separator: ", "))")),
                ("Status", HTML("\(user.isDisabled ? "Disabled" : "Active")")),
                ("Authenticator", HTML("\(user.hasSecondFactor ? "Set up" : "Not set up")")),
                ("Account created", HTML("\(DisplayDate.dateTime(user.createdAt))")),
            ]))
            \(actions)
            """, backLink: (Href.users, "Back to users")))
    }

    private func actionForm(_ user: User, action: Href, label: String, warning: Bool, request: Request) -> HTML {
        """
        <form method="post" action="\(action)" class="inline-form">
        \(Components.csrfField(request.csrfToken))
        \(Components.button(label, secondary: !warning, warning: warning))
        </form>
        """
    }

    @Sendable func disable(_ request: Request) async throws -> Response {
        let (user, context) = try await target(request, for: .disableUser)
        guard user.id != context.userID else {
            throw LanternError.conflict("You cannot disable your own account. Ask another administrator.")
        }
        let now = request.application.lantern.now
        try await request.db.transaction { tx in
            user.disabledAt = user.disabledAt ?? now
            try await user.save(on: tx)
            try await SessionStarter.endAll(for: user.requireID(), at: now, on: tx)
            try await request.audit(AuditEvent(action: "user.disabled", recordType: "user", recordID: user.id?.uuidString), on: tx)
        }
        return request.redirect(to: Href.user(user.id?.uuidString ?? "").query("done", "disabled"))
    }

    @Sendable func resetSecondFactor(_ request: Request) async throws -> Response {
        let (user, context) = try await target(request, for: .resetUserSecondFactor)
        guard user.id != context.userID else {
            throw LanternError.conflict("You cannot reset your own authenticator. Ask another administrator.")
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
        return request.redirect(to: Href.user(user.id?.uuidString ?? "").query("done", "reset"))
    }

    private func invitePage(name: String, email: String, roles: Set<String>, errors: FormErrors, request: Request) -> Page {
        Page(title: "Invite a user", content: """
            \(Components.errorSummary(errors))
            <h1 class="heading-l">Invite a user</h1>
            <form method="post" action="\(Href.inviteUser)" novalidate>
            \(Components.csrfField(request.csrfToken))
            \(Components.textInput(name: "name", label: "Full name", value: name, errors: errors))
            \(Components.textInput(name: "email", label: "Work email address", value: email, type: "email", errors: errors,
                                   extra: " spellcheck=\"false\""))
            \(Components.checkboxes(name: "roles", legend: "Roles", options: AccountValidation.roleOptions(Role.assignableByOrganisationAdmin),
                                    checked: roles, hint: "Give only the access their work needs.", errors: errors))
            \(Components.button("Create invitation"))
            </form>
            """, status: errors.isEmpty ? .ok : .unprocessableEntity, hasErrors: !errors.isEmpty,
            backLink: (Href.users, "Back to users"))
    }
}
