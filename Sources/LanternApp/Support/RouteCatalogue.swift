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
    /// A fully signed-in person with any role (their own account, the API's `me`).
    case signedIn

    var description: String {
        switch self {
        case .open: "open"
        case .signingIn: "signing-in"
        case .action(let action): "action:\(action.rawValue)"
        case .signedIn: "signed-in"
        }
    }
}

/// Every route Lantern registers, with its access rule: the source of the authorisation
/// matrix tests, and the check that no route is registered without a rule.
final class RouteCatalogue: Sendable {
    struct Entry: Sendable, Hashable {
        let method: HTTPMethod
        let path: String
        let access: RouteAccess

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

/// Registers routes with their access rule, against a path prefix.
struct LanternRoutes {
    let app: Application
    let builder: any RoutesBuilder
    let prefix: [PathComponent]

    init(_ app: Application, prefix: [PathComponent] = []) {
        self.app = app
        self.builder = prefix.isEmpty ? app.routes : app.routes.grouped(prefix)
        self.prefix = prefix
    }

    func grouped(_ path: PathComponent...) -> LanternRoutes {
        LanternRoutes(app: app, builder: builder.grouped(path), prefix: prefix + path)
    }

    private init(app: Application, builder: any RoutesBuilder, prefix: [PathComponent]) {
        self.app = app
        self.builder = builder
        self.prefix = prefix
    }

    func get<R: AsyncResponseEncodable>(_ path: PathComponent..., access: RouteAccess,
                                        use handler: @escaping @Sendable (Request) async throws -> R) {
        on(.GET, path, access: access, handler)
    }

    func post<R: AsyncResponseEncodable>(_ path: PathComponent..., access: RouteAccess,
                                         use handler: @escaping @Sendable (Request) async throws -> R) {
        on(.POST, path, access: access, handler)
    }

    func put<R: AsyncResponseEncodable>(_ path: PathComponent..., access: RouteAccess,
                                        use handler: @escaping @Sendable (Request) async throws -> R) {
        on(.PUT, path, access: access, handler)
    }

    private func on<R: AsyncResponseEncodable>(_ method: HTTPMethod, _ path: [PathComponent], access: RouteAccess,
                                               _ handler: @escaping @Sendable (Request) async throws -> R) {
        let full = "/" + (prefix + path).map(\.description).joined(separator: "/")
        app.routeCatalogue.record(.init(method: method, path: full, access: access))
        builder.on(method, path) { request async throws -> Response in
            switch access {
            case .open, .signingIn: break
            case .signedIn: _ = try request.requireSignedIn()
            case .action(let action): try request.authorise(action)
            }
            return try await handler(request).encodeResponse(for: request)
        }
    }
}
