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

    /// An .ods whose first table holds `rows` (numbers as floats with their value, text in
    /// paragraphs); optionally a hidden second table, a merged cell, or empty rows repeated
    /// a million times at the end, as LibreOffice writes them.
    static func ods(_ rows: [[String]], hiddenSheet: Bool = false, mergedRow: Int? = nil, repeatedEmptyRows: Bool = true) throws -> [UInt8] {
        var table = ""
        for (r, row) in rows.enumerated() {
            table += "<table:table-row>"
            for (c, value) in row.enumerated() {
                let span = mergedRow == r + 1 && c == 0 ? " table:number-columns-spanned=\"2\"" : ""
                if let n = Int(value) {
                    table += "<table:table-cell\(span) office:value-type=\"float\" office:value=\"\(n)\"><text:p>\(n)</text:p></table:table-cell>"
                } else {
                    table += "<table:table-cell\(span) office:value-type=\"string\"><text:p>\(escaped(value))</text:p></table:table-cell>"
                }
            }
            table += "<table:table-cell table:number-columns-repeated=\"1016\"/></table:table-row>"
        }
        if repeatedEmptyRows { table += "<table:table-row table:number-rows-repeated=\"1048570\"><table:table-cell table:number-columns-repeated=\"1024\"/></table:table-row>" }
        let styles = "<office:automatic-styles><style:style style:name=\"ta1\" style:family=\"table\"><style:table-properties table:display=\"true\"/></style:style>"
            + "<style:style style:name=\"ta2\" style:family=\"table\"><style:table-properties table:display=\"false\"/></style:style></office:automatic-styles>"
        let second = hiddenSheet ? "<table:table table:name=\"Workings\" table:style-name=\"ta2\"><table:table-row><table:table-cell/></table:table-row></table:table>" : ""
        let content = """
            <?xml version="1.0" encoding="UTF-8"?>
            <office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" \
            xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" \
            xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0">\(styles)<office:body><office:spreadsheet>\
            <table:table table:name="Return" table:style-name="ta1">\(table)</table:table>\(second)</office:spreadsheet></office:body></office:document-content>
            """
        let archive = try Archive(data: Data(), accessMode: .create)
        let mimetype = Data("application/vnd.oasis.opendocument.spreadsheet".utf8)
        try archive.addEntry(with: "mimetype", type: .file, uncompressedSize: Int64(mimetype.count), compressionMethod: .none) { position, size in
            mimetype.subdata(in: Int(position)..<Int(position) + size)
        }
        for (path, text) in [("content.xml", content), ("META-INF/manifest.xml", "<?xml version=\"1.0\"?><manifest:manifest xmlns:manifest=\"urn:oasis:names:tc:opendocument:xmlns:manifest:1.0\"/>")] {
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

/// Reads a zip's parts as text and writes them again, changed, for tests that alter a
/// sample's XML.
enum ZIPReading {
    static func entries(_ data: Data) throws -> [(String, String)] {
        let archive = try Archive(data: data, accessMode: .read)
        return try archive.map { entry in
            var bytes = Data()
            _ = try archive.extract(entry) { bytes.append($0) }
            return (entry.path, String(decoding: bytes, as: UTF8.self))
        }
    }

    static func rewrite(_ entries: [(String, String)], _ change: (String, String) -> String) throws -> Data {
        let archive = try Archive(data: Data(), accessMode: .create)
        for (path, text) in entries {
            let data = Data(change(path, text).utf8)
            try archive.addEntry(with: path, type: .file, uncompressedSize: Int64(data.count), compressionMethod: .deflate) { position, size in
                data.subdata(in: Int(position)..<Int(position) + size)
            }
        }
        return archive.data ?? Data()
    }
}
