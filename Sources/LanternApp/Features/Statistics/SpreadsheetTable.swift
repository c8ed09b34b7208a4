import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import LanternCore
import ZIPFoundation

/// Reads the table on an Excel (`.xlsx`) or OpenDocument (`.ods`) spreadsheet's sheet as
/// text, each row with its row number, for `StatisticsImporter`. The zip is opened with
/// ZIPFoundation and its XML parts read with Foundation's streaming `XMLParser`: both are
/// maintained, neither runs anything in the file. Values are read as the spreadsheet last
/// saved them (a formula's cached result), never recalculated. Refused, with the reason:
/// macros, hidden sheets, hidden rows, merged cells, error values, a formula whose result was
/// not saved, and a file that expands to more than `maxExpandedBytes`.
enum SpreadsheetTable {
    /// The most any one part of the file may expand to.
    static let maxExpandedBytes = 256 * 1024 * 1024

    struct Refusal: Error, Equatable, CustomStringConvertible {
        var line: Int
        var message: String
        var description: String { message }
    }

    /// The first visible sheet's table, and the names of the other sheets (not read).
    struct Read {
        var table: SourceTable
        var sheet: String
        var otherSheets: [String]
    }

    static func read(_ bytes: Data, kind: PaperKind) throws(Refusal) -> Read {
        do {
            let archive = try Archive(data: bytes, accessMode: .read)
            switch kind {
            case .xlsx: return try XLSX(archive: archive).read()
            case .ods: return try ODS(archive: archive).read()
            default: throw Refusal(line: 0, message: "only .xlsx and .ods spreadsheets can be read")
            }
        } catch let refusal as Refusal {
            throw refusal
        } catch {
            throw Refusal(line: 0, message: "the spreadsheet cannot be read (it may be damaged); save it again, or as CSV UTF-8")
        }
    }

    /// A part of the zip, whole, refusing one that expands beyond the limit.
    static func part(_ path: String, in archive: Archive) throws -> Data? {
        guard let entry = archive[path] else { return nil }
        guard entry.uncompressedSize <= maxExpandedBytes else { throw tooLarge }
        var data = Data()
        data.reserveCapacity(Int(entry.uncompressedSize))
        _ = try archive.extract(entry, skipCRC32: false) { chunk in
            guard data.count + chunk.count <= maxExpandedBytes else { throw tooLarge }
            data.append(chunk)
        }
        return data
    }

    /// Streams one XML part through a delegate; false when the part does not parse (or the
    /// delegate stopped it).
    @discardableResult
    static func parse(_ data: Data, with delegate: any XMLParserDelegate) -> Bool {
        let parser = XMLParser(data: data)
        parser.delegate = delegate
        return parser.parse()
    }

    /// "x:c" → "c": some writers give every element of a part a namespace prefix.
    static func localName(_ element: String) -> String {
        guard let colon = element.lastIndex(of: ":") else { return element }
        return String(element[element.index(after: colon)...])
    }

    static let tooLarge = Refusal(line: 0, message: "the spreadsheet expands to more than \(maxExpandedBytes / 1024 / 1024) MB; save it as CSV UTF-8")

    /// "C" → 2, "AA" → 26 (zero-based), from a cell reference such as "AA12".
    static func columnIndex(ofReference reference: String) -> Int? {
        var n = 0, letters = 0
        for scalar in reference.unicodeScalars {
            let v = Int(scalar.value)
            guard (65...90).contains(v) || (97...122).contains(v) else { break }
            n = n * 26 + (v & 0x1F)
            letters += 1
        }
        return letters == 0 || letters > 3 ? nil : n - 1
    }

    /// Rows as read (row number → cells by column), into a table: the first row with any
    /// text is the header; rows with no text are skipped; every row is as wide as the
    /// widest, so a value beyond the header shows as a field too many.
    static func table(_ rows: [(line: Int, cells: [Int: String])], sheet: String, others: [String]) throws(Refusal) -> Read {
        let filled = rows.filter { $0.cells.values.contains { !$0.trimmingCharacters(in: .whitespaces).isEmpty } }
        guard let first = filled.first else { throw Refusal(line: 0, message: "the sheet \"\(sheet)\" is empty") }
        let width = { (cells: [Int: String]) in (cells.filter { !$0.value.trimmingCharacters(in: .whitespaces).isEmpty }.keys.max() ?? -1) + 1 }
        let headerWidth = width(first.cells)
        let header = (0..<headerWidth).map { (first.cells[$0] ?? "").trimmingCharacters(in: .whitespaces) }
        let body = filled.dropFirst().map { row in
            SourceTable.Row(line: row.line, fields: (0..<max(headerWidth, width(row.cells))).map {
                (row.cells[$0] ?? "").trimmingCharacters(in: .whitespaces)
            })
        }
        return Read(table: SourceTable(headerLine: first.line, header: header, rows: body), sheet: sheet, otherSheets: others)
    }
}

/// The parts of an OOXML workbook: the sheet list, the shared strings and one sheet.
private struct XLSX {
    let archive: Archive

    func read() throws -> SpreadsheetTable.Read {
        guard let workbook = try SpreadsheetTable.part("xl/workbook.xml", in: archive) else {
            throw SpreadsheetTable.Refusal(line: 0, message: "the file has no workbook: is it an Excel spreadsheet?")
        }
        let sheets = WorkbookSheets(workbook)
        if let hidden = sheets.sheets.first(where: { $0.hidden }) {
            throw SpreadsheetTable.Refusal(line: 0, message: "the workbook has a hidden sheet (\"\(hidden.name)\"): figures in it would "
                                           + "be read without being seen; delete it or show it and save again")
        }
        guard let sheet = sheets.sheets.first else { throw SpreadsheetTable.Refusal(line: 0, message: "the workbook has no sheets") }
        let relationships = try SpreadsheetTable.part("xl/_rels/workbook.xml.rels", in: archive).map(Relationships.init) ?? Relationships(Data())
        let target = relationships.targets[sheet.relationship] ?? "worksheets/sheet1.xml"
        let path = target.hasPrefix("/") ? String(target.dropFirst()) : "xl/" + target
        guard let sheetXML = try SpreadsheetTable.part(path, in: archive) else {
            throw SpreadsheetTable.Refusal(line: 0, message: "the sheet \"\(sheet.name)\" cannot be found in the file")
        }
        let strings = try SpreadsheetTable.part("xl/sharedStrings.xml", in: archive).map { SharedStrings($0).strings } ?? []
        let reader = SheetCells(strings: strings)
        guard SpreadsheetTable.parse(sheetXML, with: reader) || reader.refusal != nil else {
            throw SpreadsheetTable.Refusal(line: 0, message: "the sheet \"\(sheet.name)\" cannot be read (it may be damaged)")
        }
        if let refusal = reader.refusal { throw refusal }
        return try SpreadsheetTable.table(reader.rows, sheet: sheet.name, others: sheets.sheets.dropFirst().map(\.name))
    }
}

/// `xl/workbook.xml`'s sheets in order: name, relationship id, hidden or not.
private final class WorkbookSheets: NSObject, XMLParserDelegate {
    struct Sheet { var name: String; var relationship: String; var hidden: Bool }
    private(set) var sheets: [Sheet] = []

    init(_ data: Data) {
        super.init()
        SpreadsheetTable.parse(data, with: self)
    }

    func parser(_ parser: XMLParser, didStartElement element: String, namespaceURI: String?, qualifiedName: String?,
                attributes: [String: String] = [:]) {
        let name = SpreadsheetTable.localName(element)
        guard name == "sheet" else { return }
        let relationship = attributes.first { $0.key.hasSuffix(":id") }?.value ?? ""
        let state = attributes["state"] ?? "visible"
        sheets.append(Sheet(name: attributes["name"] ?? "", relationship: relationship, hidden: state != "visible"))
    }
}

/// `xl/_rels/workbook.xml.rels`: relationship id → part path.
private final class Relationships: NSObject, XMLParserDelegate {
    private(set) var targets: [String: String] = [:]

    init(_ data: Data) {
        super.init()
        SpreadsheetTable.parse(data, with: self)
    }

    func parser(_ parser: XMLParser, didStartElement element: String, namespaceURI: String?, qualifiedName: String?,
                attributes: [String: String] = [:]) {
        let name = SpreadsheetTable.localName(element)
        if name == "Relationship", let id = attributes["Id"], let target = attributes["Target"] { targets[id] = target }
    }
}

/// `xl/sharedStrings.xml`: each `<si>`'s text, its runs joined (phonetic guides left out).
private final class SharedStrings: NSObject, XMLParserDelegate {
    private(set) var strings: [String] = []
    private var current = "", inText = false, inPhonetic = false

    init(_ data: Data) {
        super.init()
        SpreadsheetTable.parse(data, with: self)
    }

    func parser(_ parser: XMLParser, didStartElement element: String, namespaceURI: String?, qualifiedName: String?,
                attributes: [String: String] = [:]) {
        let name = SpreadsheetTable.localName(element)
        switch name {
        case "si": current = ""
        case "rPh": inPhonetic = true
        case "t": inText = !inPhonetic
        default: break
        }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) { if inText { current += string } }

    func parser(_ parser: XMLParser, didEndElement element: String, namespaceURI: String?, qualifiedName: String?) {
        let name = SpreadsheetTable.localName(element)
        switch name {
        case "si": strings.append(current)
        case "rPh": inPhonetic = false
        case "t": inText = false
        default: break
        }
    }
}

/// A worksheet's cells, by row number and column; stops at the first thing it must refuse.
private final class SheetCells: NSObject, XMLParserDelegate {
    let strings: [String]
    private(set) var rows: [(line: Int, cells: [Int: String])] = []
    private(set) var refusal: SpreadsheetTable.Refusal?
    private var row: (line: Int, cells: [Int: String])?
    private var cell: (reference: String, column: Int, type: String, formula: Bool)?
    private var value = "", inValue = false, inInline = false, inText = false

    init(strings: [String]) { self.strings = strings }

    private func refuse(_ parser: XMLParser, line: Int, _ message: String) {
        guard refusal == nil else { return }
        refusal = SpreadsheetTable.Refusal(line: line, message: message)
        parser.abortParsing()
    }

    func parser(_ parser: XMLParser, didStartElement element: String, namespaceURI: String?, qualifiedName: String?,
                attributes: [String: String] = [:]) {
        let name = SpreadsheetTable.localName(element)
        switch name {
        case "row":
            let line = attributes["r"].flatMap(Int.init) ?? ((rows.last?.line ?? 0) + 1)
            if attributes["hidden"] == "1" || attributes["hidden"] == "true" {
                refuse(parser, line: line, "row \(line) is hidden: figures in it would be read without being seen; show it or delete it")
            }
            row = (line, [:])
        case "c":
            let reference = attributes["r"] ?? ""
            let column = SpreadsheetTable.columnIndex(ofReference: reference) ?? ((row?.cells.keys.max() ?? -1) + 1)
            cell = (reference, column, attributes["t"] ?? "n", false)
            value = ""
        case "f": cell?.formula = true
        case "v": inValue = true
        case "is": inInline = true
        case "t": inText = inInline
        case "mergeCell":
            refuse(parser, line: 0, "the sheet has merged cells (\(attributes["ref"] ?? "")): unmerge them so each cell holds its own value")
        default: break
        }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        if inValue || inText { value += string }
    }

    func parser(_ parser: XMLParser, didEndElement element: String, namespaceURI: String?, qualifiedName: String?) {
        let name = SpreadsheetTable.localName(element)
        switch name {
        case "v": inValue = false
        case "t": inText = false
        case "is": inInline = false
        case "c":
            guard let c = cell, let line = row?.line else { return }
            cell = nil
            let text: String
            switch c.type {
            case "s":
                guard let index = Int(value), strings.indices.contains(index) else {
                    return refuse(parser, line: line, "cell \(c.reference) refers to text the file does not hold (it may be damaged)")
                }
                text = strings[index]
            case "e":
                return refuse(parser, line: line, "cell \(c.reference) holds an error (\(value)): correct it and save again")
            case "b": text = value == "1" ? "TRUE" : "FALSE"
            default: text = value
            }
            if c.formula && value.isEmpty {
                return refuse(parser, line: line, "cell \(c.reference) holds a formula whose result was not saved: open the file in a "
                              + "spreadsheet program and save it again")
            }
            row?.cells[c.column] = text
        case "row":
            if let row { rows.append(row) }
            row = nil
        default: break
        }
    }
}

/// An OpenDocument spreadsheet's first table, from `content.xml`.
private struct ODS {
    let archive: Archive

    func read() throws -> SpreadsheetTable.Read {
        guard let content = try SpreadsheetTable.part("content.xml", in: archive) else {
            throw SpreadsheetTable.Refusal(line: 0, message: "the file has no content: is it an OpenDocument spreadsheet?")
        }
        let reader = ODSCells()
        guard SpreadsheetTable.parse(content, with: reader) || reader.refusal != nil else {
            throw SpreadsheetTable.Refusal(line: 0, message: "the spreadsheet cannot be read (it may be damaged)")
        }
        if let refusal = reader.refusal { throw refusal }
        guard let name = reader.tables.first else { throw SpreadsheetTable.Refusal(line: 0, message: "the spreadsheet has no sheets") }
        return try SpreadsheetTable.table(reader.rows, sheet: name, others: Array(reader.tables.dropFirst()))
    }
}

/// `content.xml`'s first table: rows and cells with their repeats, a cell's value from
/// `office:value` (numbers) or its paragraphs (text). Hidden tables are found by their style.
private final class ODSCells: NSObject, XMLParserDelegate {
    private(set) var rows: [(line: Int, cells: [Int: String])] = []
    private(set) var tables: [String] = []
    private(set) var refusal: SpreadsheetTable.Refusal?
    private var hiddenTableStyles: Set<String> = []
    private var styleName: String?
    private var depth = 0
    private var line = 0, column = 0
    private var rowRepeat = 1, cellRepeat = 1
    private var cells: [Int: String] = [:]
    private var value = "", officeValue: String?, paragraphs = 0, inText = false, hasFormula = false
    /// The row repeats cap: a sheet's trailing empty rows are often "repeated" a million times.
    private static let maxRepeat = 100_000

    private func refuse(_ parser: XMLParser, line: Int, _ message: String) {
        guard refusal == nil else { return }
        refusal = SpreadsheetTable.Refusal(line: line, message: message)
        parser.abortParsing()
    }

    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                attributes: [String: String] = [:]) {
        switch name {
        case "style:style": styleName = attributes["style:family"] == "table" ? attributes["style:name"] : nil
        case "style:table-properties":
            if let styleName, attributes["table:display"] == "false" { hiddenTableStyles.insert(styleName) }
        case "table:table":
            let tableName = attributes["table:name"] ?? ""
            if let style = attributes["table:style-name"], hiddenTableStyles.contains(style) {
                return refuse(parser, line: 0, "the spreadsheet has a hidden sheet (\"\(tableName)\"): figures in it would be read "
                              + "without being seen; delete it or show it and save again")
            }
            tables.append(tableName)
            depth += 1
        case "table:table-row" where tables.count == 1:
            rowRepeat = min(Int(attributes["table:number-rows-repeated"] ?? "1") ?? 1, Self.maxRepeat)
            if attributes["table:visibility"] == "collapse" || attributes["table:visibility"] == "filter" {
                return refuse(parser, line: line + 1, "row \(line + 1) is hidden: figures in it would be read without being seen; show it or delete it")
            }
            cells = [:]
            column = 0
        case "table:table-cell" where tables.count == 1, "table:covered-table-cell" where tables.count == 1:
            if Int(attributes["table:number-columns-spanned"] ?? "1") ?? 1 > 1 || Int(attributes["table:number-rows-spanned"] ?? "1") ?? 1 > 1 {
                return refuse(parser, line: line + 1, "the sheet has merged cells (in row \(line + 1)): unmerge them so each cell holds its own value")
            }
            cellRepeat = min(Int(attributes["table:number-columns-repeated"] ?? "1") ?? 1, 16_384)
            let type = attributes["office:value-type"]
            officeValue = type == "float" || type == "percentage" || type == "currency" ? attributes["office:value"] : nil
            hasFormula = attributes["table:formula"] != nil
            value = ""
            paragraphs = 0
        case "text:p" where tables.count == 1:
            if paragraphs > 0 { value += "\n" }
            paragraphs += 1
            inText = true
        case "text:s" where inText:
            value += String(repeating: " ", count: Int(attributes["text:c"] ?? "1") ?? 1)
        default: break
        }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) { if inText { value += string } }

    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        guard tables.count == 1 else { return }
        switch name {
        case "text:p": inText = false
        case "table:table-cell", "table:covered-table-cell":
            let text = officeValue ?? value
            if hasFormula && (text.hasPrefix("Err:") || text.hasPrefix("#")) {
                return refuse(parser, line: line + 1, "a cell in row \(line + 1) holds an error (\(text)): correct it and save again")
            }
            if !text.isEmpty { for k in 0..<cellRepeat { cells[column + k] = text } }
            column += cellRepeat
        case "table:table-row":
            for _ in 0..<rowRepeat {
                line += 1
                if !cells.isEmpty { rows.append((line, cells)) }
            }
        default: break
        }
    }
}
