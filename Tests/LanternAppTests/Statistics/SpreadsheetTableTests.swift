import Foundation
import Testing
@testable import LanternApp
@testable import LanternCore

/// The spreadsheet reader on its own: OpenDocument as LibreOffice writes it (repeated empty
/// rows and columns, a million of them), prefixed OOXML, and what must be refused.
@Suite struct SpreadsheetTableTests {
    static let rows = [["Nationality", "Total"], ["Albanian", "3"], ["Vietnamese", "2"], ["Total", "5"]]

    @Test func anOpenDocumentSheetReadsWithItsRowNumbersAndNoRepeatedEmptiness() throws {
        let read = try SpreadsheetTable.read(Data(try SpreadsheetSamples.ods(Self.rows)), kind: .ods)
        #expect(read.sheet == "Return")
        #expect(read.table.header == ["Nationality", "Total"])
        #expect(read.table.rows == [.init(line: 2, fields: ["Albanian", "3"]), .init(line: 3, fields: ["Vietnamese", "2"]),
                                    .init(line: 4, fields: ["Total", "5"])])
        let parsed = try StatisticsImporter.parse(read.table, mapping: StatisticsMapping.homeOfficeDutyToNotify, boroughs: .london)
        #expect(parsed.figures.map(\.count) == [3, 2] && parsed.totalsChecked == 1)
    }

    @Test func anOpenDocumentHiddenSheetOrMergedCellIsRefused() throws {
        #expect(throws: SpreadsheetTable.Refusal.self) { try SpreadsheetTable.read(Data(try SpreadsheetSamples.ods(Self.rows, hiddenSheet: true)), kind: .ods) }
        let merged = Data(try SpreadsheetSamples.ods(Self.rows, mergedRow: 2))
        do {
            _ = try SpreadsheetTable.read(merged, kind: .ods)
            Issue.record("a merged cell was read")
        } catch {
            #expect(error.message.contains("merged cells (in row 2)"))
        }
    }

    @Test func prefixedSpreadsheetMLReadsTheSame() throws {
        let plain = try SpreadsheetSamples.xlsx(Self.rows)
        let archive = try ZIPReading.entries(Data(plain))
        let prefixed = try ZIPReading.rewrite(archive) { path, text in
            guard path == "xl/worksheets/sheet1.xml" else { return text }
            return text.replacingOccurrences(of: "<worksheet xmlns=", with: "<x:worksheet xmlns:x=")
                .replacingOccurrences(of: "</worksheet>", with: "</x:worksheet>")
                .replacingOccurrences(of: "<sheetData>", with: "<x:sheetData>").replacingOccurrences(of: "</sheetData>", with: "</x:sheetData>")
                .replacingOccurrences(of: "<row ", with: "<x:row ").replacingOccurrences(of: "</row>", with: "</x:row>")
                .replacingOccurrences(of: "<c ", with: "<x:c ").replacingOccurrences(of: "</c>", with: "</x:c>")
                .replacingOccurrences(of: "<v>", with: "<x:v>").replacingOccurrences(of: "</v>", with: "</x:v>")
        }
        let a = try SpreadsheetTable.read(Data(plain), kind: .xlsx), b = try SpreadsheetTable.read(prefixed, kind: .xlsx)
        #expect(a.table == b.table)
        #expect(a.table.rows.count == 3)
    }

    @Test func cellReferencesNameTheirColumns() {
        #expect(SpreadsheetTable.columnIndex(ofReference: "A1") == 0)
        #expect(SpreadsheetTable.columnIndex(ofReference: "Z9") == 25)
        #expect(SpreadsheetTable.columnIndex(ofReference: "AA12") == 26)
        #expect(SpreadsheetTable.columnIndex(ofReference: "XFD1048576") == 16383)
        #expect(SpreadsheetTable.columnIndex(ofReference: "12") == nil)
    }
}
