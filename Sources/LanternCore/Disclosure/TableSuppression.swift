/// Secondary suppression for one table published with its margins.
///
/// The table and its margins form one grid of (R+1) × (C+1) entries: row R holds the column
/// totals and column C the row totals (so the grand total sits at R, C). Every line of the
/// grid — a row with its row total, a column with its column total — is one equation a reader
/// knows holds. Seen as a graph with a vertex per line (R+1 row lines, C+1 column lines) and
/// an edge per entry, the hidden entries form a subgraph, and a hidden entry can be worked
/// out exactly from the shown ones if and only if it is a bridge of that subgraph: an entry on
/// a cycle of hidden entries can move up and down around the cycle without changing any line
/// sum, and a bridge cannot. (Negating the total line equations makes the system the plain
/// incidence matrix of a bipartite graph, whose null space is its cycle space.)
///
/// So: while some hidden entry is a bridge, hide the cheapest set of shown entries that closes
/// a cycle through it — a shortest path between its two lines over the graph where hidden
/// entries cost nothing. Cost prefers, in order: no totals, no zeros, the smallest sum of
/// counts, the fewest entries; ties go to the lowest position. When the only new entry needed
/// is one in the same row or column this is exactly "hide the next smallest cell in the line";
/// when a single cell cannot close the cycle (a lone small cell needs a rectangle of four) the
/// path finds the cheapest rectangle or longer cycle. Each pass removes a bridge and adds none
/// (every entry added lies on the new cycle), so the loop ends, and for R, C ≥ 1 a cycle
/// always exists because the complete grid graph K(R+1, C+1) has no bridges.
struct TableSuppression {
    let rows: Int
    let columns: Int
    /// (rows+1) × (columns+1) true values, margins included.
    let values: [[Int]]
    private(set) var hidden: [[SuppressionReason?]]

    init(table: CountTable, rules: DisclosureRules, forced: (Int, Int) -> Bool = { _, _ in false }) {
        let (rows, columns) = (table.rowKeys.count, table.columnKeys.count)
        var grid = (0..<rows).map { row in (0..<columns).map { table.count(row: row, column: $0) } }
        for row in 0..<rows { grid[row].append(grid[row].reduce(0, +)) }
        grid.append((0...columns).map { column in (0..<rows).reduce(0) { $0 + grid[$1][column] } })
        self.rows = rows
        self.columns = columns
        values = grid
        hidden = grid.enumerated().map { row, line in
            line.enumerated().map { column, value in
                rules.isSensitive(value) ? .primary : forced(row, column) ? .secondary : nil
            }
        }
        if rows > 0 && columns > 0 { protectEveryHiddenEntry() }
    }

    private var vertexCount: Int { rows + columns + 2 }
    private func columnVertex(_ column: Int) -> Int { rows + 1 + column }

    /// The grid position of the edge between two vertices, one a row line and one a column line.
    private func entry(_ a: Int, _ b: Int) -> (row: Int, column: Int) {
        a <= rows ? (a, b - rows - 1) : (b, a - rows - 1)
    }

    private func isHidden(_ a: Int, _ b: Int) -> Bool {
        let (row, column) = entry(a, b)
        return hidden[row][column] != nil
    }

    /// The other side's vertices: every column line for a row line, and the reverse.
    private func across(_ vertex: Int) -> Range<Int> {
        vertex <= rows ? (rows + 1)..<vertexCount : 0..<(rows + 1)
    }

    private mutating func protectEveryHiddenEntry() {
        while true {
            let bridges = hiddenBridges()
            if bridges.isEmpty { return }
            for (row, column) in bridges where !onHiddenCycle(row: row, column: column) {
                guard let path = cheapestClosingPath(row: row, column: column) else { return }
                for (r, c) in path where hidden[r][c] == nil { hidden[r][c] = .secondary }
            }
        }
    }

    /// Hidden entries that are bridges of the hidden subgraph (Tarjan's low-link), in grid order.
    private func hiddenBridges() -> [(Int, Int)] {
        var order = Array(repeating: -1, count: vertexCount)
        var low = Array(repeating: 0, count: vertexCount)
        var counter = 0
        var bridges: [(Int, Int)] = []

        func visit(_ vertex: Int, from parent: Int) {
            order[vertex] = counter
            low[vertex] = counter
            counter += 1
            for next in across(vertex) where isHidden(vertex, next) && next != parent {
                if order[next] < 0 {
                    visit(next, from: vertex)
                    low[vertex] = min(low[vertex], low[next])
                    if low[next] > order[vertex] { bridges.append(entry(vertex, next)) }
                } else {
                    low[vertex] = min(low[vertex], order[next])
                }
            }
        }
        for vertex in 0..<vertexCount where order[vertex] < 0 { visit(vertex, from: -1) }
        return bridges.sorted { $0.0 != $1.0 ? $0.0 < $1.0 : $0.1 < $1.1 }
    }

    /// Whether a hidden entry's two lines are joined by other hidden entries.
    private func onHiddenCycle(row: Int, column: Int) -> Bool {
        let start = row, goal = columnVertex(column)
        var seen = Array(repeating: false, count: vertexCount)
        var queue = [start]
        seen[start] = true
        while let vertex = queue.popLast() {
            if vertex == goal { return true }
            for next in across(vertex) where !seen[next] && isHidden(vertex, next) {
                if (vertex == start && next == goal) || (vertex == goal && next == start) { continue }
                seen[next] = true
                queue.append(next)
            }
        }
        return false
    }

    struct PathCost: Comparable {
        var totals = 0, zeros = 0, sum = 0, entries = 0

        static func < (a: PathCost, b: PathCost) -> Bool {
            // Spelled out: the generic tuple `<` is slow in debug builds.
            if a.totals != b.totals { return a.totals < b.totals }
            if a.zeros != b.zeros { return a.zeros < b.zeros }
            if a.sum != b.sum { return a.sum < b.sum }
            return a.entries < b.entries
        }

        static func + (a: PathCost, b: PathCost) -> PathCost {
            PathCost(totals: a.totals + b.totals, zeros: a.zeros + b.zeros, sum: a.sum + b.sum, entries: a.entries + b.entries)
        }
    }

    private func cost(row: Int, column: Int) -> PathCost {
        if hidden[row][column] != nil { return PathCost() }
        let value = values[row][column]
        return PathCost(totals: row == rows || column == columns ? 1 : 0, zeros: value == 0 ? 1 : 0, sum: value, entries: 1)
    }

    /// The entries of the cheapest path between the entry's two lines that avoids the entry
    /// itself (Dijkstra on the dense grid graph; ties go to the lower vertex).
    private func cheapestClosingPath(row: Int, column: Int) -> [(Int, Int)]? {
        let start = row, goal = columnVertex(column)
        var distance = [PathCost?](repeating: nil, count: vertexCount)
        var previous = Array(repeating: -1, count: vertexCount)
        var done = Array(repeating: false, count: vertexCount)
        distance[start] = PathCost()
        while true {
            var nearest = -1
            for vertex in 0..<vertexCount where !done[vertex] {
                guard let d = distance[vertex] else { continue }
                if nearest < 0 || d < distance[nearest]! { nearest = vertex }
            }
            if nearest < 0 { return nil }
            if nearest == goal { break }
            done[nearest] = true
            let base = distance[nearest]!
            for next in across(nearest) where !done[next] {
                if (nearest == start && next == goal) { continue }
                let (r, c) = entry(nearest, next)
                let candidate = base + cost(row: r, column: c)
                if distance[next].map({ candidate < $0 }) ?? true {
                    distance[next] = candidate
                    previous[next] = nearest
                }
            }
        }
        var path: [(Int, Int)] = []
        var vertex = goal
        while vertex != start {
            path.append(entry(previous[vertex], vertex))
            vertex = previous[vertex]
        }
        return path
    }
}
