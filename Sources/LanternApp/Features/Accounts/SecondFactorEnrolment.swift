import Fluent
import Vapor
import LanternCore

/// Setting up an authenticator app: a new secret shown as text and as an otpauth link,
/// confirmed with a code; then ten recovery codes shown once. Required before any other page.
struct SecondFactorEnrolment {
    func register(_ routes: LanternRoutes) {
        routes.get(AccountPaths.secondFactorSetup, access: .signingIn, use: show)
        routes.post(AccountPaths.secondFactorSetup, access: .signingIn, use: confirm)
    }

    struct ConfirmForm: Content { var code: String? }

    private func enrollingSession(_ request: Request) throws -> (SignInContext, UserSession) {
        guard let context = request.lantern.signIn, context.stage == .enrollingSecondFactor,
              let session = context.session else { throw LanternError.signInRequired }
        return (context, session)
    }

    private static func context(for session: UserSession) -> String { "session.totp:\(session.id?.uuidString ?? "")" }

    @Sendable func show(_ request: Request) async throws -> Response {
        guard request.lantern.signIn?.stage == .enrollingSecondFactor else {
            return request.redirect(to: request.lantern.signIn.map { SessionStarter.nextStep(for: $0.stage) } ?? .signIn)
        }
        let (context, session) = try enrollingSession(request)
        let secret = try await pendingSecret(for: session, request: request)
        return request.render(page(context: context, secret: secret, errors: FormErrors(), request: request))
    }

    @Sendable func confirm(_ request: Request) async throws -> Response {
        let (context, session) = try enrollingSession(request)
        let services = request.application.lantern
        let secret = try await pendingSecret(for: session, request: request)
        let code = try request.content.decode(ConfirmForm.self).code ?? ""
        let now = services.now
        guard let bytes = Base32.decode(secret),
              let step = TOTP(secret: bytes).matchingStep(for: code, at: now, lastUsedStep: nil) else {
            let l = AccountPages.enrolmentLocaliser(request)
            var errors = FormErrors()
            errors.add("code", code.isEmpty ? l("enrolment.code-missing") : l("enrolment.code-wrong"))
            return request.render(page(context: context, secret: secret, errors: errors, request: request))
        }
        let user = context.user
        let userID = try user.requireID()
        let codes = RecoveryCode.generate()
        let token = try await request.db.transaction { tx in
            user.totpSecret = try services.cipher.seal(secret, context: user.totpSealContext)
            user.totpLastStep = step
            user.failedAttempts = 0
            try await user.save(on: tx)
            try await RecoveryCodeRecord.query(on: tx).filter(\.$user.$id == userID).delete()
            for code in codes {
                try await RecoveryCodeRecord(userID: userID, codeHash: RecoveryCode.storedHash(of: code, cipher: services.cipher))
                    .create(on: tx)
            }
            try await AuditLog.append(AuditEvent(action: "second_factor.enrolled", recordType: "user", recordID: userID.uuidString),
                                      actor: userID, organisation: user.$organisation.id, requestID: request.traceID,
                                      sourceAddress: request.clientAddress, at: now, key: request.application.lantern.auditChainKey, on: tx)
            return try await SessionStarter.start(.signedIn, for: user, request: request, on: tx).token
        }
        let response = request.render(AccountPages.recoveryCodes(codes, l: AccountPages.enrolmentLocaliser(request)))
        SessionStarter.attach(token: token, to: response, request: request)
        return response
    }

    /// The secret being enrolled lives, sealed, on the session until confirmed.
    private func pendingSecret(for session: UserSession, request: Request) async throws -> String {
        let cipher = request.application.lantern.cipher
        if let sealed = session.pendingTOTPSecret {
            return try cipher.open(sealed, context: Self.context(for: session))
        }
        let secret = Base32.encode(TOTP.generateSecret())
        session.pendingTOTPSecret = try cipher.seal(secret, context: Self.context(for: session))
        try await session.save(on: request.db)
        return secret
    }

    private func page(context: SignInContext, secret: String, errors: FormErrors, request: Request) -> Page {
        let totp = TOTP(secret: Base32.decode(secret) ?? [])
        let issuer = request.application.lantern.settings.isDemo ? "Lantern DEMO" : "Lantern"
        let setupLink = totp.provisioningURI(account: context.user.email, issuer: issuer)
        return AccountPages.enrolment(AccountPages.Enrolment(secret: secret, setupLink: setupLink, errors: errors),
                                      csrf: request.csrfToken, l: AccountPages.enrolmentLocaliser(request))
    }
}
