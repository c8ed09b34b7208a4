import Fluent
import Vapor
import LanternCore

/// Finds the browser's session from its cookie and checks it is still good: not expired,
/// not idle too long, and the user not disabled. A bad session is deleted on the server.
struct SessionMiddleware: AsyncMiddleware {
    /// Refresh `last_seen_at` at most this often, to avoid a write on every request.
    static let touchInterval: TimeInterval = 60

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let cookies = request.cookieNames
        if let token = request.cookies[cookies.sessionName]?.string, !token.isEmpty {
            request.lantern.signIn = try await Self.resolve(token: token, request: request)
        }
        return try await next.respond(to: request)
    }

    static func resolve(token: String, request: Request) async throws -> SignInContext? {
        let services = request.application.lantern
        let now = services.now
        // One query for session, person and organisation: this runs on every request.
        guard let session = try await UserSession.query(on: request.db)
            .join(User.self, on: \UserSession.$user.$id == \User.$id)
            .join(Organisation.self, on: \User.$organisation.$id == \Organisation.$id)
            .filter(\.$tokenHash == SecretToken.storedHash(of: token))
            .first() else { return nil }
        let user = try session.joined(User.self)
        user.$organisation.value = try session.joined(Organisation.self)
        session.$user.value = user
        let idleLimit = session.lastSeenAt.addingTimeInterval(services.settings.idleTimeout)
        guard session.expiresAt > now, idleLimit > now, !session.user.isDisabled,
              let stage = session.sessionStage else {
            try await session.delete(on: request.db)
            return nil
        }
        if now.timeIntervalSince(session.lastSeenAt) > touchInterval {
            session.lastSeenAt = now
            try await session.save(on: request.db)
        }
        return try await SignInContext.withTraining(user: session.user, organisationName: session.user.organisation.name,
                                                    session: session, stage: stage, request: request)
    }
}
