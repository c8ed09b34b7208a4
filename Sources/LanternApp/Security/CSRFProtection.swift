import Crypto
import Vapor
import LanternCore

/// Synchroniser tokens for every form. Signed-in browsers use their session's secret;
/// before sign-in, a random value in a SameSite=Strict cookie stands in for the session.
/// Every state-changing request to a page route must carry `_csrf`. It runs on every page
/// route (`RouteSurface.page`), chosen by the route that matched; API routes never read cookies.
struct CSRFMiddleware: AsyncMiddleware {
    static let fieldName = "_csrf"

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let cookies = request.cookieNames
        if let formToken = request.cookies[cookies.formName]?.string, formToken.count >= 40 {
            request.lantern.formToken = formToken
        } else if request.lantern.signIn == nil {
            let token = SecretToken.generate()
            request.lantern.formToken = token
            request.lantern.newFormToken = token
        }

        if !Self.isSafe(request.method) {
            // A body that arrives in several packets is still streaming here: collect it
            // first (up to the route limit; beyond it the answer is 413), then read the token.
            if request.body.data == nil {
                let limit = request.route?.userInfo[RouteSurface.maxBodyKey] as? Int ?? request.application.routes.defaultMaxBodySize.value
                _ = try await request.body.collect(max: limit).get()
            }
            let sent = (try? request.content.get(String.self, at: Self.fieldName)) ?? ""
            guard !sent.isEmpty, constantTimeEquals(sent, request.csrfToken) else {
                throw LanternError.csrfRejected
            }
        }

        let response = try await next.respond(to: request)
        if let token = request.lantern.newFormToken {
            response.cookies[cookies.formName] = cookies.form(token)
        }
        return response
    }

    static func isSafe(_ method: HTTPMethod) -> Bool { [.GET, .HEAD, .OPTIONS].contains(method) }
}

extension Request {
    /// The token forms must echo back: the session's own secret, or a keyed hash of the
    /// anonymous form cookie.
    var csrfToken: String {
        if let session = lantern.signIn?.session { return session.csrfToken }
        guard let formToken = lantern.formToken else { return "" }
        let mac = HMAC<SHA256>.authenticationCode(for: Array(formToken.utf8),
                                                  using: SymmetricKey(data: application.lantern.csrfKey))
        return Data(mac).base64EncodedString()
    }
}
