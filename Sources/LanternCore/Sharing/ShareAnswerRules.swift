import Foundation

/// What a share is for: it sets how long the recipient has to answer it.
public enum SharePurposeKind: String, Sendable, CaseIterable, Codable {
    case housing, health, legal, support, safeguarding, other

    /// Working days the recipient has to answer, unless the setting says otherwise.
    public var defaultWorkingDays: Int {
        switch self {
        case .housing, .health, .support: 5
        case .legal, .other: 10
        case .safeguarding: 1
        }
    }
}

/// Where a share's answer stands. Shares made before answers existed count as accepted.
public enum ShareAnswerState: String, Sendable, CaseIterable, Codable {
    case awaiting, accepted, declined
}

/// The recipient's answer.
public enum ShareDecision: String, Sendable, CaseIterable, Codable {
    case accept, decline

    public var state: ShareAnswerState { self == .accept ? .accepted : .declined }
}

/// A checked answer, ready to store.
public struct ValidShareAnswer: Sendable, Equatable {
    public var decision: ShareDecision
    /// Required when declining; kept (sealed) when accepting with a note.
    public var reason: String?
}

/// The rules of a share that is answered: the answer-by day by purpose (working days, weekends
/// and bank holidays skipped, counted from the day it was shared), the answer itself (accept,
/// or decline with a reason), and when an unanswered share is chased (the day after its
/// answer-by day) and escalated to the sharer's leads (a further number of working days on).
public enum ShareAnswerRules {
    public static let maximumReasonLength = 1000
    /// Working days after the answer-by day before an unanswered share goes to the sharer's leads.
    public static let escalationWorkingDays = 2

    /// The working days per purpose: the defaults, with the setting's overrides.
    public static func workingDays(overrides: [SharePurposeKind: Int] = [:]) -> [SharePurposeKind: Int] {
        Dictionary(uniqueKeysWithValues: SharePurposeKind.allCases.map { ($0, overrides[$0] ?? $0.defaultWorkingDays) })
    }

    public struct SettingProblem: Error, Equatable, Sendable, CustomStringConvertible {
        public let description: String
    }

    /// Reads `LANTERN_SHARE_ANSWER_WORKING_DAYS`: `housing=5,legal=10`, each purpose at most
    /// once, each a whole number of working days from 1 to 60. Purposes left out keep their default.
    public static func parseSetting(_ text: String) throws(SettingProblem) -> [SharePurposeKind: Int] {
        var result: [SharePurposeKind: Int] = [:]
        let names = SharePurposeKind.allCases.map(\.rawValue).joined(separator: ", ")
        for part in text.split(separator: ",", omittingEmptySubsequences: false) {
            let pair = part.split(separator: "=", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
            guard pair.count == 2, let kind = SharePurposeKind(rawValue: pair[0].lowercased()) else {
                throw SettingProblem(description: "LANTERN_SHARE_ANSWER_WORKING_DAYS must be a comma-separated list of purpose=working days, such as housing=5,legal=10 (purposes: \(names))")
            }
            guard let days = Int(pair[1]), (1...60).contains(days) else {
                throw SettingProblem(description: "LANTERN_SHARE_ANSWER_WORKING_DAYS: the working days for \(kind.rawValue) must be a whole number from 1 to 60")
            }
            guard result[kind] == nil else {
                throw SettingProblem(description: "LANTERN_SHARE_ANSWER_WORKING_DAYS names \(kind.rawValue) twice")
            }
            result[kind] = days
        }
        return result
    }

    /// The purpose kind as sent; absent means "other" (shares made before the choice existed).
    public static func purposeKind(_ value: String?) -> SharePurposeKind? {
        guard let value, !value.isEmpty else { return .other }
        return SharePurposeKind(rawValue: value)
    }

    /// The day by which the recipient must answer a share made on `sharedOn`.
    public static func answerDue(sharedOn: Day, kind: SharePurposeKind, workingDays: [SharePurposeKind: Int],
                                 holidays: Set<Day>) -> Day {
        sharedOn.adding(workingDays: workingDays[kind] ?? kind.defaultWorkingDays, holidays: holidays)
    }

    /// Whether an awaiting share is chased today: its answer-by day has passed.
    public static func isOverdue(due: Day, today: Day) -> Bool { due < today }

    /// The day from which an unanswered share goes to the sharer's leads.
    public static func escalationDay(due: Day, holidays: Set<Day>) -> Day {
        due.adding(workingDays: escalationWorkingDays, holidays: holidays).adding(days: 1)
    }

    /// The latest answer-by day whose share is escalated today: every share due on or before it
    /// is (the escalation day grows with the due day), so the job asks one `<=` in SQL.
    public static func latestDueEscalatedOn(_ today: Day, holidays: Set<Day>) -> Day {
        var due = today
        while escalationDay(due: due, holidays: holidays) > today { due = due.adding(days: -1) }
        return due
    }

    /// Checks the recipient's answer: accept, or decline with a reason.
    public static func check(decision: String?, reason: String?) -> Result<ValidShareAnswer, ValidationProblems> {
        var problems = ValidationProblems()
        let decision = ShareDecision(rawValue: decision ?? "")
        if decision == nil { problems.add("decision", "Select whether you accept or decline this share") }
        let reason = CaseValidation.text(reason, field: "reason", label: "the reason", limit: maximumReasonLength, multiline: true,
                                         into: &problems)
        if decision == .decline && reason == nil && problems["reason"] == nil {
            problems.add("reason", "Give the reason you decline this share")
        }
        guard problems.isEmpty, let decision else { return .failure(problems) }
        return .success(ValidShareAnswer(decision: decision, reason: reason))
    }

    /// Whether an answer may still be given: awaiting, and the share still in force (not withdrawn).
    public static func mayAnswer(state: ShareAnswerState, inForce: Bool) -> Bool { state == .awaiting && inForce }
}
