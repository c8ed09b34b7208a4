/// One detail row of an imported table: a count for one combination of values.
public struct ImportedFigure: Sendable, Equatable {
    /// 1-based line in the file where the row starts (the header is line 1).
    public var line: Int
    /// A Lantern value for each of the table's dimensions.
    public var values: [StatisticDimension: String]
    public var count: Int

    public init(line: Int, values: [StatisticDimension: String], count: Int) {
        self.line = line
        self.values = values
        self.count = count
    }
}

/// Something wrong with one line of a file, in plain English.
public struct ImportProblem: Sendable, Equatable, Error, CustomStringConvertible {
    /// 1-based line in the file; 0 means the mapping rather than the file.
    public var line: Int
    /// The column's header as written in the file, when the problem is in one field.
    public var column: String?
    public var message: String

    public init(line: Int, column: String? = nil, message: String) {
        self.line = line
        self.column = column
        self.message = message
    }

    /// e.g. `line 42, column People: "3.5" is not a whole number`.
    public var description: String {
        let place = line == 0 ? "the mapping" : "line \(line)"
        return column.map { "\(place), column \($0): \(message)" } ?? "\(place): \(message)"
    }
}

/// A file that read cleanly and whose totals all agree with its rows.
public struct ParsedStatistics: Sendable, Equatable {
    public var mapping: StatisticsMapping
    /// The table's dimensions in column order. A column holding nothing but totals (say,
    /// "Total" on every line) is no breakdown and is left out.
    public var dimensions: [StatisticDimension]
    /// Detail rows with a count above zero (a zero carries no information: the absence of a
    /// figure reads as zero). Rows whose labels the mapping merges into the same Lantern
    /// values (two spellings of one category) are added together into one figure.
    public var figures: [ImportedFigure]
    /// Detail rows read, zeros included.
    public var detailRows: Int
    /// Subtotal and total rows recognised.
    public var totalRows: Int
    /// Total rows compared with the sum of the detail rows they cover, and found equal.
    public var totalsChecked: Int
    /// Data lines read, not counting the header or blank lines.
    public var linesRead: Int

    public init(mapping: StatisticsMapping, dimensions: [StatisticDimension], figures: [ImportedFigure],
                detailRows: Int, totalRows: Int, totalsChecked: Int, linesRead: Int) {
        self.mapping = mapping
        self.dimensions = dimensions
        self.figures = figures
        self.detailRows = detailRows
        self.totalRows = totalRows
        self.totalsChecked = totalsChecked
        self.linesRead = linesRead
    }
}

/// The file is rejected whole: nothing in it may be stored. Lists the problems in line order.
public struct ImportRejection: Error, Sendable, Equatable, CustomStringConvertible {
    /// The first problems found, at most `StatisticsImporter.problemLimit`.
    public var problems: [ImportProblem]
    /// How many problems were found in all (more than `problems.count` if some were left off).
    public var totalProblems: Int

    public init(problems: [ImportProblem], totalProblems: Int? = nil) {
        self.problems = problems
        self.totalProblems = max(totalProblems ?? problems.count, problems.count)
    }

    public var description: String {
        let count = totalProblems == 1 ? "1 problem" : "\(totalProblems) problems"
        var lines = ["The file was rejected and nothing was imported (\(count)):"] + problems.map(\.description)
        if totalProblems > problems.count { lines.append("… and \(totalProblems - problems.count) more not listed") }
        return lines.joined(separator: "\n")
    }
}
