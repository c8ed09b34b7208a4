/// Statistical disclosure control for published counts: hides small counts ("primary"), then
/// whatever would let a reader work them out from totals or other figures ("secondary"), then
/// rounds what is shown if the rules say so. Deterministic: the same input always gives the
/// same output.
///
/// What it does not address: bounds (a hidden count narrowed to a range, e.g. from
/// non-negativity — hidden zeros are avoided as complements for that reason); differencing
/// across separate requests with slightly different filters (release such figures together
/// through `protect(_ figures:)`, or fix the filters); tables linked other than by shared keys.
public struct DisclosureControl: Sendable {
    public let rules: DisclosureRules

    public init(rules: DisclosureRules = .standard) {
        self.rules = rules
    }

    /// One table published with its row totals, column totals and grand total.
    public func protect(_ table: CountTable) -> DisclosedTable {
        disclose(table, TableSuppression(table: table, rules: rules))
    }

    /// Tables shown together that share figures by key: the same (row key, column key) cell,
    /// or the same total (a row total is the same figure in two tables when the row key and the
    /// set of column keys match, and likewise for column and grand totals). A figure hidden in
    /// one table is hidden in every table that shows it, and each table is protected again
    /// until nothing changes, so every table is safe on its own and all agree.
    ///
    /// For tables related in other ways (one a sum of another's columns, this year and last
    /// year), describe the figures and use `protect(_ figures:)`.
    public func protect(linked tables: [CountTable]) -> [DisclosedTable] {
        let keys = tables.map(LinkedEntries.init)
        var forced: Set<LinkedEntries.Key> = []
        while true {
            let protected = zip(tables, keys).map { table, keys in
                TableSuppression(table: table, rules: rules) { forced.contains(keys.key(row: $0, column: $1)) }
            }
            var hiddenKeys = forced
            for (suppression, keys) in zip(protected, keys) {
                for (row, line) in suppression.hidden.enumerated() {
                    for (column, reason) in line.enumerated() where reason != nil {
                        hiddenKeys.insert(keys.key(row: row, column: column))
                    }
                }
            }
            if hiddenKeys == forced { return zip(tables, protected).map(disclose) }
            forced = hiddenKeys
        }
    }

    /// A general released set whose figures are sums of atoms (boroughs and the BCUs made of
    /// them, quarters and their year, a table and its totals). Returns every figure's published
    /// form keyed by id; no hidden figure can be worked out exactly from the shown ones
    /// (`DisclosureAudit.recoverable` is empty for the result).
    public func protect(_ figures: [FigureDefinition]) -> [String: DisclosedValue] {
        let suppression = FigureSuppression(figures, rules: rules)
        var result: [String: DisclosedValue] = [:]
        for (figure, reason) in zip(suppression.system.figures, suppression.hidden) {
            // Should an id appear twice, hiding wins.
            if result[figure.id]?.isSuppressed == true { continue }
            result[figure.id] = reason.map(DisclosedValue.suppressed) ?? .count(rules.rounded(figure.value))
        }
        return result
    }

    private func disclose(_ table: CountTable, _ suppression: TableSuppression) -> DisclosedTable {
        let (rows, columns) = (suppression.rows, suppression.columns)
        let grid = suppression.values.indices.map { row in
            suppression.values[row].indices.map { column -> DisclosedValue in
                suppression.hidden[row][column].map(DisclosedValue.suppressed)
                    ?? .count(rules.rounded(suppression.values[row][column]))
            }
        }
        let reasons = Self.distinctFigures(rows: rows, columns: columns).compactMap { suppression.hidden[$0.row][$0.column] }
        return DisclosedTable(
            rowKeys: table.rowKeys, columnKeys: table.columnKeys,
            cells: grid[..<rows].map { Array($0[..<columns]) },
            rowTotals: grid[..<rows].map { $0[columns] },
            columnTotals: Array(grid[rows][..<columns]),
            grandTotal: grid[rows][columns],
            primaryCount: reasons.filter { $0 == .primary }.count,
            secondaryCount: reasons.filter { $0 == .secondary }.count)
    }

    /// The positions in the (rows + 1) × (columns + 1) grid, totals included, that are
    /// different figures. In a one-column table each row total *is* its cell and the column
    /// total *is* the grand total (and likewise for one row), so a withheld figure is counted
    /// once, not once per place it is printed.
    public static func distinctFigures(rows: Int, columns: Int) -> [(row: Int, column: Int)] {
        var positions = (0..<rows).flatMap { row in (0..<columns).map { (row: row, column: $0) } }
        if columns > 1 { positions += (0..<rows).map { (row: $0, column: columns) } }
        if rows > 1 { positions += (0..<columns).map { (row: rows, column: $0) } }
        if rows > 1 && columns > 1 { positions.append((row: rows, column: columns)) }
        return positions
    }
}

/// How entries of a table are identified across linked tables.
private struct LinkedEntries {
    enum Key: Hashable {
        case cell(row: String, column: String)
        case rowTotal(row: String, columns: Set<String>)
        case columnTotal(rows: Set<String>, column: String)
        case grandTotal(rows: Set<String>, columns: Set<String>)
    }

    let rowKeys: [String]
    let columnKeys: [String]
    let rowSet: Set<String>
    let columnSet: Set<String>

    init(_ table: CountTable) {
        rowKeys = table.rowKeys
        columnKeys = table.columnKeys
        rowSet = Set(rowKeys)
        columnSet = Set(columnKeys)
    }

    func key(row: Int, column: Int) -> Key {
        switch (row < rowKeys.count, column < columnKeys.count) {
        case (true, true): .cell(row: rowKeys[row], column: columnKeys[column])
        case (true, false): .rowTotal(row: rowKeys[row], columns: columnSet)
        case (false, true): .columnTotal(rows: rowSet, column: columnKeys[column])
        case (false, false): .grandTotal(rows: rowSet, columns: columnSet)
        }
    }
}
