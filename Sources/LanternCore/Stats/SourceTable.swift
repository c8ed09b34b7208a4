import Foundation

/// A table read as text (from a spreadsheet, or a CSV file whose mapping gives it a shape):
/// its header and rows, each with the line or spreadsheet row it came from, so every
/// problem can still be placed in the file the analyst has open.
public struct SourceTable: Sendable, Equatable {
    public struct Row: Sendable, Equatable {
        public var line: Int
        public var fields: [String]
        public init(line: Int, fields: [String]) { self.line = line; self.fields = fields }
    }

    public var headerLine: Int
    public var header: [String]
    public var rows: [Row]

    public init(headerLine: Int, header: [String], rows: [Row]) {
        self.headerLine = headerLine
        self.header = header
        self.rows = rows
    }

    /// Reads CSV bytes (RFC 4180, UTF-8) into text, skipping blank lines. A file that does not
    /// read is rejected whole, every problem listed.
    public static func csv(_ data: Data) throws -> SourceTable {
        var problems = ProblemList(limit: StatisticsImporter.problemLimit)
        let table: SourceTable? = data.withUnsafeBytes { raw in
            let bytes = raw.bindMemory(to: UInt8.self)
            var reader = CSVRecordReader(bytes: bytes)
            var scratch: [UInt8] = []
            var header: (Int, [String])?
            var rows: [Row] = []
            while let outcome = reader.next() {
                switch outcome {
                case .malformed(let line, let message):
                    problems.add(line: line, message)
                case .record(let line, let span):
                    if reader.isBlankLine { continue }
                    guard CSVRecordReader.isUTF8(UnsafeBufferPointer(rebasing: bytes[span])) else {
                        problems.add(line: line, "is not UTF-8 text (save the file as CSV UTF-8)")
                        continue
                    }
                    let fields = reader.fields.map { field in
                        reader.trimmedBytes(of: field, scratch: &scratch) { String(decoding: $0, as: UTF8.self) }
                    }
                    if header == nil { header = (line, fields) } else { rows.append(Row(line: line, fields: fields)) }
                }
            }
            guard let header else {
                if problems.total == 0 { problems.add(line: 1, "the file is empty") }
                return nil
            }
            return SourceTable(headerLine: header.0, header: header.1, rows: rows)
        }
        guard let table, problems.total == 0 else {
            throw ImportRejection(problems: problems.listed, totalProblems: problems.total)
        }
        return table
    }

    /// The first record of CSV bytes that is not blank (the header), as text; nil when there
    /// is none or it does not read (the full reading says why).
    public static func header(ofCSV data: Data) -> [String]? {
        data.withUnsafeBytes { raw in
            let bytes = raw.bindMemory(to: UInt8.self)
            var reader = CSVRecordReader(bytes: bytes)
            var scratch: [UInt8] = []
            while let outcome = reader.next() {
                guard case .record(_, let span) = outcome else { return nil }
                if reader.isBlankLine { continue }
                guard CSVRecordReader.isUTF8(UnsafeBufferPointer(rebasing: bytes[span])) else { return nil }
                return reader.fields.map { field in
                    reader.trimmedBytes(of: field, scratch: &scratch) { String(decoding: $0, as: UTF8.self) }
                }
            }
            return nil
        }
    }

    /// The table as CSV (RFC 4180, UTF-8, LF line ends), and the line each row starts on in
    /// it (the header is line 1; a field holding a line break moves the rows after it down).
    func csv() -> (data: Data, rowLines: [Int]) {
        var out = [UInt8]()
        var line = 1
        func write(_ fields: [String]) {
            for (i, field) in fields.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                let bytes = Array(field.utf8)
                if bytes.contains(where: { $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "\"") || $0 == 10 || $0 == 13 }) {
                    out.append(UInt8(ascii: "\""))
                    for b in bytes {
                        if b == UInt8(ascii: "\"") { out.append(b) }
                        if b == 10 { line += 1 }
                        out.append(b)
                    }
                    out.append(UInt8(ascii: "\""))
                } else {
                    out.append(contentsOf: bytes)
                }
            }
            out.append(10)
            line += 1
        }
        write(header)
        var rowLines: [Int] = []
        rowLines.reserveCapacity(rows.count)
        for row in rows {
            rowLines.append(line)
            write(row.fields)
        }
        return (Data(out), rowLines)
    }
}
