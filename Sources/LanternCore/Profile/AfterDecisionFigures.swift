import Foundation

/// The problem profile's figures after the decision (issue 11, item 7): time in B&B,
/// settled accommodation at move-on, alerts by kind and borough, safeguarding concerns
/// acknowledged on time, and children's missing episodes. Here is each figure's shape — its
/// bands and categories and the rule that puts a record in one — and how a counted row gets
/// its record key; the app counts the rows and publishes them under the profile's own
/// disclosure method (`DisclosureMethod.cellKey`), so the same records always give the same
/// published figure, whichever question counts them and in whatever order they were recorded.
public enum AfterDecisionFigures {
    /// Which of the tables that can be counted by borough or by quarter are: the first choice
    /// is the default.
    public enum Rows: String, Sendable, CaseIterable {
        case borough
        case quarter
    }

    // MARK: time in B&B

    /// The length of a stay in bed-and-breakfast accommodation, in bands.
    public enum StayBand: String, Sendable, CaseIterable {
        case upTo7 = "up_to_7"
        case from8To28 = "8_to_28"
        case from29To42 = "29_to_42"
        case from43To90 = "43_to_90"
        case over90 = "over_90"

        /// The band of a stay of `days` days (a negative length reads as 0).
        public init(days: Int) {
            switch days {
            case ...7: self = .upTo7
            case 8...28: self = .from8To28
            case 29...42: self = .from29To42
            case 43...90: self = .from43To90
            default: self = .over90
            }
        }
    }

    /// Days in the accommodation: from the day it began to the day it ended, or to today for
    /// a stay that has not ended (the person is still there). Never negative.
    public static func stayLength(from: Day, until: Day?, today: Day) -> Int {
        max(0, (until ?? today).daysSinceEpoch - from.daysSinceEpoch)
    }

    // MARK: settled accommodation at move-on

    /// Where the person was living on the day their move-on support ended.
    public enum MoveOnOutcome: String, Sendable, CaseIterable {
        /// A social or private tenancy (`AccommodationKind.isSettled`).
        case settled
        /// Any other recorded accommodation.
        case notSettled = "not_settled"
        /// No accommodation recorded on that day, or recorded as unknown.
        case notRecorded = "not_recorded"
    }

    /// One accommodation episode of a case, as the figure reads it.
    public struct Episode: Sendable, Equatable {
        public var kind: String
        public var from: Day
        public var until: Day?

        public init(kind: String, from: Day, until: Day?) {
            self.kind = kind
            self.from = from
            self.until = until
        }

        public func covers(_ day: Day) -> Bool { from <= day && (until.map { day <= $0 } ?? true) }
    }

    /// The day move-on support ended: its planned end (`moveOnDays` after the case entered
    /// move-on), or the day the case was closed if that was sooner (but not before it began).
    public static func moveOnEnd(entered: Day, closedOn: Day?, moveOnDays: Int) -> Day {
        let planned = entered.adding(days: moveOnDays)
        guard let closedOn, closedOn >= entered else { return planned }
        return min(planned, closedOn)
    }

    /// Where the person was on `day`: the episode covering that day that began last (on a
    /// move-in day the old episode may end and the new one begin); settled if its kind is in
    /// `settledKinds`, not recorded if none covers it or its kind is `unknown`.
    public static func outcome(on day: Day, episodes: [Episode], settledKinds: Set<String>) -> MoveOnOutcome {
        let covering = episodes.filter { $0.covers(day) }
            .max { ($0.from, $0.kind) < ($1.from, $1.kind) }
        guard let covering, covering.kind != "unknown" else { return .notRecorded }
        return settledKinds.contains(covering.kind) ? .settled : .notSettled
    }

    // MARK: safeguarding concerns acknowledged on time

    public enum Acknowledgement: String, Sendable, CaseIterable {
        case onTime = "on_time"
        case late
        case notYetAcknowledged = "not_yet_acknowledged"
    }

    /// On time: acknowledged at or before the deadline; late: after it; otherwise not yet.
    public static func acknowledgement(deadline: Date, acknowledgedAt: Date?) -> Acknowledgement {
        guard let acknowledgedAt else { return .notYetAcknowledged }
        return acknowledgedAt <= deadline ? .onTime : .late
    }

    /// The concern urgencies, in the order the table shows them.
    public static let urgencies = ["urgent", "standard"]

    // MARK: children's missing episodes

    /// Whether the return home interview was held within 72 hours of the child's return.
    public enum ReturnInterview: String, Sendable, CaseIterable {
        case heldWithin72Hours = "held_within_72_hours"
        /// Held later, or not held and 72 hours have passed since the return.
        case notHeldWithin72Hours = "not_held_within_72_hours"
        /// Still missing, or returned less than 72 hours ago with no interview yet.
        case notYetDue = "not_yet_due"
    }

    public static let returnInterviewWindow: TimeInterval = 72 * 60 * 60

    public static func returnInterview(returnedAt: Date?, heldAt: Date?, now: Date) -> ReturnInterview {
        guard let returnedAt else { return .notYetDue }
        let due = returnedAt.addingTimeInterval(returnInterviewWindow)
        if let heldAt, heldAt <= due { return .heldWithin72Hours }
        if heldAt == nil && now <= due { return .notYetDue }
        return .notHeldWithin72Hours
    }

    // MARK: record keys and tables

    /// The record key of one counted row: its case's key offset by a code naming the table and
    /// the row (`RecordKey.mentionKey(code:)`), so a case counted twice in one figure (two
    /// stays in B&B) adds two different keys, and the same row always adds the same key.
    /// Nil for a key outside 0..<256 (a damaged case row).
    public static func recordKey(caseKey: Int, table: String, rowID: String) -> RecordKey? {
        RecordKey(caseKey)?.mentionKey(code: "\(table):\(rowID.lowercased())")
    }

    /// The record key of a row with no case (a concern raised on its own): the first byte of
    /// a keyed hash of its id (`FieldCipher.blindIndex`, hex), secret like a case's key and
    /// fixed for the row. Nil if the text is not hex.
    public static func recordKey(blindIndex hex: String) -> RecordKey? {
        guard hex.count >= 2, let byte = Int(hex.prefix(2), radix: 16) else { return nil }
        return RecordKey(byte)
    }

    /// One counted row: where it falls and its record key.
    public struct Counted: Sendable, Equatable {
        public var row: String
        public var column: String
        public var key: RecordKey

        public init(row: String, column: String, key: RecordKey) {
            self.row = row
            self.column = column
            self.key = key
        }
    }

    /// The true counts and key sums of a table whose rows and columns are given in order (rows
    /// outside them are not counted), totals included (each row in one cell).
    public static func keyedTable(rows: [String], columns: [String], counted: [Counted]) -> KeyedCountTable {
        let rowIndex = Dictionary(rows.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
        let columnIndex = Dictionary(columns.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
        var cells = Array(repeating: Array(repeating: KeyedCount.zero, count: columns.count), count: rows.count)
        for item in counted {
            guard let r = rowIndex[item.row], let c = columnIndex[item.column] else { continue }
            cells[r][c] = cells[r][c] + KeyedCount(count: 1, keySum: item.key.value)
        }
        return KeyedCountTable(rowKeys: rows, columnKeys: columns, cells: cells)
    }

    /// A table in its published form under the release's method: every figure and total
    /// perturbed on its own (cell key), or suppressed with its complements.
    public static func protect(_ table: KeyedCountTable, by method: DisclosureMethod) -> DisclosedTable {
        switch method {
        case .cellKey(let perturbation):
            return perturbation.protect(table).table
        case .suppression(let rules):
            let counts = CountTable(rowKeys: table.rowKeys, columnKeys: table.columnKeys,
                                    cells: table.cells.map { $0.map(\.count) })
            return DisclosureControl(rules: rules).protect(counts)
        case .exact:
            return DisclosedTable(exactly: CountTable(rowKeys: table.rowKeys, columnKeys: table.columnKeys,
                                                      cells: table.cells.map { $0.map(\.count) }))
        }
    }

    /// The quarters from `from` to `to`, both included, as row keys (their codes).
    public static func quarterKeys(from: Quarter, to: Quarter) -> [String] {
        guard from <= to else { return [] }
        var keys: [String] = []
        var quarter = from
        while quarter <= to {
            keys.append(String(quarter.code))
            quarter = quarter.adding(quarters: 1)
        }
        return keys
    }

    /// The first and last day of a quarter.
    public static func days(of quarter: Quarter) -> (first: Day, last: Day) {
        let first = Day(year: quarter.year, month: (quarter.quarter - 1) * 3 + 1, day: 1)!
        let next = quarter.adding(quarters: 1)
        let last = Day(year: next.year, month: (next.quarter - 1) * 3 + 1, day: 1)!.adding(days: -1)
        return (first, last)
    }

    /// The question: a period of whole quarters and what the B&B, move-on and missing-episode
    /// tables are counted by. Problems are (field, problem) pairs; the page words them.
    public struct Question: Sendable, Equatable {
        public var from: Quarter
        public var to: Quarter
        public var rows: Rows

        public init(from: Quarter, to: Quarter, rows: Rows) {
            self.from = from
            self.to = to
            self.rows = rows
        }

        /// The period's first and last day.
        public var firstDay: Day { AfterDecisionFigures.days(of: from).first }
        public var lastDay: Day { AfterDecisionFigures.days(of: to).last }

        /// Checks the question as typed; empty texts take the defaults (the last eight quarters
        /// to this one, by borough).
        public static func parse(from fromText: String?, to toText: String?, rows rowsText: String?, today: Day,
                                 limits: ProfileLimits = .standard) -> Result<Question, Problems> {
            var problems: [(field: String, problem: Problem)] = []
            let current = Quarter(containing: today)
            func quarter(_ text: String?, default value: Quarter, field: String) -> Quarter? {
                guard let text = text?.trimmingCharacters(in: .whitespaces), !text.isEmpty else { return value }
                guard text.count <= 10, let parsed = Quarter(text: text) else {
                    problems.append((field, .quarter))
                    return nil
                }
                return parsed
            }
            let to = quarter(toText, default: current, field: "to")
            let from = quarter(fromText, default: current.adding(quarters: -7), field: "from")
            var rows = Rows.borough
            if let text = rowsText, !text.isEmpty {
                if let chosen = Rows(rawValue: text) { rows = chosen } else { problems.append(("by", .rows)) }
            }
            if let from, let to {
                if from > to { problems.append(("from", .order)) }
                if from < limits.earliest { problems.append(("from", .earliest)) }
                if to > current { problems.append(("to", .future)) }
                let quarters = (to.year - from.year) * 4 + (to.quarter - from.quarter) + 1
                if quarters > limits.longestPeriod { problems.append(("from", .tooLong)) }
            }
            guard problems.isEmpty, let from, let to else { return .failure(Problems(items: problems)) }
            return .success(Question(from: from, to: to, rows: rows))
        }
    }

    /// What can be wrong with a question.
    public enum Problem: String, Sendable, Equatable {
        /// Not a quarter like 2026-Q3.
        case quarter
        /// Rows neither by borough nor by quarter.
        case rows
        /// The first quarter after the last.
        case order
        /// Before the NRM began.
        case earliest
        /// After the current quarter.
        case future
        /// More quarters than the profile's longest period.
        case tooLong
    }

    public struct Problems: Error, Sendable, Equatable {
        public var items: [Item]

        public struct Item: Sendable, Equatable {
            public var field: String
            public var problem: Problem
        }

        init(items: [(field: String, problem: Problem)]) {
            self.items = items.map { Item(field: $0.field, problem: $0.problem) }
        }
    }
}
