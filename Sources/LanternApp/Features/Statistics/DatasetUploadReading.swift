import Foundation
import LanternCore

/// What the analyst said of an uploaded table, kept with it until it is confirmed.
struct DatasetUploadChoices: Codable, Sendable, Equatable {
    /// nil: detected from the header.
    var mapping: StatisticsMapping?
    /// Quarters as typed ("2022-Q2"); empty: the first and last quarter of the table's own period column.
    var from: String
    var to: String
    var title: String
    var source: String
    var licence: String
    /// The dataset this one replaces, if any.
    var replace: UUID?
    /// What the table covers (absent in uploads made before coverage was asked: national).
    var covers: DatasetCoverage?
}

/// The kind of file uploaded, decided by its content (never its name).
enum DatasetUploadKind: String, Sendable {
    case csv, xlsx, ods

    var paperKind: PaperKind? {
        switch self {
        case .csv: nil
        case .xlsx: .xlsx
        case .ods: .ods
        }
    }
}

/// An uploaded table read and checked exactly as `lantern import` checks a file: the same
/// `StatisticsImporter`, after a spreadsheet's sheet is read as text (`SpreadsheetTable`).
struct DatasetUploadReading: Sendable {
    var kind: DatasetUploadKind
    var parsed: ParsedStatistics
    /// The sheet read and the others (not read), for a spreadsheet.
    var sheet: String?
    var otherSheets: [String]
    var from: Quarter
    var to: Quarter

    /// Why an upload was refused: every problem by line and column, or one reason for the whole file.
    struct Refusal: Error, Sendable {
        var problems: [ImportProblem]
        var totalProblems: Int
        /// The period fields are wrong (shown at those fields rather than in the file's problems).
        var periodProblem: String?

        static func file(_ message: String) -> Refusal { Refusal(problems: [ImportProblem(line: 0, message: message)], totalProblems: 1) }
    }

    /// What the bytes are: CSV text, an .xlsx or an .ods spreadsheet; anything else refused.
    static func kind(of bytes: [UInt8]) -> Result<DatasetUploadKind, Refusal> {
        switch FileSniffing.sniff(bytes) {
        case .success(.xlsx): return .success(.xlsx)
        case .success(.ods): return .success(.ods)
        case .success(.xls): return .failure(.file("this is an Excel 97–2003 workbook (.xls): save it as .xlsx or as CSV UTF-8"))
        case .success: return .failure(.file("this is not a table: upload CSV UTF-8, .xlsx or .ods"))
        case .failure(.containsMacros):
            return .failure(.file("the spreadsheet carries macros, which Lantern does not open: save it as .xlsx (without macros) or CSV"))
        case .failure(.suspiciousArchive):
            return .failure(.file("the file claims to expand to far more than it holds, or cannot be read as a spreadsheet"))
        case .failure:
            // Not a known binary format: CSV if it is text.
            if bytes.contains(0) { return .failure(.file("this is not a table: upload CSV UTF-8, .xlsx or .ods")) }
            return .success(.csv)
        }
    }

    static func read(_ content: Data, choices: DatasetUploadChoices, boroughs: BoroughCatalogue) -> Result<DatasetUploadReading, Refusal> {
        let kind: DatasetUploadKind
        switch Self.kind(of: Array(content)) {
        case .success(let k): kind = k
        case .failure(let refusal): return .failure(refusal)
        }
        var sheet: String?, others: [String] = []
        let parsed: ParsedStatistics
        do {
            if let paperKind = kind.paperKind {
                let read = try SpreadsheetTable.read(content, kind: paperKind)
                sheet = read.sheet
                others = read.otherSheets
                parsed = try StatisticsImporter.parse(read.table, mapping: choices.mapping, boroughs: boroughs)
            } else {
                parsed = try StatisticsImporter.parse(content, mapping: choices.mapping, boroughs: boroughs)
            }
        } catch let refusal as SpreadsheetTable.Refusal {
            return .failure(Refusal(problems: [ImportProblem(line: refusal.line, message: refusal.message)], totalProblems: 1))
        } catch let rejection as ImportRejection {
            return .failure(Refusal(problems: rejection.problems, totalProblems: rejection.totalProblems))
        } catch {
            return .failure(.file("the file cannot be read"))
        }
        switch period(of: parsed, choices: choices) {
        case .success(let (from, to)):
            return .success(DatasetUploadReading(kind: kind, parsed: parsed, sheet: sheet, otherSheets: others, from: from, to: to))
        case .failure(let refusal):
            return .failure(refusal)
        }
    }

    /// The quarters the dataset covers: as given, or else the table's own first and last; a
    /// figure outside the quarters given is refused.
    static func period(of parsed: ParsedStatistics, choices: DatasetUploadChoices) -> Result<(Quarter, Quarter), Refusal> {
        period(of: parsed, from: choices.from, to: choices.to).mapError { Refusal(problems: [], totalProblems: 0, periodProblem: $0.message) }
    }

    struct PeriodProblem: Error { let message: String }

    /// The same, for the web form and `lantern import` alike. A table that counts whole years
    /// covers each year's four quarters.
    static func period(of parsed: ParsedStatistics, from fromGiven: String, to toGiven: String) -> Result<(Quarter, Quarter), PeriodProblem> {
        func refuse(_ message: String) -> Result<(Quarter, Quarter), PeriodProblem> { .failure(PeriodProblem(message: message)) }
        let periods = parsed.dimensions.contains(.period)
            ? parsed.figures.compactMap { $0.values[.period].flatMap(ImportedPeriod.init(text:)) } : []
        let fromText = fromGiven.trimmingCharacters(in: .whitespaces), toText = toGiven.trimmingCharacters(in: .whitespaces)
        guard fromText.isEmpty || Quarter(text: fromText) != nil else { return refuse("the first quarter must be a quarter such as 2022-Q2") }
        guard toText.isEmpty || Quarter(text: toText) != nil else { return refuse("the last quarter must be a quarter such as 2022-Q2") }
        guard let from = Quarter(text: fromText) ?? periods.map(\.first).min() else {
            return refuse("say which quarter the table covers (it has no period column), such as 2022-Q2")
        }
        let to = Quarter(text: toText) ?? (fromText.isEmpty ? periods.map(\.last).max() : nil) ?? from
        guard to >= from else { return refuse("the last quarter must be on or after the first") }
        if let outside = periods.first(where: { !$0.counted(from: from, to: to) }) {
            let what = outside.isWholeYear ? "the whole year \(outside.text)" : outside.text
            return refuse("the table has figures for \(what), outside the quarters given (\(from.text) to \(to.text))")
        }
        return .success((from, to))
    }
}
