import Foundation

/// Turns a partner's return into the long table `StatisticsImporter` reads, as its mapping
/// says: the period from a year and a quarter column (or a year alone); a wide table (one
/// column per value of a dimension) into one row per value; a table of people into one row
/// per combination of values, counted; only the rows whose filter columns hold the values
/// kept. A year's "Total" quarter row is checked against that year's quarters here (a total
/// over all periods would be the wrong sum) and then left out. Every problem names the line
/// and column of the file as the analyst has it.
struct TableShaping {
    /// A long row: the source line and, in a wide table, the column its count came from.
    struct Origin {
        var line: Int
        var column: String?
    }

    let mapping: StatisticsMapping
    /// The long table's mapping: the same dimensions with the shape taken away.
    let longMapping: StatisticsMapping
    /// The long table's column for the period, when it is made from a year and a quarter.
    let periodName: String
    /// The long table's columns for a wide table's dimension and counts.
    let wideName: String
    let countName: String

    init(mapping: StatisticsMapping) {
        self.mapping = mapping
        let taken = Set(mapping.columns.keys.map { $0.lowercased() })
        func unused(_ name: String) -> String { taken.contains(name.lowercased()) ? name + " (Lantern)" : name }
        periodName = unused(mapping.period?.named ?? "Period")
        wideName = unused(mapping.people?.flags == nil ? "Column heading" : "Flag columns")
        countName = mapping.wide == nil && mapping.people == nil ? mapping.countColumn
            : unused(mapping.people == nil ? "Count in the column" : "People")
        var columns = mapping.columns
        if mapping.period != nil { columns[periodName] = .period }
        if let wide = mapping.wide { columns[wideName] = wide.dimension }
        if let flags = mapping.people?.flags { columns[wideName] = flags.dimension }
        longMapping = StatisticsMapping(name: mapping.name, description: mapping.description, measure: mapping.measure,
                                        columns: columns, countColumn: countName, categories: mapping.categories,
                                        totalLabels: mapping.totalLabels)
    }

    /// The long table, where each of its rows came from and how many year totals were checked
    /// here (they are not in the long table), with the problems only the shape can see
    /// (years, quarters, year totals, flags) added to `problems`; nil when the header does
    /// not fit the mapping.
    func reshape(_ table: SourceTable, problems: inout ProblemList) -> (table: SourceTable, origins: [Origin], yearTotals: Int)? {
        func folded(_ s: String) -> String { s.trimmingCharacters(in: .whitespaces).lowercased() }
        var index: [String: Int] = [:], unexpected: [String] = [], repeated: [String] = []
        let expected = Set(mapping.expectedHeader.map(folded)), ignored = Set(mapping.ignoredColumns.map(folded))
        for (i, name) in table.header.enumerated() {
            let f = folded(name)
            if (ignored.contains(f) || mapping.people != nil) && !expected.contains(f) { continue }
            guard expected.contains(f) else { unexpected.append(name.isEmpty ? "(a column with no name)" : name); continue }
            if index[f] != nil { repeated.append(name) } else { index[f] = i }
        }
        let missing = mapping.expectedHeader.filter { index[folded($0)] == nil }
        guard missing.isEmpty, unexpected.isEmpty, repeated.isEmpty else {
            var message = "the header does not match the mapping \"\(mapping.name)\": expected the columns "
                + mapping.expectedHeader.joined(separator: ", ")
            if !missing.isEmpty { message += "; missing: \(missing.joined(separator: ", "))" }
            if !unexpected.isEmpty { message += "; not in the mapping: \(unexpected.joined(separator: ", "))" }
            if !repeated.isEmpty { message += "; named twice: \(repeated.joined(separator: ", "))" }
            problems.add(line: table.headerLine, message)
            return nil
        }
        let at = { (name: String) in index[folded(name)]! }
        let dimensionColumns = mapping.columns.keys.sorted()
        let dimensionAt = dimensionColumns.map(at)
        let filters = mapping.keepRows.sorted { $0.key < $1.key }.map { (at($0.key), folded($0.value)) }
        let periodAt = mapping.period.map { (at($0.year), $0.quarter.map(at)) }
        let wideAt = mapping.wide.map { $0.columns.map { (at($0), table.header[at($0)]) } }
        let countAt = mapping.wide == nil && mapping.people == nil ? at(mapping.countColumn) : -1
        let totalLabels = Set(mapping.totalLabels.map(folded))
        // A table of people has no totals: each row is a person.
        func isTotal(_ label: String) -> Bool {
            let f = folded(label)
            return mapping.people == nil && (totalLabels.contains(f) || f.hasSuffix(" total"))
        }
        var people = mapping.people.map { PeopleCount(rows: $0, dimensions: dimensionColumns.map { mapping.columns[$0]! }, at: at) }

        let header = dimensionColumns + (periodAt == nil ? [] : [periodName]) + (wideAt == nil && people?.flags == nil ? [] : [wideName])
            + [countName]
        var rows: [SourceTable.Row] = [], origins: [Origin] = []
        var yearTotals = YearTotals()
        var kept = 0
        for row in table.rows {
            guard row.fields.count == table.header.count else {
                problems.add(line: row.line, "expected \(table.header.count) fields, found \(row.fields.count)")
                continue
            }
            guard filters.allSatisfy({ folded(row.fields[$0.0]) == $0.1 }) else { continue }
            kept += 1
            var fields = dimensionAt.map { row.fields[$0] }
            var yearOfTotal: String?
            if let (yearAt, quarterAt) = periodAt, let period = mapping.period {
                let year = row.fields[yearAt]
                if isTotal(year) {
                    fields.append(year)
                } else if !Self.isYear(year) {
                    problems.add(line: row.line, column: period.year, "\"\(year.trimmingCharacters(in: .whitespaces))\" is not a year (write it as, say, 2022)")
                    continue
                } else if let quarterAt, let quarterColumn = period.quarter {
                    let quarter = row.fields[quarterAt]
                    if isTotal(quarter) {
                        yearOfTotal = year.trimmingCharacters(in: .whitespaces)
                    } else if let q = Self.quarterNumber(quarter) {
                        fields.append("\(year.trimmingCharacters(in: .whitespaces))-Q\(q)")
                    } else {
                        problems.add(line: row.line, column: quarterColumn,
                                     "\"\(quarter.trimmingCharacters(in: .whitespaces))\" is not a quarter (Q1 to Q4, 1 to 4, or months such as Apr-Jun)")
                        continue
                    }
                } else {
                    fields.append(ImportedPeriod.wholeYearLabel(year.trimmingCharacters(in: .whitespaces)))
                }
            }
            if people != nil {
                people!.add(row, fields: fields, problems: &problems)
                continue
            }
            let counts: [(label: String?, column: String?, text: String)] = wideAt.map { wide in
                wide.map { (label: $0.1, column: $0.1, text: row.fields[$0.0]) }
            } ?? [(label: nil, column: nil, text: row.fields[countAt])]
            for count in counts {
                let key = fields + (count.label.map { [$0] } ?? [])
                if let year = yearOfTotal {
                    yearTotals.addTotal(year: year, key: key, count: count.text, line: row.line,
                                        column: count.column ?? mapping.countColumn)
                    continue
                }
                if periodAt?.1 != nil, let year = fields[dimensionAt.count].split(separator: "-").first {
                    var others = key
                    others.remove(at: dimensionAt.count)
                    yearTotals.addQuarter(year: String(year), key: others, count: count.text)
                }
                rows.append(SourceTable.Row(line: row.line, fields: key + [count.text]))
                origins.append(Origin(line: row.line, column: count.column))
            }
        }
        if kept == 0 && !table.rows.isEmpty && !filters.isEmpty {
            let wanted = mapping.keepRows.sorted { $0.key < $1.key }.map { "\($0.key) = \($0.value)" }.joined(separator: " and ")
            problems.add(line: table.headerLine, "no row has \(wanted), the rows the mapping keeps")
            return nil
        }
        if let people {
            for group in people.groups {
                rows.append(SourceTable.Row(line: group.line, fields: group.key + [String(group.count)]))
                origins.append(Origin(line: group.line, column: nil))
            }
        }
        for problem in yearTotals.problems(folded: folded) { problems.add(problem) }
        return (SourceTable(headerLine: 1, header: header, rows: rows), origins, yearTotals.count)
    }

    /// A problem found in the long table, placed back in the file.
    func placed(_ problem: ImportProblem, rowLines: [Int: Int], origins: [Origin], sourceHeaderLine: Int) -> ImportProblem {
        guard problem.line > 0 else { return problem }
        guard let row = rowLines[problem.line] else { return ImportProblem(line: sourceHeaderLine, column: problem.column, message: problem.message) }
        let origin = origins[row]
        var column = problem.column
        // In a wide table a row's count, and any problem of the row as a whole, is one column's.
        if mapping.wide != nil && (column == wideName || column == countName || column == nil) { column = origin.column }
        if column == periodName, let period = mapping.period { column = period.named }
        if column == wideName, let flags = mapping.people?.flags { column = flags.columns.keys.sorted().joined(separator: ", ") }
        var message = problem.message
        // "repeats line 7" names a line of the long table: name the file's.
        if message.hasPrefix("repeats line "), let n = Int(message.dropFirst("repeats line ".count)), let other = rowLines[n] {
            message = "repeats line \(origins[other].line)" + (origins[other].column.map { ", column \($0)" } ?? "")
        }
        return ImportProblem(line: origin.line, column: column, message: message)
    }

    static func isYear(_ text: String) -> Bool {
        let t = text.trimmingCharacters(in: .whitespaces)
        return t.count == 4 && t.allSatisfy(\.isASCII) && Int(t).map { (1900...2200).contains($0) } == true
    }

    /// "Q2", "2", "Quarter 2", "Apr-Jun", "April to June" → 2.
    static func quarterNumber(_ text: String) -> Int? {
        let t = text.trimmingCharacters(in: .whitespaces).lowercased()
        let digits = t.replacingOccurrences(of: "quarter", with: "").replacingOccurrences(of: "q", with: "")
            .trimmingCharacters(in: .whitespaces)
        if let n = Int(digits), (1...4).contains(n) { return n }
        let starts = ["jan": 1, "apr": 2, "jul": 3, "oct": 4], ends = ["mar": 1, "jun": 2, "sep": 3, "dec": 4]
        let words = t.split(whereSeparator: { !$0.isLetter }).map { String($0.prefix(3)) }.filter { $0 != "to" }
        guard words.count == 2, let q = starts[words[0]], ends[words[1]] == q else { return nil }
        return q
    }
}

/// A table of people, counted: each row's values (an empty or missing field read as "not
/// known" where the dimension has such a value, flags combined into one value) and the
/// number of rows with the same values, placed on the first of them.
struct PeopleCount {
    struct Group { var key: [String]; var count: Int; var line: Int }

    let rows: StatisticsMapping.PeopleRows
    /// Each mapped column's dimension, in the order of the row's fields.
    let dimensions: [StatisticDimension]
    let flags: [(at: Int, column: String, value: String)]?
    private let missing: Set<String>
    private var index: [[String]: Int] = [:]
    private(set) var groups: [Group] = []

    init(rows: StatisticsMapping.PeopleRows, dimensions: [StatisticDimension], at: (String) -> Int) {
        self.rows = rows
        self.dimensions = dimensions
        flags = rows.flags.map { $0.columns.sorted { $0.key < $1.key }.map { (at($0.key), $0.key, $0.value) } }
        missing = Set(rows.missingLabels.map { $0.trimmingCharacters(in: .whitespaces).lowercased() })
    }

    private func isMissing(_ text: String) -> Bool {
        let t = text.trimmingCharacters(in: .whitespaces).lowercased()
        return t.isEmpty || missing.contains(t)
    }

    /// Counts a row, or adds why it cannot be counted to `problems`.
    mutating func add(_ row: SourceTable.Row, fields given: [String], problems: inout ProblemList) {
        var key = given
        for (i, dimension) in dimensions.enumerated() where isMissing(key[i]) {
            if let notKnown = dimension.notKnown { key[i] = notKnown }
        }
        if let flags {
            var flagged: Set<ExploitationType> = []
            for flag in flags {
                let text = row.fields[flag.at]
                switch Self.flag(text, missing: isMissing(text)) {
                case true?:
                    flagged.insert(ExploitationType(rawValue: flag.value) ?? (flag.value == "Domestic" ? .domestic : .unknown))
                case false?:
                    break
                case nil:
                    problems.add(line: row.line, column: flag.column,
                                 "\"\(text.trimmingCharacters(in: .whitespaces))\" is not a yes or no (write 1 or 0)")
                    return
                }
            }
            key.append(ExploitationType.combinationLabel(flagged))
        }
        if let at = index[key] {
            groups[at].count += 1
        } else {
            index[key] = groups.count
            groups.append(Group(key: key, count: 1, line: row.line))
        }
    }

    /// "1", "true", "yes" → true; "0", "false", "no" or missing → false; anything else nil.
    static func flag(_ text: String, missing: Bool) -> Bool? {
        if missing { return false }
        switch text.trimmingCharacters(in: .whitespaces).lowercased() {
        case "1", "1.0", "true", "yes", "y": return true
        case "0", "0.0", "false", "no", "n": return false
        default: return nil
        }
    }
}

/// Each year's "Total" quarter rows against the sum of that year's quarter rows with the
/// same other values.
struct YearTotals {
    private struct Total { var year: String; var key: [String]; var count: String; var line: Int; var column: String }
    private var totals: [Total] = []
    private var sums: [[String]: Int] = [:]
    private var unreadable: Set<[String]> = []

    /// The rows holding a year's total (a wide row holds one per column: counted once).
    var count: Int { Set(totals.map(\.line)).count }

    mutating func addTotal(year: String, key: [String], count: String, line: Int, column: String) {
        totals.append(Total(year: year, key: key, count: count, line: line, column: column))
    }

    mutating func addQuarter(year: String, key: [String], count: String) {
        let k = [year] + key.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        guard let n = Self.count(count) else { unreadable.insert(k); return }
        sums[k, default: 0] += n
    }

    func problems(folded: (String) -> String) -> [ImportProblem] {
        totals.compactMap { total in
            let k = [total.year] + total.key.map(folded)
            guard let n = Self.count(total.count) else {
                return ImportProblem(line: total.line, column: total.column, message: "\"\(total.count.trimmingCharacters(in: .whitespaces))\" is not a count")
            }
            // A quarter whose count does not read is reported by the importer; its year cannot be summed.
            guard !unreadable.contains(k) else { return nil }
            let sum = sums[k] ?? 0
            return sum == n ? nil : ImportProblem(line: total.line, column: total.column,
                message: "the year's total (\(n)) does not match the sum of its quarters (\(sum))")
        }
    }

    /// A whole, non-negative count ("12" or "12.0"), as the importer reads them.
    static func count(_ text: String) -> Int? {
        let t = text.trimmingCharacters(in: .whitespaces)
        if let n = Int(t), n >= 0 { return n }
        guard let d = Double(t), d >= 0, d.rounded() == d, d <= Double(StatisticsImporter.largestCount) else { return nil }
        return Int(d)
    }
}
