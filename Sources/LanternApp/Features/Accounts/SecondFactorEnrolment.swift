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
            var errors = FormErrors()
            errors.add("code", code.isEmpty ? "Enter the 6-digit code from your authenticator app"
                                            : "The code is not right. Check the time on your phone and enter the current code")
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
                                      sourceAddress: request.remoteAddress?.ipAddress, at: now, key: request.application.lantern.auditChainKey, on: tx)
            return try await SessionStarter.start(.signedIn, for: user, request: request, on: tx).token
        }
        let response = request.render(Page(title: "Save your recovery codes", content: """
            <div class="panel panel--confirmation"><h1 class="panel__title">Your authenticator is set up</h1></div>
            <h2 class="heading-m">Save your recovery codes</h2>
            <p class="body">Each code signs you in once if you lose your phone. Store them somewhere safe, such as a password manager.
            They will not be shown again.</p>
            <ul class="list recovery-codes">\(codes.map { HTML("<li><code>\($0)</code></li>") })</ul>
            <p class="body"><a href="\(Href.home)" class="button">Continue to Lantern</a></p>
            """))
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
        let grouped = stride(from: 0, to: secret.count, by: 4).map { offset -> String in
            let start = secret.index(secret.startIndex, offsetBy: offset)
            return String(secret[start..<secret.index(start, offsetBy: min(4, secret.count - offset))])
        }.joined(separator: " ")
        let setupLink = totp.provisioningURI(account: context.user.email, issuer: issuer)
        return Page(title: "Set up your authenticator app", content: """
            \(Components.errorSummary(errors))
            <h1 class="heading-l">Set up your authenticator app</h1>
            <p class="body">Lantern holds sensitive information, so every account needs a second step when signing in.</p>
            <ol class="list list--number">
            <li>Open an authenticator app on your phone (for example Microsoft Authenticator or Google Authenticator).</li>
            <li>Add an account and scan this QR code with the app:
            \(SignInPages.qrCode(setupLink))
            If you cannot scan it, choose to enter a setup key instead and enter this key, as a time-based key:
            <p class="secret-key" id="secret-key"><code data-secret="\(secret)">\(grouped)</code></p>
            Or, on this device, <a href="\(setupLink)">open the key in your authenticator app</a>.</li>
            <li>Enter the 6-digit code the app shows.</li>
            </ol>
            <form method="post" action="\(Href.secondFactorSetup)" novalidate>
            \(Components.csrfField(request.csrfToken))
            \(Components.textInput(name: "code", label: "Code from your app", autocomplete: "one-time-code", width: 10, errors: errors,
                                   extra: " inputmode=\"numeric\" spellcheck=\"false\""))
            \(Components.button("Confirm"))
            </form>
            """, status: errors.isEmpty ? .ok : .unprocessableEntity, hasErrors: !errors.isEmpty)
    }
}
