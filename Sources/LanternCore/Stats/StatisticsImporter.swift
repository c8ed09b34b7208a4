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
        // A table of another shape is read as text first: the mapping given, or the one its
        // header fits (a case-level CTDC file).
        if let shaped = mapping ?? SourceTable.header(ofCSV: data).flatMap(StatisticsMapping.detect(header:)), shaped.isShaped {
            return try parse(try SourceTable.csv(data), mapping: shaped, boroughs: boroughs, progress: progress)
        }
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

    /// Parses and checks a table already read as text (a spreadsheet, or a CSV file whose
    /// mapping gives it a shape): turned long as the mapping says, then read exactly as a
    /// long CSV file is, with every problem placed back on the table's own lines and columns.
    public static func parse(_ table: SourceTable, mapping given: StatisticsMapping?, boroughs: BoroughCatalogue,
                             progress: (@Sendable (Int) -> Void)? = nil) throws -> ParsedStatistics {
        var problems = ProblemList(limit: problemLimit)
        guard let mapping = given ?? StatisticsMapping.detect(header: table.header) else {
            // The long reader words the refusal (it lists the tables Lantern knows).
            return try placing(parse(table.csv().data, mapping: nil, boroughs: boroughs), headerLine: table.headerLine)
        }
        if !mapping.problems.isEmpty {
            throw ImportRejection(problems: mapping.problems.map { ImportProblem(line: 0, message: $0) })
        }
        let shaping = TableShaping(mapping: mapping)
        guard let (long, origins, yearTotals) = shaping.reshape(table, problems: &problems) else {
            throw ImportRejection(problems: problems.listed, totalProblems: problems.total)
        }
        let (data, rowLines) = long.csv()
        let rowAtLine = Dictionary(uniqueKeysWithValues: rowLines.enumerated().map { ($0.element, $0.offset) })
        var found = problems.listed, total = problems.total
        do {
            var parsed = try parse(data, mapping: shaping.longMapping, boroughs: boroughs, progress: progress)
            if total == 0 {
                parsed.mapping = mapping
                parsed.linesRead = table.rows.count
                // The year totals were checked while shaping (a wrong one is a problem above).
                parsed.totalRows += yearTotals
                parsed.totalsChecked += yearTotals
                parsed.figures = parsed.figures.map { figure in
                    var f = figure
                    f.line = rowAtLine[figure.line].map { origins[$0].line } ?? figure.line
                    return f
                }
                return parsed
            }
        } catch let rejection as ImportRejection {
            found += rejection.problems.map {
                shaping.placed($0, rowLines: rowAtLine, origins: origins, sourceHeaderLine: table.headerLine)
            }
            total += rejection.totalProblems
        }
        // One field of a wide row is in several long rows: say each problem once, in line order.
        var seen = Set<String>(), listed: [ImportProblem] = []
        for problem in found.enumerated().sorted(by: { ($0.element.line, $0.offset) < ($1.element.line, $1.offset) }).map(\.element) {
            if seen.insert(problem.description).inserted { listed.append(problem) } else { total -= 1 }
        }
        throw ImportRejection(problems: Array(listed.prefix(problemLimit)), totalProblems: total)
    }

    /// A rejection of the table's header, placed on the header's own line.
    private static func placing(_ parse: @autoclosure () throws -> ParsedStatistics, headerLine: Int) throws -> ParsedStatistics {
        do { return try parse() } catch let rejection as ImportRejection {
            throw ImportRejection(problems: rejection.problems.map { ImportProblem(line: $0.line == 1 ? headerLine : $0.line, column: $0.column, message: $0.message) },
                                  totalProblems: rejection.totalProblems)
        }
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
