import Foundation
import ZIPFoundation

/// Small Excel workbooks written as Excel writes them (the parts and XML of OOXML), to read
/// back: text in the shared strings, numbers as values, and what must be refused on request.
enum SpreadsheetSamples {
    struct Options {
        var hiddenSheet = false
        var secondSheet: String?
        var merged: String?
        var macros = false
        var hiddenRow: Int?
        /// A formula on this cell ("C2") with no saved result.
        var unsavedFormula: String?
        /// A formula with its saved result on this cell.
        var savedFormula: String?
        var errorCell: String?
    }

    static func column(_ index: Int) -> String {
        var n = index + 1, name = ""
        while n > 0 { name = String(UnicodeScalar(UInt8(65 + (n - 1) % 26))) + name; n = (n - 1) / 26 }
        return name
    }

    static func escaped(_ s: String) -> String {
        s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
            .replacingOccurrences(of: "\"", with: "&quot;")
    }

    /// An .xlsx whose first sheet holds `rows` (a cell that is a whole number is written as a number).
    static func xlsx(_ rows: [[String]], options: Options = Options()) throws -> [UInt8] {
        var strings: [String] = [], index: [String: Int] = [:]
        var sheetRows = ""
        for (r, row) in rows.enumerated() {
            let line = r + 1
            var cells = ""
            for (c, value) in row.enumerated() where !value.isEmpty {
                let ref = "\(column(c))\(line)"
                if ref == options.unsavedFormula { cells += "<c r=\"\(ref)\"><f>SUM(A1:A2)</f></c>"; continue }
                if ref == options.errorCell { cells += "<c r=\"\(ref)\" t=\"e\"><f>1/0</f><v>#DIV/0!</v></c>"; continue }
                if Int(value) != nil {
                    let formula = ref == options.savedFormula ? "<f>SUM(\(column(c))1:\(column(c))1)</f>" : ""
                    cells += "<c r=\"\(ref)\">\(formula)<v>\(value)</v></c>"
                } else {
                    let i = index[value] ?? { strings.append(value); index[value] = strings.count - 1; return strings.count - 1 }()
                    cells += "<c r=\"\(ref)\" t=\"s\"><v>\(i)</v></c>"
                }
            }
            let hidden = options.hiddenRow == line ? " hidden=\"1\"" : ""
            sheetRows += "<row r=\"\(line)\"\(hidden)>\(cells)</row>"
        }
        let merged = options.merged.map { "<mergeCells count=\"1\"><mergeCell ref=\"\($0)\"/></mergeCells>" } ?? ""
        let ns = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
        let rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
        let sheet = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?><worksheet xmlns=\"\(ns)\"><sheetData>\(sheetRows)</sheetData>\(merged)</worksheet>"
        let sst = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><sst xmlns=\"\(ns)\" count=\"\(strings.count)\" uniqueCount=\"\(strings.count)\">"
            + strings.map { "<si><t>\(escaped($0))</t></si>" }.joined() + "</sst>"
        var sheets = "<sheet name=\"Data\" sheetId=\"1\" r:id=\"rId1\"/>"
        var rels = "<Relationship Id=\"rId1\" Type=\"\(rel)/worksheet\" Target=\"worksheets/sheet1.xml\"/>"
        var parts: [(String, String)] = [("xl/worksheets/sheet1.xml", sheet)]
        if options.hiddenSheet || options.secondSheet != nil {
            let name = options.secondSheet ?? "Workings"
            sheets += "<sheet name=\"\(name)\" sheetId=\"2\"\(options.hiddenSheet ? " state=\"hidden\"" : "") r:id=\"rId2\"/>"
            rels += "<Relationship Id=\"rId2\" Type=\"\(rel)/worksheet\" Target=\"worksheets/sheet2.xml\"/>"
            parts.append(("xl/worksheets/sheet2.xml", "<?xml version=\"1.0\"?><worksheet xmlns=\"\(ns)\"><sheetData/></worksheet>"))
        }
        rels += "<Relationship Id=\"rId9\" Type=\"\(rel)/sharedStrings\" Target=\"sharedStrings.xml\"/>"
        parts += [
            ("[Content_Types].xml", "<?xml version=\"1.0\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
                + "<Default Extension=\"xml\" ContentType=\"application/xml\"/></Types>"),
            ("xl/workbook.xml", "<?xml version=\"1.0\"?><workbook xmlns=\"\(ns)\" xmlns:r=\"\(rel)\"><sheets>\(sheets)</sheets></workbook>"),
            ("xl/_rels/workbook.xml.rels", "<?xml version=\"1.0\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">\(rels)</Relationships>"),
            ("xl/sharedStrings.xml", sst),
        ]
        if options.macros { parts.append(("xl/vbaProject.bin", "not really a VBA project")) }
        let archive = try Archive(data: Data(), accessMode: .create)
        for (path, text) in parts {
            let data = Data(text.utf8)
            try archive.addEntry(with: path, type: .file, uncompressedSize: Int64(data.count), compressionMethod: .deflate) { position, size in
                data.subdata(in: Int(position)..<Int(position) + size)
            }
        }
        return Array(archive.data ?? Data())
    }

    /// A CSV file's rows, as cells (no quoted commas in the samples).
    static func rows(ofCSV text: String) -> [[String]] {
        text.split(whereSeparator: \.isNewline).map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
    }
}
