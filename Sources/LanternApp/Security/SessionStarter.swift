import Fluent
import Vapor
import LanternCore

/// Starts and ends browser sessions. A new session, with a new token, is made at every step
/// of signing in, and the old one deleted, so a cookie from before sign-in never works
/// after it (ASVS 7.2.4).
enum SessionStarter {
    /// Replaces whatever session the request has with a fresh one at the given stage.
    static func start(_ stage: UserSession.Stage, for user: User, request: Request, on db: any Database,
                      pendingTOTPSecret: String? = nil) async throws -> (session: UserSession, token: String) {
        if let old = request.lantern.signIn?.session { try await old.delete(on: db) }
        let now = request.application.lantern.now
        let token = SecretToken.generate()
        let session = UserSession(tokenHash: SecretToken.storedHash(of: token), userID: try user.requireID(), stage: stage,
                                  csrfToken: SecretToken.generate(), now: now,
                                  expiresAt: now.addingTimeInterval(request.application.lantern.settings.absoluteTimeout))
        session.pendingTOTPSecret = pendingTOTPSecret
        try await session.create(on: db)
        try await user.$organisation.load(on: db)
        // Within this request nothing is held against the training requirements (deny by
        // default); the next request reads where the person stands.
        request.lantern.signIn = SignInContext(user: user, organisationName: user.organisation.name,
                                               session: session, stage: stage, policy: request.application.lantern.policy)
        return (session, token)
    }

    /// Sets the session cookie on a response.
    static func attach(token: String, to response: Response, request: Request) {
        let cookies = request.cookieNames
        response.cookies[cookies.sessionName] = cookies.session(token)
    }

    /// Ends every session a user has and revokes every API token they made (disabling, MFA
    /// reset, password change): a credential made before the change must not outlive it, nor
    /// come back when a new authenticator is enrolled. `keep` spares the session making the change.
    static func endAll(for userID: UUID, except keep: UUID? = nil, at now: Date, on db: any Database) async throws {
        var query = UserSession.query(on: db).filter(\.$user.$id == userID)
        if let keep { query = query.filter(\.$id != keep) }
        try await query.delete()
        try await APIToken.query(on: db).filter(\.$user.$id == userID).filter(\.$revokedAt == nil)
            .set(\.$revokedAt, to: now).update()
    }

    /// Where a signing-in session goes next; signed in, the start page.
    static func nextStep(for stage: UserSession.Stage) -> Href {
        switch stage {
        case .awaitingSecondFactor: .signInCode
        case .enrollingSecondFactor: .secondFactorSetup
        case .signedIn: Href(.root)
        }
    }
}
