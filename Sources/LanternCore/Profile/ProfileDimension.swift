import Foundation

/// What the problem profile can count cases by. Each maps to one column Lantern owns, so a
/// query is built from this closed list and never from text a person typed.
public enum ProfileDimension: String, Sendable, CaseIterable, Codable {
    case boroughIdentified = "borough_identified"
    case boroughExploited = "borough_exploited"
    /// Police Basic Command Unit, derived from the borough where identified.
    case bcu
    case exploitationType = "exploitation_type"
    case exploitationCombination = "exploitation_combination"
    case ageGroup = "age_group"
    case ageGroupAtExploitation = "age_group_at_exploitation"
    case gender
    case nationality
    case stage
    case reasonableGrounds = "rg_outcome"
    case conclusiveGrounds = "cg_outcome"
    case firstResponderType = "first_responder_type"
    /// The organisation that recorded the case (or, in imported tables, the named first responder).
    case firstResponder = "first_responder"
    case year
    case quarter
    case month

    public var label: String {
        switch self {
        case .boroughIdentified: "Borough where identified"
        case .boroughExploited: "Borough where exploited"
        case .bcu: "Police BCU"
        case .exploitationType: "Exploitation type (each type)"
        case .exploitationCombination: "Exploitation type (combinations)"
        case .ageGroup: "Age group now"
        case .ageGroupAtExploitation: "Age group at exploitation"
        case .gender: "Gender"
        case .nationality: "Nationality"
        case .stage: "Stage"
        case .reasonableGrounds: "Reasonable Grounds decision"
        case .conclusiveGrounds: "Conclusive Grounds decision"
        case .firstResponderType: "First responder type"
        case .firstResponder: "First responder"
        case .year: "Year"
        case .quarter: "Quarter"
        case .month: "Month"
        }
    }

    /// The cases column grouped by (BCU groups by borough, then merges).
    public var column: String {
        switch self {
        case .bcu: "borough_identified"
        case .exploitationType: "type"
        case .year: "identified_year"
        case .quarter: "identified_quarter"
        case .month: "identified_month"
        case .firstResponder: "organisation_id"
        default: rawValue
        }
    }

    public var isPeriod: Bool { self == .year || self == .quarter || self == .month }
}

/// A reporting quarter, e.g. 2026 Q3 (stored as 20263).
public struct Quarter: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    public let year: Int
    public let quarter: Int

    public init?(year: Int, quarter: Int) {
        guard (2000...2200).contains(year), (1...4).contains(quarter) else { return nil }
        self.year = year
        self.quarter = quarter
    }

    public init?(code: Int) { self.init(year: code / 10, quarter: code % 10) }

    /// Parses "2026-Q3" or "2026Q3".
    public init?(text: String) {
        let cleaned = text.uppercased().replacingOccurrences(of: "-", with: "").replacingOccurrences(of: " ", with: "")
        guard cleaned.count == 6, cleaned.dropFirst(4).first == "Q", let y = Int(cleaned.prefix(4)),
              let q = Int(cleaned.suffix(1)) else { return nil }
        self.init(year: y, quarter: q)
    }

    public init(containing day: Day) {
        year = day.components.year
        quarter = day.quarter
    }

    public var code: Int { year * 10 + quarter }

    /// The quarter's first day (1 January, 1 April, 1 July or 1 October).
    public var firstDay: Day { Day(year: year, month: (quarter - 1) * 3 + 1, day: 1)! }
    public var description: String { "\(year) Q\(quarter)" }
    public var text: String { "\(year)-Q\(quarter)" }

    public func adding(quarters n: Int) -> Quarter {
        let index = year * 4 + (quarter - 1) + n
        return Quarter(year: index / 4, quarter: index % 4 + 1)!
    }

    public static func < (a: Quarter, b: Quarter) -> Bool { a.code < b.code }
}

/// One problem-profile question: count cases by up to three dimensions, with filters, over
/// a span of quarters.
public struct ProfileQuery: Sendable, Equatable {
    public var dimensions: [ProfileDimension]
    public var filters: [ProfileDimension: Set<String>]
    public var from: Quarter
    public var to: Quarter
    /// Only the cases a data-sharing agreement covers (nil: every case).
    public var within: CoveredCases?

    public init(dimensions: [ProfileDimension], filters: [ProfileDimension: Set<String>] = [:], from: Quarter, to: Quarter,
                within: CoveredCases? = nil) {
        self.dimensions = dimensions
        self.filters = filters
        self.from = from
        self.to = to
        self.within = within
    }

    public static let maximumDimensions = 3

    /// The same question over at most `parts` consecutive stretches of its period, as equal
    /// as whole quarters allow. Every case belongs to exactly one quarter, so the answers to
    /// the parts add up (`ProfileResult.adding`) to the answer to the whole.
    public func splitByPeriod(into parts: Int) -> [ProfileQuery] {
        let quarters = (to.year - from.year) * 4 + (to.quarter - from.quarter) + 1
        let count = max(1, min(parts, quarters))
        var pieces: [ProfileQuery] = []
        var start = from
        for index in 0..<count {
            let length = quarters / count + (index < quarters % count ? 1 : 0)
            var piece = self
            piece.from = start
            piece.to = start.adding(quarters: length - 1)
            pieces.append(piece)
            start = start.adding(quarters: length)
        }
        return pieces
    }
}

/// Counts for each combination of dimension values.
public struct ProfileResult: Sendable, Equatable {
    public typealias Row = (keys: [String], count: Int, keySum: Int)
    public var dimensions: [ProfileDimension]
    /// Keys in the order of `dimensions`; each count is of distinct cases, with the sum of
    /// their record keys (for the cell key method; 0 where records have no keys).
    public var rows: [Row]

    public init(dimensions: [ProfileDimension], rows: [Row]) {
        self.dimensions = dimensions
        self.rows = rows
    }

    /// Counts without record keys (imported tables).
    public init(dimensions: [ProfileDimension], counts: [(keys: [String], count: Int)]) {
        self.init(dimensions: dimensions, rows: counts.map { ($0.keys, $0.count, 0) })
    }

    public static func == (a: ProfileResult, b: ProfileResult) -> Bool {
        a.dimensions == b.dimensions
            && a.rows.map { $0.keys + [String($0.count), String($0.keySum)] } == b.rows.map { $0.keys + [String($0.count), String($0.keySum)] }
    }

    /// The counts of several disjoint sets of cases added key by key, in key order. The
    /// parts answer the same question (same dimensions, as `splitByPeriod` makes them).
    public static func adding(_ parts: [ProfileResult]) -> ProfileResult {
        guard let first = parts.first else { return ProfileResult(dimensions: [], rows: []) }
        var sums: [[String]: KeyedCount] = [:]
        for part in parts where part.dimensions == first.dimensions {
            for row in part.rows { sums[row.keys, default: .zero] = sums[row.keys, default: .zero] + KeyedCount(row) }
        }
        let keys = sums.keys.sorted { $0.lexicographicallyPrecedes($1) }
        return ProfileResult(dimensions: first.dimensions, rows: keys.map { ($0, sums[$0]!.count, sums[$0]!.keySum) })
    }

    /// The counts by one dimension alone, summed over the others.
    public func marginal(_ dimension: ProfileDimension) -> ProfileResult {
        guard let index = dimensions.firstIndex(of: dimension) else { return ProfileResult(dimensions: [dimension], rows: []) }
        var sums: [String: KeyedCount] = [:]
        for row in rows { sums[row.keys[index], default: .zero] = sums[row.keys[index], default: .zero] + KeyedCount(row) }
        return ProfileResult(dimensions: [dimension], rows: sums.keys.sorted().map { ([$0], sums[$0]!.count, sums[$0]!.keySum) })
    }

    /// Re-keys one dimension (e.g. borough → BCU) and adds up rows that now coincide.
    public func remapping(_ dimension: ProfileDimension, to newDimension: ProfileDimension, with map: (String) -> String) -> ProfileResult {
        guard let index = dimensions.firstIndex(of: dimension) else { return self }
        var merged: [[String]: KeyedCount] = [:]
        var order: [[String]] = []
        for row in rows {
            var keys = row.keys
            keys[index] = map(keys[index])
            if merged[keys] == nil { order.append(keys) }
            merged[keys, default: .zero] = merged[keys, default: .zero] + KeyedCount(row)
        }
        var dims = dimensions
        dims[index] = newDimension
        return ProfileResult(dimensions: dims, rows: order.map { ($0, merged[$0]!.count, merged[$0]!.keySum) })
    }
}

extension KeyedCount {
    init(_ row: ProfileResult.Row) { self.init(count: row.count, keySum: row.keySum) }
}
