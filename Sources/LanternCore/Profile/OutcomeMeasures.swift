import Foundation

/// Outcome measures from Lantern's own cases (issue 14, item 3): how long the Reasonable and
/// Conclusive Grounds decisions take (median, 90th percentile, and in bands), the decisions
/// still pending at the end of a period and for how long, the share of decisions that were
/// positive, re-referrals of someone referred before, and potential victims held in
/// immigration detention. Each is counted by borough, BCU, age group or quarter. Here is each
/// measure's rule; the app reads the cases and publishes the counts under the profile's
/// disclosure method (the cell key method), and a median or percentile only for a group of at
/// least the disclosure threshold.
public enum OutcomeMeasures {
    /// What the tables are counted by.
    public enum Rows: String, Sendable, CaseIterable {
        case borough
        case bcu
        case ageGroup = "age_group"
        case quarter
    }

    /// A decision as the measures read it: the day it was made and whether it was positive.
    public struct Decision: Sendable, Equatable {
        public var on: Day
        public var positive: Bool
        public init(on: Day, positive: Bool) { self.on = on; self.positive = positive }
    }

    /// One case as the measures read it (no name, no free text).
    public struct CaseFacts: Sendable, Equatable {
        /// The case's id, for its rows' record keys.
        public var id: String
        /// The case's record key (0..<256).
        public var caseKey: Int
        /// ONS code of the borough where identified, or "" when not recorded.
        public var borough: String
        /// The Met BCU code of that borough, or "" (the City, or not recorded).
        public var bcu: String
        public var ageGroup: String
        /// The day the referral was submitted, if it was.
        public var referredOn: Day?
        public var reasonableGrounds: Decision?
        public var conclusiveGrounds: Decision?
        /// The same person's key across cases (`CaseRecord.personMatchKey`), if known.
        public var personKey: String?
        /// Spells in immigration detention: first day, and last day if ended.
        public var detention: [(from: Day, until: Day?)]

        public init(id: String, caseKey: Int, borough: String, bcu: String, ageGroup: String, referredOn: Day?,
                    reasonableGrounds: Decision?, conclusiveGrounds: Decision?, personKey: String?,
                    detention: [(from: Day, until: Day?)] = []) {
            self.id = id
            self.caseKey = caseKey
            self.borough = borough
            self.bcu = bcu
            self.ageGroup = ageGroup
            self.referredOn = referredOn
            self.reasonableGrounds = reasonableGrounds
            self.conclusiveGrounds = conclusiveGrounds
            self.personKey = personKey
            self.detention = detention
        }

        public static func == (a: CaseFacts, b: CaseFacts) -> Bool {
            a.id == b.id && a.caseKey == b.caseKey && a.borough == b.borough && a.bcu == b.bcu && a.ageGroup == b.ageGroup
                && a.referredOn == b.referredOn && a.reasonableGrounds == b.reasonableGrounds
                && a.conclusiveGrounds == b.conclusiveGrounds && a.personKey == b.personKey
                && a.detention.map(\.from) == b.detention.map(\.from) && a.detention.map(\.until) == b.detention.map(\.until)
        }
    }

    /// The two decisions whose timing is measured.
    public enum DecisionKind: String, Sendable, CaseIterable {
        case reasonableGrounds = "reasonable_grounds"
        case conclusiveGrounds = "conclusive_grounds"

        func decision(_ c: CaseFacts) -> Decision? { self == .reasonableGrounds ? c.reasonableGrounds : c.conclusiveGrounds }

        /// What the wait is counted from: the referral for Reasonable Grounds, the positive
        /// Reasonable Grounds decision for Conclusive Grounds.
        func start(_ c: CaseFacts) -> Day? {
            switch self {
            case .reasonableGrounds: c.referredOn
            case .conclusiveGrounds: c.referredOn
            }
        }
    }

    /// Waits in days, in bands: the Reasonable Grounds decision is due within 5 working days.
    public enum WaitBand: String, Sendable, CaseIterable {
        case upTo5 = "up_to_5"
        case from6To30 = "6_to_30"
        case from31To90 = "31_to_90"
        case from91To365 = "91_to_365"
        case from366To730 = "366_to_730"
        case over730 = "over_730"

        public init(days: Int) {
            switch days {
            case ...5: self = .upTo5
            case 6...30: self = .from6To30
            case 31...90: self = .from31To90
            case 91...365: self = .from91To365
            case 366...730: self = .from366To730
            default: self = .over730
            }
        }
    }

    /// The `p`-th percentile (0 < p ≤ 1) of values by the nearest-rank method: the smallest
    /// value with at least p of the values at or below it. The median is p = 0.5. Nil for none.
    public static func percentile(_ p: Double, of values: [Int]) -> Int? {
        guard !values.isEmpty, p > 0, p <= 1 else { return nil }
        let sorted = values.sorted()
        let rank = Int((p * Double(sorted.count)).rounded(.up))
        return sorted[max(0, min(sorted.count - 1, rank - 1))]
    }

    /// A group's waits: how many, and the median and 90th percentile, which are published only
    /// when the group has at least `threshold` waits (a smaller group's would describe too few
    /// people); nil otherwise.
    public struct WaitSummary: Sendable, Equatable {
        public var count: Int
        public var median: Int?
        public var p90: Int?

        public init(_ days: [Int], threshold: Int) {
            count = days.count
            let publishable = days.count >= max(threshold, 1)
            median = publishable ? OutcomeMeasures.percentile(0.5, of: days) : nil
            p90 = publishable ? OutcomeMeasures.percentile(0.9, of: days) : nil
        }
    }

    /// One counted row (where it falls and its record key) with its wait in days, if any.
    public struct Counted: Sendable, Equatable {
        public var row: String
        public var column: String
        public var key: RecordKey
        public var days: Int?
    }

    /// The row a case falls in: its borough, BCU, age group, or the quarter of `day`.
    public static func rowKey(_ c: CaseFacts, by rows: Rows, day: Day) -> String {
        switch rows {
        case .borough: c.borough
        case .bcu: c.bcu
        case .ageGroup: c.ageGroup
        case .quarter: String(Quarter(containing: day).code)
        }
    }

    static func key(_ c: CaseFacts, _ table: String) -> RecordKey? {
        AfterDecisionFigures.recordKey(caseKey: c.caseKey, table: table, rowID: c.id)
    }

    /// Decisions made in the period, each with its wait from the referral, in bands (a
    /// decision recorded before its referral, or with no referral day, is not timed).
    public static func decisionTimes(_ kind: DecisionKind, cases: [CaseFacts], from: Day, to: Day, by rows: Rows) -> [Counted] {
        cases.compactMap { c in
            guard let decision = kind.decision(c), decision.on >= from, decision.on <= to, let start = kind.start(c),
                  start <= decision.on, let key = key(c, "outcome-time-\(kind.rawValue)") else { return nil }
            let days = decision.on.daysSinceEpoch - start.daysSinceEpoch
            return Counted(row: rowKey(c, by: rows, day: decision.on), column: WaitBand(days: days).rawValue, key: key, days: days)
        }
    }

    /// Decisions made in the period, positive or negative.
    public static func decisions(_ kind: DecisionKind, cases: [CaseFacts], from: Day, to: Day, by rows: Rows) -> [Counted] {
        cases.compactMap { c in
            guard let decision = kind.decision(c), decision.on >= from, decision.on <= to,
                  let key = key(c, "outcome-decision-\(kind.rawValue)") else { return nil }
            return Counted(row: rowKey(c, by: rows, day: decision.on), column: decision.positive ? "positive" : "negative", key: key, days: nil)
        }
    }

    /// Decisions pending at the end of a day, by how long they had waited: a referral with no
    /// Reasonable Grounds decision by then; a positive Reasonable Grounds decision with no
    /// Conclusive Grounds decision by then (waiting since the referral). By quarter, each
    /// quarter's row counts what was pending on its last day.
    public static func pending(_ kind: DecisionKind, cases: [CaseFacts], from: Quarter, to: Quarter, by rows: Rows) -> [Counted] {
        let ends: [Day] = rows == .quarter
            ? AfterDecisionFigures.quarterKeys(from: from, to: to).compactMap { Int($0).flatMap(Quarter.init(code:)) }
                .map { AfterDecisionFigures.days(of: $0).last }
            : [AfterDecisionFigures.days(of: to).last]
        var counted: [Counted] = []
        for end in ends {
            for c in cases {
                guard let referred = c.referredOn, referred <= end, let key = key(c, "outcome-pending-\(kind.rawValue)") else { continue }
                let waiting: Bool
                switch kind {
                case .reasonableGrounds:
                    waiting = c.reasonableGrounds.map { $0.on > end } ?? true
                case .conclusiveGrounds:
                    guard let rg = c.reasonableGrounds, rg.positive, rg.on <= end else { continue }
                    waiting = c.conclusiveGrounds.map { $0.on > end } ?? true
                }
                guard waiting else { continue }
                let days = end.daysSinceEpoch - referred.daysSinceEpoch
                counted.append(Counted(row: rowKey(c, by: rows, day: end), column: WaitBand(days: days).rawValue, key: key, days: days))
            }
        }
        return counted
    }

    /// Referrals submitted in the period: a first referral, or the re-referral of a person
    /// referred before (another case of the same person with an earlier referral day).
    public static func referrals(cases: [CaseFacts], from: Day, to: Day, by rows: Rows) -> [Counted] {
        var firstReferral: [String: Day] = [:]
        for c in cases {
            guard let person = c.personKey, !person.isEmpty, let on = c.referredOn else { continue }
            firstReferral[person] = min(firstReferral[person] ?? on, on)
        }
        return cases.compactMap { c in
            guard let on = c.referredOn, on >= from, on <= to, let key = key(c, "outcome-referral") else { return nil }
            let earlier = c.personKey.flatMap { firstReferral[$0] }.map { $0 < on } ?? false
            return Counted(row: rowKey(c, by: rows, day: on), column: earlier ? "re_referral" : "first_referral", key: key, days: nil)
        }
    }

    /// Potential victims referred in the period, and whether they were held in immigration
    /// detention at any time from their referral to the end of the period.
    public static func detention(cases: [CaseFacts], from: Day, to: Day, by rows: Rows) -> [Counted] {
        cases.compactMap { c in
            guard let on = c.referredOn, on >= from, on <= to, let key = key(c, "outcome-detention") else { return nil }
            let held = c.detention.contains { spell in spell.from <= to && (spell.until.map { $0 >= on } ?? true) }
            return Counted(row: rowKey(c, by: rows, day: on), column: held ? "detained" : "not_detained", key: key, days: nil)
        }
    }

    /// Each row's waits summarised (rows in the order given; a row with none has a count of 0).
    public static func summaries(_ counted: [Counted], rows: [String], threshold: Int) -> [String: WaitSummary] {
        var days: [String: [Int]] = [:]
        for item in counted { if let d = item.days { days[item.row, default: []].append(d) } }
        var result: [String: WaitSummary] = [:]
        for row in rows { result[row] = WaitSummary(days[row] ?? [], threshold: threshold) }
        result["total"] = WaitSummary(counted.compactMap(\.days), threshold: threshold)
        return result
    }

    /// The counted rows as the after-decision tables count them (for the cell key method).
    public static func asCounted(_ counted: [Counted]) -> [AfterDecisionFigures.Counted] {
        counted.map { AfterDecisionFigures.Counted(row: $0.row, column: $0.column, key: $0.key) }
    }
}
