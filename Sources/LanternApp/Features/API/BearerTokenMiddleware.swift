import Fluent
import Vapor
import LanternCore

/// The API accepts personal access tokens only (`Authorization: Bearer lt_…`), never the
/// browser's cookie, so cross-site requests cannot use it and CSRF does not arise. It runs on
/// the API's routes only (`RouteSurface.api`), chosen by the route that matched.
struct BearerTokenMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        // Nothing else may have recognised the caller; only the token counts here.
        request.lantern.signIn = nil
        if let bearer = request.headers.bearerAuthorization?.token, bearer.hasPrefix("lt_") {
            let now = request.application.lantern.now
            if let token = try await APIToken.query(on: request.db)
                .filter(\.$tokenHash == SecretToken.storedHash(of: bearer))
                .with(\.$user, { $0.with(\.$organisation) }).first(),
               token.isUsable(at: now), !token.user.isDisabled, token.user.hasSecondFactor {
                if token.lastUsedAt.map({ now.timeIntervalSince($0) > 60 }) ?? true {
                    token.lastUsedAt = now
                    try await token.save(on: request.db)
                }
                request.lantern.signIn = try await SignInContext.withTraining(user: token.user, organisationName: token.user.organisation.name,
                                                                              session: nil, stage: .signedIn, request: request)
            }
        }
        return try await next.respond(to: request)
    }
}
