import Foundation
import Testing
import LanternCore

@Suite struct DisclosureControlTests {
    typealias Position = DisclosureAttacker.Position

    static func table(_ cells: [[Int]]) -> CountTable {
        CountTable(rowKeys: cells.indices.map { "r\($0)" }, columnKeys: (cells.first ?? []).indices.map { "c\($0)" }, cells: cells)
    }

    static func hiddenPositions(_ protected: DisclosedTable) -> Set<Position> {
        let grid = DisclosureAttacker.grid(protected)
        return Set(grid.indices.flatMap { row in grid[row].indices.filter { grid[row][$0] == nil }.map { Position(row: row, column: $0) } })
    }

    @Test func aTableMarginsAreComputed() {
        let table = Self.table([[1, 2, 3], [4, 5, 6]])
        #expect(table.rowTotals == [6, 15])
        #expect(table.columnTotals == [5, 7, 9])
        #expect(table.grandTotal == 21)
    }

    @Test func oneSmallCellIsHiddenWithTheSmallestRectangleAroundIt() {
        // setup
        let table = Self.table([[2, 20, 30], [15, 40, 50], [12, 60, 70]])
        // MUT
        let protected = DisclosureControl().protect(table)
        // validate: the cheapest cycle through (0,0) is (0,1), (1,0), (1,1): 20 + 15 + 40.
        #expect(protected.cells[0][0] == .suppressed(.primary))
        #expect(Self.hiddenPositions(protected) == [Position(row: 0, column: 0), Position(row: 0, column: 1),
                                                     Position(row: 1, column: 0), Position(row: 1, column: 1)])
        #expect(protected.cells[0][1] == .suppressed(.secondary))
        #expect(protected.primaryCount == 1 && protected.secondaryCount == 3)
        #expect(protected.rowTotals == [.count(52), .count(105), .count(142)])
        #expect(protected.columnTotals == [.count(29), .count(120), .count(150)])
        #expect(protected.grandTotal == .count(299))
        #expect(protected.cells[2] == [.count(12), .count(60), .count(70)])
        #expect(protected.cells.map { $0.map(\.description) }[0] == ["[c]", "[c]", "30"])
        #expect(protected.hasSuppression)
    }

    @Test func aHiddenCellAlwaysHasCompanyInItsRowAndColumn() {
        let protected = DisclosureControl().protect(Self.table([[9, 9, 9, 9], [9, 3, 9, 9], [9, 9, 9, 9]]))
        #expect(protected.cells[1][1].isSuppressed)
        let row = protected.cells[1].filter(\.isSuppressed).count + (protected.rowTotals[1].isSuppressed ? 1 : 0)
        let column = protected.cells.map { $0[1] }.filter(\.isSuppressed).count + (protected.columnTotals[1].isSuppressed ? 1 : 0)
        #expect(row >= 2 && column >= 2)
        #expect(DisclosureAttacker.byLinearAlgebra(DisclosureAttacker.grid(protected)).isEmpty)
    }

    @Test func smallTotalsAreHiddenToo() {
        // Row 0 adds up to 3: its total is as telling as a cell of 3.
        let protected = DisclosureControl().protect(Self.table([[1, 2, 0], [10, 12, 9], [8, 11, 14]]))
        #expect(protected.rowTotals[0] == .suppressed(.primary))
        #expect(protected.cells[0][0] == .suppressed(.primary) && protected.cells[0][1] == .suppressed(.primary))
        #expect(protected.primaryCount == 3)
        #expect(protected.cells[0][2] == .count(0))
        let grid = DisclosureAttacker.grid(protected)
        #expect(DisclosureAttacker.bySubtraction(grid).isEmpty && DisclosureAttacker.byLinearAlgebra(grid).isEmpty)
        // A column total of 4 and a grand total of 2.
        let column = DisclosureControl().protect(Self.table([[2, 30], [2, 40]]))
        #expect(column.columnTotals[0] == .suppressed(.primary))
        let tiny = DisclosureControl().protect(Self.table([[2, 0]]))
        #expect(tiny.grandTotal == .suppressed(.primary) && tiny.rowTotals[0] == .suppressed(.primary))
    }

    @Test func zerosAreShownUnlessTheRulesHideThem() {
        let table = Self.table([[0, 20, 30], [15, 40, 50], [12, 60, 70]])
        let shown = DisclosureControl().protect(table)
        #expect(shown.cells[0][0] == .count(0))
        #expect(!shown.hasSuppression)
        let hidden = DisclosureControl(rules: DisclosureRules(suppressZeros: true)).protect(table)
        #expect(hidden.cells[0][0] == .suppressed(.primary))
        #expect(hidden.secondaryCount >= 3)
        #expect(DisclosureAttacker.byLinearAlgebra(DisclosureAttacker.grid(hidden)).isEmpty)
    }

    @Test func zerosAreAvoidedAsComplements() {
        // (0,1) = 0 would close the cheapest rectangle, but a hidden zero tells a reader which
        // way the hidden values can move; a non-zero cell is used instead.
        let protected = DisclosureControl().protect(Self.table([[2, 0, 30], [15, 40, 50], [12, 60, 70]]))
        #expect(protected.cells[0][1] == .count(0))
        #expect(protected.cells[0][2].isSuppressed)
    }

    @Test func roundingAppliesToShownCountsAfterSuppressionIsDecided() {
        let rules = DisclosureRules(threshold: 5, roundingBase: 5)
        let protected = DisclosureControl(rules: rules).protect(Self.table([[3, 7, 12], [8, 22, 13], [6, 9, 40]]))
        #expect(protected.cells[0][0] == .suppressed(.primary))
        for value in protected.cells.joined() + protected.rowTotals + protected.columnTotals + [protected.grandTotal] {
            if let count = value.count { #expect(count % 5 == 0) }
        }
        #expect(protected.cells[1] == [.count(10), .count(20), .count(15)])
        #expect(protected.grandTotal == .count(120))
        #expect(rules.rounded(2) == 0 && rules.rounded(3) == 5 && rules.rounded(7) == 5 && rules.rounded(8) == 10)
        #expect(DisclosureRules(roundingBase: 10).rounded(15) == 20)
        #expect(DisclosureRules().rounded(13) == 13 && DisclosureRules(roundingBase: 1).rounded(13) == 13)
    }

    @Test func theSummaryStatesTheRulesInPlainEnglish() {
        #expect(DisclosureRules.standard.summary == "Counts of 1 to 4 are shown as [c]; further cells are hidden where a total "
            + "would reveal them (secondary suppression). Figures are not rounded.")
        let strict = DisclosureRules(threshold: 10, suppressZeros: true, roundingBase: 5).summary
        #expect(strict.hasPrefix("Zeros and counts of 1 to 9 are shown as [c];"))
        #expect(strict.hasSuffix("Shown figures are rounded to the nearest 5 after suppression is decided, so totals may not equal the sum of their parts."))
        #expect(DisclosureRules(threshold: 2).summary.hasPrefix("Counts of 1 are shown as [c];"))
    }

    @Test func rulesAndValuesEncodeAsPublished() throws {
        let rules = DisclosureRules(threshold: 10, suppressZeros: true, roundingBase: 5)
        #expect(try JSONDecoder().decode(DisclosureRules.self, from: JSONEncoder().encode(rules)) == rules)
        #expect(try JSONDecoder().decode(DisclosureRules.self, from: Data("{}".utf8)) == .standard)
        let values: [DisclosedValue] = [.count(12), .suppressed(.secondary)]
        #expect(String(decoding: try JSONEncoder().encode(values), as: UTF8.self) == #"[12,"[c]"]"#)
        #expect(try JSONDecoder().decode([DisclosedValue].self, from: Data(#"[0,"[c]"]"#.utf8)) == [.count(0), .suppressed(.primary)])
        #expect(throws: DecodingError.self) { try JSONDecoder().decode([DisclosedValue].self, from: Data(#"["*"]"#.utf8)) }
        #expect(DisclosedValue.count(12).description == "12" && DisclosedValue.suppressed(.primary).description == "[c]")
        #expect(DisclosedValue.count(12).count == 12 && DisclosedValue.suppressed(.primary).count == nil)
        #expect(DisclosedValue.suppressed(.secondary).isSuppressed && !DisclosedValue.count(0).isSuppressed)
    }

    @Test func aWithheldFigureInAOneColumnTableIsCountedOnce() {
        // The profile's rows-only tables have one column: each row total is its cell.
        let column = DisclosureControl().protect(Self.table([[3], [20], [30], [41]]))
        let hiddenCells = column.cells.map(\.[0]).filter(\.isSuppressed).count
        #expect(column.cells[0][0] == .suppressed(.primary) && hiddenCells == 2)
        #expect(column.rowTotals.filter(\.isSuppressed).count == 2, "printed in two places")
        #expect(column.primaryCount == 1 && column.secondaryCount == 1, "but counted once each")
    }

    @Test func edgeShapedTables() {
        let single = DisclosureControl().protect(Self.table([[3]]))
        #expect(single.cells == [[.suppressed(.primary)]] && single.grandTotal.isSuppressed && single.primaryCount == 1,
                "one figure, printed four times, is withheld once")
        let big = DisclosureControl().protect(Self.table([[30]]))
        #expect(!big.hasSuppression)
        // One row: a column total repeats its cell, so both are hidden and another pair with them.
        let row = DisclosureControl().protect(Self.table([[3, 20, 40]]))
        #expect(row.cells[0][0].isSuppressed && row.columnTotals[0].isSuppressed)
        #expect(DisclosureAttacker.byLinearAlgebra(DisclosureAttacker.grid(row)).isEmpty)
        #expect(row.primaryCount + row.secondaryCount == row.cells[0].filter(\.isSuppressed).count
                + (row.rowTotals[0].isSuppressed ? 1 : 0), "a column total that repeats its cell is not counted again")
        let empty = DisclosureControl().protect(CountTable(rowKeys: [], columnKeys: ["a"], cells: []))
        #expect(empty.cells.isEmpty && empty.columnTotals == [.count(0)] && empty.grandTotal == .count(0))
    }

    @Test func linkedTablesAgreeOnEverySharedCell() {
        // setup: a quarter's page, the next quarter's page, and a chart of the first quarter
        // with fewer exploitation types. Keys say which figures are the same.
        let boroughs = ["Barnet", "Brent", "Camden"]
        let q1 = CountTable(rowKeys: boroughs, columnKeys: ["Labour", "Sexual", "Criminal"],
                            cells: [[12, 30, 25], [40, 22, 18], [15, 35, 60]])
        let chart = CountTable(rowKeys: boroughs, columnKeys: ["Labour", "Criminal"], cells: [[12, 25], [40, 3], [15, 60]])
        let chartOnItsOwn = DisclosureControl().protect(chart)
        #expect(DisclosureControl().protect(q1).hasSuppression == false)
        // MUT
        let linked = DisclosureControl().protect(linked: [q1, chart])
        // validate: Brent–Criminal is small in the chart, so it is hidden in the page as well,
        // and the page then needs its own complementary cells.
        #expect(chartOnItsOwn.cells[1][1] == .suppressed(.primary))
        #expect(linked[0].cells[1][2].isSuppressed)
        #expect(linked[0].secondaryCount >= 3)
        for (table, result) in zip([q1, chart], linked) {
            for (row, rowKey) in table.rowKeys.enumerated() {
                for (column, columnKey) in table.columnKeys.enumerated() {
                    for (otherTable, otherResult) in zip([q1, chart], linked) {
                        guard let r = otherTable.rowKeys.firstIndex(of: rowKey),
                              let c = otherTable.columnKeys.firstIndex(of: columnKey) else { continue }
                        #expect(result.cells[row][column].isSuppressed == otherResult.cells[r][c].isSuppressed)
                    }
                }
            }
            #expect(DisclosureAttacker.byLinearAlgebra(DisclosureAttacker.grid(result)).isEmpty)
        }
        #expect(DisclosureControl().protect(linked: []) == [])
        #expect(DisclosureControl().protect(linked: [q1]) == [DisclosureControl().protect(q1)])
    }

    /// Boroughs, the police BCUs that are sums of them, and London.
    static let boroughsAndBCUs: [FigureDefinition] = [
        FigureDefinition(id: "Barnet", atoms: ["Barnet"], value: 2),
        FigureDefinition(id: "Enfield", atoms: ["Enfield"], value: 10),
        FigureDefinition(id: "Haringey", atoms: ["Haringey"], value: 20),
        FigureDefinition(id: "North Area BCU", atoms: ["Barnet", "Enfield", "Haringey"], value: 32),
        FigureDefinition(id: "Camden", atoms: ["Camden"], value: 7),
        FigureDefinition(id: "Islington", atoms: ["Islington"], value: 9),
        FigureDefinition(id: "Central North BCU", atoms: ["Camden", "Islington"], value: 16),
        FigureDefinition(id: "London", atoms: ["Barnet", "Enfield", "Haringey", "Camden", "Islington"], value: 48),
    ]

    @Test func aBCUFigureCannotGiveAwayAHiddenBorough() {
        // setup: with only Barnet hidden, North Area BCU − Enfield − Haringey = Barnet.
        let naive = Dictionary(uniqueKeysWithValues: Self.boroughsAndBCUs.map {
            ($0.id, $0.id == "Barnet" ? DisclosedValue.suppressed(.primary) : .count($0.value))
        })
        #expect(DisclosureAudit.recoverable(Self.boroughsAndBCUs, published: naive) == ["Barnet"])
        #expect(DisclosureAttacker.determinedFigures(Self.boroughsAndBCUs, published: naive) == ["Barnet"])
        // MUT
        let published = DisclosureControl().protect(Self.boroughsAndBCUs)
        // validate: Barnet is hidden and so is the smallest other borough of its BCU; the BCU,
        // the other BCU and London stay visible.
        #expect(published["Barnet"] == .suppressed(.primary))
        #expect(published["Enfield"] == .suppressed(.secondary))
        #expect(published.values.filter(\.isSuppressed).count == 2)
        #expect(published["North Area BCU"] == .count(32) && published["London"] == .count(48))
        #expect(DisclosureAudit.recoverable(Self.boroughsAndBCUs, published: published).isEmpty)
        #expect(DisclosureAttacker.determinedFigures(Self.boroughsAndBCUs, published: published).isEmpty)
    }

    @Test func thisYearAndLastYearColumnsAreProtectedTogether() {
        // Quarters of two years, each year's total, and the two-year total per borough.
        var figures: [FigureDefinition] = []
        let counts = [("Barnet", [3, 8, 9, 12, 10, 11, 14, 6]), ("Brent", [15, 9, 7, 8, 2, 13, 11, 9])]
        for (borough, quarters) in counts {
            for (q, value) in quarters.enumerated() {
                figures.append(FigureDefinition(id: "\(borough) q\(q)", atoms: ["\(borough) q\(q)"], value: value))
            }
            for year in 0..<2 {
                let atoms = (year * 4..<year * 4 + 4).map { "\(borough) q\($0)" }
                figures.append(FigureDefinition(id: "\(borough) year\(year)", atoms: Set(atoms),
                                                value: quarters[year * 4..<year * 4 + 4].reduce(0, +)))
            }
            figures.append(FigureDefinition(id: "\(borough) both", atoms: Set((0..<8).map { "\(borough) q\($0)" }),
                                            value: quarters.reduce(0, +)))
        }
        let published = DisclosureControl().protect(figures)
        #expect(published["Barnet q0"]?.isSuppressed == true && published["Brent q4"]?.isSuppressed == true)
        #expect(DisclosureAudit.recoverable(figures, published: published).isEmpty)
        #expect(DisclosureAttacker.determinedFigures(figures, published: published).isEmpty)
    }

    @Test func figuresFollowTheRules() {
        let figures = [FigureDefinition(id: "a", atoms: ["a"], value: 0), FigureDefinition(id: "b", atoms: ["b"], value: 23),
                       FigureDefinition(id: "c", atoms: ["c"], value: 4)]
        #expect(DisclosureControl().protect(figures) == ["a": .count(0), "b": .count(23), "c": .suppressed(.primary)])
        let rounded = DisclosureControl(rules: DisclosureRules(suppressZeros: true, roundingBase: 5)).protect(figures)
        #expect(rounded == ["a": .suppressed(.primary), "b": .count(25), "c": .suppressed(.primary)])
        #expect(DisclosureControl().protect([]) == [:])
        // A figure with no atoms is empty by definition; it is neither a risk nor a loop.
        #expect(DisclosureControl().protect([FigureDefinition(id: "odd", atoms: [], value: 3)]) == ["odd": .suppressed(.primary)])
    }

    @Test func dashboardSizedInputsAreQuick() {
        var random = SyntheticRandom(seed: 50)
        let cells = (0..<50).map { _ in (0..<50).map { _ in DisclosureSamples.skewedCount(&random) } }
        let table = Self.table(cells)
        let clock = ContinuousClock()
        var protected: DisclosedTable?
        let tableTime = clock.measure { protected = DisclosureControl().protect(table) }
        #expect(DisclosureAttacker.byLinearAlgebra(DisclosureAttacker.grid(protected!)).isEmpty)

        // 33 boroughs × 6 exploitation types, their BCUs, borough totals, type totals, London.
        let boroughs = 33, types = 6
        let counts = (0..<boroughs).map { _ in (0..<types).map { _ in DisclosureSamples.skewedCount(&random) } }
        let bcu = (0..<boroughs).map { $0 % 12 }
        var figures: [FigureDefinition] = []
        func add(_ id: String, _ atoms: [(Int, Int)]) {
            figures.append(FigureDefinition(id: id, atoms: Set(atoms.map { "\($0.0).\($0.1)" }),
                                            value: atoms.reduce(0) { $0 + counts[$1.0][$1.1] }))
        }
        for b in 0..<boroughs { for t in 0..<types { add("b\(b) t\(t)", [(b, t)]) } }
        for area in 0..<12 {
            let members = (0..<boroughs).filter { bcu[$0] == area }
            for t in 0..<types { add("bcu\(area) t\(t)", members.map { ($0, t) }) }
            add("bcu\(area)", members.flatMap { b in (0..<types).map { (b, $0) } })
        }
        for b in 0..<boroughs { add("b\(b)", (0..<types).map { (b, $0) }) }
        for t in 0..<types { add("t\(t)", (0..<boroughs).map { ($0, t) }) }
        add("London", (0..<boroughs).flatMap { b in (0..<types).map { (b, $0) } })
        var published: [String: DisclosedValue] = [:]
        let figureTime = clock.measure { published = DisclosureControl().protect(figures) }
        #expect(figures.count == 322)
        #expect(DisclosureAudit.recoverable(figures, published: published).isEmpty)
        // Generous bounds: a loaded two-core machine running a debug build.
        #expect(tableTime < .seconds(2), "50 × 50 table took \(tableTime)")
        #expect(figureTime < .seconds(5), "322 figures took \(figureTime)")
        print("disclosure timing: 50×50 table \(tableTime), 322 figures \(figureTime), "
              + "\(published.values.filter(\.isSuppressed).count) figures hidden")
    }
}
