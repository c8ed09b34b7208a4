import Foundation
import Testing
@testable import LanternCore

/// Partner returns in the shapes they really come in: the period as a year and a quarter
/// column, one column per category, rows kept by a column the table is not broken down by,
/// and a year's "Total" quarter row, which is checked and never added.
@Suite struct TableShapingTests {
    /// A police return: borough by exploitation type, per quarter, with a location column of
    /// which only the "Total" rows are wanted, and each year's total row.
    static let mapping = StatisticsMapping(
        name: "met-crimes-return", measure: "crimes", columns: ["Borough": .borough], countColumn: "",
        period: .init(year: "Year", quarter: "Quarter"),
        wide: .init(dimension: .exploitationType, columns: ["Labour", "Sexual", "Total"]),
        keepRows: ["Location": "Total"])

    static let header = "Borough,Year,Quarter,Location,Labour,Sexual,Total"
    static let valid = """
        \(header)
        Camden,2022,Q1,Total,2,1,3
        Camden,2022,Q1,Street,1,0,1
        Camden,2022,Apr-Jun,Total,0,4,4
        Camden,2022,Total,Total,2,5,7
        Hackney,2022,1,Total,5,0,5
        Hackney,2022,Quarter 2,Total,1,1,2
        Hackney,2022,Total,Total,6,1,7
        """

    static func parse(_ text: String, mapping: StatisticsMapping = mapping) throws -> ParsedStatistics {
        try StatisticsImporter.parse(Data(text.utf8), mapping: mapping, boroughs: .london)
    }

    static func problems(_ text: String, mapping: StatisticsMapping = mapping) -> [String] {
        do {
            _ = try parse(text, mapping: mapping)
            return []
        } catch let rejection as ImportRejection {
            return rejection.problems.map(\.description)
        } catch {
            return ["unexpected \(error)"]
        }
    }

    @Test func aWideReturnByYearAndQuarterBecomesLongFigures() throws {
        let parsed = try Self.parse(Self.valid)
        let got = Set(parsed.figures.map { "\($0.values[.borough]!) \($0.values[.period]!) \($0.values[.exploitationType]!) \($0.count) line \($0.line)" })
        #expect(got == [
            "E09000007 2022-Q1 Labour 2 line 2", "E09000007 2022-Q1 Sexual 1 line 2", "E09000007 2022-Q2 Sexual 4 line 4",
            "E09000012 2022-Q1 Labour 5 line 6", "E09000012 2022-Q2 Labour 1 line 7", "E09000012 2022-Q2 Sexual 1 line 7",
        ])
        #expect(parsed.dimensions.sorted { $0.rawValue < $1.rawValue } == [.borough, .exploitationType, .period])
        #expect(parsed.linesRead == 7)
        // Each kept row's "Total" column (4 rows), checked against its categories, and the
        // two rows of a year's "Total" quarter, checked against its quarters.
        #expect(parsed.totalsChecked == 6 && parsed.totalRows == 6)
        #expect(parsed.mapping == Self.mapping)
    }

    @Test func aYearTotalThatDisagreesWithItsQuartersIsNamedAtItsLineAndColumn() {
        let text = Self.valid.replacingOccurrences(of: "Hackney,2022,Total,Total,6,1,7", with: "Hackney,2022,Total,Total,6,2,8")
        #expect(Self.problems(text) == [
            "line 8, column Sexual: the year's total (2) does not match the sum of its quarters (1)",
            "line 8, column Total: the year's total (8) does not match the sum of its quarters (7)",
        ])
    }

    @Test func aWideTotalColumnThatDisagreesIsNamedInTheFilesTerms() {
        let text = Self.valid.replacingOccurrences(of: "Camden,2022,Q1,Total,2,1,3", with: "Camden,2022,Q1,Total,2,1,4")
        let found = Self.problems(text)
        #expect(found.contains("line 2, column Total: the table's total (4) does not match the sum of its rows (3)"))
    }

    @Test func badYearsQuartersAndCountsAreNamedByTheFilesColumns() {
        let text = """
            \(Self.header)
            Camden,2022/23,Q1,Total,2,1,3
            Camden,2022,Q5,Total,2,1,3
            Camden,2022,Q3,Total,two,1,3
            Narnia,2022,Q4,Total,1,1,2
            """
        #expect(Self.problems(text) == [
            "line 2, column Year: \"2022/23\" is not a year (write it as, say, 2022)",
            "line 3, column Quarter: \"Q5\" is not a quarter (Q1 to Q4, 1 to 4, or months such as Apr-Jun)",
            "line 4, column Labour: \"two\" is not a number",
            "line 5, column Borough: unknown borough \"Narnia\" (add it to the mapping)",
        ])
    }

    @Test func aRepeatedRowIsNamedByTheFilesLines() {
        let text = """
            \(Self.header)
            Camden,2022,Q1,Total,2,1,3
            Camden,2022,1,Total,2,1,3
            """
        #expect(Self.problems(text).first == "line 3, column Labour: repeats line 2, column Labour")
    }

    @Test func aHeaderThatDoesNotFitTheShapeSaysWhatIsMissingAndExtra() {
        let text = "Borough,Year,Quarter,Labour,Sexual,Total,Notes\nCamden,2022,Q1,2,1,3,x"
        #expect(Self.problems(text) == [
            "line 1: the header does not match the mapping \"met-crimes-return\": expected the columns Borough, Year, Quarter, Location, "
                + "Labour, Sexual, Total; missing: Location; not in the mapping: Notes",
        ])
    }

    @Test func aFilterNoRowMatchesSaysSo() {
        let text = "\(Self.header)\nCamden,2022,Q1,Street,2,1,3"
        #expect(Self.problems(text) == ["line 1: no row has Location = Total, the rows the mapping keeps"])
    }

    @Test func aLongReturnWithYearAndQuarterAndAFilterNeedsNoWideColumns() throws {
        let mapping = StatisticsMapping(name: "civil-orders", measure: "civil_orders_made",
                                        columns: ["Borough": .borough], countColumn: "Orders",
                                        period: .init(year: "Year", quarter: "Quarter"), keepRows: ["Order type": "All"])
        let parsed = try Self.parse("""
            Borough,Year,Quarter,Order type,Orders
            Camden,2023,Q4,All,3
            Camden,2023,Q4,Interim,1
            Camden,2024,Q1,All,2
            Total,2024,Q1,All,2
            """, mapping: mapping)
        #expect(parsed.figures.map { "\($0.values[.period]!) \($0.count)" } == ["2023-Q4 3", "2024-Q1 2"])
        #expect(parsed.totalsChecked == 1)
    }

    @Test func quartersAreReadInTheFormsReturnsUse() {
        for (text, q) in [("Q1", 1), ("q2", 2), ("3", 3), ("Quarter 4", 4), ("Apr-Jun", 2), ("April to June", 2),
                          ("Jul - Sep", 3), ("Oct-Dec", 4), ("Jan–Mar", 1)] {
            #expect(TableShaping.quarterNumber(text) == q, "\(text)")
        }
        for text in ["Q0", "5", "Apr-Sep", "", "Spring"] { #expect(TableShaping.quarterNumber(text) == nil, "\(text)") }
    }

    @Test func shapedMappingsRoundTripThroughJSONAndWideOnesNeedNoCountColumn() throws {
        let json = """
            {"name":"met-crimes-return","measure":"crimes","columns":{"Borough":"borough"},
             "period":{"year":"Year","quarter":"Quarter"},
             "wide":{"dimension":"exploitation_type","columns":["Labour","Sexual","Total"]},
             "keepRows":{"Location":"Total"}}
            """
        let decoded = try JSONDecoder().decode(StatisticsMapping.self, from: Data(json.utf8))
        #expect(decoded == Self.mapping)
        #expect(decoded.problems.isEmpty)
        let again = try JSONDecoder().decode(StatisticsMapping.self, from: JSONEncoder().encode(decoded))
        #expect(again == decoded)
    }

    @Test func aShapeThatMapsADimensionTwiceIsRefused() {
        var mapping = Self.mapping
        mapping.columns["Type"] = .exploitationType
        #expect(mapping.problems == ["the column Type and the wide columns are both mapped to exploitation type"])
    }
}
