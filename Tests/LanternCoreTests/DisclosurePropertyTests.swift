import Testing
import LanternCore

/// A reader trying to undo disclosure control, written without using LanternCore's algorithm:
/// only the published figures and how they add up.
enum DisclosureAttacker {
    struct Position: Hashable, CustomStringConvertible {
        let row: Int, column: Int
        var description: String { "(\(row), \(column))" }
    }

    /// A published table with its margins as one grid, nil where hidden: row R holds the
    /// column totals, column C the row totals, (R, C) the grand total.
    static func grid(_ table: DisclosedTable) -> [[Int?]] {
        var grid = table.cells.indices.map { row in table.cells[row].map(\.count) + [table.rowTotals[row].count] }
        grid.append(table.columnTotals.map(\.count) + [table.grandTotal.count])
        return grid
    }

    /// The true table with its margins, worked out independently.
    static func trueGrid(_ table: CountTable) -> [[Int]] {
        var grid = table.cells.map { $0 + [$0.reduce(0, +)] }
        let width = table.columnKeys.count + 1
        grid.append((0..<width).map { column in grid.reduce(0) { $0 + $1[column] } })
        return grid
    }

    /// Every line a reader knows adds up: members with sign +1 and the line's total with -1
    /// sum to zero.
    static func lines(rows: Int, columns: Int) -> [[(Position, Int)]] {
        let across = (0...rows).map { row in
            (0..<columns).map { (Position(row: row, column: $0), 1) } + [(Position(row: row, column: columns), -1)]
        }
        let down = (0...columns).map { column in
            (0..<rows).map { (Position(row: $0, column: column), 1) } + [(Position(row: rows, column: column), -1)]
        }
        return across + down
    }

    /// (a) Repeated subtraction: any line with exactly one hidden entry gives it away; mark it
    /// known and go on.
    static func bySubtraction(_ published: [[Int?]]) -> Set<Position> {
        var grid = published
        var recovered: Set<Position> = []
        let all = lines(rows: grid.count - 1, columns: grid[0].count - 1)
        var progress = true
        while progress {
            progress = false
            for line in all {
                let unknown = line.filter { grid[$0.0.row][$0.0.column] == nil }
                guard unknown.count == 1, let (position, sign) = unknown.first else { continue }
                let known = line.reduce(0) { $0 + $1.1 * (grid[$1.0.row][$1.0.column] ?? 0) }
                grid[position.row][position.column] = -known * sign
                recovered.insert(position)
                progress = true
            }
        }
        return recovered
    }

    /// (b) Exact linear algebra over the rationals on all the line equations at once: hidden
    /// entries whose value is the same in every solution.
    static func byLinearAlgebra(_ published: [[Int?]]) -> Set<Position> {
        let unknowns = published.indices.flatMap { row in
            published[row].indices.filter { published[row][$0] == nil }.map { Position(row: row, column: $0) }
        }
        let index = Dictionary(uniqueKeysWithValues: unknowns.enumerated().map { ($1, $0) })
        let equations = lines(rows: published.count - 1, columns: published[0].count - 1).map { line in
            var coefficients = Array(repeating: 0, count: unknowns.count)
            for (position, sign) in line { if let i = index[position] { coefficients[i] += sign } }
            return coefficients
        }
        return Set(determined(equations, unknownCount: unknowns.count).map { unknowns[$0] })
    }

    /// The unknowns fixed by homogeneous equations' coefficient rows: in reduced row echelon
    /// form, those whose pivot row has no other non-zero entry.
    static func determined(_ equations: [[Int]], unknownCount: Int) -> [Int] {
        reducedRowEchelon(equations, columns: unknownCount).compactMap { row in
            let nonZero = row.indices.filter { row[$0] != 0 }
            return nonZero.count == 1 ? nonZero[0] : nil
        }
    }

    /// Fraction-free Gauss–Jordan elimination over the integers, each row divided by the gcd
    /// of its entries so numbers stay small: exact rational row reduction.
    static func reducedRowEchelon(_ input: [[Int]], columns: Int) -> [[Int]] {
        var rows = input
        var top = 0
        for column in 0..<columns {
            guard let found = (top..<rows.count).first(where: { rows[$0][column] != 0 }) else { continue }
            rows.swapAt(top, found)
            for other in rows.indices where other != top && rows[other][column] != 0 {
                let (a, b) = (rows[top][column], rows[other][column])
                rows[other] = normalised(zip(rows[other], rows[top]).map { $0 * a - $1 * b })
            }
            top += 1
        }
        return Array(rows[..<top])
    }

    static func rank(_ rows: [[Int]], columns: Int) -> Int { reducedRowEchelon(rows, columns: columns).count }

    private static func normalised(_ row: [Int]) -> [Int] {
        let divisor = row.reduce(0) { gcd($0, abs($1)) }
        return divisor > 1 ? row.map { $0 / divisor } : row
    }

    private static func gcd(_ a: Int, _ b: Int) -> Int { b == 0 ? a : gcd(b, a % b) }

    /// Hidden (or absent) figures with atoms whose atom vector lies in the rational span of the
    /// published figures' vectors.
    static func determinedFigures(_ figures: [FigureDefinition], published: [String: DisclosedValue]) -> Set<String> {
        let atoms = Set(figures.flatMap(\.atoms)).sorted()
        func vector(_ figure: FigureDefinition) -> [Int] { atoms.map { figure.atoms.contains($0) ? 1 : 0 } }
        let shown = figures.filter { published[$0.id]?.count != nil }.map(vector)
        let base = rank(shown, columns: atoms.count)
        return Set(figures.filter { published[$0.id]?.count == nil && !$0.atoms.isEmpty }
            .filter { rank(shown + [vector($0)], columns: atoms.count) == base }
            .map(\.id))
    }
}

/// Random inputs shaped like the dashboard's: small tables with many counts of 0 to 6.
enum DisclosureSamples {
    static func skewedCount(_ random: inout SyntheticRandom) -> Int {
        let u = random.unit()
        if u < 0.3 { return 0 }
        if u < 0.7 { return random.int(1...6) }
        if u < 0.95 { return random.int(7...30) }
        return random.int(31...300)
    }

    static func table(_ random: inout SyntheticRandom, maxSide: Int = 12) -> CountTable {
        let rows = random.int(1...maxSide), columns = random.int(1...maxSide)
        return CountTable(rowKeys: (0..<rows).map { "r\($0)" }, columnKeys: (0..<columns).map { "c\($0)" },
                          cells: (0..<rows).map { _ in (0..<columns).map { _ in skewedCount(&random) } })
    }

    /// Boroughs (atoms) with their own figures, BCUs made of them, often a London total, and
    /// sometimes a second, cross-cutting grouping and a few odd subsets.
    static func hierarchicalFigures(_ random: inout SyntheticRandom) -> [FigureDefinition] {
        let atomCount = random.int(2...14)
        let counts = (0..<atomCount).map { _ in skewedCount(&random) }
        var figures: [FigureDefinition] = []
        func add(_ id: String, _ members: [Int]) {
            guard !members.isEmpty else { return }
            figures.append(FigureDefinition(id: id, atoms: Set(members.map { "borough\($0)" }),
                                            value: members.reduce(0) { $0 + counts[$1] }))
        }
        for atom in 0..<atomCount where random.unit() < 0.9 { add("borough\(atom)", [atom]) }
        func partition(_ name: String) {
            let groups = random.int(1...max(1, atomCount / 2))
            var members = Array(repeating: [Int](), count: groups)
            for atom in 0..<atomCount { members[random.int(0...groups - 1)].append(atom) }
            for (group, atoms) in members.enumerated() { add("\(name)\(group)", atoms) }
        }
        partition("bcu")
        if random.unit() < 0.7 { add("london", Array(0..<atomCount)) }
        if random.unit() < 0.4 { partition("area") }
        for extra in 0..<random.int(0...2) { add("extra\(extra)", (0..<atomCount).filter { _ in random.unit() < 0.4 }) }
        return figures
    }

    /// A table described as figures: cells, row totals, column totals, grand total.
    static func figures(of table: CountTable) -> [FigureDefinition] {
        let truth = DisclosureAttacker.trueGrid(table)
        let (rows, columns) = (table.rowKeys.count, table.columnKeys.count)
        func atoms(_ rowRange: Range<Int>, _ columnRange: Range<Int>) -> Set<String> {
            Set(rowRange.flatMap { row in columnRange.map { "\(row).\($0)" } })
        }
        var figures: [FigureDefinition] = []
        for row in 0...rows {
            for column in 0...columns {
                let rowRange = row == rows ? 0..<rows : row..<row + 1
                let columnRange = column == columns ? 0..<columns : column..<column + 1
                figures.append(FigureDefinition(id: "\(row),\(column)", atoms: atoms(rowRange, columnRange),
                                                value: truth[row][column]))
            }
        }
        return figures
    }
}

@Suite struct DisclosurePropertyTests {
    static let ruleSets: [DisclosureRules] = [
        .standard,
        DisclosureRules(threshold: 10),
        DisclosureRules(threshold: 5, suppressZeros: true),
        DisclosureRules(threshold: 3),
        DisclosureRules(threshold: 8, roundingBase: 5),
    ]

    /// For every table: nothing small is shown, shown figures are the true ones (rounded when
    /// the rules say so), and no hidden entry can be recovered by subtraction or by exact
    /// linear algebra on the published table.
    @discardableResult
    static func checkTable(_ table: CountTable, _ rules: DisclosureRules) -> DisclosedTable {
        let control = DisclosureControl(rules: rules)
        let protected = control.protect(table)
        #expect(control.protect(table) == protected, "protect is deterministic")
        let truth = DisclosureAttacker.trueGrid(table)
        let published = DisclosureAttacker.grid(protected)
        var primary = 0
        for row in truth.indices {
            for column in truth[row].indices {
                let value = truth[row][column]
                let sensitive = value == 0 ? rules.suppressZeros : value < rules.threshold
                if sensitive { primary += 1 }
                if let shown = published[row][column] {
                    #expect(!sensitive, "small value \(value) shown at \(row), \(column) in \(table.cells)")
                    let expected = rules.roundingBase.map { (value + $0 / 2) / $0 * $0 } ?? value
                    #expect(shown == expected, "shown \(shown) for true \(value)")
                }
            }
        }
        // Counted once per figure: in a one-row or one-column table a total repeats a cell.
        let distinct = DisclosureControl.distinctFigures(rows: table.rowKeys.count, columns: table.columnKeys.count)
        let distinctPrimary = distinct.filter { position in
            let value: Int = truth[position.row][position.column]
            return value == 0 ? rules.suppressZeros : value < rules.threshold
        }.count
        #expect(primary >= distinctPrimary)
        #expect(protected.primaryCount == distinctPrimary)
        let hidden = distinct.filter { position in published[position.row][position.column] == nil }.count
        #expect(protected.primaryCount + protected.secondaryCount == hidden)
        // Attacks use the true values of shown entries, so rounding cannot help the defence.
        let attackable = published.indices.map { row in
            published[row].indices.map { published[row][$0] == nil ? nil : truth[row][$0] }
        }
        let bySubtraction = DisclosureAttacker.bySubtraction(attackable)
        let byAlgebra = DisclosureAttacker.byLinearAlgebra(attackable)
        #expect(bySubtraction.isEmpty, "recovered by subtraction: \(bySubtraction) in \(table.cells)")
        #expect(byAlgebra.isEmpty, "recovered by linear algebra: \(byAlgebra) in \(table.cells)")
        if protected.primaryCount == 0 { #expect(protected.secondaryCount == 0, "nothing to protect, nothing hidden") }
        return protected
    }

    @Test(arguments: 0..<8)
    func randomTablesCannotBeRecovered(batch: Int) {
        var random = SyntheticRandom(seed: 0xD15C_0000 + UInt64(batch))
        var neededSecondary = 0
        for _ in 0..<60 {
            if Self.checkTable(DisclosureSamples.table(&random), .standard).secondaryCount > 0 { neededSecondary += 1 }
        }
        #expect(neededSecondary >= 20, "the samples exercise secondary suppression")
    }

    @Test(arguments: 0..<ruleSets.count)
    func randomTablesCannotBeRecoveredUnderOtherRules(ruleSet: Int) {
        var random = SyntheticRandom(seed: 0xD15C_1000 + UInt64(ruleSet))
        for _ in 0..<40 {
            Self.checkTable(DisclosureSamples.table(&random), Self.ruleSets[ruleSet])
        }
    }

    /// Tables of mostly small counts force long chains of secondary suppression.
    @Test func denseSmallTablesCannotBeRecovered() {
        var random = SyntheticRandom(seed: 0xD15C_2000)
        var neededSecondary = 0
        for _ in 0..<60 {
            let rows = random.int(1...12), columns = random.int(1...12)
            let cells = (0..<rows).map { _ in (0..<columns).map { _ in random.unit() < 0.6 ? random.int(0...4) : random.int(5...12) } }
            let table = CountTable(rowKeys: (0..<rows).map { "r\($0)" }, columnKeys: (0..<columns).map { "c\($0)" }, cells: cells)
            if Self.checkTable(table, .standard).secondaryCount > 0 { neededSecondary += 1 }
        }
        #expect(neededSecondary >= 20)
    }

    /// The attacker is not toothless: hiding only the small cells gives them away.
    @Test func theAttackersRecoverPrimarySuppressionAlone() {
        var random = SyntheticRandom(seed: 0xD15C_3000)
        var recoveredBySubtraction = 0, recoveredByAlgebra = 0, hiddenAtAll = 0
        for _ in 0..<100 {
            let table = DisclosureSamples.table(&random, maxSide: 6)
            let truth = DisclosureAttacker.trueGrid(table)
            let naive: [[Int?]] = truth.map { $0.map { $0 >= 1 && $0 < 5 ? nil : $0 } }
            guard naive.joined().contains(where: { $0 == nil }) else { continue }
            hiddenAtAll += 1
            let bySubtraction = DisclosureAttacker.bySubtraction(naive)
            let byAlgebra = DisclosureAttacker.byLinearAlgebra(naive)
            #expect(bySubtraction.isSubset(of: byAlgebra), "subtraction is a special case of the algebra")
            if !bySubtraction.isEmpty { recoveredBySubtraction += 1 }
            if !byAlgebra.isEmpty { recoveredByAlgebra += 1 }
        }
        #expect(hiddenAtAll > 50)
        #expect(recoveredBySubtraction > hiddenAtAll / 2)
        #expect(recoveredByAlgebra >= recoveredBySubtraction)
        // A cell on a hidden rectangle survives subtraction and algebra alike.
        let rectangle: [[Int?]] = [[nil, nil, 30, 40], [nil, nil, 20, 30], [7, 8, 9, 24], [17, 18, 59, 94]]
        #expect(DisclosureAttacker.byLinearAlgebra(rectangle).isEmpty)
        // ...but a hidden cell whose row and column are otherwise shown does not.
        let lonely: [[Int?]] = [[nil, 20, 22], [10, 11, 21], [12, 31, 43]]
        #expect(DisclosureAttacker.bySubtraction(lonely) == [DisclosureAttacker.Position(row: 0, column: 0)])
        // Linear algebra finds what subtraction cannot: two hidden rectangles joined by one
        // hidden cell leave two unknowns in every line, yet that cell is fixed.
        let dumbbell: [[Int?]] = [[nil, nil, 7, 18], [nil, nil, nil, 27], [11, 12, nil, nil], [24, 27, nil, nil]]
        #expect(DisclosureAttacker.bySubtraction(dumbbell).isEmpty)
        #expect(DisclosureAttacker.byLinearAlgebra(dumbbell) == [DisclosureAttacker.Position(row: 1, column: 2)])
    }

    @Test(arguments: 0..<4)
    func linkedTablesHideSharedCellsTogetherAndEachIsSafe(batch: Int) {
        var random = SyntheticRandom(seed: 0xD15C_4000 + UInt64(batch))
        let rowPool = (0..<10).map { "borough\($0)" }, columnPool = (0..<8).map { "type\($0)" }
        var changedByLinking = 0
        for _ in 0..<15 {
            let tables = (0..<random.int(2...4)).map { _ -> CountTable in
                let rows = rowPool.filter { _ in random.unit() < 0.6 }, columns = columnPool.filter { _ in random.unit() < 0.6 }
                let usedRows = rows.isEmpty ? [rowPool[0]] : rows, usedColumns = columns.isEmpty ? [columnPool[0]] : columns
                return CountTable(rowKeys: usedRows, columnKeys: usedColumns,
                                  cells: usedRows.map { _ in usedColumns.map { _ in DisclosureSamples.skewedCount(&random) } })
            }
            let control = DisclosureControl()
            let protected = control.protect(linked: tables)
            #expect(protected.count == tables.count)
            #expect(control.protect(linked: tables) == protected)
            if protected != tables.map(control.protect) { changedByLinking += 1 }
            var hiddenByKey: [String: Set<Bool>] = [:]
            for (table, result) in zip(tables, protected) {
                #expect(result.rowKeys == table.rowKeys && result.columnKeys == table.columnKeys)
                let truth = DisclosureAttacker.trueGrid(table)
                let published = DisclosureAttacker.grid(result)
                for row in truth.indices {
                    for column in truth[row].indices {
                        let value = truth[row][column]
                        if value >= 1 && value < 5 { #expect(published[row][column] == nil) }
                        if let shown = published[row][column] { #expect(shown == value) }
                    }
                }
                for (row, rowKey) in table.rowKeys.enumerated() {
                    for (column, columnKey) in table.columnKeys.enumerated() {
                        hiddenByKey["\(rowKey)|\(columnKey)", default: []].insert(result.cells[row][column].isSuppressed)
                    }
                }
                #expect(DisclosureAttacker.bySubtraction(published).isEmpty)
                #expect(DisclosureAttacker.byLinearAlgebra(published).isEmpty)
            }
            for (key, states) in hiddenByKey { #expect(states.count == 1, "cell \(key) hidden in one table but shown in another") }
        }
        #expect(changedByLinking >= 3, "the samples exercise linking")
    }

    @discardableResult
    static func checkFigures(_ figures: [FigureDefinition], _ rules: DisclosureRules,
                             shuffledWith random: inout SyntheticRandom) -> [String: DisclosedValue] {
        let control = DisclosureControl(rules: rules)
        let published = control.protect(figures)
        #expect(Set(published.keys) == Set(figures.map(\.id)))
        #expect(control.protect(figures.shuffled(using: &random)) == published, "independent of the order figures are listed")
        for figure in figures {
            let sensitive = figure.value == 0 ? rules.suppressZeros : figure.value < rules.threshold
            switch published[figure.id] {
            case .count(let shown)?:
                #expect(!sensitive, "\(figure.id) = \(figure.value) shown")
                #expect(shown == rules.roundingBase.map { (figure.value + $0 / 2) / $0 * $0 } ?? figure.value)
            case .suppressed?: break
            case nil: Issue.record("\(figure.id) missing")
            }
        }
        let determined = DisclosureAttacker.determinedFigures(figures, published: published)
        #expect(determined.isEmpty, "recovered \(determined.sorted()) from \(figures.map { ($0.id, $0.atoms.sorted(), $0.value) })")
        #expect(DisclosureAudit.recoverable(figures, published: published).isEmpty)
        return published
    }

    @Test(arguments: 0..<6)
    func randomFigureHierarchiesCannotBeRecovered(batch: Int) {
        var random = SyntheticRandom(seed: 0xD15C_5000 + UInt64(batch))
        var neededSecondary = 0
        for _ in 0..<40 {
            let figures = DisclosureSamples.hierarchicalFigures(&random)
            let rules = Self.ruleSets[batch % Self.ruleSets.count]
            let published = Self.checkFigures(figures, rules, shuffledWith: &random)
            let primary = figures.filter { $0.value == 0 ? rules.suppressZeros : $0.value < rules.threshold }.count
            if published.values.filter(\.isSuppressed).count > primary { neededSecondary += 1 }
        }
        #expect(neededSecondary >= 10, "the samples exercise secondary suppression")
    }

    /// A table given as figures is protected as safely as through `protect(_ table:)`.
    @Test func tablesDescribedAsFiguresCannotBeRecovered() {
        var random = SyntheticRandom(seed: 0xD15C_6000)
        for _ in 0..<40 {
            Self.checkFigures(DisclosureSamples.figures(of: DisclosureSamples.table(&random, maxSide: 5)), .standard,
                              shuffledWith: &random)
        }
    }

    /// The audit agrees exactly with the independent rational solver on arbitrary hidden sets.
    @Test(arguments: 0..<3)
    func theAuditAgreesWithAnIndependentSolver(batch: Int) {
        var random = SyntheticRandom(seed: 0xD15C_7000 + UInt64(batch))
        for _ in 0..<60 {
            let figures = batch == 2 ? DisclosureSamples.figures(of: DisclosureSamples.table(&random, maxSide: 5))
                                     : DisclosureSamples.hierarchicalFigures(&random)
            var published: [String: DisclosedValue] = [:]
            for figure in figures where random.unit() < 0.75 { published[figure.id] = .count(figure.value) }
            for figure in figures where published[figure.id] == nil && random.unit() < 0.8 {
                published[figure.id] = .suppressed(.primary)
            }
            #expect(DisclosureAudit.recoverable(figures, published: published)
                    == DisclosureAttacker.determinedFigures(figures, published: published))
        }
    }
}
