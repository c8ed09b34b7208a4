/// The imported statistics datasets behind the profile.
extension Feature {
    static let statistics = Feature(name: "Statistics", register: { routes in
        DatasetsController().register(routes)
        DatasetUploadController().register(routes)
        AnalystTrailController().register(routes)
    })
}

enum StatisticsPaths {
    static let datasets = RoutePath("profile", "datasets")
    static let remove = RoutePath("profile", "datasets", ":datasetID", "remove")
    static let api = RoutePath.api("datasets")
    static let upload = RoutePath("profile", "datasets", "upload")
    static let activity = RoutePath("profile", "datasets", "activity")
    static let uploaded = RoutePath("profile", "datasets", "uploads", ":uploadID")
    static let confirmUpload = RoutePath("profile", "datasets", "uploads", ":uploadID", "confirm")
    static let discardUpload = RoutePath("profile", "datasets", "uploads", ":uploadID", "discard")
}

extension Href {
    static let datasets = Href(StatisticsPaths.datasets)
    static func removeDataset(_ id: String) -> Href { StatisticsPaths.remove.href(id) }
    static let uploadDataset = Href(StatisticsPaths.upload)
    static let analystTrail = Href(StatisticsPaths.activity)
    static func datasetUpload(_ id: String) -> Href { StatisticsPaths.uploaded.href(id) }
    static func confirmDatasetUpload(_ id: String) -> Href { StatisticsPaths.confirmUpload.href(id) }
    static func discardDatasetUpload(_ id: String) -> Href { StatisticsPaths.discardUpload.href(id) }
}
