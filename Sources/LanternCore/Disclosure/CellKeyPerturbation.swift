/// The cell key method (as in ONS Census 2021 outputs, SuperSTAR and Cantabular) for counts
/// that people may ask for in any combination: every published count is the true count plus
/// noise from the perturbation table, looked up by the count and the cell's key (the sum of
/// its records' keys). Nothing is hidden; small counts are never shown as themselves.
///
/// Why not threshold suppression alone: with free questions, `[c]` leaks by differencing (a
/// table, then the same table filtered; a wider period less a narrower one). Here the same
/// records always get the same noise, so asking one figure again gives nothing, and a figure
/// worked out as a difference carries the noise of every figure used, so it is not exact.
///
/// Totals are cells in their own right with their own keys, perturbed independently of the
/// cells they cover, so a published table need not add up: a row total is usually not the sum
/// of its published cells. That is intended. A total made by adding perturbed cells would
/// carry the noise of all of them, and would differ from the same total asked for directly —
/// breaking "the same records, the same figure" and handing a reader two versions to compare.
///
/// Deterministic: the same input always gives the same output.
///
/// What it does not address: a reader who can ask for many different figures that each
/// differ from a target by other records can average the differences (the noise has mean
/// zero) or bound them (it is bounded), and so recover a small count. With the standard
/// table (±5, nothing shown from 1 to 4) about 100 distinct differences for one target give
/// the exact count by averaging about four times in five, and with certainty (noise at −5 in
/// one figure and +5 in another closes the range) about one time in five; 400 give it almost
/// always by averaging and with certainty about half the time (`CellKeyAttackTests`). The
/// number of distinct differences is what matters, and it is set by how freely questions can
/// be filtered: one value or everything per filter leaves tens per target, sets of values
/// leave 2^(values) of them. Keep filters narrow, or budget questions.
public struct CellKeyPerturbation: Sendable {
    public let perturbationTable: PerturbationTable

    public init(perturbationTable: PerturbationTable) {
        self.perturbationTable = perturbationTable
    }

    /// A protected table with how much perturbation changed it.
    public struct Result: Sendable, Equatable {
        /// Every entry a count; nothing `[c]`, so primary and secondary counts are 0.
        public var table: DisclosedTable
        public var utility: Utility

        /// How many entries (cells and totals) are published as something other than the truth.
        public var changedCount: Int { utility.changedCount }
    }

    /// How far published figures are from the true ones. Adds up across tables.
    public struct Utility: Sendable, Equatable {
        /// Entries published: cells and totals.
        public var figureCount: Int
        /// Entries published as other than the true count.
        public var changedCount: Int
        /// The sum of |published − true| over the entries.
        public var absoluteChange: Int

        public init(figureCount: Int = 0, changedCount: Int = 0, absoluteChange: Int = 0) {
            self.figureCount = figureCount
            self.changedCount = changedCount
            self.absoluteChange = absoluteChange
        }

        public static let none = Utility()

        /// Mean absolute change per published entry (0 for no entries).
        public var meanAbsoluteChange: Double { figureCount == 0 ? 0 : Double(absoluteChange) / Double(figureCount) }

        /// The share of published entries that differ from the truth (0 for no entries).
        public var changedShare: Double { figureCount == 0 ? 0 : Double(changedCount) / Double(figureCount) }

        public static func + (a: Utility, b: Utility) -> Utility {
            Utility(figureCount: a.figureCount + b.figureCount, changedCount: a.changedCount + b.changedCount,
                    absoluteChange: a.absoluteChange + b.absoluteChange)
        }

        mutating func record(true count: Int, published: Int) {
            figureCount += 1
            if published != count { changedCount += 1 }
            absoluteChange += abs(published - count)
        }
    }

    /// One figure as published. A negative count reads as 0.
    public func published(_ figure: KeyedCount) -> Int {
        perturbationTable.published(count: figure.count, cellKey: figure.cellKey)
    }

    /// One figure in its published form: always a count.
    public func protect(_ figure: KeyedCount) -> DisclosedValue {
        .count(published(figure))
    }

    /// A table with its row totals, column totals and grand total, each perturbed on its own.
    public func protect(_ table: KeyedCountTable) -> Result {
        var utility = Utility.none
        func publish(_ figure: KeyedCount) -> DisclosedValue {
            let shown = published(figure)
            utility.record(true: max(0, figure.count), published: shown)
            return .count(shown)
        }
        let rows = table.rowKeys.indices, columns = table.columnKeys.indices
        let cells = rows.map { row in columns.map { publish(table.cell(row: row, column: $0)) } }
        let rowTotals = rows.map { publish(table.rowTotal($0)) }
        let columnTotals = columns.map { publish(table.columnTotal($0)) }
        let grandTotal = publish(table.grandTotal)
        return Result(
            table: DisclosedTable(rowKeys: table.rowKeys, columnKeys: table.columnKeys, cells: cells, rowTotals: rowTotals,
                                  columnTotals: columnTotals, grandTotal: grandTotal, primaryCount: 0, secondaryCount: 0),
            utility: utility)
    }
}
