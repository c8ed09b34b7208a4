import Foundation

/// The referral's own follow-up (issue 12): the Home Office's reference for the submitted NRM
/// referral and the day it acknowledged it, the chases of the Reasonable Grounds decision, and
/// when a chase falls due. The pages, the API and the daily job `rg_chases` all ask these rules.
public enum ReferralFollowUp {
    /// How a chase was made.
    public enum ChaseMethod: String, Sendable, CaseIterable, Codable {
        case email, phone, portal

        public func label(_ l: Localiser) -> String {
            switch self {
            case .email: l("followup.method.email")
            case .phone: l("followup.method.phone")
            case .portal: l("followup.method.portal")
            }
        }
    }

    /// Expected days to a Reasonable Grounds decision unless set (LANTERN_RG_EXPECTED_DAYS).
    public static let defaultExpectedDays = 5
    public static let expectedDaysRange = 1...365
    public static let referenceLengths = 4...30
    public static let noteLimit = 2_000

    /// A Home Office reference as the acknowledgement shows it, normalised: trimmed, upper
    /// case; letters A–Z, digits, hyphens and slashes, 4 to 30 characters, at least one digit,
    /// starting and ending with a letter or digit (e.g. `NRM-2026-0412345`). Nil when malformed.
    public static func normalisedReference(_ text: String) -> String? {
        let value = text.trimmingCharacters(in: .whitespaces).uppercased()
        guard referenceLengths.contains(value.count) else { return nil }
        let scalars = value.unicodeScalars
        let alphanumeric: (Unicode.Scalar) -> Bool = { ("A"..."Z").contains($0) || ("0"..."9").contains($0) }
        guard scalars.allSatisfy({ alphanumeric($0) || $0 == "-" || $0 == "/" }),
              scalars.contains(where: { ("0"..."9").contains($0) }),
              let first = scalars.first, let last = scalars.last, alphanumeric(first), alphanumeric(last) else { return nil }
        return value
    }

    /// What the referral's follow-up form (or `PUT …/referral-follow-up`) records.
    public struct Recorded: Sendable, Equatable {
        public var homeOfficeReference: String?
        public var acknowledgedOn: Day?
    }

    /// A chase of the Reasonable Grounds decision, checked.
    public struct Chase: Sendable, Equatable {
        public var on: Day
        public var method: ChaseMethod
        public var note: String?
    }

    /// Checks the reference and the acknowledgement date. Either may be empty (not known yet);
    /// the acknowledgement is not before the referral was submitted nor after today.
    public static func check(reference: String?, acknowledgedOn: String?, submittedOn: Day?, today: Day,
                             l: Localiser) -> Result<Recorded, ValidationProblems> {
        var problems = ValidationProblems()
        guard let submittedOn else {
            problems.add("homeOfficeReference", l("followup.error.not-submitted"))
            return .failure(problems)
        }
        var recorded = Recorded()
        let text = (reference ?? "").trimmingCharacters(in: .whitespaces)
        if !text.isEmpty {
            if let normalised = normalisedReference(text) {
                recorded.homeOfficeReference = normalised
            } else {
                problems.add("homeOfficeReference", l("followup.error.reference-format"))
            }
        }
        recorded.acknowledgedOn = day(acknowledgedOn, field: "acknowledgedOn", required: false, submittedOn: submittedOn, today: today,
                                      l: l, into: &problems)
        return problems.isEmpty ? .success(recorded) : .failure(problems)
    }

    /// Checks a chase: its date (from the submission to today), how it was made, an optional
    /// note (no control characters other than line breaks and tabs). Refused once the
    /// Reasonable Grounds decision is recorded: there is nothing left to chase.
    public static func checkChase(on: String?, method: String?, note: String?, submittedOn: Day?, decidedOn: Day?, today: Day,
                                  l: Localiser) -> Result<Chase, ValidationProblems> {
        var problems = ValidationProblems()
        guard let submittedOn else {
            problems.add("chasedOn", l("followup.error.not-submitted"))
            return .failure(problems)
        }
        if let decidedOn {
            problems.add("chasedOn", l("followup.error.decided", ["date": l.day(decidedOn)]))
            return .failure(problems)
        }
        let day = day(on, field: "chasedOn", required: true, submittedOn: submittedOn, today: today, l: l, into: &problems)
        let chosen = ChaseMethod(rawValue: (method ?? "").trimmingCharacters(in: .whitespaces))
        if chosen == nil { problems.add("method", l("followup.error.method")) }
        let text = (note ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        if text.count > noteLimit { problems.add("note", l("followup.error.note-too-long", ["limit": l.number(noteLimit)])) }
        let allowed: Set<Unicode.Scalar> = ["\n", "\r", "\t"]
        if text.unicodeScalars.contains(where: { $0.properties.generalCategory == .control && !allowed.contains($0) }) {
            problems.add("note", l("followup.error.note-control"))
        }
        guard problems.isEmpty, let day, let chosen else { return .failure(problems) }
        return .success(Chase(on: day, method: chosen, note: text.isEmpty ? nil : text))
    }

    /// Whether a case awaits its Reasonable Grounds decision, and since when.
    public struct Wait: Sendable, Equatable {
        /// The day the wait began: the submission, or the request to reconsider a negative decision.
        public var since: Day
        /// The wait is for a fresh decision after a negative one was asked to be reconsidered.
        public var reconsideration: Bool
    }

    /// The wait a case is in, or nil when no Reasonable Grounds decision is awaited. Asking to
    /// reconsider a negative decision sends the case back to await a fresh one
    /// (`PathwayState.apply`, `.reconsiderationRequested`); the earlier decision then no longer
    /// ends the chasing, and the expected day and the chase windows count from the request.
    public static func wait(_ state: PathwayState) -> Wait? {
        guard state.stage == .referralSubmitted, let submitted = state.referralSubmittedOn else { return nil }
        guard state.reconsiderationPending, let requested = state.stageEnteredOn else {
            return Wait(since: submitted, reconsideration: false)
        }
        return Wait(since: max(requested, submitted), reconsideration: true)
    }

    /// The decision that ends the chasing: the Reasonable Grounds decision, unless a fresh one is awaited.
    public static func decisionEndingChases(_ state: PathwayState) -> Day? {
        wait(state) == nil ? state.reasonableGrounds?.on : nil
    }

    /// The day a decision is expected: the submission plus the expected days.
    public static func expectedBy(submittedOn: Day, expectedDays: Int) -> Day { submittedOn.adding(days: expectedDays) }

    /// The chase window a task is due for today, or nil. Windows are `expectedDays` long and
    /// counted from the submission: window n (n ≥ 1) starts on submission + n × expectedDays.
    /// A task is due while the case awaits its Reasonable Grounds decision, once per window,
    /// unless a chase was already recorded on or after the window's first day. The daily job's
    /// SQL asks exactly this (`RGChaseJob`); the task's source key carries n.
    public static func dueWindow(submittedOn: Day, awaitingDecision: Bool, lastChasedOn: Day?, expectedDays: Int, today: Day) -> Int? {
        guard awaitingDecision, expectedDays > 0 else { return nil }
        let elapsed = today.daysSinceEpoch - submittedOn.daysSinceEpoch
        guard elapsed >= expectedDays else { return nil }
        let window = elapsed / expectedDays
        let start = submittedOn.adding(days: window * expectedDays)
        if let lastChasedOn, lastChasedOn >= start { return nil }
        return window
    }

    /// Reads LANTERN_RG_EXPECTED_DAYS: a whole number of days in `expectedDaysRange`.
    public static func expectedDays(_ text: String) -> Int? {
        guard let days = Int(text.trimmingCharacters(in: .whitespaces)), expectedDaysRange.contains(days) else { return nil }
        return days
    }

    private static func day(_ value: String?, field: String, required: Bool, submittedOn: Day, today: Day, l: Localiser,
                            into problems: inout ValidationProblems) -> Day? {
        let text = (value ?? "").trimmingCharacters(in: .whitespaces)
        guard !text.isEmpty else {
            if required { problems.add(field, l("followup.error.date-missing")) }
            return nil
        }
        guard let day = Day(iso: text) else {
            problems.add(field, l("followup.error.date-invalid"))
            return nil
        }
        if day > today {
            problems.add(field, l("followup.error.date-future"))
            return nil
        }
        if day < submittedOn {
            problems.add(field, l("followup.error.date-before-submission", ["date": l.day(submittedOn)]))
            return nil
        }
        return day
    }
}
