import Fluent
import Foundation
import LanternCore

/// Everything the dashboard releases for one question: the tables, the trend over the
/// quarters, rates per 100,000 residents where populations are known, and the metadata
/// every release carries (source, period, what was withheld and why, when produced).
struct ProfileRelease: Sendable {
    var source: ProfileSource
    var query: ProfileQuery
    var tables: [ReleasedTable]
    var trend: ReleasedTable
    /// Rate per 100,000 residents by row key, when rows are boroughs and populations are known.
    var rates: [String: Double]
    var method: DisclosureMethod
    var producedAt: Date
    var datasets: [StatisticsDataset]
    /// The area imported figures are counted for.
    var scope: ProfileScope = .london

    var suppressedCount: Int { tables.reduce(0) { $0 + $1.figures.primaryCount + $1.figures.secondaryCount } }

    var sourceDescription: String {
        switch source {
        case .cases: "Lantern case records (all member organisations), by the date each person was identified"
        case .imported:
            (datasets.isEmpty ? source.label : datasets.map { "\($0.title) — \($0.source) (\($0.licence))" }.joined(separator: "; "))
                + (scope == .london ? "; London's figures: London's datasets, and the rows of national ones that London's bodies made"
                                    : "; all areas the tables cover")
        }
    }

    var periodDescription: String { "\(query.from.description) to \(query.to.description)" }

    /// Does the question count each case once per exploitation type?
    var countsTypeMentions: Bool { query.dimensions.contains(.exploitationType) }

    /// `readers`: extra database handles to read parts of the period at once (see ProfileRepository).
    /// `exactUnder`: the title of the data-sharing agreement under which the figures are shown
    /// exactly (the question's `within` says which cases it covers); nil for every other view.
    static func build(_ request: ProfileRequest, db: any Database, readers: [any Database] = [], boroughs: BoroughCatalogue,
                      rules: DisclosureRules, now: Date, exactUnder agreement: String? = nil) async throws -> ProfileRelease {
        let query = request.query
        let runner: (ProfileQuery) async throws -> ProfileResult
        var datasets: [StatisticsDataset] = []
        var trendBy = ProfileDimension.quarter
        switch request.source {
        case .cases:
            let repository = ProfileRepository(db: db, boroughs: boroughs, readers: readers)
            runner = { try await repository.run($0) }
        case .imported(let measure):
            let repository = DatasetProfileRepository(db: db, boroughs: boroughs, scope: request.scope)
            runner = { try await repository.run($0, measure: measure) }
            datasets = try await StatisticsDataset.query(on: db).filter(\.$measure == measure)
                .filter(\.$periodTo >= query.from.code).filter(\.$periodFrom <= query.to.code).sort(\.$periodFrom).all()
            // A source that counts whole years has its trend by year.
            if try await !repository.coverage(measure: measure, from: query.from, to: query.to).records(.quarter) { trendBy = .year }
        }
        let labels = try await ProfileLabels.make(boroughs: boroughs, db: db)
        let method: DisclosureMethod
        if let agreement, request.source == .cases, query.within != nil {
            method = .exact(agreement: agreement)
        } else {
            method = try ProfileReleaseAssembly.method(forCaseRecords: request.source == .cases, rules: rules)
        }
        let result = try await runner(query)
        // The trend's count by quarter, unless the question already has it (counted once then).
        let quarterly: ProfileResult
        if let split = ProfileReleaseAssembly.trendQuestion(for: query, by: trendBy) { quarterly = try await runner(split) } else { quarterly = result }
        let (tables, trend) = ProfileReleaseAssembly.assemble(result, quarterly: quarterly, query: query, labels: labels, method: method,
                                                              trendBy: trendBy)
        var rates: [String: Double] = [:]
        if let table = ProfileReleaseAssembly.rateTable(tables) {
            let populations = try await DatasetProfileRepository(db: db, boroughs: boroughs).populations(upTo: query.to)
            rates = ProfileReleaseAssembly.rates(table, populations: populations)
        }
        return ProfileRelease(source: request.source, query: query, tables: tables, trend: trend, rates: rates, method: method,
                              producedAt: now, datasets: datasets, scope: request.scope)
    }
}

extension ProfileLabels {
    /// The labels with member organisations' names (for the first-responder dimension).
    static func make(boroughs: BoroughCatalogue, db: any Database) async throws -> ProfileLabels {
        let organisations = try await Organisation.query(on: db).all()
        return ProfileLabels(boroughs: boroughs,
                             organisations: Dictionary(organisations.compactMap { o in o.id.map { ($0.uuidString, o.name) } },
                                                       uniquingKeysWith: { a, _ in a }))
    }
}
