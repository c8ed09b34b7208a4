import Fluent
import Foundation
import LanternCore

/// One table as released: labelled rows and columns, and the figures after disclosure
/// control. The page's table, chart and map, the downloads and the API all read this, so
/// what one shows the others show too.
struct ReleasedTable: Sendable {
    var title: String
    var rowDimension: ProfileDimension
    var columnDimension: ProfileDimension?
    var rowLabels: [String]
    var columnLabels: [String]
    var figures: DisclosedTable

    var rowKeys: [String] { figures.rowKeys }
    var columnKeys: [String] { figures.columnKeys }
}

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

    var suppressedCount: Int { tables.reduce(0) { $0 + $1.figures.primaryCount + $1.figures.secondaryCount } }

    var sourceDescription: String {
        switch source {
        case .cases: "Lantern case records (all member organisations), by the date each person was identified"
        case .imported:
            datasets.isEmpty ? source.label : datasets.map { "\($0.title) — \($0.source) (\($0.licence))" }.joined(separator: "; ")
        }
    }

    var periodDescription: String { "\(query.from.description) to \(query.to.description)" }

    /// Does the question count each case once per exploitation type?
    var countsTypeMentions: Bool { query.dimensions.contains(.exploitationType) }

    /// `readers`: extra database handles to read parts of the period at once (see ProfileRepository).
    static func build(_ request: ProfileRequest, db: any Database, readers: [any Database] = [], boroughs: BoroughCatalogue,
                      rules: DisclosureRules, now: Date) async throws -> ProfileRelease {
        let query = request.query
        let runner: (ProfileQuery) async throws -> ProfileResult
        var datasets: [StatisticsDataset] = []
        switch request.source {
        case .cases:
            let repository = ProfileRepository(db: db, boroughs: boroughs, readers: readers)
            runner = { try await repository.run($0) }
        case .imported(let measure):
            let repository = DatasetProfileRepository(db: db, boroughs: boroughs)
            runner = { try await repository.run($0, measure: measure) }
            datasets = try await StatisticsDataset.query(on: db).filter(\.$measure == measure)
                .filter(\.$periodTo >= query.from.code).filter(\.$periodFrom <= query.to.code).sort(\.$periodFrom).all()
        }
        let labels = try await ProfileLabels.make(boroughs: boroughs, db: db)
        // Lantern's cases: the cell key method (each record keyed). Imported figures carry no
        // record keys: they keep exact threshold and secondary suppression.
        let method: DisclosureMethod = request.source == .cases ? try .cellKey(threshold: rules.threshold) : .suppression(rules)
        let control = DisclosureControl(rules: rules)
        func protect(_ matrices: [ProfileMatrix]) -> [DisclosedTable] {
            switch method {
            case .cellKey(let perturbation): matrices.map { perturbation.protect($0.keyedTable).table }
            case .suppression: control.protect(linked: matrices.map(\.countTable))
            }
        }

        let result = try await runner(query)
        let matrices = ProfileMatrix.tables(from: result, labels: labels, query: query)
        let protected = protect(matrices)
        let tables = zip(matrices, protected).map { matrix, figures in
            ReleasedTable(title: matrix.title, rowDimension: matrix.rowDimension, columnDimension: matrix.columnDimension,
                          rowLabels: matrix.rowKeys.map { labels.label($0, for: matrix.rowDimension) },
                          columnLabels: matrix.columnDimension.map { d in matrix.columnKeys.map { labels.label($0, for: d) } } ?? ["Count"],
                          figures: figures)
        }

        // The trend: the same count by quarter (once per type when types are counted),
        // protected as its own one-way table. When the question already splits by quarter the
        // trend is its margin, so the cases are scanned once.
        var trendQuery = query
        trendQuery.dimensions = [.quarter]
        let trendResult: ProfileResult
        if query.dimensions.contains(.quarter) {
            trendResult = result.marginal(.quarter)
        } else {
            var split = query
            split.dimensions = [.quarter] + (query.dimensions.contains(.exploitationType) ? [.exploitationType] : [])
            trendResult = try await runner(split).marginal(.quarter)
        }
        let trendMatrix = ProfileMatrix.tables(from: trendResult, labels: labels, query: trendQuery)[0]
        let trendFigures = protect([trendMatrix])[0]
        let trend = ReleasedTable(title: "By quarter", rowDimension: .quarter, columnDimension: nil,
                                  rowLabels: trendMatrix.rowKeys.map { labels.label($0, for: .quarter) }, columnLabels: ["Count"],
                                  figures: trendFigures)

        var rates: [String: Double] = [:]
        if let first = tables.first, first.rowDimension == .boroughIdentified || first.rowDimension == .boroughExploited,
           tables.count == 1 {
            let populations = try await DatasetProfileRepository(db: db, boroughs: boroughs).populations(upTo: query.to)
            for (index, key) in first.rowKeys.enumerated() {
                guard let population = populations[key], population > 0, let count = first.figures.rowTotals[index].count else { continue }
                rates[key] = Double(count) / Double(population) * 100_000
            }
        }
        return ProfileRelease(source: request.source, query: query, tables: tables, trend: trend, rates: rates, method: method,
                              producedAt: now, datasets: datasets)
    }
}
