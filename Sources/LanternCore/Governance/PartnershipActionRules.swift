import Foundation

/// Where a partnership action stands. Done and dropped close it; a dropped action says why.
public enum PartnershipActionStatus: String, Sendable, CaseIterable, Codable {
    case open
    case inProgress = "in_progress"
    case done
    case dropped

    public var isClosed: Bool { self == .done || self == .dropped }
}

/// How an action's due date stands today, for its owner's tasks and the secretariat's log.
public enum PartnershipActionStanding: String, Sendable, Equatable {
    /// Done or dropped: nothing to chase.
    case closed
    /// Past its due date and still open.
    case overdue
    /// Due within `PartnershipActionRules.dueSoonDays` days (today included).
    case dueSoon = "due_soon"
    /// Due later than that.
    case later
}

/// The rules for a partnership's actions: what makes one valid, when it is chased.
public enum PartnershipActionRules {
    /// An open action due within this many days becomes a task (and an email) for its owner.
    public static let dueSoonDays = 14
    public static let titleLimit = 300
    public static let textLimit = 5_000
    public static let reasonLimit = 1_000

    public static func standing(due: Day, status: PartnershipActionStatus, today: Day) -> PartnershipActionStanding {
        if status.isClosed { return .closed }
        if due < today { return .overdue }
        if due <= today.adding(days: dueSoonDays) { return .dueSoon }
        return .later
    }

    /// The task's source key: one task per action, due date and standing, however often the
    /// sweep runs; a new due date, or the action falling overdue, gives a new one.
    public static func taskSourceKey(actionID: String, due: Day, standing: PartnershipActionStanding) -> String? {
        switch standing {
        case .dueSoon: "governance_action_due:\(actionID):\(due.daysSinceEpoch)"
        case .overdue: "governance_action_overdue:\(actionID):\(due.daysSinceEpoch)"
        case .closed, .later: nil
        }
    }

    /// The owner's task: what it is about in the action's own words is not repeated (a
    /// title could name a person); the link leads to the action.
    public static func taskTitle(standing: PartnershipActionStanding, due: Day) -> String {
        standing == .overdue ? "A partnership action you own is overdue (it was due on \(due.iso)): post an update"
            : "A partnership action you own is due on \(due.iso): post an update"
    }

    /// A problem with an action's fields, named by the field it belongs to.
    public enum Problem: String, Sendable, Equatable {
        case titleMissing = "title-missing"
        case titleTooLong = "title-too-long"
        case control = "control"
        case ownerMissing = "owner-missing"
        case dueMissing = "due-missing"
        case dueInvalid = "due-invalid"
        case statusInvalid = "status-invalid"
        case reasonMissing = "reason-missing"
        case reasonTooLong = "reason-too-long"
        case textMissing = "text-missing"
        case textTooLong = "text-too-long"
    }

    /// A checked action, or the problems by field (title, owner, due, status, reason).
    public struct Checked: Sendable, Equatable {
        public var title: String
        public var due: Day
        public var status: PartnershipActionStatus
        public var dropReason: String?
    }

    /// The problems found, field by field, in the form's order.
    public struct Problems: Error, Sendable, Equatable {
        public struct Item: Sendable, Equatable {
            public var field: String
            public var problem: Problem
        }
        public var items: [Item]
    }

    public static func check(title: String?, ownerChosen: Bool, due: String?, status: String?, dropReason: String?)
        -> Result<Checked, Problems> {
        var problems: [Problems.Item] = []
        let title = trimmed(title)
        if title.isEmpty { problems.append(.init(field: "title", problem: .titleMissing)) }
        else if title.count > titleLimit { problems.append(.init(field: "title", problem: .titleTooLong)) }
        else if hasControl(title, multiline: false) { problems.append(.init(field: "title", problem: .control)) }
        if !ownerChosen { problems.append(.init(field: "owner", problem: .ownerMissing)) }
        let dueText = trimmed(due)
        let day = Day(iso: dueText)
        if dueText.isEmpty { problems.append(.init(field: "due", problem: .dueMissing)) } else if day == nil { problems.append(.init(field: "due", problem: .dueInvalid)) }
        let parsed = PartnershipActionStatus(rawValue: trimmed(status).isEmpty ? "open" : trimmed(status))
        if parsed == nil { problems.append(.init(field: "status", problem: .statusInvalid)) }
        let reason = trimmed(dropReason)
        if parsed == .dropped {
            if reason.isEmpty { problems.append(.init(field: "dropReason", problem: .reasonMissing)) }
            else if reason.count > reasonLimit { problems.append(.init(field: "dropReason", problem: .reasonTooLong)) }
            else if hasControl(reason, multiline: true) { problems.append(.init(field: "dropReason", problem: .control)) }
        }
        guard problems.isEmpty, let day, let parsed else { return .failure(Problems(items: problems)) }
        return .success(Checked(title: title, due: day, status: parsed, dropReason: parsed == .dropped ? reason : nil))
    }

    /// A dated update's text: given, not too long, no control characters but line breaks.
    public static func updateProblem(_ text: String?) -> Problem? {
        let text = trimmed(text)
        if text.isEmpty { return .textMissing }
        if text.count > textLimit { return .textTooLong }
        if hasControl(text, multiline: true) { return .control }
        return nil
    }

    /// The day an action is done: kept when it was already done, today when it becomes done,
    /// none otherwise.
    public static func doneOn(newStatus: PartnershipActionStatus, previous: PartnershipActionStatus?, previousDoneOn: Day?, today: Day) -> Day? {
        guard newStatus == .done else { return nil }
        return previous == .done ? (previousDoneOn ?? today) : today
    }

    static func trimmed(_ text: String?) -> String { (text ?? "").trimmingCharacters(in: .whitespacesAndNewlines) }

    static func hasControl(_ text: String, multiline: Bool) -> Bool {
        text.unicodeScalars.contains { scalar in
            scalar.properties.generalCategory == .control && !(multiline && (scalar == "\n" || scalar == "\r" || scalar == "\t"))
        }
    }
}
