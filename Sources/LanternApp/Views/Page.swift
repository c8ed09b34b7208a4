import LanternCore
import Vapor

/// A complete page: title, main content and what the layout needs to know about the viewer.
struct Page {
    var title: String
    var content: HTML
    var status: HTTPStatus = .ok
    /// Shown in the error summary and prefixed to the title, as the GOV.UK pattern asks.
    var hasErrors = false
    var backLink: (href: Href, label: String)?
    /// The language the title and content are written in: the viewer's when the page is
    /// translated, nil (British English) for a page not yet converted to the catalogues.
    var language: LanguageTag?
}

/// What the layout shows about who is looking: navigation by role, CSRF token for forms,
/// and whether this is the demo.
struct Viewer {
    var user: User?
    var roles: Set<Role>
    var organisationName: String?
    var csrfToken: String
    var isDemo: Bool
    var fullySignedIn: Bool
    /// The navigation entries this person's roles allow, from every feature (`LanternFeatures`).
    var navigation: [NavigationEntry] = []
    /// This request's language (`Request.localiser`): the frame's texts, and the pages'.
    var l: Localiser = .englishGB
}

extension Request {
    var viewer: Viewer {
        let context = lantern.signIn
        return Viewer(user: context?.user,
                      roles: context?.fullySignedIn == true ? context?.user.roleSet ?? [] : [],
                      organisationName: context?.organisationName,
                      csrfToken: csrfToken,
                      isDemo: application.lantern.settings.isDemo,
                      fullySignedIn: context?.fullySignedIn == true,
                      navigation: context?.fullySignedIn == true
                          ? LanternFeatures.navigation(for: context?.user.roleSet ?? [], under: application.lantern.policy) : [],
                      l: localiser)
    }

    /// Renders a page in the layout. Pages are never cached: most show personal data.
    func render(_ page: Page) -> Response {
        let body = Layout.render(page: page, viewer: viewer, path: url.path)
        var headers = HTTPHeaders()
        headers.contentType = .html
        return Response(status: page.status, headers: headers, body: .init(string: body.markup))
    }
}
