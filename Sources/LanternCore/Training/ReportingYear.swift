/// The partnership's reporting year, as its annual report and the strategy's indicators count:
/// the financial year, 1 April to 31 March (London's calendar). `2026` is 1 April 2026 to
/// 31 March 2027.
public struct ReportingYear: Sendable, Hashable, Comparable {
    public let startYear: Int

    public init?(startYear: Int) {
        guard (2000...2200).contains(startYear) else { return nil }
        self.startYear = startYear
    }

    /// The year a day falls in.
    public init(containing day: Day) {
        let c = day.components
        startYear = c.month >= 4 ? c.year : c.year - 1
    }

    public var first: Day { Day(year: startYear, month: 4, day: 1)! }
    public var last: Day { Day(year: startYear + 1, month: 3, day: 31)! }
    public func contains(_ day: Day) -> Bool { day >= first && day <= last }

    /// `2026-27`, as the report names it.
    public var label: String {
        let next = (startYear + 1) % 100
        return "\(startYear)-\(next < 10 ? "0" : "")\(next)"
    }

    /// The year a report is most likely wanted for: the last one that has ended.
    public static func lastEnded(before today: Day) -> ReportingYear {
        let current = ReportingYear(containing: today)
        return ReportingYear(startYear: current.startYear - 1) ?? current
    }

    public static func < (a: ReportingYear, b: ReportingYear) -> Bool { a.startYear < b.startYear }
}
