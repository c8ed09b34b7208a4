import Foundation

/// A group's strategy (normally the board's): priorities, each with objectives; an objective
/// is delivered by governance actions and measured by indicators. These are the rules the
/// pages and the public /partnership page share; the app reads and writes the tables.

/// Which way an indicator should move.
public enum IndicatorDirection: String, Sendable, Codable, CaseIterable {
    /// More is better (referrals by councils, training coverage).
    case higher
    /// Less is better (days to a decision).
    case lower
}

/// What an indicator's figures count.
public enum IndicatorUnit: String, Sendable, Codable, CaseIterable {
    /// A number of things (referrals, people trained).
    case number
    /// A share, 0 to 100.
    case percent
    /// A number of days.
    case days
}

/// How often an entered indicator is measured. Bound indicators take their binding's.
public enum IndicatorPeriodKind: String, Sendable, Codable, CaseIterable {
    /// A calendar quarter, as the Home Office's NRM statistics count: "2025-Q2" is April to June 2025.
    case quarter
    /// A financial year, April to March, as the partnership's bodies report: "2025/26".
    case year
}

/// A period an indicator's value is for: a calendar quarter ("2025-Q2") or an April–March
/// financial year ("2025/26"). `sortKey` orders periods of one kind; `lastDay` places a
/// value in time (the impact summary reads values by the day their period ended).
public struct IndicatorPeriod: Sendable, Hashable, Comparable, CustomStringConvertible {
    public let kind: IndicatorPeriodKind
    /// The calendar year (quarter) or the year the financial year starts in (year).
    public let year: Int
    /// 1–4 for a quarter, 0 for a year.
    public let quarter: Int

    public static func quarter(_ quarter: Quarter) -> IndicatorPeriod {
        IndicatorPeriod(kind: .quarter, year: quarter.year, quarter: quarter.quarter)
    }

    /// The financial year starting in April of `startYear`.
    public static func financialYear(_ startYear: Int) -> IndicatorPeriod? {
        guard (2000...2200).contains(startYear) else { return nil }
        return IndicatorPeriod(kind: .year, year: startYear, quarter: 0)
    }

    private init(kind: IndicatorPeriodKind, year: Int, quarter: Int) {
        self.kind = kind
        self.year = year
        self.quarter = quarter
    }

    /// Parses the canonical text of a period of `kind`: "2025-Q2" (also "2025 Q2", "2025q2")
    /// for a quarter; "2025/26" (also "2025-26", "2025/2026") for a financial year. Nil for
    /// anything else, including a year whose second half is not the next year.
    public init?(text raw: String, kind: IndicatorPeriodKind) {
        let text = raw.trimmingCharacters(in: .whitespaces)
        switch kind {
        case .quarter:
            guard let q = Quarter(text: text) else { return nil }
            self = .quarter(q)
        case .year:
            let parts = text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "/" || $0 == "-" })
            guard parts.count == 2, parts[0].count == 4, parts[0].allSatisfy(\.isASCII), let start = Int(parts[0]),
                  parts[1].allSatisfy({ $0.isASCII && $0.isNumber }), let end = Int(parts[1]) else { return nil }
            switch parts[1].count {
            case 2: guard end == (start + 1) % 100 else { return nil }
            case 4: guard end == start + 1 else { return nil }
            default: return nil
            }
            guard let year = Self.financialYear(start) else { return nil }
            self = year
        }
    }

    /// "2025-Q2" or "2025/26": what is stored and what a form shows.
    public var text: String {
        switch kind {
        case .quarter: "\(year)-Q\(quarter)"
        case .year: "\(year)/\(String(format: "%02d", (year + 1) % 100))"
        }
    }

    public var description: String { text }

    /// Orders periods of one kind.
    public var sortKey: Int { year * 10 + quarter }

    public var firstDay: Day {
        switch kind {
        case .quarter: Day(year: year, month: (quarter - 1) * 3 + 1, day: 1)!
        case .year: Day(year: year, month: 4, day: 1)!
        }
    }

    public var lastDay: Day {
        switch kind {
        case .quarter: (quarter == 4 ? Day(year: year + 1, month: 1, day: 1)! : Day(year: year, month: quarter * 3 + 1, day: 1)!).adding(days: -1)
        case .year: Day(year: year + 1, month: 3, day: 31)!
        }
    }

    /// The financial year a day falls in (April to March).
    public static func financialYear(containing day: Day) -> IndicatorPeriod {
        let c = day.components
        return IndicatorPeriod(kind: .year, year: c.month >= 4 ? c.year : c.year - 1, quarter: 0)
    }

    /// The calendar quarters of a financial year, in order (Q2, Q3, Q4 of its first year, Q1 of the next).
    public var quarters: [Quarter] {
        guard kind == .year, let first = Quarter(year: year, quarter: 2) else { return [] }
        return (0..<4).map { first.adding(quarters: $0) }
    }

    public static func < (a: IndicatorPeriod, b: IndicatorPeriod) -> Bool { a.lastDay < b.lastDay }
}

/// A figure Lantern already has that an indicator can be bound to, with a stable key (stored
/// in `strategy_indicators.binding`, never renamed).
public enum IndicatorBinding: String, Sendable, Codable, CaseIterable {
    /// NRM referrals made by London councils (first responder type "Local authority", the
    /// borough a London borough, ONS code E09…) in a calendar quarter, from imported NRM
    /// statistics (measure `nrm_referrals`).
    case nrmReferralsLondonCouncils = "nrm_referrals_london_councils"
    /// The share of Conclusive Grounds decisions in a quarter that were positive, from imported
    /// figures of the measures `nrm_cg_decisions` (all decisions) and `nrm_cg_positive`.
    case positiveConclusiveGroundsShare = "nrm_positive_cg_share"
    /// Training coverage: there are no training records in Lantern yet, so this binding has no
    /// figures until the training module exists; it never shows a number before then.
    case trainingCoverage = "training_coverage"

    /// The imported measures the bindings read.
    public static let referralsMeasure = "nrm_referrals"
    public static let cgDecisionsMeasure = "nrm_cg_decisions"
    public static let cgPositiveMeasure = "nrm_cg_positive"
    /// The first responder type of councils in imported figures.
    public static let councilResponderType = "Local authority"
    /// The prefix of London boroughs' ONS codes (the City of London, E09000001, included).
    public static let londonBoroughCodePrefix = "E09"

    public var unit: IndicatorUnit {
        switch self {
        case .nrmReferralsLondonCouncils: .number
        case .positiveConclusiveGroundsShare, .trainingCoverage: .percent
        }
    }

    public var periodKind: IndicatorPeriodKind { .quarter }

    /// Whether Lantern holds the records this binding is computed from.
    public var isAvailable: Bool { self != .trainingCoverage }
}

/// What an indicator's latest figure is, or why there is none.
public enum IndicatorReading: Sendable, Equatable {
    case value(Double, period: IndicatorPeriod)
    /// The figure exists but the statistics pages would hide it (too small to publish).
    case suppressed(period: IndicatorPeriod)
    /// Nothing entered or imported yet.
    case noData
    /// The binding's records do not exist in Lantern yet (training coverage).
    case unavailable

    public var value: Double? {
        if case .value(let v, _) = self { return v }
        return nil
    }

    public var period: IndicatorPeriod? {
        switch self {
        case .value(_, let p), .suppressed(let p): p
        case .noData, .unavailable: nil
        }
    }
}

/// Where an indicator stands against its target.
public enum ProgressStatus: String, Sendable, Codable, CaseIterable {
    case onTrack = "on_track"
    case behind
    case noData = "no_data"
}

/// An indicator's latest reading against its target: its status and how far along the bar it is.
public struct IndicatorProgress: Sendable, Equatable {
    public let status: ProgressStatus
    /// 0…1 of the way to the target, for the bar; nil with no data.
    public let fraction: Double?

    /// On track when the latest value meets the target in the indicator's direction (at or
    /// above it for "higher", at or below it for "lower"); behind otherwise; no data when
    /// there is no value to compare (nothing yet, suppressed, unavailable).
    public init(reading: IndicatorReading, target: Double, direction: IndicatorDirection) {
        guard let value = reading.value else {
            status = .noData
            fraction = nil
            return
        }
        let met = direction == .higher ? value >= target : value <= target
        status = met ? .onTrack : .behind
        if met {
            fraction = 1
        } else if direction == .higher {
            fraction = target > 0 ? max(0, min(1, value / target)) : 0
        } else {
            fraction = value > 0 ? max(0, min(1, target / value)) : 0
        }
    }
}

/// Checks on what a person types into the strategy's forms.
public enum StrategyInput {
    public static let maximumValue = 1_000_000_000_000.0

    /// A number as typed: digits with an optional sign, decimal point and thousands commas
    /// ("1,250", "62.5", "-3"); nil for anything else (words, "1e5", NaN, too large).
    public static func number(_ raw: String) -> Double? {
        let text = raw.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: ",", with: "")
        guard !text.isEmpty, text.count <= 20 else { return nil }
        var body = Substring(text)
        if body.first == "-" || body.first == "+" { body = body.dropFirst() }
        let pieces = body.split(separator: ".", omittingEmptySubsequences: false)
        guard !body.isEmpty, pieces.count <= 2, pieces.allSatisfy({ $0.allSatisfy { $0.isASCII && $0.isNumber } }),
              !(pieces.first?.isEmpty ?? true) || (pieces.count == 2 && !pieces[1].isEmpty),
              let value = Double(text), value.isFinite, abs(value) < maximumValue else { return nil }
        return value
    }

    /// A value fits its unit: a percentage lies from 0 to 100, a number of days is not negative.
    public static func fits(_ value: Double, unit: IndicatorUnit) -> Bool {
        switch unit {
        case .percent: (0...100).contains(value)
        case .days: value >= 0
        case .number: true
        }
    }
}

extension StrategyInput {
    /// What is wrong with a title or description as typed.
    public enum TextProblem: String, Sendable, Equatable {
        case missing, tooLong, control
    }

    public static let titleLimit = 200
    public static let descriptionLimit = 2_000

    /// A title (required) or a description (optional): within `limit` characters, no control
    /// characters (a description may have line breaks).
    public static func textProblem(_ text: String, limit: Int, required: Bool, multiline: Bool = false) -> TextProblem? {
        if text.isEmpty { return required ? .missing : nil }
        if text.count > limit { return .tooLong }
        let allowed: Set<Unicode.Scalar> = multiline ? ["\n", "\r", "\t"] : []
        if text.unicodeScalars.contains(where: { $0.properties.generalCategory == .control && !allowed.contains($0) }) { return .control }
        return nil
    }

    /// What is wrong with an entered period: missing, not in the indicator's format, or not yet begun.
    public enum PeriodProblem: String, Sendable, Equatable, Error {
        case missing, format, future
    }

    /// The period typed for a value of an indicator measured by `kind`, or why it cannot be
    /// taken. A period that has not started by `today` has no value yet.
    public static func period(_ raw: String, kind: IndicatorPeriodKind, today: Day) -> Result<IndicatorPeriod, PeriodProblem> {
        let text = raw.trimmingCharacters(in: .whitespaces)
        guard !text.isEmpty else { return .failure(.missing) }
        guard let period = IndicatorPeriod(text: text, kind: kind) else { return .failure(.format) }
        guard period.firstDay <= today else { return .failure(.future) }
        return .success(period)
    }
}
