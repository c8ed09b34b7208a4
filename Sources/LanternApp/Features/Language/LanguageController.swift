import Foundation
import LanternCore
import Vapor

/// `GET /language?to=ar&back=/cases`: remembers the choice in the `lantern_lang` cookie and
/// goes back to the page, only ever a page of this site. A GET (a link) so that it works
/// without JavaScript from every page, signed in or not; it changes nothing but a preference,
/// so it needs no CSRF token.
struct LanguageController {
    func register(_ routes: LanternRoutes) {
        routes.get(LanguagePaths.choose, access: .open, use: choose)
    }

    @Sendable func choose(_ request: Request) async throws -> Response {
        let response = request.redirect(to: ReturnPath.local(request.query[String.self, at: "back"]))
        let catalogues = Catalogues.bundled
        if let raw = request.query[String.self, at: "to"], let language = LanguageTag(raw), catalogues.languages.contains(language) {
            response.cookies[LanguageCookie.name] = LanguageCookie.value(language, secure: request.application.lantern.settings.servedOverHTTPS)
        }
        return response
    }
}

/// The language choice, remembered for a year. Not personal data: one of Lantern's language tags.
enum LanguageCookie {
    static let name = "lantern_lang"

    static func value(_ language: LanguageTag, secure: Bool) -> HTTPCookies.Value {
        HTTPCookies.Value(string: language.identifier, expires: nil, maxAge: 365 * 24 * 60 * 60, domain: nil, path: "/",
                          isSecure: secure, isHTTPOnly: true, sameSite: .lax)
    }
}

extension Request {
    /// Texts, numbers and dates in this request's language: the `lantern_lang` cookie if it
    /// names a language Lantern has, else the best match for `Accept-Language`, else en-GB.
    var localiser: Localiser {
        let catalogues = Catalogues.bundled
        return catalogues.localiser(for: catalogues.choose(cookie: cookies[LanguageCookie.name]?.string,
                                                           acceptLanguage: headers.first(name: .acceptLanguage)))
    }
}
