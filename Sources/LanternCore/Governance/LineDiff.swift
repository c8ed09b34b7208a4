/// A line-by-line comparison of two texts (two versions of terms of reference): which lines
/// the newer one keeps, adds and removes, in reading order. Pages say "Added" and "Removed"
/// in words, never by colour alone.
public enum LineDiff {
    public enum Change: String, Sendable, Equatable {
        case kept
        case added
        case removed
    }

    public struct Line: Sendable, Equatable {
        public var change: Change
        public var text: String
        /// The line's number in the old text (kept and removed lines).
        public var oldNumber: Int?
        /// The line's number in the new text (kept and added lines).
        public var newNumber: Int?

        public init(change: Change, text: String, oldNumber: Int?, newNumber: Int?) {
            self.change = change
            self.text = text
            self.oldNumber = oldNumber
            self.newNumber = newNumber
        }
    }

    /// Above this many cells (old lines × new lines, after the common start and end are
    /// set aside) the middle is shown as all removed then all added, so a huge paste cannot
    /// take the server's memory.
    public static let cellLimit = 4_000_000

    /// Splits a text into lines (LF, CRLF or CR); a final line ending adds no empty line.
    public static func lines(of text: String) -> [String] {
        guard !text.isEmpty else { return [] }
        var result = text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" || $0 == "\r" })
            .map(String.init)
        if result.last == "" { result.removeLast() }
        return result
    }

    /// The changes that turn `old` into `new`, a longest common subsequence of lines kept.
    public static func compare(_ old: String, _ new: String) -> [Line] {
        compare(oldLines: lines(of: old), newLines: lines(of: new))
    }

    public static func compare(oldLines a: [String], newLines b: [String]) -> [Line] {
        var prefix = 0
        while prefix < a.count, prefix < b.count, a[prefix] == b[prefix] { prefix += 1 }
        var suffix = 0
        while suffix < a.count - prefix, suffix < b.count - prefix, a[a.count - 1 - suffix] == b[b.count - 1 - suffix] { suffix += 1 }
        var out: [Line] = []
        for i in 0..<prefix { out.append(Line(change: .kept, text: a[i], oldNumber: i + 1, newNumber: i + 1)) }
        let midA = Array(a[prefix..<(a.count - suffix)]), midB = Array(b[prefix..<(b.count - suffix)])
        out += middle(midA, midB, oldStart: prefix + 1, newStart: prefix + 1)
        for k in 0..<suffix {
            let i = a.count - suffix + k, j = b.count - suffix + k
            out.append(Line(change: .kept, text: a[i], oldNumber: i + 1, newNumber: j + 1))
        }
        return out
    }

    /// How many lines were added and removed.
    public static func counts(_ lines: [Line]) -> (added: Int, removed: Int) {
        (lines.filter { $0.change == .added }.count, lines.filter { $0.change == .removed }.count)
    }

    private static func middle(_ a: [String], _ b: [String], oldStart: Int, newStart: Int) -> [Line] {
        let n = a.count, m = b.count
        if n == 0 || m == 0 || n * m > cellLimit {
            return a.enumerated().map { Line(change: .removed, text: $1, oldNumber: oldStart + $0, newNumber: nil) }
                + b.enumerated().map { Line(change: .added, text: $1, oldNumber: nil, newNumber: newStart + $0) }
        }
        // lcs[i][j]: the longest common subsequence of a[i...] and b[j...], row-major.
        let width = m + 1
        var lcs = [Int32](repeating: 0, count: (n + 1) * width)
        for i in stride(from: n - 1, through: 0, by: -1) {
            for j in stride(from: m - 1, through: 0, by: -1) {
                lcs[i * width + j] = a[i] == b[j] ? lcs[(i + 1) * width + j + 1] + 1
                    : max(lcs[(i + 1) * width + j], lcs[i * width + j + 1])
            }
        }
        var out: [Line] = []
        var i = 0, j = 0
        while i < n || j < m {
            if i < n, j < m, a[i] == b[j] {
                out.append(Line(change: .kept, text: a[i], oldNumber: oldStart + i, newNumber: newStart + j))
                i += 1; j += 1
            } else if i < n, j == m || lcs[(i + 1) * width + j] >= lcs[i * width + j + 1] {
                // Removals are listed before the additions that replace them.
                out.append(Line(change: .removed, text: a[i], oldNumber: oldStart + i, newNumber: nil)); i += 1
            } else {
                out.append(Line(change: .added, text: b[j], oldNumber: nil, newNumber: newStart + j)); j += 1
            }
        }
        return out
    }
}
