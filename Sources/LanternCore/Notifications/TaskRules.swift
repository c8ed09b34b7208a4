/// "Your tasks": the order they are listed in and the words of the tasks Lantern makes itself.
/// A task's title names what to do and a case reference at most, never a person.
public enum TaskRules {
    /// How many days before a stage deadline its case worker is given a task.
    public static let deadlineNotice = 7

    public struct Listed: Sendable, Equatable {
        public let id: String
        public let due: Day?
        public let createdOrder: Int
        public init(id: String, due: Day?, createdOrder: Int) { self.id = id; self.due = due; self.createdOrder = createdOrder }
    }

    /// Overdue first (longest overdue at the top), then by due date, then undated, each
    /// group oldest first.
    public static func ordered(_ tasks: [Listed], today: Day) -> [Listed] {
        func rank(_ task: Listed) -> (Int, Int, Int) {
            guard let due = task.due else { return (2, 0, task.createdOrder) }
            return (due < today ? 0 : 1, due.daysSinceEpoch, task.createdOrder)
        }
        return tasks.sorted { rank($0) < rank($1) }
    }

    public static func isOverdue(_ due: Day?, today: Day) -> Bool { due.map { $0 < today } ?? false }

    /// The task for a stage deadline coming up: what is due and the case's reference.
    public static func stageDeadlineTitle(_ deadline: StageDeadline, reference: String) -> String {
        "\(deadline.description) for case \(reference)"
    }

    /// The administrator's task when an email is given up on.
    public static let failedMessageTitle = "An email could not be delivered: review it and try again"

    /// Whether a deadline falls in the notice window: from today to `deadlineNotice` days on.
    public static func isApproaching(_ due: Day, today: Day) -> Bool {
        due >= today && due <= today.adding(days: deadlineNotice)
    }
}
