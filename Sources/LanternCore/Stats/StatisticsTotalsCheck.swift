/// Checks every subtotal and total row against the detail rows it covers, and gathers the
/// detail rows into figures.
///
/// A total row covers the detail rows that agree with it on every column where it does not
/// hold a total. Rows are keyed by their value numbers with the total columns masked out;
/// one sum per key is kept for each mask the file's total rows use (at most 2^columns, and
/// in practice a handful), so each total is one lookup.
struct TotalsCheck {
    struct Figure {
        /// The first row with these values.
        var row: Int
        var count: Int
    }

    /// Figures with a count above zero, in file order.
    private(set) var figures: [Figure] = []
    private(set) var problems: [ImportProblem] = []
    private(set) var detailRows = 0
    private(set) var totalRows = 0
    private(set) var totalsMatched = 0

    /// `onlyTotals`: columns that hold nothing but totals, so are no breakdown.
    init(rows: ReadRows, valueCounts: [Int], onlyTotals: UInt32) {
        // Pack a row's value numbers (each + 1, with 0 for masked) into one integer if they fit.
        var shifts: [UInt64] = [], bits = 0
        for (j, n) in valueCounts.enumerated() {
            shifts.append(UInt64(bits))
            if onlyTotals & (1 << UInt32(j)) == 0 { bits += Int.bitWidth - n.leadingZeroBitCount }
        }
        let width = rows.width, numbers = rows.numbers
        if bits <= 64 {
            check(rows, onlyTotals: onlyTotals) { row, mask -> UInt64 in
                var key: UInt64 = 0
                for j in 0..<width where mask & (1 << UInt32(j)) == 0 {
                    let n = numbers[row * width + j]
                    if n >= 0 { key |= UInt64(n + 1) << shifts[j] }
                }
                return key
            }
        } else {
            check(rows, onlyTotals: onlyTotals) { row, mask -> [Int32] in
                (0..<width).map { j in mask & (1 << UInt32(j)) == 0 ? numbers[row * width + j] : -1 }
            }
        }
    }

    private mutating func check<Key: Hashable>(_ rows: ReadRows, onlyTotals: UInt32, key: (Int, UInt32) -> Key) {
        var figureOf: [Key: Int] = [:]
        var totalsByMask: [UInt32: [Int]] = [:]
        for row in 0..<rows.count {
            let mask = rows.totalMasks[row] & ~onlyTotals
            if mask != 0 {
                totalsByMask[mask, default: []].append(row)
                totalRows += 1
                continue
            }
            detailRows += 1
            let k = key(row, 0)
            guard let f = figureOf[k] else {
                figureOf[k] = figures.count
                figures.append(Figure(row: row, count: rows.counts[row]))
                continue
            }
            let first = figures[f].row
            if rows.labels[row * rows.width..<(row + 1) * rows.width] == rows.labels[first * rows.width..<(first + 1) * rows.width] {
                problems.append(ImportProblem(line: rows.lines[row], message: "repeats line \(rows.lines[first])"))
            } else {
                // Two spellings the mapping makes one value: one figure.
                figures[f].count += rows.counts[row]
            }
        }
        figures.removeAll { $0.count == 0 }
        for (mask, totals) in totalsByMask {
            var sums: [Key: Int] = [:]
            sums.reserveCapacity(figures.count)
            for figure in figures { sums[key(figure.row, mask), default: 0] += figure.count }
            for row in totals {
                let sum = sums[key(row, mask)] ?? 0
                if sum == rows.counts[row] {
                    totalsMatched += 1
                } else {
                    problems.append(ImportProblem(line: rows.lines[row],
                        message: "the table's total (\(rows.counts[row])) does not match the sum of its rows (\(sum))"))
                }
            }
        }
        problems.sort { $0.line < $1.line }
    }
}
