/// A two-way table of true counts with their key sums, `cells[row][column]`, and its row
/// totals, column totals and grand total — each a cell in its own right, as the database
/// returns it. Totals are given, not added up here, because a record counted once per mention
/// (a case under each of its exploitation types) is in several cells but once in a total.
public struct KeyedCountTable: Sendable, Equatable {
    public var rowKeys: [String]
    public var columnKeys: [String]
    public var cells: [[KeyedCount]]
    public var rowTotals: [KeyedCount]
    public var columnTotals: [KeyedCount]
    public var grandTotal: KeyedCount

    /// One row of cells and one row total per row key, one cell and one column total per column
    /// key, no negative count. A table that breaks this is a programming error: debug builds
    /// stop; release builds read missing entries as empty rather than take the service down.
    public init(rowKeys: [String], columnKeys: [String], cells: [[KeyedCount]], rowTotals: [KeyedCount],
                columnTotals: [KeyedCount], grandTotal: KeyedCount) {
        assert(cells.count == rowKeys.count && cells.allSatisfy { $0.count == columnKeys.count },
               "KeyedCountTable needs one row of cells per row key and one cell per column key")
        assert(rowTotals.count == rowKeys.count && columnTotals.count == columnKeys.count,
               "KeyedCountTable needs one total per row key and per column key")
        assert((cells.joined() + rowTotals + columnTotals + [grandTotal]).allSatisfy { $0.count >= 0 },
               "KeyedCountTable counts cannot be negative")
        self.rowKeys = rowKeys
        self.columnKeys = columnKeys
        self.cells = cells
        self.rowTotals = rowTotals
        self.columnTotals = columnTotals
        self.grandTotal = grandTotal
    }

    /// Totals made by adding cells (counts and key sums alike), right when every record is in
    /// exactly one cell, so that a total's records are its cells' records together.
    public init(rowKeys: [String], columnKeys: [String], cells: [[KeyedCount]]) {
        func cell(_ row: Int, _ column: Int) -> KeyedCount {
            cells.indices.contains(row) && cells[row].indices.contains(column) ? cells[row][column] : .zero
        }
        let rowTotals = rowKeys.indices.map { row in columnKeys.indices.reduce(KeyedCount.zero) { $0 + cell(row, $1) } }
        self.init(rowKeys: rowKeys, columnKeys: columnKeys, cells: cells, rowTotals: rowTotals,
                  columnTotals: columnKeys.indices.map { column in rowKeys.indices.reduce(KeyedCount.zero) { $0 + cell($1, column) } },
                  grandTotal: rowTotals.reduce(.zero, +))
    }

    /// The cell at a position, reading anything missing as empty.
    public func cell(row: Int, column: Int) -> KeyedCount {
        guard cells.indices.contains(row), cells[row].indices.contains(column) else { return .zero }
        return cells[row][column]
    }

    public func rowTotal(_ row: Int) -> KeyedCount { rowTotals.indices.contains(row) ? rowTotals[row] : .zero }

    public func columnTotal(_ column: Int) -> KeyedCount { columnTotals.indices.contains(column) ? columnTotals[column] : .zero }
}
