import Foundation
import Vapor

/// A route's path as its feature declares it, once: registration reads its components and
/// links fill in its parameters, so a link cannot point at a route that is not there.
/// Written as components (`"cases", ":reference"`), never as a `"/…"` string: scripts/check-paths
/// refuses every hand-written internal path in Sources/LanternApp.
struct RoutePath: Sendable, Hashable, CustomStringConvertible {
    let components: [String]

    init(_ components: String...) { self.components = components }
    private init(components: [String]) { self.components = components }

    /// A pattern as the route catalogue writes it (`/cases/:reference`).
    init(pattern: String) { components = pattern.split(separator: "/").map(String.init) }

    /// The start page.
    static let root = RoutePath(components: [])

    /// A path under the JSON API's root, `/api/v1`.
    static func api(_ components: String...) -> RoutePath { RoutePath(components: ["api", "v1"] + components) }

    /// The pattern as the route catalogue writes it: `/cases/:reference`.
    var description: String { "/" + components.joined(separator: "/") }

    var pathComponents: [PathComponent] { components.map { PathComponent(stringLiteral: $0) } }

    /// Whether a concrete path (no query) matches this pattern.
    func matches(_ path: String) -> Bool {
        let parts = path.split(separator: "/", omittingEmptySubsequences: true)
        guard parts.count == components.count else { return false }
        return zip(parts, components).allSatisfy { part, component in component.hasPrefix(":") || part == component }
    }

    /// A link to this route; `values` fill its parameters in order, percent-encoded.
    /// Features wrap this in typed functions (`Href.case(reference)`) so callers cannot get
    /// the count wrong.
    func href(_ values: String...) -> Href {
        var remaining = values[...]
        let filled = components.map { component -> String in
            guard component.hasPrefix(":") else { return component }
            let value = remaining.popFirst() ?? ""
            return value.addingPercentEncoding(withAllowedCharacters: Href.segmentAllowed) ?? ""
        }
        assert(remaining.isEmpty && !filled.contains(""), "\(self) takes \(components.filter { $0.hasPrefix(":") }.count) parameters")
        return Href(path: "/" + filled.joined(separator: "/"))
    }
}

/// A link to a page or endpoint of Lantern: a filled-in `RoutePath`, optionally with a query
/// and a fragment. Interpolated into `HTML` it is escaped like text; `request.redirect(to:)`
/// takes it directly.
struct Href: Sendable, Hashable, CustomStringConvertible {
    /// The percent-encoded path: `/cases/LNT-7K2M-9QXD`.
    let path: String
    private(set) var query: String?
    private(set) var fragment: String?

    fileprivate init(path: String) { self.path = path }

    init(_ route: RoutePath) { self = route.href() }

    static let segmentAllowed: CharacterSet = {
        var allowed = CharacterSet.urlPathAllowed
        allowed.remove(charactersIn: "/;?#")
        return allowed
    }()

    private static let queryValueAllowed: CharacterSet = {
        var allowed = CharacterSet.urlQueryAllowed
        allowed.remove(charactersIn: "&=+#")
        return allowed
    }()

    var description: String { path + (query.map { "?" + $0 } ?? "") + (fragment.map { "#" + $0 } ?? "") }

    /// Adds one query item, encoding the value.
    func query(_ name: String, _ value: String) -> Href {
        var copy = self
        let item = name + "=" + (value.addingPercentEncoding(withAllowedCharacters: Self.queryValueAllowed) ?? "")
        copy.query = query.map { $0 + "&" + item } ?? item
        return copy
    }

    /// Adds a query that is already percent-encoded (a filter form's own query, carried on).
    func encodedQuery(_ encoded: String) -> Href {
        guard !encoded.isEmpty else { return self }
        var copy = self
        copy.query = query.map { $0 + "&" + encoded } ?? encoded
        return copy
    }

    /// The id of an element on the page to scroll to.
    func fragment(_ id: String) -> Href {
        var copy = self
        copy.fragment = id
        return copy
    }

    /// The link for an e-mail or the command line: the public address Lantern is served at.
    func absolute(from publicURL: String) -> String {
        (publicURL.hasSuffix("/") ? String(publicURL.dropLast()) : publicURL) + description
    }

    /// Whether this link is where `requestPath` is, or above it (navigation's current page).
    func contains(_ requestPath: String) -> Bool {
        requestPath == path || (path != "/" && requestPath.hasPrefix(path + "/"))
    }
}

extension HTML.Interpolation {
    mutating func appendInterpolation(_ href: Href) { appendInterpolation(href.description) }
}

extension Request {
    /// A 303 to a page of Lantern, named by its typed path.
    func redirect(to href: Href) -> Response { redirect(to: href.description) }
}
