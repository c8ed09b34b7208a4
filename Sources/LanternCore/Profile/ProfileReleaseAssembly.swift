/// One table as released: labelled rows and columns, and the figures after disclosure
/// control. The page's table, chart and map, the downloads and the API all read this, so
/// what one shows the others show too.
public struct ReleasedTable: Sendable, Equatable {
    public var title: String
    public var rowDimension: ProfileDimension
    public var columnDimension: ProfileDimension?
    public var rowLabels: [String]
    public var columnLabels: [String]
    public var figures: DisclosedTable

    public var rowKeys: [String] { figures.rowKeys }
    public var columnKeys: [String] { figures.columnKeys }

    public init(title: String, rowDimension: ProfileDimension, columnDimension: ProfileDimension?, rowLabels: [String],
                columnLabels: [String], figures: DisclosedTable) {
        self.title = title
        self.rowDimension = rowDimension
        self.columnDimension = columnDimension
        self.rowLabels = rowLabels
        self.columnLabels = columnLabels
        self.figures = figures
    }
}

/// How the figures of one question are made into a release, once the counts are in: laid
/// out as tables, protected together by the source's disclosure method, a trend by quarter
/// protected on its own, and rates per 100,000 residents where they mean something.
public enum ProfileReleaseAssembly {
    /// Lantern's cases: the cell key method (each record keyed). Imported figures carry no
    /// record keys: they keep exact threshold and secondary suppression.
    public static func method(forCaseRecords: Bool, rules: DisclosureRules) throws -> DisclosureMethod {
        forCaseRecords ? try .cellKey(threshold: rules.threshold) : .suppression(rules)
    }

    /// The question to count for the trend: the same count by quarter, or by year for a
    /// source that counts whole years (once per type when types are counted). Nil when the
    /// question already splits by that period: the trend is then its margin, so the records
    /// are counted once.
    public static func trendQuestion(for query: ProfileQuery, by period: ProfileDimension = .quarter) -> ProfileQuery? {
        guard !query.dimensions.contains(period) else { return nil }
        var split = query
        split.dimensions = [period] + (query.dimensions.contains(.exploitationType) ? [.exploitationType] : [])
        return split
    }

    /// The tables and the trend. `quarterly` is the answer to `trendQuestion(for: query)`, or
    /// `result` itself when that is nil. The tables are protected together (linked), so a
    /// withheld figure cannot be worked out from another table of the same release.
    public static func assemble(_ result: ProfileResult, quarterly: ProfileResult, query: ProfileQuery, labels: ProfileLabels,
                                method: DisclosureMethod, trendBy period: ProfileDimension = .quarter) -> (tables: [ReleasedTable], trend: ReleasedTable) {
        let matrices = ProfileMatrix.tables(from: result, labels: labels, query: query)
        let tables = zip(matrices, protect(matrices, by: method)).map { matrix, figures in
            ReleasedTable(title: matrix.title, rowDimension: matrix.rowDimension, columnDimension: matrix.columnDimension,
                          rowLabels: matrix.rowKeys.map { labels.label($0, for: matrix.rowDimension) },
                          columnLabels: matrix.columnDimension.map { d in matrix.columnKeys.map { labels.label($0, for: d) } } ?? ["Count"],
                          figures: figures)
        }
        var trendQuery = query
        trendQuery.dimensions = [period]
        let trendMatrix = ProfileMatrix.tables(from: quarterly.marginal(period), labels: labels, query: trendQuery)[0]
        let trend = ReleasedTable(title: period == .year ? "By year" : "By quarter", rowDimension: period, columnDimension: nil,
                                  rowLabels: trendMatrix.rowKeys.map { labels.label($0, for: period) }, columnLabels: ["Count"],
                                  figures: protect([trendMatrix], by: method)[0])
        return (tables, trend)
    }

    static func protect(_ matrices: [ProfileMatrix], by method: DisclosureMethod) -> [DisclosedTable] {
        switch method {
        case .cellKey(let perturbation): matrices.map { perturbation.protect($0.keyedTable).table }
        case .suppression(let rules): DisclosureControl(rules: rules).protect(linked: matrices.map(\.countTable))
        case .exact: matrices.map { DisclosedTable(exactly: $0.countTable) }
        }
    }

    /// Rates are given for a single table of boroughs: the table whose rows they describe.
    public static func rateTable(_ tables: [ReleasedTable]) -> ReleasedTable? {
        guard tables.count == 1, let first = tables.first,
              first.rowDimension == .boroughIdentified || first.rowDimension == .boroughExploited else { return nil }
        return first
    }

    /// Per 100,000 residents, by row key, from each row's released total (a withheld total
    /// has no rate; nor has a borough with no known population).
    public static func rates(_ table: ReleasedTable, populations: [String: Int]) -> [String: Double] {
        var rates: [String: Double] = [:]
        for (index, key) in table.rowKeys.enumerated() {
            guard let population = populations[key], population > 0, let count = table.figures.rowTotals[index].count else { continue }
            rates[key] = Double(count) / Double(population) * 100_000
        }
        return rates
    }
}
