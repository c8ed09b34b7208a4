import Foundation

/// Multi-agency case conferences (MACC, MARAM): the words stored for their states and the rules
/// of who may chair, what may be nominated and how long members may read a case.

/// How a meeting stands.
public enum ConferenceMeetingState: String, Sendable, CaseIterable, Codable {
    case planned, held, closed
}

/// How the chair decided a nominated case.
public enum ConferenceAgendaState: String, Sendable, CaseIterable, Codable {
    case nominated, accepted, declined
}

/// The risk level of a case on an agenda (as nominated, then as the conference set it).
public enum ConferenceRiskLevel: String, Sendable, CaseIterable, Codable {
    case standard, medium, high
}

/// Where a meeting's minutes stand.
public enum ConferenceMinutesState: String, Sendable, CaseIterable, Codable {
    case draft, approved
}

// `ConferenceActionState` lives in ConferenceActionRules.swift.

public enum ConferenceRules {
    /// The kinds offered when the setting names none.
    public static let defaultKinds = ["macc", "maram"]

    /// Parses the kinds setting ("macc,maram"): lower-case words of letters, digits, `_` or `-`,
    /// at most 20 characters, in the order given, each once. Nil when any is malformed or none given.
    public static func kinds(fromSetting text: String) -> [String]? {
        var result: [String] = []
        for raw in text.split(separator: ",", omittingEmptySubsequences: false) {
            let word = raw.trimmingCharacters(in: .whitespaces).lowercased()
            guard !word.isEmpty, word.count <= 20,
                  word.unicodeScalars.allSatisfy({ ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "_" || $0 == "-" })
            else { return nil }
            if !result.contains(word) { result.append(word) }
        }
        return result.isEmpty ? nil : result
    }

    /// The last day members may read a case accepted to a meeting held on `heldOn`: the
    /// window ends `accessDaysAfter` whole days after the meeting, inclusive.
    public static func accessEnds(heldOn: Day, accessDaysAfter: Int) -> Day {
        heldOn.adding(days: max(0, accessDaysAfter))
    }

    /// Members read an accepted case from this many days before the meeting (to prepare), never
    /// earlier: a meeting dated far ahead gives no access until it draws near.
    public static let readingDaysBefore = 28

    /// Whether a member may read an agenda case today: only once the chair accepted it, from
    /// `readingDaysBefore` the meeting until the end of the window (checked when the case is
    /// read, never left to a job).
    public static func memberMayRead(state: ConferenceAgendaState, heldOn: Day, accessDaysAfter: Int, today: Day) -> Bool {
        state == .accepted && heldOn.adding(days: -readingDaysBefore) <= today
            && today <= accessEnds(heldOn: heldOn, accessDaysAfter: accessDaysAfter)
    }

    /// Whether a person may chair a meeting: an active member of the meeting or a person of the
    /// hosting organisation.
    public static func mayChair(isActiveUser: Bool, isMember: Bool, organisationIsHost: Bool) -> Bool {
        isActiveUser && (isMember || organisationIsHost)
    }

    /// Why a nomination may not go to a meeting, or nil when it may: the meeting must still be
    /// planned and not in the past.
    public enum NominationRefusal: Equatable, Sendable { case meetingNotPlanned, meetingPast }

    public static func nominationRefusal(meetingState: ConferenceMeetingState, heldOn: Day, today: Day) -> NominationRefusal? {
        guard meetingState == .planned else { return .meetingNotPlanned }
        guard heldOn >= today else { return .meetingPast }
        return nil
    }

    /// Access days allowed for a series (a setting per series; a bound so access cannot be open-ended).
    public static let accessDaysRange = 0...60
}
