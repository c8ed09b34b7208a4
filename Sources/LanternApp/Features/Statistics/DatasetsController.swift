import Fluent
import Vapor
import LanternCore

/// Imported datasets: what each is, where it came from, its period and licence, who
/// imported it and when; analysts can remove one. Imports run on the web
/// (`DatasetUploadController`) or from the command line (`lantern import`). The page: `DatasetsPages`.
struct DatasetsController {
    func register(_ routes: LanternRoutes) {
        routes.get(StatisticsPaths.datasets, access: .action(.viewStatistics), use: list)
        routes.post(StatisticsPaths.remove, access: .action(.importStatistics), use: remove)
        routes.api.get(StatisticsPaths.api, access: .action(.viewStatistics), use: api)
    }

    struct DatasetDTO: Content {
        var id: UUID
        var title: String
        var measure: String
        var mapping: String
        var source: String
        var licence: String
        var from: String
        var to: String
        /// What the table covers: national, london_councils, london_police or london_nhs.
        var covers: String
        var importedBy: String
        var importedAt: Date
        var fileName: String
        var fileSHA256: String
        var linesRead: Int
        var figures: Int
        var totalsChecked: Int

        init(_ d: StatisticsDataset) {
            id = d.id ?? UUID()
            title = d.title
            measure = d.measure
            mapping = d.mapping
            source = d.source
            licence = d.licence
            from = Quarter(code: d.periodFrom)?.text ?? ""
            to = Quarter(code: d.periodTo)?.text ?? ""
            covers = d.coverage
            importedBy = d.importedByLabel
            importedAt = d.importedAt
            fileName = d.fileName
            fileSHA256 = d.fileSHA256
            linesRead = d.linesRead
            figures = d.figureCount
            totalsChecked = d.totalsChecked
        }
    }

    @Sendable func list(_ request: Request) async throws -> Response {
        let context = try request.authorise(.viewStatistics)
        let canRemove = request.accessPolicy.allowsSome(context.roles, .importStatistics)
        let datasets = try await StatisticsDataset.query(on: request.db).sort(\.$importedAt, .descending).all()
        let removed = (try? request.query.get(String.self, at: "removed")) != nil
        let imported = (try? request.query.get(String.self, at: "imported")) != nil
        let discarded = (try? request.query.get(String.self, at: "discarded")) != nil
        return request.render(DatasetsPages.list(.init(datasets: datasets, canRemove: canRemove, removed: removed, imported: imported,
                                                       discarded: discarded, csrf: request.csrfToken),
                                                 l: DatasetsPages.localiser(request)))
    }

    @Sendable func remove(_ request: Request) async throws -> Response {
        try request.authorise(.importStatistics)
        guard let id = request.parameters.get("datasetID").flatMap(UUID.init(exactly:)) else { throw LanternError.notFound }
        try await DatasetStore.remove(id, on: request.db) { db, dataset in
            try await request.audit(AuditEvent(action: "dataset.removed", recordType: "dataset", recordID: dataset.id?.uuidString), on: db)
        }
        return request.redirect(to: Href.datasets.query("removed", "1"))
    }

    @Sendable func api(_ request: Request) async throws -> ListDTO<DatasetDTO> {
        try request.authorise(.viewStatistics)
        let datasets = try await StatisticsDataset.query(on: request.db).sort(\.$importedAt, .descending).all()
        return ListDTO(items: datasets.map(DatasetDTO.init))
    }
}
