import Foundation

/// Alerts nobody may miss, after the decision (issue 11, item 3): what each kind watches, the
/// window it fires once in, and the day it fires. The scheduled job asks the same questions in
/// SQL over every open case (`CaseAlertJob`); an HTTP test checks the two agree.
///
/// "Fires exactly on the day its condition first holds, never twice": each alert has a window
/// key, and `(case, kind, window)` is unique, so a condition that holds for many days (or holds,
/// stops and holds again inside one window) raises one alert, on the first day it is seen.
public enum AlertKind: String, Sendable, CaseIterable, Codable {
    /// In bed and breakfast accommodation for more than 42 days. Window: the stay.
    case bedAndBreakfast42Days = "bed_and_breakfast_42_days"
    /// Move-on support ends within 14 days (or has ended) and no settled accommodation is
    /// recorded. Window: the move-on stage's end day (one per move-on period).
    case moveOnEndingUnsettled = "move_on_ending_unsettled"
    /// No contact with the person recorded for N days (the organisation's setting). Window: the
    /// last contact day (the day the person was identified when there is none).
    case noContact = "no_contact"
    /// No recourse to public funds and no support in place. Window: the status record.
    case nrpfWithoutSupport = "nrpf_without_support"
    /// A child turns 18 within six months: plan the transition. Window: the case (once).
    case childTurning18 = "child_turning_18"
}

/// Where an alert is in its handling. Changes only forwards: open → acknowledged → resolved,
/// or open → resolved.
public enum AlertState: String, Sendable, CaseIterable, Codable {
    case open, acknowledged, resolved

    public func canMove(to next: AlertState) -> Bool {
        switch (self, next) {
        case (.open, .acknowledged), (.open, .resolved), (.acknowledged, .resolved): true
        default: false
        }
    }
}

/// An alert whose condition holds today, with the window it belongs to.
public struct AlertDue: Hashable, Sendable {
    public let kind: AlertKind
    public let windowKey: String
    public init(kind: AlertKind, windowKey: String) {
        self.kind = kind
        self.windowKey = windowKey
    }
}

/// What the rules read about one case, as recorded up to today. Days are days since 1970.
public struct AlertFacts: Sendable {
    /// An accommodation episode (`case_accommodation`); `until` is the day it ended.
    public struct Stay: Sendable {
        public var id: String, kind: String, from: Int, until: Int?
        public init(id: String, kind: String, from: Int, until: Int?) {
            self.id = id; self.kind = kind; self.from = from; self.until = until
        }
    }
    /// A support episode (`case_support`); `until` is the day it ended (or ends).
    public struct Support: Sendable {
        public var from: Int, until: Int?
        public init(from: Int, until: Int?) { self.from = from; self.until = until }
    }
    /// A contact logged (`case_contacts`): method `attempted` is not contact.
    public struct Contact: Sendable {
        public var on: Int, method: String
        public init(on: Int, method: String) { self.on = on; self.method = method }
    }
    /// An immigration status record (`case_status`); the latest `from` (then the latest
    /// recorded, then the greatest id) is current.
    public struct Status: Sendable {
        public var id: String, nrpf: Bool, from: Int, recordedAt: Double
        public init(id: String, nrpf: Bool, from: Int, recordedAt: Double) {
            self.id = id; self.nrpf = nrpf; self.from = from; self.recordedAt = recordedAt
        }
    }

    /// Not closed and not erased: only open cases raise alerts.
    public var isOpen: Bool
    public var stage: Stage
    public var dueOn: Int?
    public var identifiedOn: Int
    public var isAdult: Bool
    /// Year × 100 + month the child turns 18 (`case_children.turns_18_month`).
    public var turns18Month: Int?
    /// The organisation's "no contact for N days" setting (or the default).
    public var noContactDays: Int
    public var stays: [Stay] = []
    public var supports: [Support] = []
    public var contacts: [Contact] = []
    public var statuses: [Status] = []

    public init(isOpen: Bool, stage: Stage, dueOn: Int?, identifiedOn: Int, isAdult: Bool, turns18Month: Int?,
                noContactDays: Int, stays: [Stay] = [], supports: [Support] = [], contacts: [Contact] = [], statuses: [Status] = []) {
        self.isOpen = isOpen; self.stage = stage; self.dueOn = dueOn; self.identifiedOn = identifiedOn
        self.isAdult = isAdult; self.turns18Month = turns18Month; self.noContactDays = noContactDays
        self.stays = stays; self.supports = supports; self.contacts = contacts; self.statuses = statuses
    }
}

public enum AlertRules {
    /// B&B: more than this many days (the six-week limit).
    public static let bedAndBreakfastDays = 42
    /// Move-on: support ending within this many days.
    public static let moveOnNoticeDays = 14
    /// Child: turning 18 within this many months.
    public static let transitionNoticeMonths = 6
    /// The default for `LANTERN_NO_CONTACT_ALERT_DAYS` and an organisation with no setting.
    public static let defaultNoContactDays = 28
    /// The range an organisation may set.
    public static let noContactDaysRange = 1...365
    public static let bedAndBreakfastKind = "bed_and_breakfast"
    /// Settled accommodation at move-on (`AccommodationKind.isSettled`).
    public static let settledKinds: Set<String> = ["social_tenancy", "private_tenancy"]
    /// A logged "contact" that did not reach the person.
    public static let attemptedContact = "attempted"
    /// The window key of the once-per-case child alert.
    public static let caseWindow = "case"

    /// Whether an episode (from, until: the day it ended) is in place on `today`.
    public static func inPlace(from: Int, until: Int?, today: Int) -> Bool {
        from <= today && (until.map { $0 > today } ?? true)
    }

    /// Months since year 0 for a `yyyymm` number, and for a day.
    public static func monthIndex(yyyymm: Int) -> Int { (yyyymm / 100) * 12 + yyyymm % 100 }
    public static func monthIndex(_ day: Day) -> Int { let c = day.components; return c.year * 12 + c.month }

    /// The alerts whose condition holds today, each with its window. The caller raises those
    /// whose (kind, window) was not raised before.
    public static func alerts(for facts: AlertFacts, today day: Day) -> [AlertDue] {
        guard facts.isOpen else { return [] }
        let today = day.daysSinceEpoch
        var due: [AlertDue] = []
        for stay in facts.stays where stay.kind == bedAndBreakfastKind
            && inPlace(from: stay.from, until: stay.until, today: today) && today - stay.from > bedAndBreakfastDays {
            due.append(AlertDue(kind: .bedAndBreakfast42Days, windowKey: stay.id))
        }
        if facts.stage == .moveOn, let end = facts.dueOn, today >= end - moveOnNoticeDays,
           !facts.stays.contains(where: { settledKinds.contains($0.kind) && inPlace(from: $0.from, until: $0.until, today: today) }) {
            due.append(AlertDue(kind: .moveOnEndingUnsettled, windowKey: String(end)))
        }
        let last = facts.contacts.filter { $0.method != attemptedContact && $0.on <= today }.map(\.on).max() ?? facts.identifiedOn
        if today - last >= facts.noContactDays {
            due.append(AlertDue(kind: .noContact, windowKey: String(last)))
        }
        if let current = currentStatus(facts.statuses, today: today), current.nrpf,
           !facts.supports.contains(where: { inPlace(from: $0.from, until: $0.until, today: today) }) {
            due.append(AlertDue(kind: .nrpfWithoutSupport, windowKey: current.id))
        }
        if !facts.isAdult, let month = facts.turns18Month {
            let ahead = monthIndex(yyyymm: month) - monthIndex(day)
            if ahead >= 0 && ahead <= transitionNoticeMonths {
                due.append(AlertDue(kind: .childTurning18, windowKey: caseWindow))
            }
        }
        return due
    }

    /// The status in force today: the latest `from` on or before today, then the latest recorded,
    /// then the greatest id.
    public static func currentStatus(_ statuses: [AlertFacts.Status], today: Int) -> AlertFacts.Status? {
        statuses.filter { $0.from <= today }.max { a, b in
            (a.from, a.recordedAt, a.id) < (b.from, b.recordedAt, b.id)
        }
    }
}

extension AlertRules {
    /// The longest note on an acknowledgement or a resolution.
    public static let noteMaxLength = 2000

    public enum NoteProblem: Error, Sendable, Equatable { case missing, tooLong, controlCharacters }

    /// A note as typed: trimmed; required when resolving; line breaks and tabs allowed, other
    /// control characters refused. Returns the note (nil when empty and optional) or the problem.
    public static func note(_ text: String?, required: Bool) -> Result<String?, NoteProblem> {
        let trimmed = (text ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmed.isEmpty { return required ? .failure(.missing) : .success(nil) }
        if trimmed.count > noteMaxLength { return .failure(.tooLong) }
        let allowed: Set<Unicode.Scalar> = ["\n", "\r", "\t"]
        if trimmed.unicodeScalars.contains(where: { ($0.properties.generalCategory == .control && !allowed.contains($0))
            || ($0.properties.generalCategory == .format && $0.value != 0x200D) }) {
            return .failure(.controlCharacters)
        }
        return .success(trimmed)
    }

    /// The organisation's "no contact" setting as typed: empty means "use the default".
    public static func noContactDays(_ text: String?) -> Result<Int?, NoteProblem> {
        let trimmed = (text ?? "").trimmingCharacters(in: .whitespaces)
        if trimmed.isEmpty { return .success(nil) }
        guard trimmed.count <= 3, trimmed.allSatisfy(\.isASCII), let days = Int(trimmed), noContactDaysRange.contains(days) else {
            return .failure(.tooLong)
        }
        return .success(days)
    }
}
