import Fluent
import Foundation
import LanternCore
import Vapor

/// The analysts' trail (`/profile/datasets/activity`): who uploaded, imported, replaced,
/// removed or discarded statistics, who exported figures, who recorded or ended a
/// data-sharing agreement and who looked at exact figures under one, newest first, read from the
/// audit log in words, across the partnership (statistics are no one organisation's).
/// For those who import statistics; viewing it is itself audited.
struct AnalystTrailController {
    /// The audit actions that are analysts' work on the figures.
    static let actions = ["dataset.uploaded", "dataset.upload_discarded", "dataset.imported", "dataset.replaced", "dataset.removed",
                          "profile.exported", "profile.exact_viewed", "data_sharing_agreement.recorded", "data_sharing_agreement.ended"]
    static let pageSize = 50

    func register(_ routes: LanternRoutes) {
        routes.get(StatisticsPaths.activity, access: .action(.importStatistics), use: page)
    }

    struct Filters: Content {
        var before: Int64?
    }

    @Sendable func page(_ request: Request) async throws -> Response {
        try request.authorise(.importStatistics)
        let filters = (try? request.query.decode(Filters.self)) ?? Filters()
        var query = AuditEntry.query(on: request.db).filter(\.$action ~~ Self.actions)
        if let before = filters.before { query = query.filter(\.$id < before) }
        let entries = try await query.sort(\.$id, .descending).limit(Self.pageSize).all()
        let people = Array(Set(entries.compactMap { $0.actorUserID.flatMap(UUID.init(exactly:)) }))
        var names: [String: String] = [:]
        if !people.isEmpty {
            let users = try await User.query(on: request.db).filter(\.$id ~~ people).all()
            let organisations = try await Organisation.query(on: request.db).filter(\.$id ~~ users.map { $0.$organisation.id }).all()
            let organisationNames = Dictionary(organisations.compactMap { o in o.id.map { ($0, o.name) } }, uniquingKeysWith: { a, _ in a })
            for user in users {
                guard let id = user.id else { continue }
                names[id.uuidString] = organisationNames[user.$organisation.id].map { "\(user.displayName), \($0)" } ?? user.displayName
            }
        }
        let datasetIDs = entries.filter { $0.recordType == "dataset" }.compactMap { $0.recordID.flatMap(UUID.init(exactly:)) }
        var titles: [String: String] = [:]
        if !datasetIDs.isEmpty {
            for dataset in try await StatisticsDataset.query(on: request.db).filter(\.$id ~~ datasetIDs).all() {
                if let id = dataset.id { titles[id.uuidString] = dataset.title }
            }
        }
        try await request.audit(AuditEvent(action: "analyst_trail.viewed", recordType: "profile", recordID: "analyst-trail"))
        let older = entries.count == Self.pageSize ? entries.last?.id.map { Href.analystTrail.query("before", String($0)) } : nil
        return request.render(AnalystTrailPages.page(.init(entries: entries, names: names, titles: titles, older: older),
                                                     l: DatasetsPages.localiser(request)))
    }
}
