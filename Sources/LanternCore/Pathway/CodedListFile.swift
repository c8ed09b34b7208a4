import Foundation

/// Reading a coded list from its CSV: a header naming the columns `code` and `name`, and
/// optionally `demonym` and `other_names` (several separated by ";"), in any order; fields
/// may be quoted (names such as "Bonaire, Sint Eustatius and Saba" hold commas).
extension CodedList {
    public enum LoadError: Error, Equatable, CustomStringConvertible {
        case resourceMissing(String)
        case malformed(file: String, line: Int, reason: String)

        public var description: String {
            switch self {
            case .resourceMissing(let file): "the bundled \(file) is missing"
            case .malformed(let file, let line, let reason): "\(file) line \(line): \(reason)"
            }
        }
    }

    /// Parses the file; refuses it whole on a malformed line, an empty or repeated code, or a
    /// list without its "other" and "not known" codes.
    public static func parse(_ data: Data, file: String, otherCode: String, unknownCode: String) throws -> CodedList {
        var records: [(line: Int, fields: [String])] = []
        var problem: LoadError?
        data.withUnsafeBytes { raw in
            var reader = CSVRecordReader(bytes: raw.bindMemory(to: UInt8.self))
            var scratch: [UInt8] = []
            while problem == nil, let outcome = reader.next() {
                switch outcome {
                case .malformed(let line, let message):
                    problem = .malformed(file: file, line: line, reason: message)
                case .record(let line, _):
                    if reader.isBlankLine { continue }
                    let fields = reader.fields.map { field in
                        reader.trimmedBytes(of: field, scratch: &scratch) { String(decoding: $0, as: UTF8.self) }
                    }
                    records.append((line, fields))
                }
            }
        }
        if let problem { throw problem }
        guard let header = records.first else { throw LoadError.malformed(file: file, line: 1, reason: "the file is empty") }
        func column(_ name: String) -> Int? { header.fields.firstIndex(of: name) }
        guard let codeColumn = column("code"), let nameColumn = column("name") else {
            throw LoadError.malformed(file: file, line: header.line, reason: "the header must name the columns code and name")
        }
        let demonymColumn = column("demonym"), otherNamesColumn = column("other_names")
        var entries: [Entry] = []
        var seen: Set<String> = []
        for record in records.dropFirst() {
            guard record.fields.count == header.fields.count else {
                throw LoadError.malformed(file: file, line: record.line,
                                          reason: "expected \(header.fields.count) fields, found \(record.fields.count)")
            }
            let code = record.fields[codeColumn], name = record.fields[nameColumn]
            guard !code.isEmpty, !name.isEmpty else {
                throw LoadError.malformed(file: file, line: record.line, reason: "every entry needs a code and a name")
            }
            guard seen.insert(code).inserted else {
                throw LoadError.malformed(file: file, line: record.line, reason: "the code \(code) appears twice")
            }
            let demonym = demonymColumn.map { record.fields[$0] }.flatMap { $0.isEmpty ? nil : $0 }
            let otherNames = otherNamesColumn.map { record.fields[$0].split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) } } ?? []
            entries.append(Entry(code: code, name: name, demonym: demonym, otherNames: otherNames.filter { !$0.isEmpty }))
        }
        for required in [otherCode, unknownCode] where !seen.contains(required) {
            throw LoadError.malformed(file: file, line: records.count, reason: "the list has no \(required) entry")
        }
        return CodedList(entries: entries, otherCode: otherCode, unknownCode: unknownCode)
    }
}
