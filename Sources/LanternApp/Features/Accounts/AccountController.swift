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
        let notice: AccountPages.Notice? = request.query[String.self, at: "done"].flatMap(AccountPages.Notice.init(rawValue:))
            ?? (request.query[String.self, at: "recovery-code-used"] == nil ? nil : .recoveryCodeUsed)
        return try await page(request, notice: notice, errors: FormErrors())
    }

    private func page(_ request: Request, notice: AccountPages.Notice?, errors: FormErrors, newToken: String? = nil) async throws -> Response {
        let context = try request.requireSignedIn()
        let now = request.application.lantern.now
        let tokens = try await APIToken.query(on: request.db).filter(\.$user.$id == context.userID)
            .filter(\.$revokedAt == nil).filter(\.$expiresAt > now).sort(\.$createdAt).all()
        let unusedCodes = try await RecoveryCodeRecord.query(on: request.db).filter(\.$user.$id == context.userID)
            .filter(\.$usedAt == nil).count()
        let account = AccountPages.Account(
            name: context.user.displayName, email: context.user.email, organisationName: context.organisationName,
            roles: context.roles.sorted().map(\.label), recoveryCodesLeft: unusedCodes,
            tokens: tokens.map { ($0.id?.uuidString ?? "", $0.name, $0.createdAt, $0.expiresAt, $0.lastUsedAt) },
            newToken: newToken, notice: notice, errors: errors)
        return request.render(AccountPages.account(account, csrf: request.csrfToken, l: AccountPages.localiser(request)))
    }

    @Sendable func changePassword(_ request: Request) async throws -> Response {
        let context = try request.requireSignedIn()
        let form = try request.content.decode(PasswordForm.self)
        var errors = FormErrors()
        let user = context.user
        if !(try await request.passwords.verify(form.currentPassword ?? "", against: user.passwordHash)) {
            errors.add("current-password", AccountPages.localiser(request)("account.current-password-wrong"))
        }
        AccountValidation.checkPassword(form.password ?? "", confirmation: form.passwordConfirmation ?? "", into: &errors)
        guard errors.isEmpty else { return try await page(request, notice: nil, errors: errors) }
        let hash = try await request.passwords.hash(form.password ?? "")
        let now = request.application.lantern.now
        try await request.db.transaction { tx in
            user.passwordHash = hash
            user.passwordChangedAt = now
            try await user.save(on: tx)
            try await SessionStarter.endAll(for: context.userID, except: context.session?.id, at: now, on: tx)
            try await request.audit(AuditEvent(action: "password.changed", recordType: "user", recordID: context.userID.uuidString), on: tx)
        }
        return request.redirect(to: Href.account.query("done", AccountPages.Notice.password.rawValue))
    }

    @Sendable func createToken(_ request: Request) async throws -> Response {
        let context = try request.requireSignedIn()
        struct Form: Content { var tokenName: String?; enum CodingKeys: String, CodingKey { case tokenName = "token-name" } }
        let name = (try request.content.decode(Form.self).tokenName ?? "").trimmingCharacters(in: .whitespaces)
        var errors = FormErrors()
        AccountValidation.checkName(name, field: "token-name", label: Localiser.englishGB("account.noun-token-name"), into: &errors)
        guard errors.isEmpty else { return try await page(request, notice: nil, errors: errors) }
        let now = request.application.lantern.now
        let token = SecretToken.generate(prefix: "lt_")
        try await request.db.transaction { tx in
            let record = APIToken(userID: context.userID, name: name, tokenHash: SecretToken.storedHash(of: token), now: now,
                                  expiresAt: now.addingTimeInterval(Self.tokenLifetime))
            try await record.create(on: tx)
            try await request.audit(AuditEvent(action: "api_token.created", recordType: "api_token", recordID: record.id?.uuidString), on: tx)
        }
        return try await page(request, notice: nil, errors: FormErrors(), newToken: token)
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
        return request.redirect(to: Href.account.query("done", AccountPages.Notice.revoked.rawValue))
    }
}
