/// The imported statistics datasets behind the profile.
extension Feature {
    static let statistics = Feature(name: "Statistics", register: { routes in DatasetsController().register(routes) })
}

enum StatisticsPaths {
    static let datasets = RoutePath("profile", "datasets")
    static let remove = RoutePath("profile", "datasets", ":datasetID", "remove")
    static let api = RoutePath.api("datasets")
}

extension Href {
    static let datasets = Href(StatisticsPaths.datasets)
    static func removeDataset(_ id: String) -> Href { StatisticsPaths.remove.href(id) }
}
