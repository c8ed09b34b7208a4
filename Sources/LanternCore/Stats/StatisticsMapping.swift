import Foundation

/// How a long-format table's columns and labels map onto Lantern's dimensions. Codable as
/// JSON so an analyst can write one in a file:
///
/// ```json
/// { "name": "met-crimes-by-borough", "measure": "crimes",
///   "columns": { "Borough": "borough", "Quarter": "period" }, "countColumn": "Offences",
///   "categories": { "gender": { "Not Recorded": "Not specified or unknown" } },
///   "totalLabels": ["Total", "All"] }
/// ```
/// `description`, `categories` and `totalLabels` may be left out. Partner returns come in
/// other shapes too, which a mapping names (`TableShaping` turns them long):
///
/// ```json
/// { "name": "met-crimes-return", "measure": "crimes", "columns": { "Borough": "borough" },
///   "period": { "year": "Year", "quarter": "Quarter" },
///   "wide": { "dimension": "exploitation_type", "columns": ["Labour", "Sexual", "Criminal", "Total"] },
///   "keepRows": { "Location": "Total" } }
/// ```
/// A wide table has no count column (each wide column holds counts).
public struct StatisticsMapping: Sendable, Codable, Equatable {
    /// A short stable name, e.g. "home-office-nrm-referrals".
    public var name: String
    public var description: String
    /// What is counted, e.g. "nrm_referrals", "duty_to_notify_reports", "crimes", "population".
    public var measure: String
    /// Source header → dimension. Headers match case-insensitively, in any order.
    public var columns: [String: StatisticDimension]
    /// The header of the column holding the counts, e.g. "People".
    public var countColumn: String
    /// Per dimension, source label → Lantern value, for labels that are not already Lantern
    /// values (matched case-insensitively).
    public var categories: [StatisticDimension: [String: String]]
    /// Values meaning "all values of this dimension", matched case-insensitively. Any value
    /// ending in " total" ("Police total", "Local Authority total") is a total as well.
    public var totalLabels: [String]
    /// The period written as a year column and a quarter column, if it is.
    public var period: PeriodColumns?
    /// One column per value of a dimension (a wide table), if it is.
    public var wide: WideColumns?
    /// Rows are kept only where each of these columns holds this value (ignoring case), e.g.
    /// only the "Total" of a location column the table is not broken down by.
    public var keepRows: [String: String]
    /// Columns the table may have that this mapping does not read: another measure's counts
    /// in the same return (applications beside orders made, convictions beside prosecutions).
    public var ignoredColumns: [String]
    /// Each row is one person, if it is (a case-level file such as the CTDC's global dataset).
    public var people: PeopleRows?

    /// The period as two columns: a year ("2022") and a quarter ("Q2", "2", "Quarter 2",
    /// "Apr-Jun"). A row whose quarter is a total label is that year's total: checked
    /// against the year's quarters, never added to them. Without a quarter column the source
    /// records whole years only, and its figures are each a year's.
    public struct PeriodColumns: Sendable, Codable, Equatable {
        public var year: String
        public var quarter: String?
        public init(year: String, quarter: String?) { self.year = year; self.quarter = quarter }

        /// The columns, in order.
        public var columns: [String] { [year] + (quarter.map { [$0] } ?? []) }
        /// How the period's columns are named in a sentence.
        public var named: String { quarter.map { "\(year) and \($0)" } ?? year }
    }

    /// A case-level table: one row per person, with many more fields than are counted (the
    /// rest are not read). A figure is the number of rows with the same values. An empty
    /// field, or one holding a `missingLabels` label, is "not known" in the dimensions that
    /// have such a value (gender, age group, exploitation type, nationality) and a problem in
    /// the others.
    public struct PeopleRows: Sendable, Codable, Equatable {
        public var missingLabels: [String]
        /// Columns of 0/1 flags that together give one dimension's value, if any.
        public var flags: FlagColumns?
        public init(missingLabels: [String] = [], flags: FlagColumns? = nil) {
            self.missingLabels = missingLabels
            self.flags = flags
        }
    }

    /// Yes/no columns ("1", "0", "true", "false", or a missing label for no) that each name
    /// one value of `dimension` (column → value); a row's value is the combination of those
    /// flagged, e.g. isForcedLabour and isSexualExploit → "Labour & Sexual". Only exploitation
    /// types combine; a row with none flagged is "not known".
    public struct FlagColumns: Sendable, Codable, Equatable {
        public var dimension: StatisticDimension
        public var columns: [String: String]
        public init(dimension: StatisticDimension, columns: [String: String]) { self.dimension = dimension; self.columns = columns }
    }

    /// Columns that each hold the counts for one value of `dimension`; the header is the
    /// value's label (a "Total" column is a total, checked like any other).
    public struct WideColumns: Sendable, Codable, Equatable {
        public var dimension: StatisticDimension
        public var columns: [String]
        public init(dimension: StatisticDimension, columns: [String]) { self.dimension = dimension; self.columns = columns }
    }

    public init(name: String, description: String = "", measure: String, columns: [String: StatisticDimension],
                countColumn: String, categories: [StatisticDimension: [String: String]] = [:],
                totalLabels: [String] = ["Total"], period: PeriodColumns? = nil, wide: WideColumns? = nil,
                keepRows: [String: String] = [:], ignoredColumns: [String] = [], people: PeopleRows? = nil) {
        self.name = name
        self.description = description
        self.measure = measure
        self.columns = columns
        self.countColumn = countColumn
        self.categories = categories
        self.totalLabels = totalLabels
        self.period = period
        self.wide = wide
        self.keepRows = keepRows
        self.ignoredColumns = ignoredColumns
        self.people = people
    }

    /// Whether the table needs turning long (`TableShaping`) before it is read.
    public var isShaped: Bool { period != nil || wide != nil || !keepRows.isEmpty || people != nil }

    private enum CodingKeys: String, CodingKey {
        case name, description, measure, columns, countColumn, categories, totalLabels, period, wide, keepRows, ignoredColumns, people
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(name: try c.decode(String.self, forKey: .name),
                  description: try c.decodeIfPresent(String.self, forKey: .description) ?? "",
                  measure: try c.decode(String.self, forKey: .measure),
                  columns: try c.decode([String: StatisticDimension].self, forKey: .columns),
                  countColumn: try c.decodeIfPresent(String.self, forKey: .countColumn) ?? "",
                  categories: try c.decodeIfPresent([StatisticDimension: [String: String]].self, forKey: .categories) ?? [:],
                  totalLabels: try c.decodeIfPresent([String].self, forKey: .totalLabels) ?? ["Total"],
                  period: try c.decodeIfPresent(PeriodColumns.self, forKey: .period),
                  wide: try c.decodeIfPresent(WideColumns.self, forKey: .wide),
                  keepRows: try c.decodeIfPresent([String: String].self, forKey: .keepRows) ?? [:],
                  ignoredColumns: try c.decodeIfPresent([String].self, forKey: .ignoredColumns) ?? [],
                  people: try c.decodeIfPresent(PeopleRows.self, forKey: .people))
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(name, forKey: .name)
        try c.encode(description, forKey: .description)
        try c.encode(measure, forKey: .measure)
        try c.encode(columns, forKey: .columns)
        if wide == nil && people == nil { try c.encode(countColumn, forKey: .countColumn) }
        if !categories.isEmpty { try c.encode(categories, forKey: .categories) }
        try c.encode(totalLabels, forKey: .totalLabels)
        try c.encodeIfPresent(period, forKey: .period)
        try c.encodeIfPresent(wide, forKey: .wide)
        if !keepRows.isEmpty { try c.encode(keepRows, forKey: .keepRows) }
        if !ignoredColumns.isEmpty { try c.encode(ignoredColumns, forKey: .ignoredColumns) }
        try c.encodeIfPresent(people, forKey: .people)
    }

    /// The header this mapping expects (in any order): every mapped column, in the order of
    /// Lantern's dimensions, then the year and quarter, the columns rows are kept by, the wide
    /// columns, the flag columns, and the count column (a table of people has none).
    public var expectedHeader: [String] {
        let rank = { (d: StatisticDimension) in StatisticDimension.allCases.firstIndex(of: d) ?? 0 }
        let mapped = columns.sorted { (rank($0.value), $0.key) < (rank($1.value), $1.key) }.map(\.key)
        let counts = people != nil ? [] : (wide?.columns ?? [countColumn])
        return mapped + (period?.columns ?? []) + keepRows.keys.sorted() + (people?.flags?.columns.keys.sorted() ?? []) + counts
    }

    /// What is wrong with the mapping itself, in plain English; empty when it can be used.
    public var problems: [String] {
        var found: [String] = []
        if name.trimmingCharacters(in: .whitespaces).isEmpty { found.append("it has no name") }
        if measure.trimmingCharacters(in: .whitespaces).isEmpty { found.append("it does not say what is counted (measure)") }
        if wide == nil && people == nil && countColumn.trimmingCharacters(in: .whitespaces).isEmpty { found.append("the count column has no name") }
        if people != nil && wide != nil { found.append("a table of people has no wide columns (each row is one person)") }
        if let flags = people?.flags {
            if flags.columns.isEmpty { found.append("the flag columns are not named") }
            if flags.dimension != .exploitationType { found.append("only exploitation types can be read from flag columns") }
            for (column, value) in flags.columns.sorted(by: { $0.key < $1.key })
            where ExploitationType(rawValue: value) == nil && value != "Domestic" {
                found.append("the flag column \(column) names \"\(value)\", which is not an exploitation type")
            }
        }
        if columns.isEmpty && wide == nil && period == nil && people?.flags == nil { found.append("no column is mapped to a dimension") }
        let headers = expectedHeader.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        if Set(headers).count != headers.count { found.append("a column is named twice (names are compared ignoring case)") }
        if headers.contains("") { found.append("a column has no name") }
        if let wide, wide.columns.isEmpty { found.append("the wide table names no columns") }
        let ignored = ignoredColumns.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        if let both = ignored.first(where: { headers.contains($0) }) {
            found.append("the column \(both) is both read and ignored")
        }
        for dimension in StatisticDimension.allCases {
            let named = columns.filter { $0.value == dimension }.keys.sorted()
            var others: [String] = []
            if dimension == .period, let period { others.append("the period (\(period.columns.joined(separator: ", ")))") }
            if dimension == wide?.dimension { others.append("the wide columns") }
            if dimension == people?.flags?.dimension { others.append("the flag columns") }
            guard named.count + others.count > 1 else { continue }
            let sources = (named.isEmpty ? [] : ["the column\(named.count > 1 ? "s" : "") \(named.joined(separator: " and "))"]) + others
            found.append("\(sources.joined(separator: " and ")) are both mapped to \(dimension.noun)")
        }
        return found
    }
}

extension StatisticsMapping {
    /// Home Office NRM statistics: referrals by first responder, exploitation type, age at
    /// exploitation, gender and nationality (the police, local authority and NGO tables).
    public static let homeOfficeNRMReferrals = StatisticsMapping(
        name: "home-office-nrm-referrals",
        description: "Home Office, National Referral Mechanism statistics: referrals by first responder (Open Government Licence)",
        measure: "nrm_referrals",
        columns: ["First responder type": .firstResponderType, "First responder": .firstResponder,
                  "Exploitation type": .exploitationType, "Age at exploitation": .ageGroup,
                  "Gender": .gender, "Nationality": .nationality],
        countColumn: "People",
        categories: [
            .firstResponderType: ["Local Authority": FirstResponderType.localAuthority.rawValue,
                                  "NGO and third sector": FirstResponderType.ngo.rawValue,
                                  "NGO": FirstResponderType.ngo.rawValue,
                                  "Government Agency": FirstResponderType.governmentAgency.rawValue],
            .gender: ["Not Recorded": Gender.unknown.rawValue],
        ])

    /// Home Office Duty to Notify reports by nationality; the row whose nationality is
    /// "Total" is the grand total.
    public static let homeOfficeDutyToNotify = StatisticsMapping(
        name: "home-office-duty-to-notify",
        description: "Home Office, National Referral Mechanism statistics: Duty to Notify reports (Open Government Licence)",
        measure: "duty_to_notify_reports",
        columns: ["Nationality": .nationality],
        countColumn: "Total")

    public static let builtIn: [StatisticsMapping] = [homeOfficeNRMReferrals, homeOfficeDutyToNotify]
        + CriminalJusticeMappings.all + [CTDCMapping.globalDataset]

    /// Whether a header is this mapping's: every column it reads, and nothing else but the
    /// columns it ignores (compared ignoring case, spaces around names and order). A table of
    /// people may have any other columns.
    public func fits(header: [String]) -> Bool {
        func folded(_ s: String) -> String { s.trimmingCharacters(in: .whitespaces).lowercased() }
        let given = header.map(folded)
        let expected = Set(expectedHeader.map(folded))
        // Each column read once; a table of people may repeat a name among the columns it does not read.
        let read = people == nil ? given : given.filter(expected.contains)
        return Set(read).count == read.count && expected.isSubset(of: given)
            && (people != nil || Set(given).subtracting(expected).isSubset(of: Set(ignoredColumns.map(folded))))
    }

    /// The built-in mappings a header fits.
    public static func candidates(header: [String]) -> [StatisticsMapping] {
        builtIn.filter { $0.fits(header: header) }
    }

    /// The one built-in mapping a header fits, if exactly one does (a return that holds two
    /// measures, such as prosecutions and convictions, fits two: the analyst chooses).
    public static func detect(header: [String]) -> StatisticsMapping? {
        let found = candidates(header: header)
        return found.count == 1 ? found[0] : nil
    }
}
