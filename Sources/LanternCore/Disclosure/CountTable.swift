/// A two-way table of true counts, `cells[row][column]`, each at least 0. Its row totals,
/// column totals and grand total are computed, so they always agree with the cells.
public struct CountTable: Sendable, Equatable {
    public var rowKeys: [String]
    public var columnKeys: [String]
    public var cells: [[Int]]

    /// `cells` should have one row per row key and one entry per column key, none negative.
    /// A table that breaks this is a programming error: debug builds stop; release builds read
    /// missing cells as 0 and negative ones as 0 rather than take the service down.
    public init(rowKeys: [String], columnKeys: [String], cells: [[Int]]) {
        assert(cells.count == rowKeys.count && cells.allSatisfy { $0.count == columnKeys.count },
               "CountTable needs one row of cells per row key and one cell per column key")
        assert(cells.allSatisfy { $0.allSatisfy { $0 >= 0 } }, "CountTable counts cannot be negative")
        self.rowKeys = rowKeys
        self.columnKeys = columnKeys
        self.cells = cells
    }

    /// The count at a position, reading anything missing or negative as 0.
    public func count(row: Int, column: Int) -> Int {
        guard cells.indices.contains(row), cells[row].indices.contains(column) else { return 0 }
        return max(0, cells[row][column])
    }

    public var rowTotals: [Int] {
        rowKeys.indices.map { row in columnKeys.indices.reduce(0) { $0 + count(row: row, column: $1) } }
    }

    public var columnTotals: [Int] {
        columnKeys.indices.map { column in rowKeys.indices.reduce(0) { $0 + count(row: $1, column: column) } }
    }

    public var grandTotal: Int { rowTotals.reduce(0, +) }
}

/// A table after disclosure control: every interior cell, row total, column total and the
/// grand total as it may be published.
public struct DisclosedTable: Sendable, Equatable {
    public var rowKeys: [String]
    public var columnKeys: [String]
    public var cells: [[DisclosedValue]]
    public var rowTotals: [DisclosedValue]
    public var columnTotals: [DisclosedValue]
    public var grandTotal: DisclosedValue
    /// How many entries (cells and totals) are hidden because they are small themselves.
    public var primaryCount: Int
    /// How many entries are hidden only to protect others.
    public var secondaryCount: Int

    public init(rowKeys: [String], columnKeys: [String], cells: [[DisclosedValue]], rowTotals: [DisclosedValue],
                columnTotals: [DisclosedValue], grandTotal: DisclosedValue, primaryCount: Int, secondaryCount: Int) {
        self.rowKeys = rowKeys
        self.columnKeys = columnKeys
        self.cells = cells
        self.rowTotals = rowTotals
        self.columnTotals = columnTotals
        self.grandTotal = grandTotal
        self.primaryCount = primaryCount
        self.secondaryCount = secondaryCount
    }

    /// A table shown as it is: every count and total exact, nothing withheld (the exact view
    /// under a data-sharing agreement).
    public init(exactly table: CountTable) {
        self.init(rowKeys: table.rowKeys, columnKeys: table.columnKeys, cells: table.cells.map { $0.map { .count(max(0, $0)) } },
                  rowTotals: table.rowTotals.map { .count($0) }, columnTotals: table.columnTotals.map { .count($0) },
                  grandTotal: .count(table.grandTotal), primaryCount: 0, secondaryCount: 0)
    }

    /// Whether anything at all is hidden (for a release note such as "Some figures are [c]").
    public var hasSuppression: Bool { primaryCount + secondaryCount > 0 }
}
