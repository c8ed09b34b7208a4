import Foundation

/// One pass over a file's bytes: the header against the mapping, then every row into
/// compact arrays of numbers (each distinct label resolved once), then the totals check.
struct TableReading {
    /// Per mapped column: its labels, numbered as they are first seen, and what each means.
    private final class Column {
        let index: Int
        let header: String
        let resolver: StatisticLabelResolver
        let labels = ByteInterner()
        /// Per label number: a value number (≥ 0), `total` or `unusable`.
        var meaning: [Int32] = []
        var messages: [Int32: String] = [:]
        var valueNumbers: [String: Int32] = [:]
        var values: [String] = []
        var holdsValues = false
        /// The label last seen in this column (most columns repeat it line after line).
        var last: (start: Int, end: Int, id: Int32) = (0, -1, 0)

        static let total: Int32 = -1, unusable: Int32 = -2

        init(index: Int, header: String, resolver: StatisticLabelResolver) {
            self.index = index
            self.header = header
            self.resolver = resolver
        }

        func number(for bytes: UnsafeBufferPointer<UInt8>) -> Int32 {
            let (id, isNew) = labels.intern(bytes)
            guard isNew else { return id }
            switch resolver.resolve(String(decoding: bytes, as: UTF8.self)) {
            case .total: meaning.append(Self.total)
            case .problem(let message):
                meaning.append(Self.unusable)
                messages[id] = message
            case .value(let value):
                if let n = valueNumbers[value] { meaning.append(n); break }
                let n = Int32(values.count)
                values.append(value)
                valueNumbers[value] = n
                meaning.append(n)
            }
            return id
        }
    }

    private var reader: CSVRecordReader
    private let places: PlaceNames
    private let progress: (@Sendable (Int) -> Void)?
    private var scratch: [UInt8] = []

    init(bytes: UnsafeBufferPointer<UInt8>, places: PlaceNames, progress: (@Sendable (Int) -> Void)?) {
        reader = CSVRecordReader(bytes: bytes)
        self.places = places
        self.progress = progress
    }

    mutating func run(mapping given: StatisticsMapping?, problems: inout ProblemList) -> ParsedStatistics? {
        let checkUTF8 = CSVRecordReader.hasNonASCII(reader.bytes)
        guard let (headerLine, header) = readHeader(checkUTF8: checkUTF8, problems: &problems),
              let mapping = chooseMapping(given, header: header, line: headerLine, problems: &problems),
              let (columns, countIndex) = layOut(header, mapping: mapping, line: headerLine, problems: &problems)
        else { return nil }

        let (rows, linesRead) = readRows(columns: columns, countIndex: countIndex, header: header,
                                         checkUTF8: checkUTF8, problems: &problems)
        if linesRead > 0 && linesRead % StatisticsImporter.progressInterval != 0 { progress?(linesRead) }
        if linesRead == 0 { problems.add(line: headerLine, "the file has a header but no rows") }
        // Totals can only be checked against rows that all read: one bad row would make
        // every total above it look wrong.
        guard problems.total == 0 else { return nil }

        // A column holding nothing but totals is no breakdown: leave it out (unless all are).
        var onlyTotals: UInt32 = 0
        for (j, column) in columns.enumerated() where !column.holdsValues { onlyTotals |= 1 << UInt32(j) }
        if onlyTotals == (1 << UInt32(columns.count)) - 1 { onlyTotals = 0 }

        let check = TotalsCheck(rows: rows, valueCounts: columns.map(\.values.count), onlyTotals: onlyTotals)
        for problem in check.problems { problems.add(problem) }
        guard problems.total == 0 else { return nil }

        let kept = columns.enumerated().filter { onlyTotals & (1 << UInt32($0.offset)) == 0 }
        let figures = check.figures.map { figure in
            var values: [StatisticDimension: String] = [:]
            for (j, column) in kept {
                values[column.resolver.dimension] = column.values[Int(rows.numbers[figure.row * rows.width + j])]
            }
            return ImportedFigure(line: rows.lines[figure.row], values: values, count: figure.count)
        }
        return ParsedStatistics(mapping: mapping, dimensions: kept.map(\.element.resolver.dimension), figures: figures,
                                detailRows: check.detailRows, totalRows: check.totalRows, totalsChecked: check.totalsMatched,
                                linesRead: linesRead)
    }

    private static func countProblem(_ count: CountField, _ text: String) -> String {
        switch count {
        case .value: "is a count"
        case .empty: "no count is given"
        case .notANumber: "\"\(text)\" is not a number"
        case .negative: "\"\(text)\" is negative"
        case .fractional: "\"\(text)\" is not a whole number"
        case .tooLarge: "\"\(text)\" is more than \(grouped(StatisticsImporter.largestCount)), too large to be a count"
        }
    }

    /// 10000000 → "10,000,000".
    private static func grouped(_ n: Int) -> String {
        var digits = String(n), out = ""
        while digits.count > 3 { out = "," + digits.suffix(3) + out; digits.removeLast(3) }
        return digits + out
    }

    /// Every line after the header, into numbers; problems for those that do not read.
    private mutating func readRows(columns: [Column], countIndex: Int, header: [String], checkUTF8: Bool,
                                   problems: inout ProblemList) -> (ReadRows, Int) {
        let bytes = reader.bytes
        let countHeader = header[countIndex]
        var rows = ReadRows(width: columns.count)
        var linesRead = 0
        var rowNumbers = [Int32](repeating: 0, count: columns.count)
        var rowLabels = [Int32](repeating: 0, count: columns.count)
        while let outcome = reader.next() {
            let line: Int
            switch outcome {
            case .malformed(let at, let message):
                linesRead += 1
                problems.add(line: at, message)
                continue
            case .record(let at, let span):
                if reader.isBlankLine { continue }
                line = at
                linesRead += 1
                if linesRead % StatisticsImporter.progressInterval == 0 { progress?(linesRead) }
                if checkUTF8, case let text = UnsafeBufferPointer(rebasing: bytes[span]),
                   CSVRecordReader.hasNonASCII(text), !CSVRecordReader.isUTF8(text) {
                    problems.add(line: line, "is not UTF-8 text (save the file as CSV UTF-8)")
                    continue
                }
            }
            guard reader.fields.count == header.count else {
                problems.add(line: line, "expected \(header.count) fields, found \(reader.fields.count)")
                continue
            }
            var usable = true
            var totalMask: UInt32 = 0
            for (j, column) in columns.enumerated() {
                let label = labelNumber(of: reader.fields[column.index], in: column)
                let meaning = column.meaning[Int(label)]
                if meaning == Column.unusable {
                    usable = false
                    problems.add(line: line, column: column.header, column.messages[label] ?? "cannot be read")
                } else if meaning == Column.total {
                    totalMask |= 1 << UInt32(j)
                } else {
                    column.holdsValues = true
                }
                rowNumbers[j] = meaning
                rowLabels[j] = label
            }
            let countField = reader.fields[countIndex]
            let count = reader.trimmedBytes(of: countField, scratch: &scratch) {
                CountField.parse($0, largest: StatisticsImporter.largestCount)
            }
            if case .value(let n) = count {
                if usable { rows.append(numbers: rowNumbers, labels: rowLabels, count: n, line: line, totalMask: totalMask) }
            } else {
                let text = reader.trimmedBytes(of: countField, scratch: &scratch) { String(decoding: $0, as: UTF8.self) }
                problems.add(line: line, column: countHeader, Self.countProblem(count, text))
            }
        }
        return (rows, linesRead)
    }

    /// The first line that is not blank, as trimmed names.
    private mutating func readHeader(checkUTF8: Bool, problems: inout ProblemList) -> (Int, [String])? {
        while let outcome = reader.next() {
            switch outcome {
            case .malformed(let line, let message):
                problems.add(line: line, "the header cannot be read: \(message)")
                return nil
            case .record(let line, let span):
                if reader.isBlankLine { continue }
                if checkUTF8 && !CSVRecordReader.isUTF8(UnsafeBufferPointer(rebasing: reader.bytes[span])) {
                    problems.add(line: line, "the header is not UTF-8 text (save the file as CSV UTF-8)")
                    return nil
                }
                let names = reader.fields.map { field in
                    reader.trimmedBytes(of: field, scratch: &scratch) { String(decoding: $0, as: UTF8.self) }
                }
                return (line, names)
            }
        }
        problems.add(line: 1, "the file is empty")
        return nil
    }

    private func chooseMapping(_ given: StatisticsMapping?, header: [String], line: Int,
                               problems: inout ProblemList) -> StatisticsMapping? {
        guard let mapping = given ?? StatisticsMapping.detect(header: header) else {
            let fitting = StatisticsMapping.candidates(header: header)
            if fitting.count > 1 {
                problems.add(line: line, "the header (\(header.joined(separator: ", "))) fits more than one table Lantern knows ("
                             + fitting.map(\.name).joined(separator: ", ") + "): it holds more than one measure; choose the mapping for the one to import")
                return nil
            }
            let known = StatisticsMapping.builtIn.map { "\($0.name) (\($0.expectedHeader.joined(separator: ", ")))" }
            problems.add(line: line, "the header (\(header.joined(separator: ", "))) matches no table Lantern knows: "
                         + "expected \(known.joined(separator: " or ")); give a mapping for this table")
            return nil
        }
        for problem in mapping.problems { problems.add(line: 0, problem) }
        return mapping.problems.isEmpty ? mapping : nil
    }

    /// Where each mapped column and the count are in this file's header.
    private func layOut(_ header: [String], mapping: StatisticsMapping, line: Int,
                        problems: inout ProblemList) -> ([Column], Int)? {
        func folded(_ s: String) -> String { s.trimmingCharacters(in: .whitespaces).lowercased() }
        let dimensions = Dictionary(mapping.columns.map { (folded($0.key), $0.value) }, uniquingKeysWith: { a, _ in a })
        let countName = folded(mapping.countColumn)
        let ignored = Set(mapping.ignoredColumns.map(folded))
        var columns: [Column] = [], countIndex: Int?, seen: Set<String> = [], unexpected: [String] = [], repeated: [String] = []
        for (i, name) in header.enumerated() {
            let f = folded(name)
            if !seen.insert(f).inserted { repeated.append(name); continue }
            if f == countName {
                countIndex = i
            } else if ignored.contains(f) {
                continue
            } else if let dimension = dimensions[f] {
                columns.append(Column(index: i, header: name, resolver: StatisticLabelResolver(
                    dimension: dimension, mapping: mapping, places: places)))
            } else {
                unexpected.append(name.isEmpty ? "(a column with no name)" : name)
            }
        }
        let missing = mapping.expectedHeader.filter { !seen.contains(folded($0)) }
        guard let countIndex, missing.isEmpty, unexpected.isEmpty, repeated.isEmpty else {
            var message = "the header does not match the mapping \"\(mapping.name)\": expected the columns "
                + mapping.expectedHeader.joined(separator: ", ")
            if !missing.isEmpty { message += "; missing: \(missing.joined(separator: ", "))" }
            if !unexpected.isEmpty { message += "; not in the mapping: \(unexpected.joined(separator: ", "))" }
            if !repeated.isEmpty { message += "; named twice: \(repeated.joined(separator: ", "))" }
            problems.add(line: line, message)
            return nil
        }
        return (columns, countIndex)
    }

    /// The label number of a field, looking the bytes up only when they differ from the
    /// column's previous label.
    private mutating func labelNumber(of field: CSVField, in column: Column) -> Int32 {
        if !field.hasDoubledQuotes {
            let (s, e) = reader.trimmedRange(of: field)
            let last = column.last
            if e - s == last.end - last.start,
               e == s || memcmp(reader.bytes.baseAddress! + s, reader.bytes.baseAddress! + last.start, e - s) == 0 {
                return last.id
            }
            let id = column.number(for: UnsafeBufferPointer(rebasing: reader.bytes[s..<e]))
            column.last = (s, e, id)
            return id
        }
        return reader.trimmedBytes(of: field, scratch: &scratch) { column.number(for: $0) }
    }
}

/// The rows that read, as numbers: per row, each column's value number (or -1 for a total)
/// and label number, the count, the line, and which columns hold totals.
struct ReadRows {
    let width: Int
    private(set) var numbers: [Int32] = []
    private(set) var labels: [Int32] = []
    private(set) var counts: [Int] = []
    private(set) var lines: [Int] = []
    private(set) var totalMasks: [UInt32] = []

    init(width: Int) { self.width = width }

    var count: Int { counts.count }

    mutating func append(numbers rowNumbers: [Int32], labels rowLabels: [Int32], count: Int, line: Int, totalMask: UInt32) {
        numbers.append(contentsOf: rowNumbers)
        labels.append(contentsOf: rowLabels)
        counts.append(count)
        lines.append(line)
        totalMasks.append(totalMask)
    }
}
