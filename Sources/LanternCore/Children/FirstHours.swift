import Foundation

/// What must happen in a child's first 72 hours after they come into contact with services or
/// into care (statutory guidance on child victims of modern slavery): the strategy discussion,
/// a safe placement, a health check, an interpreter, a return interview, and a referral to an
/// Independent Child Trafficking Guardian where the child's borough has the service.
public enum ChildChecklistItem: String, Sendable, CaseIterable, Codable {
    case strategyDiscussion = "strategy_discussion"
    case safePlacement = "safe_placement"
    case healthCheck = "health_check"
    case interpreter
    case returnInterview = "return_interview"
    case ictgReferral = "ictg_referral"

    /// The items that apply: the guardian referral only where the borough has the service.
    public static func applicable(ictgAvailable: Bool) -> [ChildChecklistItem] {
        allCases.filter { $0 != .ictgReferral || ictgAvailable }
    }
}

/// Where one item of the checklist stands.
public enum ChecklistItemState: Sendable, Equatable {
    case outstanding
    case done(at: Date)
    case notNeeded

    public var isSettled: Bool { self != .outstanding }
}

/// How long until (or since) a deadline, in the units a person reads: hours within the 72 hours
/// the deadlines here give (then days), overdue in hours for two days (then days); never a
/// negative number ("overdue by", not "due in -3").
public enum Countdown: Sendable, Equatable {
    case dueInHours(Int)
    case dueInDays(Int)
    case overdueByHours(Int)
    case overdueByDays(Int)

    public var isOverdue: Bool {
        switch self {
        case .overdueByHours, .overdueByDays: true
        case .dueInHours, .dueInDays: false
        }
    }

    /// From `now` to `due`. Hours are whole hours, rounded so that a deadline a minute away is
    /// "due in 1 hour" and one a minute past is "overdue by 1 hour" (never "0").
    public static func until(_ due: Date, now: Date) -> Countdown {
        let seconds = due.timeIntervalSince(now)
        if seconds > 0 {
            let hours = Int((seconds / 3600).rounded(.up))
            return hours <= 72 ? .dueInHours(hours) : .dueInDays(Int((seconds / 86_400).rounded(.down)))
        }
        let hours = max(1, Int((-seconds / 3600).rounded(.down)))
        return hours < 48 ? .overdueByHours(hours) : .overdueByDays(Int((-seconds / 86_400).rounded(.down)))
    }
}

/// The 72-hour clock: it starts when the child comes into contact or care and runs in real
/// hours (72 elapsed hours, so across a change of the clocks the deadline's London time is an
/// hour later or earlier than the start's).
public enum FirstHours {
    public static let window: TimeInterval = 72 * 3600

    public static func due(from start: Date) -> Date { start.addingTimeInterval(window) }

    /// The checklist's standing: the items still outstanding and, while any is, the countdown
    /// to the deadline (nil once every item is done or not needed).
    public static func standing(start: Date, items: [ChildChecklistItem: ChecklistItemState], applicable: [ChildChecklistItem],
                                now: Date) -> (outstanding: [ChildChecklistItem], countdown: Countdown?) {
        let outstanding = applicable.filter { !(items[$0]?.isSettled ?? false) }
        return (outstanding, outstanding.isEmpty ? nil : Countdown.until(due(from: start), now: now))
    }
}
