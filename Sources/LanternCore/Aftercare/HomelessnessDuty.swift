/// The duty a council owes under Part 7 of the Housing Act 1996 as an application moves on:
/// prevention, relief, then the main housing duty. Raw values are stored.
public enum HomelessnessDuty: String, Sendable, CaseIterable, Codable {
    case prevention, relief, main

    public func label(_ l: Localiser) -> String {
        switch self {
        case .prevention: l("aftercare.homelessness.duty.prevention")
        case .relief: l("aftercare.homelessness.duty.relief")
        case .main: l("aftercare.homelessness.duty.main")
        }
    }
}

/// The council's decision on priority need.
public enum PriorityNeed: String, Sendable, CaseIterable, Codable {
    case pending, yes, no

    public func label(_ l: Localiser) -> String {
        switch self {
        case .pending: l("aftercare.homelessness.priority.pending")
        case .yes: l("aftercare.homelessness.priority.yes")
        case .no: l("aftercare.homelessness.priority.no")
        }
    }
}

/// The rules for a homelessness application recorded on a case.
public enum HomelessnessRules {
    /// The form as typed.
    public struct Input: Sendable {
        public var borough: String?, appliedOn: String?, duty: String?, priorityNeed: String?, decidedOn: String?, outcome: String?
        public init(borough: String?, appliedOn: String?, duty: String?, priorityNeed: String?, decidedOn: String?, outcome: String?) {
            self.borough = borough; self.appliedOn = appliedOn; self.duty = duty; self.priorityNeed = priorityNeed
            self.decidedOn = decidedOn; self.outcome = outcome
        }
    }

    public struct Application: Sendable, Equatable {
        public let boroughCode: String
        public let appliedOn: Day
        public let duty: HomelessnessDuty
        public let priorityNeed: PriorityNeed
        public let decidedOn: Day?
        /// Free text: sealed by the app.
        public let outcome: String?
    }

    /// A London borough; applied on a day not after today; a duty and a priority need answer.
    /// A priority need decision (yes or no) has the day it was made, not before the application
    /// and not after today; a pending one has none. The main housing duty is owed only to
    /// someone found in priority need.
    public static func check(_ input: Input, boroughs: BoroughCatalogue, today: Day, l: Localiser) -> (Application?, ValidationProblems) {
        var problems = ValidationProblems()
        let borough = StatusFormText.trimmed(input.borough)
        if boroughs.borough(code: borough) == nil { problems.add("borough", l("aftercare.homelessness.error.borough")) }
        let applied = StatusFormText.day(input.appliedOn, field: "appliedOn", today: today, l: l, into: &problems)
        let duty = HomelessnessDuty(rawValue: StatusFormText.trimmed(input.duty))
        if duty == nil { problems.add("duty", l("aftercare.homelessness.error.duty")) }
        let need = PriorityNeed(rawValue: StatusFormText.trimmed(input.priorityNeed))
        if need == nil { problems.add("priorityNeed", l("aftercare.homelessness.error.priority")) }
        var decided: Day?
        if StatusFormText.trimmed(input.decidedOn).isEmpty {
            if let need, need != .pending { problems.add("decidedOn", l("aftercare.homelessness.error.decided-missing")) }
        } else if need == .pending {
            problems.add("decidedOn", l("aftercare.homelessness.error.decided-pending"))
        } else {
            decided = StatusFormText.day(input.decidedOn, field: "decidedOn", today: today, l: l, into: &problems)
            if let decided, let applied, decided < applied { problems.add("decidedOn", l("aftercare.homelessness.error.decided-before-applied")) }
        }
        if duty == .main, let need, need != .yes { problems.add("duty", l("aftercare.homelessness.error.main-needs-priority")) }
        let outcome = StatusFormText.note(input.outcome, field: "outcome", l: l, into: &problems)
        guard problems.isEmpty, let applied, let duty, let need else { return (nil, problems) }
        return (Application(boroughCode: borough, appliedOn: applied, duty: duty, priorityNeed: need, decidedOn: decided, outcome: outcome), problems)
    }
}
