/// A person's immigration status as a case records it, dated: the latest row (by the day it
/// applies from, then when it was recorded) is the status now. Raw values are stored and read
/// by the alert job's SQL, so they never change.
public enum ImmigrationStatus: String, Sendable, CaseIterable, Codable {
    case britishOrIrish = "british_or_irish"
    case settledStatus = "settled_status"
    case preSettledStatus = "pre_settled_status"
    case leaveToRemain = "leave_to_remain"
    case asylumSeeker = "asylum_seeker"
    case refusedAsylumSeeker = "refused_asylum_seeker"
    case noLeave = "no_leave"
    case victimSpecificLeave = "victim_specific_leave"
    case unknown

    public func label(_ l: Localiser) -> String {
        switch self {
        case .britishOrIrish: l("aftercare.status.immigration.british-or-irish")
        case .settledStatus: l("aftercare.status.immigration.settled")
        case .preSettledStatus: l("aftercare.status.immigration.pre-settled")
        case .leaveToRemain: l("aftercare.status.immigration.leave-to-remain")
        case .asylumSeeker: l("aftercare.status.immigration.asylum-seeker")
        case .refusedAsylumSeeker: l("aftercare.status.immigration.refused-asylum-seeker")
        case .noLeave: l("aftercare.status.immigration.no-leave")
        case .victimSpecificLeave: l("aftercare.status.immigration.victim-specific-leave")
        case .unknown: l("aftercare.status.immigration.unknown")
        }
    }
}

/// What happened to a Recovery Needs Assessment pillar (accommodation, financial support,
/// support worker contact) that was asked for.
public enum PillarOutcome: String, Sendable, CaseIterable, Codable {
    case pending, granted, refused

    public func label(_ l: Localiser) -> String {
        switch self {
        case .pending: l("aftercare.status.pillar-outcome.pending")
        case .granted: l("aftercare.status.pillar-outcome.granted")
        case .refused: l("aftercare.status.pillar-outcome.refused")
        }
    }
}

/// The rules for immigration status rows and Recovery Needs Assessment pillars.
public enum StatusRules {
    /// One dated status row, as the rule compares them.
    public struct Dated<ID: Sendable>: Sendable {
        public let id: ID
        public let from: Day
        public let recordedAt: Double
        public init(id: ID, from: Day, recordedAt: Double) { self.id = id; self.from = from; self.recordedAt = recordedAt }
    }

    /// The current row: the latest `from`, then the latest recorded (a correction made the same
    /// day wins); nil when there is none. Rows from a day after today are not yet current.
    public static func current<ID>(_ rows: [Dated<ID>], today: Day) -> Dated<ID>? {
        rows.filter { $0.from <= today }.max { ($0.from, $0.recordedAt) < ($1.from, $1.recordedAt) }
    }

    /// The status form as typed.
    public struct StatusInput: Sendable {
        public var status: String?, nrpf: String?, from: String?
        public init(status: String?, nrpf: String?, from: String?) { self.status = status; self.nrpf = nrpf; self.from = from }
    }

    public struct StatusEntry: Sendable, Equatable {
        public let status: ImmigrationStatus
        public let nrpf: Bool
        public let from: Day
    }

    /// A status: one of the list; the "no recourse to public funds" box exactly "yes" or absent;
    /// from a real day, not after today.
    public static func check(_ input: StatusInput, today: Day, l: Localiser) -> (StatusEntry?, ValidationProblems) {
        var problems = ValidationProblems()
        let status = ImmigrationStatus(rawValue: StatusFormText.trimmed(input.status))
        if status == nil { problems.add("status", l("aftercare.status.error.status")) }
        let nrpf = StatusFormText.checkbox(input.nrpf, field: "nrpf", l: l, into: &problems)
        let from = StatusFormText.day(input.from, field: "from", today: today, l: l, into: &problems)
        guard problems.isEmpty, let status, let from else { return (nil, problems) }
        return (StatusEntry(status: status, nrpf: nrpf, from: from), problems)
    }

    /// The pillar form as typed (a new request, or the decision on one).
    public struct PillarInput: Sendable {
        public var pillar: String?, requestedOn: String?, outcome: String?, decidedOn: String?
        public init(pillar: String?, requestedOn: String?, outcome: String?, decidedOn: String?) {
            self.pillar = pillar; self.requestedOn = requestedOn; self.outcome = outcome; self.decidedOn = decidedOn
        }
    }

    public struct PillarEntry: Sendable, Equatable {
        public let pillar: SupportPillar
        public let requestedOn: Day
        public let outcome: PillarOutcome
        public let decidedOn: Day?
    }

    /// A pillar asked for on a day not after today; granted or refused needs the day it was
    /// decided (not before it was asked for, not after today); pending has no decision day.
    public static func check(_ input: PillarInput, today: Day, l: Localiser) -> (PillarEntry?, ValidationProblems) {
        var problems = ValidationProblems()
        let pillar = SupportPillar(rawValue: StatusFormText.trimmed(input.pillar))
        if pillar == nil { problems.add("pillar", l("aftercare.status.error.pillar")) }
        let requested = StatusFormText.day(input.requestedOn, field: "requestedOn", today: today, l: l, into: &problems)
        let outcome = PillarOutcome(rawValue: StatusFormText.trimmed(input.outcome))
        if outcome == nil { problems.add("outcome", l("aftercare.status.error.outcome")) }
        var decided: Day?
        if StatusFormText.trimmed(input.decidedOn).isEmpty {
            if let outcome, outcome != .pending { problems.add("decidedOn", l("aftercare.status.error.decided-missing")) }
        } else if outcome == .pending {
            problems.add("decidedOn", l("aftercare.status.error.decided-pending"))
        } else {
            decided = StatusFormText.day(input.decidedOn, field: "decidedOn", today: today, l: l, into: &problems)
            if let decided, let requested, decided < requested { problems.add("decidedOn", l("aftercare.status.error.decided-before-requested")) }
        }
        guard problems.isEmpty, let pillar, let requested, let outcome else { return (nil, problems) }
        return (PillarEntry(pillar: pillar, requestedOn: requested, outcome: outcome, decidedOn: decided), problems)
    }
}

/// Reading typed text the same way on every aftercare form: trimmed, no control characters,
/// a limit, checkboxes exactly "yes", days as YYYY-MM-DD and never in the future.
public enum StatusFormText {
    public static let noteLimit = 2000

    public static func trimmed(_ text: String?) -> String { (text ?? "").trimmingCharacters(in: .whitespacesAndNewlines) }

    public static func hasControl(_ text: String, allowingNewlines: Bool) -> Bool {
        text.unicodeScalars.contains { scalar in
            if allowingNewlines, scalar == "\n" || scalar == "\r" || scalar == "\t" { return false }
            return scalar.properties.generalCategory == .control || scalar.properties.generalCategory == .format && scalar.value != 0x200D
        }
    }

    /// A box ticked ("yes") or not (absent or empty); anything else is refused.
    public static func checkbox(_ value: String?, field: String, l: Localiser, into problems: inout ValidationProblems) -> Bool {
        switch value {
        case nil, "": return false
        case "yes": return true
        default:
            problems.add(field, l("aftercare.status.error.checkbox"))
            return false
        }
    }

    /// A required day, not after today.
    public static func day(_ text: String?, field: String, today: Day, l: Localiser, into problems: inout ValidationProblems) -> Day? {
        let typed = trimmed(text)
        guard let day = Day(iso: typed) else {
            problems.add(field, typed.isEmpty ? l("aftercare.status.error.day-missing") : l("aftercare.status.error.day"))
            return nil
        }
        if day > today {
            problems.add(field, l("aftercare.status.error.day-future"))
            return nil
        }
        return day
    }

    /// Optional free text (a note): at most `noteLimit` characters, no control characters.
    public static func note(_ text: String?, field: String, l: Localiser, into problems: inout ValidationProblems) -> String? {
        let typed = trimmed(text)
        if typed.isEmpty { return nil }
        if typed.count > noteLimit { problems.add(field, l("aftercare.status.error.note-too-long", ["limit": l.number(noteLimit)])) }
        else if hasControl(typed, allowingNewlines: true) { problems.add(field, l("aftercare.status.error.control")) }
        return typed
    }
}
