import LanternCore

/// Soft intelligence: graded reports of what partners saw or heard.
extension Feature {
    static let intelligence = Feature(
        name: "Intelligence",
        register: { routes in IntelligenceController().register(routes) },
        navigation: [NavigationEntry(label: "Intelligence", href: .intelligence, audience: .allowed(.viewIntelligence), order: 40)],
        homeCards: [HomeCard(title: "Soft intelligence", text: "Graded reports of what partners saw or heard, beside the figures.",
                             href: .intelligence, audience: .allowed(.viewIntelligence), order: 40)])
}

enum IntelligencePaths {
    static let list = RoutePath("intelligence")
    static let new = RoutePath("intelligence", "new")
    static let show = RoutePath("intelligence", ":reportReference")
}

extension Href {
    static let intelligence = Href(IntelligencePaths.list)
    static let newIntelligence = Href(IntelligencePaths.new)
    static func intelligenceReport(_ reference: String) -> Href { IntelligencePaths.show.href(reference) }
}
