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
/// `description`, `categories` and `totalLabels` may be left out.
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

    public init(name: String, description: String = "", measure: String, columns: [String: StatisticDimension],
                countColumn: String, categories: [StatisticDimension: [String: String]] = [:],
                totalLabels: [String] = ["Total"]) {
        self.name = name
        self.description = description
        self.measure = measure
        self.columns = columns
        self.countColumn = countColumn
        self.categories = categories
        self.totalLabels = totalLabels
    }

    private enum CodingKeys: String, CodingKey {
        case name, description, measure, columns, countColumn, categories, totalLabels
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(name: try c.decode(String.self, forKey: .name),
                  description: try c.decodeIfPresent(String.self, forKey: .description) ?? "",
                  measure: try c.decode(String.self, forKey: .measure),
                  columns: try c.decode([String: StatisticDimension].self, forKey: .columns),
                  countColumn: try c.decode(String.self, forKey: .countColumn),
                  categories: try c.decodeIfPresent([StatisticDimension: [String: String]].self, forKey: .categories) ?? [:],
                  totalLabels: try c.decodeIfPresent([String].self, forKey: .totalLabels) ?? ["Total"])
    }

    /// The header this mapping expects (in any order): every mapped column, in the order of
    /// Lantern's dimensions, then the count column.
    public var expectedHeader: [String] {
        let rank = { (d: StatisticDimension) in StatisticDimension.allCases.firstIndex(of: d) ?? 0 }
        return columns.sorted { (rank($0.value), $0.key) < (rank($1.value), $1.key) }.map(\.key) + [countColumn]
    }

    /// What is wrong with the mapping itself, in plain English; empty when it can be used.
    public var problems: [String] {
        var found: [String] = []
        if name.trimmingCharacters(in: .whitespaces).isEmpty { found.append("it has no name") }
        if measure.trimmingCharacters(in: .whitespaces).isEmpty { found.append("it does not say what is counted (measure)") }
        if countColumn.trimmingCharacters(in: .whitespaces).isEmpty { found.append("the count column has no name") }
        if columns.isEmpty { found.append("no column is mapped to a dimension") }
        let headers = (Array(columns.keys) + [countColumn]).map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        if Set(headers).count != headers.count { found.append("a column is named twice (names are compared ignoring case)") }
        for dimension in StatisticDimension.allCases {
            let named = columns.filter { $0.value == dimension }.keys.sorted()
            if named.count > 1 { found.append("the columns \(named.joined(separator: " and ")) are both mapped to \(dimension.noun)") }
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

    /// The built-in mapping whose columns are exactly these (ignoring case, spaces around
    /// names and order), if any.
    public static func detect(header: [String]) -> StatisticsMapping? {
        let given = header.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        return builtIn.first { mapping in
            let expected = mapping.expectedHeader.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
            return given.count == expected.count && Set(given) == Set(expected)
        }
    }
}
