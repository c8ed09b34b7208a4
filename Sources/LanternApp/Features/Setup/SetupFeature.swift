/// The first administrator's one-time setup link.
extension Feature {
    static let setup = Feature(name: "Setup", register: { routes in SetupController().register(routes) })
}

enum SetupPaths {
    static let setup = RoutePath("setup", ":token")
}

extension Href {
    static func setup(_ token: String) -> Href { SetupPaths.setup.href(token) }
}
