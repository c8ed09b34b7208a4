import LanternCore

/// Retention: cases due for erasure of identifying details, and the legal holds that keep them.
extension Feature {
    static let retention = Feature(
        name: "Retention",
        register: { routes in RetentionController().register(routes) },
        navigation: [NavigationEntry(label: "Retention", href: .retention, audience: .allowed(.manageRetention), order: 70)],
        homeCards: [HomeCard(title: "Retention and legal holds",
                             text: "Cases whose identifying details will be erased in the next month, and legal holds that keep them.",
                             href: .retention, audience: .allowed(.manageRetention), order: 70)])
}

enum RetentionPaths {
    static let overview = RoutePath("retention")
    static let holds = RoutePath("retention", "holds")
    static let release = RoutePath("retention", "holds", ":reference", "release")
}

extension Href {
    static let retention = Href(RetentionPaths.overview)
    static let legalHolds = Href(RetentionPaths.holds)
    static func releaseHold(_ reference: String) -> Href { RetentionPaths.release.href(reference) }
}
