import Vapor
import LanternCore

/// `/statistics`: what anyone may see without signing in — the last four quarters of cases
/// by borough on the London map, and by exploitation type, all after disclosure control
/// (the page: `PublicStatisticsPages`).
struct PublicStatisticsController {
    func register(_ routes: LanternRoutes) {
        routes.get(ProfilePaths.publicStatistics, access: .open, use: page)
    }

    @Sendable func page(_ request: Request) async throws -> Response {
        let services = request.application.lantern
        let to = Quarter(containing: request.today)
        let from = to.adding(quarters: -3)
        let rules = DisclosureRules(threshold: services.settings.disclosureThreshold)
        func release(_ dimension: ProfileDimension) async throws -> ProfileRelease {
            let question = ProfileRequest(source: .cases, query: ProfileQuery(dimensions: [dimension], from: from, to: to),
                                          parameters: ProfileParameters())
            return try await ProfileRelease.build(question, db: request.db, readers: request.parallelReaders, boroughs: services.boroughs, rules: rules, now: services.now)
        }
        let model = PublicStatisticsPages.Model(byBorough: try await release(.boroughIdentified),
                                                byType: try await release(.exploitationCombination), boroughs: services.boroughs)
        return request.render(PublicStatisticsPages.page(model, l: PublicStatisticsPages.localiser(request)))
    }
}
