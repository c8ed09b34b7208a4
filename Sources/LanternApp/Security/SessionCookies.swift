import Vapor

/// Names and attributes of Lantern's two cookies. Over https they take the `__Host-` prefix
/// (Secure, no Domain, Path=/), which stops a sibling site from planting them.
struct SessionCookies {
    let secure: Bool

    var sessionName: String { secure ? "__Host-lantern-session" : "lantern-session" }
    var formName: String { secure ? "__Host-lantern-form" : "lantern-form" }

    func session(_ token: String) -> HTTPCookies.Value {
        // No Max-Age: the cookie ends with the browser; the server enforces idle and absolute limits.
        HTTPCookies.Value(string: token, expires: nil, maxAge: nil, domain: nil, path: "/",
                          isSecure: secure, isHTTPOnly: true, sameSite: .lax)
    }

    func form(_ token: String) -> HTTPCookies.Value {
        HTTPCookies.Value(string: token, expires: nil, maxAge: nil, domain: nil, path: "/",
                          isSecure: secure, isHTTPOnly: true, sameSite: .strict)
    }

    var expired: HTTPCookies.Value {
        HTTPCookies.Value(string: "", expires: Date(timeIntervalSince1970: 0), maxAge: 0, domain: nil, path: "/",
                          isSecure: secure, isHTTPOnly: true, sameSite: .lax)
    }
}

extension Request {
    var cookieNames: SessionCookies { SessionCookies(secure: application.lantern.settings.servedOverHTTPS) }
}
