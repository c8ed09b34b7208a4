/// A query result laid out as the tables people read: rows × columns, one table per value of
/// a third dimension, with every value a closed dimension can take (so true zeros show).
public struct ProfileMatrix: Sendable, Equatable {
    public var title: String
    public var rowDimension: ProfileDimension
    public var columnDimension: ProfileDimension?
    public var rowKeys: [String]
    public var columnKeys: [String]
    /// counts[row][column]
    public var counts: [[Int]]
    /// The sum of the counted records' keys, keySums[row][column] (0 for imported figures).
    public var keySums: [[Int]]

    public var countTable: CountTable {
        CountTable(rowKeys: rowKeys, columnKeys: columnDimension == nil ? ["count"] : columnKeys, cells: counts)
    }

    /// The table with each figure's key sum, totals included: the records of a row total are
    /// those of its cells (each record is in one cell of a table), so its key sum is theirs.
    public var keyedTable: KeyedCountTable {
        let cells = zip(counts, keySums).map { zip($0, $1).map { KeyedCount(count: $0, keySum: $1) } }
        let columnCount = columnDimension == nil ? 1 : columnKeys.count
        let rowTotals = cells.map { $0.reduce(KeyedCount.zero, +) }
        let columnTotals = (0..<columnCount).map { column in cells.reduce(KeyedCount.zero) { $0 + $1[column] } }
        return KeyedCountTable(rowKeys: rowKeys, columnKeys: columnDimension == nil ? ["count"] : columnKeys, cells: cells,
                               rowTotals: rowTotals, columnTotals: columnTotals, grandTotal: rowTotals.reduce(KeyedCount.zero, +))
    }

    public static func tables(from result: ProfileResult, labels: ProfileLabels, query: ProfileQuery) -> [ProfileMatrix] {
        let dims = result.dimensions
        guard let rowDimension = dims.first else { return [] }
        let columnDimension = dims.count > 1 ? dims[1] : nil
        let pageDimension = dims.count > 2 ? dims[2] : nil
        func keys(_ index: Int, _ dimension: ProfileDimension) -> [String] {
            labels.ordered(Set(result.rows.map { $0.keys[index] }).union(labels.allKeys(for: dimension, query: query) ?? []), for: dimension)
        }
        let pages = pageDimension.map { keys(2, $0) } ?? [""]
        let rowKeys = keys(0, rowDimension)
        let columnKeys = columnDimension.map { keys(1, $0) } ?? ["count"]
        let rowIndex = Dictionary(uniqueKeysWithValues: rowKeys.enumerated().map { ($1, $0) })
        let columnIndex = Dictionary(uniqueKeysWithValues: columnKeys.enumerated().map { ($1, $0) })
        return pages.map { page in
            var counts = Array(repeating: Array(repeating: 0, count: columnKeys.count), count: rowKeys.count)
            var keySums = counts
            for row in result.rows where pageDimension == nil || row.keys[2] == page {
                guard let r = rowIndex[row.keys[0]], let c = columnDimension == nil ? 0 : columnIndex[row.keys[1]] else { continue }
                counts[r][c] += row.count
                keySums[r][c] += row.keySum
            }
            let title = pageDimension.map { "\($0.label): \(labels.label(page, for: $0))" } ?? "All"
            return ProfileMatrix(title: title, rowDimension: rowDimension, columnDimension: columnDimension,
                                 rowKeys: rowKeys, columnKeys: columnKeys, counts: counts, keySums: keySums)
        }
    }

    public init(title: String, rowDimension: ProfileDimension, columnDimension: ProfileDimension?, rowKeys: [String],
                columnKeys: [String], counts: [[Int]], keySums: [[Int]]) {
        self.title = title
        self.rowDimension = rowDimension
        self.columnDimension = columnDimension
        self.rowKeys = rowKeys
        self.columnKeys = columnKeys
        self.counts = counts
        self.keySums = keySums
    }
}

/// Human labels and sensible orders for dimension values.
public struct ProfileLabels: Sendable {
    public let boroughs: BoroughCatalogue
    /// Member organisations' names by id, for the first-responder dimension.
    public var organisations: [String: String]

    public init(boroughs: BoroughCatalogue, organisations: [String: String] = [:]) {
        self.boroughs = boroughs
        self.organisations = organisations
    }

    public func label(_ key: String, for dimension: ProfileDimension) -> String {
        if key.isEmpty { return "Not recorded" }
        switch dimension {
        case .boroughIdentified, .boroughExploited: return boroughs.borough(code: key)?.name ?? key
        case .bcu: return key == "CITY" ? "City of London Police" : (boroughs.all.first { $0.bcuCode == key }?.bcuName ?? key)
        case .quarter: return Quarter(code: Int(key) ?? 0)?.description ?? key
        case .month:
            let n = Int(key) ?? 0
            let names = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
            return (1...12).contains(n % 100) ? "\(names[n % 100 - 1]) \(n / 100)" : key
        case .stage: return Stage(rawValue: key)?.label ?? key
        case .reasonableGrounds, .conclusiveGrounds: return key.prefix(1).uppercased() + key.dropFirst()
        case .ageGroup, .ageGroupAtExploitation: return AgeGroup(rawValue: key)?.label ?? key
        case .firstResponder: return organisations[key.uppercased()] ?? organisations[key] ?? key
        case .nationality: return CodedList.nationalities.label(for: key) ?? key
        default: return key
        }
    }

    public func ordered(_ keys: Set<String>, for dimension: ProfileDimension) -> [String] {
        switch dimension {
        case .boroughIdentified, .boroughExploited, .bcu, .firstResponder:
            return keys.sorted { (label($0, for: dimension), $0) < (label($1, for: dimension), $1) }
        case .stage:
            let order = Dictionary(uniqueKeysWithValues: Stage.allCases.enumerated().map { ($1.rawValue, $0) })
            return keys.sorted { (order[$0] ?? 99) < (order[$1] ?? 99) }
        case .year, .quarter, .month:
            return keys.sorted { (Int($0) ?? 0) < (Int($1) ?? 0) }
        default:
            return keys.sorted()
        }
    }

    /// Every value a dimension can take, so a table shows true zeros, not gaps.
    public func allKeys(for dimension: ProfileDimension, query: ProfileQuery) -> [String]? {
        switch dimension {
        case .boroughIdentified, .boroughExploited: boroughs.all.map(\.onsCode)
        case .bcu: Array(Set(boroughs.all.map { $0.bcuCode ?? "CITY" }))
        case .ageGroup, .ageGroupAtExploitation: AgeGroup.allCases.map(\.rawValue)
        case .gender: Gender.allCases.map(\.rawValue)
        case .exploitationType: ExploitationType.allCases.map(\.rawValue)
        case .quarter:
            (0...max(0, query.to.code / 10 * 4 + query.to.quarter - (query.from.code / 10 * 4 + query.from.quarter)))
                .map { String(query.from.adding(quarters: $0).code) }
        case .year: Array(query.from.year...max(query.from.year, query.to.year)).map(String.init)
        default: nil
        }
    }
}
