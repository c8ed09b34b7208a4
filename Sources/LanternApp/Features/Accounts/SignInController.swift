import Fluent
import Vapor
import LanternCore

/// Email and password, then a TOTP or recovery code. Every outcome is audited; every
/// failure gets the same message and takes the same time, so nobody can tell whether an
/// account exists; repeated failures lock the account for a while (not for ever).
struct SignInController {
    /// In British English (the tests compare against it); pages use the viewer's language.
    static var failureMessage: String { Localiser.englishGB("sign-in.failed") }

    func register(_ routes: LanternRoutes) {
        routes.get(AccountPaths.signIn, access: .open, use: show)
        routes.post(AccountPaths.signIn, access: .open, use: submitPassword)
        routes.get(AccountPaths.signInCode, access: .signingIn, use: showCode)
        routes.post(AccountPaths.signInCode, access: .signingIn, use: submitCode)
        routes.post(AccountPaths.signOut, access: .open, use: signOut)
        routes.get(AccountPaths.signedOut, access: .open, use: signedOut)
    }

    struct PasswordForm: Content { var email: String?; var password: String? }
    struct CodeForm: Content { var code: String? }

    @Sendable func show(_ request: Request) async throws -> Response {
        if let context = request.lantern.signIn {
            return request.redirect(to: SessionStarter.nextStep(for: context.stage))
        }
        return request.render(SignInPages.password(email: nil, errors: FormErrors(), csrf: request.csrfToken, l: SignInPages.localiser(request)))
    }

    @Sendable func submitPassword(_ request: Request) async throws -> Response {
        let form = try request.content.decode(PasswordForm.self)
        let email = User.normalise(email: form.email ?? "")
        let password = form.password ?? ""
        let l = SignInPages.localiser(request)
        var errors = FormErrors()
        if email.isEmpty { errors.add("email", l("sign-in.email-missing")) }
        if password.isEmpty { errors.add("password", l("sign-in.password-missing")) }
        guard errors.isEmpty else {
            return request.render(SignInPages.password(email: email, errors: errors, csrf: request.csrfToken, l: l))
        }
        let services = request.application.lantern
        let now = services.now
        let claims = SignInClaims(request: request, email: email)
        if let refused = try await claims.claim(now: now) { return throttled(request, refused, email: email) }
        let user = try await User.query(on: request.db).filter(\.$email == email).first()
        let lockout = request.lockout
        // The account's own count is claimed before anything is checked (see AccountLockout).
        let claimedAttempt: Bool = if let user, !user.isDisabled { try await lockout.claim(user.requireID(), now: now) } else { false }
        // Always run one bcrypt verification, real or decoy, so timing reveals nothing.
        let passwordMatches: Bool
        do {
            passwordMatches = try await request.passwords.verify(
                password, against: claimedAttempt ? (user?.passwordHash ?? services.decoyPasswordHash) : services.decoyPasswordHash)
        } catch is PasswordHasher.Busy {
            // Nothing was checked: the attempt counts against nobody.
            if claimedAttempt, let userID = user?.id { try await lockout.giveBack(userID) }
            try await claims.release()
            return busy(request, email: email)
        }
        guard let user, !user.isDisabled else {
            try await request.audit(AuditEvent(action: "sign_in.password", outcome: .failed))
            return failed(request, email: email)
        }
        let userID = try user.requireID()
        guard claimedAttempt else {
            try await request.audit(AuditEvent(action: "sign_in.locked", recordType: "user", recordID: userID.uuidString,
                                               outcome: .denied, actorUserID: userID, organisationID: user.$organisation.id))
            return failed(request, email: email)
        }
        guard passwordMatches else {
            try await recordFailure(of: user, request: request, action: "sign_in.password")
            return failed(request, email: email)
        }
        try await lockout.giveBack(userID)
        try await claims.release()
        let stage: UserSession.Stage = user.hasSecondFactor ? .awaitingSecondFactor : .enrollingSecondFactor
        let (_, token) = try await request.db.transaction { tx in
            try await AuditLog.append(AuditEvent(action: "sign_in.password", recordType: "user", recordID: userID.uuidString),
                                      actor: userID, organisation: user.$organisation.id, requestID: request.traceID,
                                      sourceAddress: request.clientAddress, at: now, key: request.application.lantern.auditChainKey, on: tx)
            return try await SessionStarter.start(stage, for: user, request: request, on: tx)
        }
        let response = request.redirect(to: SessionStarter.nextStep(for: stage))
        SessionStarter.attach(token: token, to: response, request: request)
        return response
    }

    @Sendable func showCode(_ request: Request) async throws -> Response {
        guard let context = request.lantern.signIn, context.stage == .awaitingSecondFactor else {
            return request.redirect(to: request.lantern.signIn.map { SessionStarter.nextStep(for: $0.stage) } ?? .signIn)
        }
        return request.render(SignInPages.code(errors: FormErrors(), csrf: request.csrfToken, l: SignInPages.localiser(request)))
    }

    @Sendable func submitCode(_ request: Request) async throws -> Response {
        guard let context = request.lantern.signIn, context.stage == .awaitingSecondFactor else {
            return request.redirect(to: Href.signIn)
        }
        let code = try request.content.decode(CodeForm.self).code ?? ""
        let l = SignInPages.localiser(request)
        guard !code.isEmpty else {
            var errors = FormErrors()
            errors.add("code", l("sign-in.code-missing"))
            return request.render(SignInPages.code(errors: errors, csrf: request.csrfToken, l: l))
        }
        let user = context.user
        let userID = context.userID
        let now = request.application.lantern.now
        let claims = SignInClaims(request: request, email: user.email)
        if let refused = try await claims.claim(now: now) {
            let response = throttled(request, refused, email: nil)
            return response
        }
        let lockout = request.lockout
        guard try await lockout.claim(userID, now: now) else {
            try await context.session?.delete(on: request.db)
            return endSession(failed(request, email: user.email), request)
        }
        let verifier = SecondFactorVerifier(cipher: request.application.lantern.cipher)
        guard let method = try await verifier.verify(code: code, for: user, at: now, on: request.db) else {
            if try await recordFailure(of: user, request: request, action: "sign_in.second_factor") {
                try await context.session?.delete(on: request.db)
                return endSession(failed(request, email: user.email), request)
            }
            var errors = FormErrors()
            errors.add("code", l("sign-in.code-wrong"))
            return request.render(SignInPages.code(errors: errors, csrf: request.csrfToken, l: l))
        }
        try await claims.release()
        let token = try await request.db.transaction { tx in
            try await AccountLockout(database: tx, threshold: lockout.threshold, duration: lockout.duration).signedIn(userID)
            try await AuditLog.append(AuditEvent(action: "sign_in.completed", recordType: "user", recordID: userID.uuidString,
                                                 outcome: .succeeded),
                                      actor: userID, organisation: user.$organisation.id, requestID: request.traceID,
                                      sourceAddress: request.clientAddress, at: now, key: request.application.lantern.auditChainKey, on: tx)
            return try await SessionStarter.start(.signedIn, for: user, request: request, on: tx).token
        }
        let response = request.redirect(to: method == .recoveryCode ? Href.account.query("recovery-code-used", "1") : Href.home)
        SessionStarter.attach(token: token, to: response, request: request)
        return response
    }

    @Sendable func signOut(_ request: Request) async throws -> Response {
        if let context = request.lantern.signIn, let session = context.session {
            try await request.db.transaction { tx in
                try await AuditLog.append(AuditEvent(action: "sign_out", recordType: "user", recordID: context.userID.uuidString),
                                          actor: context.userID, organisation: context.organisationID, requestID: request.traceID,
                                          sourceAddress: request.clientAddress, at: request.application.lantern.now, key: request.application.lantern.auditChainKey, on: tx)
                try await session.delete(on: tx)
            }
        }
        let response = request.redirect(to: Href.signedOut)
        response.cookies[request.cookieNames.sessionName] = request.cookieNames.expired
        response.headers.replaceOrAdd(name: "Clear-Site-Data", value: "\"cache\", \"storage\"")
        return response
    }

    @Sendable func signedOut(_ request: Request) async throws -> Response {
        request.render(SignInPages.signedOut(l: SignInPages.localiser(request)))
    }

    /// Records a failed check of a claimed attempt; true when it locked the account.
    @discardableResult
    private func recordFailure(of user: User, request: Request, action: String) async throws -> Bool {
        let now = request.application.lantern.now
        let userID = try user.requireID()
        let locked = try await request.lockout.failed(userID, now: now)
        try await request.audit(AuditEvent(action: locked ? "account.locked" : action, recordType: "user",
                                           recordID: userID.uuidString, outcome: .failed,
                                           actorUserID: userID, organisationID: user.$organisation.id))
        return locked
    }

    private func endSession(_ response: Response, _ request: Request) -> Response {
        response.cookies[request.cookieNames.sessionName] = request.cookieNames.expired
        return response
    }

    /// Too many attempts from this address or for this account: 429, and when to come back.
    private func throttled(_ request: Request, _ refused: AttemptThrottle.Refused, email: String?) -> Response {
        let minutes = Int((refused.retryAfter / 60).rounded(.up))
        let l = SignInPages.localiser(request)
        var errors = FormErrors()
        errors.add(email == nil ? "code" : "email",
                   l.plural("sign-in.throttled", count: minutes))
        let page = email == nil ? SignInPages.code(errors: errors, csrf: request.csrfToken, l: l)
                                : SignInPages.password(email: email, errors: errors, csrf: request.csrfToken, l: l)
        let response = request.render(page)
        response.status = .tooManyRequests
        response.headers.replaceOrAdd(name: .retryAfter, value: String(Int(refused.retryAfter.rounded(.up))))
        return response
    }

    /// Too many passwords are being checked at once: come back in a few seconds.
    private func busy(_ request: Request, email: String) -> Response {
        let l = SignInPages.localiser(request)
        var errors = FormErrors()
        errors.add("email", l("sign-in.busy"))
        let response = request.render(SignInPages.password(email: email, errors: errors, csrf: request.csrfToken, l: l))
        response.status = .serviceUnavailable
        response.headers.replaceOrAdd(name: .retryAfter, value: "5")
        return response
    }

    private func failed(_ request: Request, email: String) -> Response {
        let l = SignInPages.localiser(request)
        var errors = FormErrors()
        errors.add("email", l("sign-in.failed"))
        let response = request.render(SignInPages.password(email: email, errors: errors, csrf: request.csrfToken, l: l))
        response.status = .unauthorized
        return response
    }
}
