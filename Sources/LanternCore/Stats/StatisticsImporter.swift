import Foundation

/// Reads and checks a long-format statistics table (one row per combination of values, with
/// subtotal and total rows among them) before anything is stored.
public enum StatisticsImporter {
    /// At most this many problems are listed in a rejection (all are counted).
    public static let problemLimit = 1000
    /// A count above this is taken for a mistake.
    public static let largestCount = 10_000_000
    /// The progress callback is called every this many lines.
    public static let progressInterval = 10_000

    /// Parses and checks a whole file. If anything is wrong the file is rejected whole:
    /// throws `ImportRejection` listing every problem found (line and reason). Subtotal and
    /// total rows are checked against the sum of the rows they cover, and are not figures.
    /// `mapping` nil means: pick the built-in mapping whose columns the header has.
    public static func parse(_ data: Data, mapping: StatisticsMapping?, boroughs: BoroughCatalogue,
                             progress: (@Sendable (Int) -> Void)? = nil) throws -> ParsedStatistics {
        var problems = ProblemList(limit: problemLimit)
        let parsed: ParsedStatistics? = data.withUnsafeBytes { raw in
            var reading = TableReading(bytes: raw.bindMemory(to: UInt8.self), places: PlaceNames(boroughs), progress: progress)
            return reading.run(mapping: mapping, problems: &problems)
        }
        guard let parsed, problems.total == 0 else {
            throw ImportRejection(problems: problems.listed, totalProblems: problems.total)
        }
        return parsed
    }
}

/// Problems in the order found, the first `limit` kept and all counted.
struct ProblemList {
    let limit: Int
    private(set) var listed: [ImportProblem] = []
    private(set) var total = 0

    init(limit: Int) { self.limit = limit }

    mutating func add(_ problem: ImportProblem) {
        total += 1
        if listed.count < limit { listed.append(problem) }
    }

    mutating func add(line: Int, column: String? = nil, _ message: String) {
        add(ImportProblem(line: line, column: column, message: message))
    }
}
