import Vapor

/// The headers every response carries, errors included (ASVS 3.4): a strict CSP with no
/// inline script, no framing, no sniffing, no referrer, no caching of personal pages.
struct SecurityHeadersMiddleware: AsyncMiddleware {
    let servedOverHTTPS: Bool

    static let contentSecurityPolicy = [
        "default-src 'self'", "script-src 'self'", "style-src 'self'", "img-src 'self' data:",
        "font-src 'self'", "connect-src 'self'", "object-src 'none'", "base-uri 'none'",
        "form-action 'self'", "frame-ancestors 'none'",
    ].joined(separator: "; ")

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let response: Response
        do {
            response = try await next.respond(to: request)
        } catch {
            response = LanternErrorMiddleware.response(for: error, request: request)
        }
        // A download that asked for a sandbox (a meeting's paper) keeps it under the strict policy.
        let sandboxed = response.headers.first(name: "Content-Security-Policy")?.contains("sandbox") == true
        let headers = [
            ("Content-Security-Policy", Self.contentSecurityPolicy + (sandboxed ? "; sandbox" : "")),
            ("X-Content-Type-Options", "nosniff"),
            ("X-Frame-Options", "DENY"),
            ("Referrer-Policy", "no-referrer"),
            ("Cross-Origin-Opener-Policy", "same-origin"),
            ("Cross-Origin-Resource-Policy", "same-origin"),
            ("Permissions-Policy", "camera=(), microphone=(), geolocation=(), interest-cohort=()"),
        ]
        for (name, value) in headers { response.headers.replaceOrAdd(name: name, value: value) }
        if !request.url.path.hasPrefix("/static/") {
            response.headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        }
        if servedOverHTTPS {
            response.headers.replaceOrAdd(name: "Strict-Transport-Security", value: "max-age=31536000; includeSubDomains")
        }
        response.headers.replaceOrAdd(name: "X-Request-Id", value: request.traceID)
        return response
    }
}
