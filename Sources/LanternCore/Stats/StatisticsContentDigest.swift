import Crypto
import Foundation

extension ParsedStatistics {
    /// SHA-256 (hex) of what the table says: its measure and every figure as its dimension
    /// values and count, in a sorted order. The same figures read from a CSV file or a
    /// spreadsheet, in any row or column order, have the same digest; one changed count does not.
    public var contentDigest: String {
        let dimensions = StatisticDimension.allCases.filter(self.dimensions.contains)
        var lines = figures.map { figure in
            dimensions.map { "\($0.rawValue)=\(figure.values[$0] ?? "")" }.joined(separator: "\u{1F}") + "\u{1F}\(figure.count)"
        }
        lines.sort()
        var hash = SHA256()
        hash.update(data: Data("\(mapping.measure)\n".utf8))
        for line in lines { hash.update(data: Data((line + "\n").utf8)) }
        return hash.finalize().map { String(format: "%02x", $0) }.joined()
    }
}
