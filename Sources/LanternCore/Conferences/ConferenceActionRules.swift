import Foundation

/// Where an agreed action stands: open until its owner marks it done (or the chair drops it).
public enum ConferenceActionState: String, Sendable, CaseIterable, Codable {
    case open, done, dropped
}


/// Who owns a conference action: a person who is a member of the meeting, or a team of an
/// organisation attending it. On a form it is one value, `person:<id>` or `team:<id>`.
public enum ConferenceActionOwner: Sendable, Hashable {
    case person(String)
    case team(String)

    public init?(formValue: String?) {
        let text = (formValue ?? "").trimmingCharacters(in: .whitespaces)
        let parts = text.split(separator: ":", maxSplits: 1).map(String.init)
        guard parts.count == 2, let id = UUID(uuidString: parts[1]) else { return nil }
        switch parts[0] {
        case "person": self = .person(id.uuidString)
        case "team": self = .team(id.uuidString)
        default: return nil
        }
    }

    public var formValue: String {
        switch self {
        case .person(let id): "person:\(id)"
        case .team(let id): "team:\(id)"
        }
    }
}

/// The rules for what a conference decides about a case (risk, decisions, review date), its
/// actions (what, owner, due date; chased when overdue), its minutes, and what the series'
/// next meeting carries forward. Plain values: the app reads the database and writes.
public enum ConferenceActionRules {
    public static let decisionsLimit = 10_000
    public static let whatLimit = 2_000
    public static let minutesLimit = 50_000
    public static var riskLevels: [String] { ConferenceRiskLevel.allCases.map(\.rawValue) }

    /// A problem with a field, named by the field it belongs to.
    public enum Problem: String, Sendable, Equatable {
        case riskMissing = "risk-missing"
        case decisionsMissing = "decisions-missing"
        case decisionsTooLong = "decisions-too-long"
        case reviewInvalid = "review-invalid"
        case reviewBeforeMeeting = "review-before-meeting"
        case whatMissing = "what-missing"
        case whatTooLong = "what-too-long"
        case ownerMissing = "owner-missing"
        case ownerOutside = "owner-outside"
        case dueMissing = "due-missing"
        case dueInvalid = "due-invalid"
        case dueBeforeMeeting = "due-before-meeting"
        case minutesMissing = "minutes-missing"
        case minutesTooLong = "minutes-too-long"
        case control = "control"
    }

    public struct Problems: Error, Sendable, Equatable {
        public struct Item: Sendable, Equatable {
            public var field: String
            public var problem: Problem
            public init(field: String, problem: Problem) { self.field = field; self.problem = problem }
        }
        public var items: [Item]
        public var isEmpty: Bool { items.isEmpty }
        public func problem(for field: String) -> Problem? { items.first { $0.field == field }?.problem }
    }

    // MARK: the outcome for a case

    public struct Outcome: Sendable, Equatable {
        public var riskLevel: String
        public var decisions: String
        public var reviewOn: Day?
    }

    /// Risk level (one of `riskLevels`), decisions (required, multiline) and an optional review
    /// date on or after the meeting's day.
    public static func checkOutcome(risk: String?, decisions: String?, review: String?, meetingDay: Day) -> Result<Outcome, Problems> {
        var problems: [Problems.Item] = []
        let risk = trimmed(risk)
        if !riskLevels.contains(risk) { problems.append(.init(field: "risk", problem: .riskMissing)) }
        let decisions = trimmed(decisions)
        if let problem = textProblem(decisions, limit: decisionsLimit, missing: .decisionsMissing, tooLong: .decisionsTooLong) {
            problems.append(.init(field: "decisions", problem: problem))
        }
        let reviewText = trimmed(review)
        var reviewOn: Day?
        if !reviewText.isEmpty {
            reviewOn = Day(iso: reviewText)
            if let day = reviewOn {
                if day < meetingDay { problems.append(.init(field: "review", problem: .reviewBeforeMeeting)) }
            } else {
                problems.append(.init(field: "review", problem: .reviewInvalid))
            }
        }
        guard problems.isEmpty else { return .failure(Problems(items: problems)) }
        return .success(Outcome(riskLevel: risk, decisions: decisions, reviewOn: reviewOn))
    }

    // MARK: an action

    public struct CheckedAction: Sendable, Equatable {
        public var what: String
        public var owner: ConferenceActionOwner
        public var due: Day
    }

    /// Who may own an action at a meeting: its members (people) and the teams of the
    /// organisations attending (a member's organisation, unless the member was recorded absent).
    public struct Eligible: Sendable, Equatable {
        public var memberUserIDs: Set<String>
        public var teamIDs: Set<String>
        public init(memberUserIDs: Set<String>, teamIDs: Set<String>) {
            self.memberUserIDs = Set(memberUserIDs.map { $0.uppercased() })
            self.teamIDs = Set(teamIDs.map { $0.uppercased() })
        }

        public func allows(_ owner: ConferenceActionOwner) -> Bool {
            switch owner {
            case .person(let id): memberUserIDs.contains(id.uppercased())
            case .team(let id): teamIDs.contains(id.uppercased())
            }
        }
    }

    /// The organisations attending a meeting: those of its members, except members recorded
    /// as absent (`attended == false`); not yet recorded counts as attending.
    public static func attendingOrganisations(_ members: [(organisationID: String, attended: Bool?)]) -> Set<String> {
        Set(members.filter { $0.attended != false }.map { $0.organisationID.uppercased() })
    }

    /// What (required, multiline), owner (given, and within the conference), due date (a real
    /// day, on or after the meeting's).
    public static func checkAction(what: String?, owner: String?, due: String?, meetingDay: Day, eligible: Eligible)
        -> Result<CheckedAction, Problems> {
        var problems: [Problems.Item] = []
        let what = trimmed(what)
        if let problem = textProblem(what, limit: whatLimit, missing: .whatMissing, tooLong: .whatTooLong) {
            problems.append(.init(field: "what", problem: problem))
        }
        let ownerText = trimmed(owner)
        let parsed = ConferenceActionOwner(formValue: ownerText)
        if ownerText.isEmpty { problems.append(.init(field: "owner", problem: .ownerMissing)) }
        else if parsed.map(eligible.allows) != true { problems.append(.init(field: "owner", problem: .ownerOutside)) }
        let dueText = trimmed(due)
        let day = Day(iso: dueText)
        if dueText.isEmpty { problems.append(.init(field: "due", problem: .dueMissing)) }
        else if let day { if day < meetingDay { problems.append(.init(field: "due", problem: .dueBeforeMeeting)) } }
        else { problems.append(.init(field: "due", problem: .dueInvalid)) }
        guard problems.isEmpty, let parsed, let day else { return .failure(Problems(items: problems)) }
        return .success(CheckedAction(what: what, owner: parsed, due: day))
    }

    /// Open and past its due day (the due day itself is not overdue).
    public static func isOverdue(due: Day, state: ConferenceActionState, today: Day) -> Bool {
        state == .open && due < today
    }

    /// One task per action and person, however often it is made.
    public static func taskSourceKey(actionID: String, userID: String) -> String {
        "conf_action:\(actionID.lowercased()):\(userID.lowercased())"
    }

    /// One chase per action and due date: a new due date may be chased again.
    public static func chaseSourceKey(actionID: String, due: Day) -> String {
        "conf_action_chase:\(actionID.lowercased()):\(due.daysSinceEpoch)"
    }

    /// The prefix the chase job builds its source keys from in SQL (same shape as `chaseSourceKey`).
    public static let chaseSourcePrefix = "conf_action_chase:"

    /// Whether the daily job chases the action today: open, overdue, not chased since its due date.
    public static func needsChase(due: Day, state: ConferenceActionState, chasedOn: Day?, today: Day) -> Bool {
        guard isOverdue(due: due, state: state, today: today) else { return false }
        guard let chasedOn else { return true }
        return chasedOn <= due
    }

    // MARK: minutes

    /// The minutes' text: required, within the limit, no control characters but line breaks.
    public static func minutesProblem(_ text: String?) -> Problem? {
        textProblem(trimmed(text), limit: minutesLimit, missing: .minutesMissing, tooLong: .minutesTooLong)
    }

    /// The chair may write while the minutes are a draft (or not yet begun); approved minutes stay.
    public static func mayEditMinutes(_ state: ConferenceMinutesState?) -> Bool { state != .approved }

    /// Only a draft is approved.
    public static func mayApproveMinutes(_ state: ConferenceMinutesState?) -> Bool { state == .draft }

    // MARK: the next meeting's agenda

    /// An item of an earlier meeting the next one may carry: a case with an outstanding
    /// action, or a case whose review date falls on or before the next meeting.
    public struct Carryable: Sendable, Equatable {
        public var itemID: String
        public var caseID: String
        public var heldOn: Day
        public var reason: CarryReason
        public init(itemID: String, caseID: String, heldOn: Day, reason: CarryReason) {
            self.itemID = itemID; self.caseID = caseID; self.heldOn = heldOn; self.reason = reason
        }
    }

    public enum CarryReason: String, Sendable, Equatable, Comparable {
        case outstandingActions = "outstanding_actions"
        case reviewDue = "review_due"

        public static func < (a: CarryReason, b: CarryReason) -> Bool { a == .outstandingActions && b == .reviewDue }
    }

    /// One carried item per case (the agenda holds a case once): outstanding actions before
    /// reviews, and of several earlier items of a case the latest meeting's. The order is the
    /// agenda's: outstanding actions first, then reviews, each by the earlier meeting's day.
    public static func carried(_ candidates: [Carryable], existingCaseIDs: Set<String> = []) -> [Carryable] {
        var best: [String: Carryable] = [:]
        let existing = Set(existingCaseIDs.map { $0.uppercased() })
        for candidate in candidates where !existing.contains(candidate.caseID.uppercased()) {
            let key = candidate.caseID.uppercased()
            if let current = best[key] {
                if candidate.reason < current.reason || (candidate.reason == current.reason && candidate.heldOn > current.heldOn) {
                    best[key] = candidate
                }
            } else {
                best[key] = candidate
            }
        }
        return best.values.sorted {
            ($0.reason, $0.heldOn.daysSinceEpoch, $0.caseID) < ($1.reason, $1.heldOn.daysSinceEpoch, $1.caseID)
        }
    }

    /// A review is due at a meeting when its date falls on or before the meeting's day.
    public static func reviewDue(reviewOn: Day?, meetingDay: Day) -> Bool {
        guard let reviewOn else { return false }
        return reviewOn <= meetingDay
    }

    // MARK: text

    static func trimmed(_ text: String?) -> String { (text ?? "").trimmingCharacters(in: .whitespacesAndNewlines) }

    static func textProblem(_ text: String, limit: Int, missing: Problem, tooLong: Problem) -> Problem? {
        if text.isEmpty { return missing }
        if text.count > limit { return tooLong }
        let control = text.unicodeScalars.contains {
            $0.properties.generalCategory == .control && $0 != "\n" && $0 != "\r" && $0 != "\t"
        }
        return control ? .control : nil
    }
}
