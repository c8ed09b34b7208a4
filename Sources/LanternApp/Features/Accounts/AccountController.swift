import Fluent
import Vapor
import LanternCore

/// The signed-in person's own account: details, password change, API tokens.
struct AccountController {
    static let tokenLifetime: TimeInterval = 90 * 24 * 60 * 60

    func register(_ routes: LanternRoutes) {
        routes.get(AccountPaths.account, access: .signedIn, use: show)
        routes.post(AccountPaths.password, access: .signedIn, use: changePassword)
        routes.post(AccountPaths.tokens, access: .signedIn, use: createToken)
        routes.post(AccountPaths.revokeToken, access: .signedIn, use: revokeToken)
    }

    struct PasswordForm: Content {
        var currentPassword: String?
        var password: String?
        var passwordConfirmation: String?
        enum CodingKeys: String, CodingKey {
            case currentPassword = "current-password", password, passwordConfirmation = "password-confirmation"
        }
    }

    struct TokenForm: Content { var name: String? }

    @Sendable func show(_ request: Request) async throws -> Response {
        let notice: HTML = switch request.query[String.self, at: "done"] {
        case "password": Components.notification(title: "Password changed", body: "Your other sessions have been signed out.")
        case "revoked": Components.notification(title: "Token revoked", body: "It no longer works.")
        default: request.query[String.self, at: "recovery-code-used"] == nil ? .empty
            : Components.notification(title: "You signed in with a recovery code",
                                      body: "That code cannot be used again. If you have lost your phone, ask your administrator to reset your authenticator.",
                                      success: false)
        }
        return try await page(request, notice: notice, errors: FormErrors())
    }

    private func page(_ request: Request, notice: HTML, errors: FormErrors, newToken: String? = nil) async throws -> Response {
        let context = try request.requireSignedIn()
        let now = request.application.lantern.now
        let tokens = try await APIToken.query(on: request.db).filter(\.$user.$id == context.userID)
            .filter(\.$revokedAt == nil).filter(\.$expiresAt > now).sort(\.$createdAt).all()
        let unusedCodes = try await RecoveryCodeRecord.query(on: request.db).filter(\.$user.$id == context.userID)
            .filter(\.$usedAt == nil).count()
        let tokenRows: [[HTML]] = tokens.map { token in
            [HTML("\(token.name)"), HTML("\(DisplayDate.date(token.createdAt))"), HTML("\(DisplayDate.date(token.expiresAt))"),
             HTML("\(token.lastUsedAt.map(DisplayDate.dateTime) ?? "Never")"),
             HTML("""
             <form method="post" action="\(Href.revokeToken(token.id?.uuidString ?? ""))" class="inline-form">
             \(Components.csrfField(request.csrfToken))<button type="submit" class="link-button">Revoke<span class="visually-hidden"> \(token.name)</span></button>
             </form>
             """)]
        }
        let created: HTML = newToken.map { token in Components.notification(title: "Token created", body: """
            <p class="body">Copy it now: it will not be shown again.</p><p class="body"><code id="new-token">\(token)</code></p>
            """) } ?? .empty
        return request.render(Page(title: "Your account", content: """
            \(notice)\(created)
            \(Components.errorSummary(errors))
            <h1 class="heading-l">Your account</h1>
            \(Components.summaryList([
                ("Name", HTML("\(context.user.displayName)")),
                ("Email address", HTML("\(context.user.email)")),
                ("Organisation", HTML("\(context.organisationName)")),
                ("Roles", HTML("\(context.roles.sorted().map(\.label).joined(separator: ", "))")),
                ("Recovery codes left", HTML("\(unusedCodes)")),
            ]))
            <h2 class="heading-m">Change your password</h2>
            <form method="post" action="\(Href.accountPassword)" novalidate>
            \(Components.csrfField(request.csrfToken))
            <input type="hidden" name="username" value="\(context.user.email)" autocomplete="username">
            \(Components.textInput(name: "current-password", label: "Current password", type: "password",
                                   autocomplete: "current-password", errors: errors))
            \(Components.textInput(name: "password", label: "New password", hint: "At least \(PasswordRules.minimumLength) characters.",
                                   type: "password", autocomplete: "new-password", errors: errors))
            \(Components.textInput(name: "password-confirmation", label: "Confirm new password", type: "password",
                                   autocomplete: "new-password", errors: errors))
            \(Components.button("Change password"))
            </form>
            <h2 class="heading-m">API tokens</h2>
            <p class="body">Tokens let a program use Lantern's API as you, with your roles. They expire after 90 days.</p>
            \(tokens.isEmpty ? HTML("<p class=\"body\">You have no tokens.</p>")
                : Components.table(caption: "Your tokens", headers: ["Name", "Created", "Expires", "Last used", "Action"], rows: tokenRows))
            <form method="post" action="\(Href.accountTokens)" novalidate>
            \(Components.csrfField(request.csrfToken))
            \(Components.textInput(name: "token-name", label: "Token name", hint: "Say what will use it, for example: monthly report script",
                                   errors: errors))
            \(Components.button("Create token", secondary: true))
            </form>
            """, status: errors.isEmpty ? .ok : .unprocessableEntity, hasErrors: !errors.isEmpty))
    }

    @Sendable func changePassword(_ request: Request) async throws -> Response {
        let context = try request.requireSignedIn()
        let form = try request.content.decode(PasswordForm.self)
        var errors = FormErrors()
        let user = context.user
        if !(try await request.passwords.verify(form.currentPassword ?? "", against: user.passwordHash)) {
            errors.add("current-password", "Your current password is not right")
        }
        AccountValidation.checkPassword(form.password ?? "", confirmation: form.passwordConfirmation ?? "", into: &errors)
        guard errors.isEmpty else { return try await page(request, notice: .empty, errors: errors) }
        let hash = try await request.passwords.hash(form.password ?? "")
        let now = request.application.lantern.now
        try await request.db.transaction { tx in
            user.passwordHash = hash
            user.passwordChangedAt = now
            try await user.save(on: tx)
            try await SessionStarter.endAll(for: context.userID, except: context.session?.id, at: now, on: tx)
            try await request.audit(AuditEvent(action: "password.changed", recordType: "user", recordID: context.userID.uuidString), on: tx)
        }
        return request.redirect(to: Href.account.query("done", "password"))
    }

    @Sendable func createToken(_ request: Request) async throws -> Response {
        let context = try request.requireSignedIn()
        struct Form: Content { var tokenName: String?; enum CodingKeys: String, CodingKey { case tokenName = "token-name" } }
        let name = (try request.content.decode(Form.self).tokenName ?? "").trimmingCharacters(in: .whitespaces)
        var errors = FormErrors()
        AccountValidation.checkName(name, field: "token-name", label: "a name for the token", into: &errors)
        guard errors.isEmpty else { return try await page(request, notice: .empty, errors: errors) }
        let now = request.application.lantern.now
        let token = SecretToken.generate(prefix: "lt_")
        try await request.db.transaction { tx in
            let record = APIToken(userID: context.userID, name: name, tokenHash: SecretToken.storedHash(of: token), now: now,
                                  expiresAt: now.addingTimeInterval(Self.tokenLifetime))
            try await record.create(on: tx)
            try await request.audit(AuditEvent(action: "api_token.created", recordType: "api_token", recordID: record.id?.uuidString), on: tx)
        }
        return try await page(request, notice: .empty, errors: FormErrors(), newToken: token)
    }

    @Sendable func revokeToken(_ request: Request) async throws -> Response {
        let context = try request.requireSignedIn()
        guard let id = request.parameters.get("tokenID", as: UUID.self),
              let token = try await APIToken.find(id, on: request.db), token.$user.id == context.userID else {
            throw LanternError.notFound
        }
        try await request.db.transaction { tx in
            token.revokedAt = token.revokedAt ?? request.application.lantern.now
            try await token.save(on: tx)
            try await request.audit(AuditEvent(action: "api_token.revoked", recordType: "api_token", recordID: id.uuidString), on: tx)
        }
        return request.redirect(to: Href.account.query("done", "revoked"))
    }
}
