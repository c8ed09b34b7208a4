import LanternCore

/// The start page: what Lantern is for a visitor; the cards of every feature once signed in.
extension Feature {
    static let home = Feature(
        name: "Home",
        register: { routes in HomeController().register(routes) },
        navigation: [NavigationEntry(label: "Home", href: .home, audience: .signedIn, order: 0)])
}

enum HomePaths {
    static let home = RoutePath.root
}

extension Href {
    static let home = Href(HomePaths.home)
}
