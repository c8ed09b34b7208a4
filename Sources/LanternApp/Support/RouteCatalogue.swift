import NIOConcurrencyHelpers
import Vapor
import LanternCore

/// Who may reach a route at all. Object-level checks (whose record is it?) happen in the
/// handler, against the same policy; this is the function-level gate, applied before the
/// handler runs, so no route can forget it.
enum RouteAccess: Sendable, Equatable, CustomStringConvertible {
    /// Anyone, signed in or not (sign-in page, health, the public front page).
    case open
    /// Part of signing in: needs a session that is past the password but not necessarily
    /// the second factor. The handler checks which stage.
    case signingIn
    /// A fully signed-in person whose roles allow this action on something.
    case action(Action)
    /// A fully signed-in person whose roles allow at least one of these actions on something:
    /// a page that serves several audiences (a group's page is read by its members and run by
    /// its secretariat). The handler then asks for any of them on the record.
    case anyAction([Action])
    /// A fully signed-in person with any role (their own account, the API's `me`).
    case signedIn

    var description: String {
        switch self {
        case .open: "open"
        case .signingIn: "signing-in"
        case .action(let action): "action:\(action.rawValue)"
        case .anyAction(let actions): "any-action:\(actions.map(\.rawValue).joined(separator: "|"))"
        case .signedIn: "signed-in"
        }
    }
}

/// Every route Lantern registers, with its access rule and the feature that declares it:
/// the source of the authorisation matrix tests, and the check that no route is registered
/// without a rule.
final class RouteCatalogue: Sendable {
    struct Entry: Sendable, Hashable {
        let method: HTTPMethod
        let path: String
        let access: RouteAccess
        var feature = ""
        var surface = RouteSurface.page

        static func == (a: Entry, b: Entry) -> Bool { a.method == b.method && a.path == b.path }
        func hash(into hasher: inout Hasher) { hasher.combine(method.rawValue); hasher.combine(path) }
    }

    private let storage = NIOLockedValueBox<[Entry]>([])
    var entries: [Entry] { storage.withLockedValue { $0 } }

    func record(_ entry: Entry) { storage.withLockedValue { $0.append(entry) } }
}

extension Application {
    private struct CatalogueKey: StorageKey { typealias Value = RouteCatalogue }

    var routeCatalogue: RouteCatalogue {
        if let existing = storage[CatalogueKey.self] { return existing }
        let catalogue = RouteCatalogue()
        storage[CatalogueKey.self] = catalogue
        return catalogue
    }
}

/// Which face of Lantern a route belongs to. It decides how the caller is recognised, by
/// the route that matched, never by how the raw path begins (`/api//v1/…` must not find a
/// way past either rule):
/// - pages: the browser's session cookie, and a CSRF token on every form;
/// - the API: a bearer token only; cookies are never read, so CSRF cannot arise.
enum RouteSurface: String, Sendable {
    case page, api

    static let userInfoKey = "lantern.surface"
    /// A route's own body limit, when it takes more than the default (a file upload).
    static let maxBodyKey = "lantern.maxBody"

    var middleware: [any Middleware] {
        switch self {
        case .page: [SessionMiddleware(), CSRFMiddleware()]
        case .api: [BearerTokenMiddleware()]
        }
    }
}

extension Request {
    /// The surface of the route that matched, if any.
    var surface: RouteSurface? { route?.userInfo[RouteSurface.userInfoKey] as? RouteSurface }
}

/// Registers routes with their access rule and surface, by the typed paths features declare
/// (`RoutePath`): `routes.get(CasePaths.show, access: …)` for a page,
/// `routes.api.get(CasePaths.apiShow, access: …)` for the JSON API. There is no way to
/// register a path written by hand.
struct LanternRoutes {
    let app: Application
    let builder: any RoutesBuilder
    let surface: RouteSurface
    /// The feature registering (recorded in the route catalogue).
    private(set) var feature = ""

    /// The pages.
    init(_ app: Application) {
        self.init(app: app, surface: .page)
    }

    private init(app: Application, surface: RouteSurface) {
        self.app = app
        self.builder = app.routes.grouped(surface.middleware)
        self.surface = surface
    }

    /// The JSON API: bearer tokens, never cookies. Its paths are `RoutePath.api(…)`, under `/api/v1`.
    var api: LanternRoutes {
        var routes = LanternRoutes(app: app, surface: .api)
        routes.feature = feature
        return routes
    }

    /// The same routes, recorded in the catalogue as the feature's.
    func owned(by feature: String) -> LanternRoutes {
        var routes = self
        routes.feature = feature
        return routes
    }

    func get<R: AsyncResponseEncodable>(_ path: RoutePath, access: RouteAccess,
                                        use handler: @escaping @Sendable (Request) async throws -> R) {
        on(.GET, path, access: access, handler)
    }

    func post<R: AsyncResponseEncodable>(_ path: RoutePath, access: RouteAccess,
                                         use handler: @escaping @Sendable (Request) async throws -> R) {
        on(.POST, path, access: access, handler)
    }

    /// A form that carries a file: its body may be up to `maxBody` bytes (beyond it, 413),
    /// read by the CSRF check as well as the handler.
    func post<R: AsyncResponseEncodable>(_ path: RoutePath, access: RouteAccess, maxBody: Int,
                                         use handler: @escaping @Sendable (Request) async throws -> R) {
        on(.POST, path, access: access, maxBody: maxBody, handler)
    }

    func put<R: AsyncResponseEncodable>(_ path: RoutePath, access: RouteAccess,
                                        use handler: @escaping @Sendable (Request) async throws -> R) {
        on(.PUT, path, access: access, handler)
    }

    private func on<R: AsyncResponseEncodable>(_ method: HTTPMethod, _ path: RoutePath, access: RouteAccess, maxBody: Int? = nil,
                                               _ handler: @escaping @Sendable (Request) async throws -> R) {
        app.routeCatalogue.record(.init(method: method, path: path.description, access: access, feature: feature, surface: surface))
        let body: HTTPBodyStreamStrategy = maxBody.map { .collect(maxSize: ByteCount(value: $0)) } ?? .collect
        let route = builder.on(method, path.pathComponents, body: body) { request async throws -> Response in
            switch access {
            case .open, .signingIn: break
            case .signedIn: _ = try request.requireSignedIn()
            case .action(let action): try request.authorise(action)
            case .anyAction(let actions): try request.authorise(anyOf: actions)
            }
            return try await handler(request).encodeResponse(for: request)
        }
        route.userInfo[RouteSurface.userInfoKey] = surface
        if let maxBody { route.userInfo[RouteSurface.maxBodyKey] = maxBody }
    }
}
