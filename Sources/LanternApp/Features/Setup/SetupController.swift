import Fluent
import Vapor
import LanternCore

/// First run: the one-time link printed by `lantern serve` lets one person create the first
/// organisation and become its administrator (and the platform administrator). There are
/// no default accounts.
struct SetupController {
    func register(_ routes: LanternRoutes) {
        routes.get(SetupPaths.setup, access: .open, use: show)
        routes.post(SetupPaths.setup, access: .open, use: submit)
    }

    struct Form: Content {
        var organisationName: String?
        var organisationKind: String?
        var boroughs: [String]?
        var name: String?
        var email: String?
        var password: String?
        var passwordConfirmation: String?

        enum CodingKeys: String, CodingKey {
            case organisationName = "organisation-name", organisationKind = "organisation-kind", boroughs
            case name, email, password, passwordConfirmation = "password-confirmation"
        }
    }

    private func usableToken(_ request: Request) async throws -> SetupToken {
        let token = request.parameters.get("token") ?? ""
        let now = request.application.lantern.now
        guard let record = try await SetupToken.query(on: request.db)
            .filter(\.$tokenHash == SecretToken.storedHash(of: token)).first(),
              record.usedAt == nil, record.expiresAt > now,
              try await User.query(on: request.db).count() == 0 else {
            throw LanternError.gone("This setup link has been used or has expired. Restart `lantern serve` on an empty database for a new one, or sign in.")
        }
        return record
    }

    @Sendable func show(_ request: Request) async throws -> Response {
        _ = try await usableToken(request)
        return request.render(page(OrganisationFields(), name: "", email: "", errors: FormErrors(), request: request))
    }

    @Sendable func submit(_ request: Request) async throws -> Response {
        let record = try await usableToken(request)
        let form = try request.content.decode(Form.self)
        let catalogue = request.application.lantern.boroughs
        var errors = FormErrors()
        let organisation = OrganisationFields(name: form.organisationName, kind: form.organisationKind, boroughs: form.boroughs,
                                              catalogue: catalogue, errors: &errors)
        let name = (form.name ?? "").trimmingCharacters(in: .whitespaces)
        let email = User.normalise(email: form.email ?? "")
        AccountValidation.checkName(name, field: "name", label: "your full name", into: &errors)
        AccountValidation.checkEmail(email, into: &errors)
        AccountValidation.checkPassword(form.password ?? "", confirmation: form.passwordConfirmation ?? "", into: &errors)
        guard errors.isEmpty else {
            return request.render(page(organisation, name: name, email: email, errors: errors, request: request))
        }
        let hash = try await request.passwords.hash(form.password ?? "")
        let now = request.application.lantern.now
        let token = try await request.db.transaction { tx in
            let created = try await organisation.create(on: tx, at: now)
            let user = User(organisationID: try created.requireID(), email: email, displayName: name, passwordHash: hash,
                            roles: [.organisationAdmin, .platformAdmin], createdAt: now)
            try await user.create(on: tx)
            record.usedAt = now
            try await record.save(on: tx)
            try await AuditLog.append(AuditEvent(action: "setup.completed", recordType: "organisation",
                                                 recordID: created.id?.uuidString),
                                      actor: user.id, organisation: created.id, requestID: request.traceID,
                                      sourceAddress: request.remoteAddress?.ipAddress, at: now, key: request.application.lantern.auditChainKey, on: tx)
            return try await SessionStarter.start(.enrollingSecondFactor, for: user, request: request, on: tx).token
        }
        let response = request.redirect(to: Href.secondFactorSetup)
        SessionStarter.attach(token: token, to: response, request: request)
        return response
    }

    private func page(_ organisation: OrganisationFields, name: String, email: String, errors: FormErrors,
                      request: Request) -> Page {
        Page(title: "Set up Lantern", content: """
            \(Components.errorSummary(errors))
            <h1 class="heading-l">Set up Lantern</h1>
            <p class="body">Create the first organisation and your administrator account. You will then set up an authenticator app.</p>
            <form method="post" action="\(request.url.path)" novalidate>
            \(Components.csrfField(request.csrfToken))
            <h2 class="heading-m">Your organisation</h2>
            \(organisation.render(errors: errors, catalogue: request.application.lantern.boroughs))
            <h2 class="heading-m">You</h2>
            \(Components.textInput(name: "name", label: "Full name", value: name, autocomplete: "name", errors: errors))
            \(Components.textInput(name: "email", label: "Work email address", value: email, type: "email",
                                   autocomplete: "username", errors: errors, extra: " spellcheck=\"false\""))
            \(Components.textInput(name: "password", label: "Create a password", hint: "At least \(PasswordRules.minimumLength) characters. A few unrelated words make a strong password.",
                                   type: "password", autocomplete: "new-password", errors: errors))
            \(Components.textInput(name: "password-confirmation", label: "Confirm password", type: "password",
                                   autocomplete: "new-password", errors: errors))
            \(Components.button("Create organisation and account"))
            </form>
            """, status: errors.isEmpty ? .ok : .unprocessableEntity, hasErrors: !errors.isEmpty)
    }
}

/// Makes the one-time setup link when the database has no accounts yet.
public enum SetupLink {
    /// Returns the link to print, or nil when accounts already exist.
    public static func createIfNeeded(_ app: Application) async throws -> String? {
        guard try await User.query(on: app.db).count() == 0 else { return nil }
        let now = app.lantern.now
        let token = SecretToken.generate()
        try await SetupToken(tokenHash: SecretToken.storedHash(of: token), now: now,
                             expiresAt: now.addingTimeInterval(app.lantern.settings.setupLinkLifetime)).create(on: app.db)
        return Href.setup(token).absolute(from: app.lantern.settings.publicURL)
    }
}
