import Foundation

/// Courses, sessions and places on them: the words stored for their kinds and states, and the
/// rules a course, a session, a booking and a completion follow.

/// How a course is delivered.
public enum CourseFormat: String, Sendable, CaseIterable, Codable {
    case faceToFace = "face_to_face"
    case liveOnline = "live_online"
    case selfPaced = "self_paced"
}

/// The kind of agency a trained person works for, as the coverage counts them.
public enum AgencyKind: String, Sendable, CaseIterable, Codable {
    case council, police, nhs, charity, other
}

/// Where a session stands.
public enum TrainingSessionState: String, Sendable, CaseIterable, Codable {
    case planned, cancelled
}

/// Where one person's place on a session stands.
public enum RegistrationState: String, Sendable, CaseIterable, Codable {
    /// Holds one of the session's places.
    case booked
    /// Waiting for a place; promoted in the order they asked when a place comes free.
    case waiting
    case cancelled
    /// Came (gives a completion, a certificate and, after a Train-the-Trainer course, a commitment).
    case attended
    /// Booked but did not come.
    case absent

    /// Whether the place still counts against the session's capacity.
    public var holdsAPlace: Bool { self == .booked || self == .attended || self == .absent }
}

/// A course as entered, before it is stored.
public struct CourseDraft: Sendable, Equatable {
    public var title: String
    public var audience: String
    public var format: CourseFormat?
    public var durationMinutes: Int?
    public var outcomes: [String]
    /// Months a completion stays valid; nil: it does not lapse.
    public var validMonths: Int?
    /// A Train-the-Trainer course: those trained commit to deliver sessions themselves.
    public var trainTheTrainer: Bool
    public var commitSessions: Int?
    public var commitMonths: Int?
    /// What a completion qualifies for, as named in training requirements (`first-responder`).
    public var qualification: String?

    public init(title: String, audience: String, format: CourseFormat?, durationMinutes: Int?, outcomes: [String], validMonths: Int?,
                trainTheTrainer: Bool, commitSessions: Int?, commitMonths: Int?) {
        self.title = title
        self.audience = audience
        self.format = format
        self.durationMinutes = durationMinutes
        self.outcomes = outcomes
        self.validMonths = validMonths
        self.trainTheTrainer = trainTheTrainer
        self.commitSessions = commitSessions
        self.commitMonths = commitMonths
    }
}

/// What is wrong with a course, by field (the pages word each).
public enum CourseProblem: String, Sendable, Hashable, CaseIterable {
    case title, audience, format, duration, outcomes, validMonths = "valid_months", commitSessions = "commit_sessions", commitMonths = "commit_months"
    case qualification
}

public enum TrainingCourseRules {
    public static let titleLimit = 160
    public static let audienceLimit = 300
    public static let outcomeLimit = 300
    public static let outcomesLimit = 12
    public static let durationRange = 5...(60 * 24 * 5)
    public static let validMonthsRange = 1...120
    public static let commitSessionsRange = 1...50
    public static let commitMonthsRange = 1...36
    public static let capacityRange = 1...500

    /// Every problem with the draft; empty when it may be stored.
    public static func problems(_ draft: CourseDraft) -> Set<CourseProblem> {
        var found = Set<CourseProblem>()
        if !isPlainText(draft.title, limit: titleLimit) { found.insert(.title) }
        if !isPlainText(draft.audience, limit: audienceLimit) { found.insert(.audience) }
        if draft.format == nil { found.insert(.format) }
        if draft.durationMinutes.map({ !durationRange.contains($0) }) ?? true { found.insert(.duration) }
        if draft.outcomes.isEmpty || draft.outcomes.count > outcomesLimit || !draft.outcomes.allSatisfy({ isPlainText($0, limit: outcomeLimit) }) {
            found.insert(.outcomes)
        }
        if let months = draft.validMonths, !validMonthsRange.contains(months) { found.insert(.validMonths) }
        if let qualification = draft.qualification, !TrainingRequirements.isQualification(qualification) { found.insert(.qualification) }
        if draft.trainTheTrainer {
            if draft.commitSessions.map({ !commitSessionsRange.contains($0) }) ?? true { found.insert(.commitSessions) }
            if draft.commitMonths.map({ !commitMonthsRange.contains($0) }) ?? true { found.insert(.commitMonths) }
        }
        return found
    }

    /// Learning outcomes from a text area: one per line, blank lines dropped.
    public static func outcomes(fromLines text: String) -> [String] {
        text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    /// Optional free text (a comment, a description): within the limit, and free of control
    /// characters other than line breaks and tabs. Empty is allowed.
    public static func isFreeText(_ text: String, limit: Int) -> Bool {
        // Control characters only (`ControlCharacters`): Foundation's `controlCharacters` set
        // also holds format characters, which ordinary words need (the zero-width non-joiner
        // of Persian, an emoji family's joiners, a soft hyphen).
        text.count <= limit && !ControlCharacters.present(in: text, allowingLineBreaks: true)
    }

    /// Non-empty after trimming, within the limit, and free of control characters.
    public static func isPlainText(_ text: String, limit: Int) -> Bool {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        return !trimmed.isEmpty && trimmed.count <= limit && !ControlCharacters.present(in: trimmed, allowingLineBreaks: false)
    }

    /// The last day a completion on `day` counts, for a course valid `months` months (the day
    /// before the same date that many months on; the month's last day when it has no such date).
    public static func validUntil(completedOn day: Day, months: Int?) -> Day? {
        guard let months else { return nil }
        let end = day.adding(months: months)
        // 31 January + 1 month is 28 February, which has no "same date": that last day counts.
        return end.components.day == day.components.day ? end.adding(days: -1) : end
    }

    /// The day a Train-the-Trainer commitment made on `day` falls due.
    public static func commitmentDue(madeOn day: Day, months: Int) -> Day { day.adding(months: months) }

    /// Attendance may be recorded from the session's first day: not for one not yet held.
    public static func attendanceOpen(sessionDay: Day, today: Day) -> Bool { sessionDay <= today }

    /// Whether a completion valid until `validUntil` (nil: never lapses) counts on `today`.
    public static func isValid(until validUntil: Day?, on today: Day) -> Bool { validUntil.map { today <= $0 } ?? true }
}

extension Day {
    /// The same date `months` months on; the month's last day when it has no such date
    /// (31 January + 1 month is 28 or 29 February).
    public func adding(months: Int) -> Day {
        let (year, month, day) = components
        let total = year * 12 + (month - 1) + months
        let newYear = total.floorDiv(12), newMonth = total - newYear * 12 + 1
        var candidate = day
        while candidate > 28, Day(year: newYear, month: newMonth, day: candidate) == nil { candidate -= 1 }
        // Outside the calendar Day knows (1900–2200): about as many days on instead.
        return Day(year: newYear, month: newMonth, day: candidate) ?? adding(days: months * 30)
    }
}

private extension Int {
    func floorDiv(_ d: Int) -> Int { self >= 0 ? self / d : -((-self + d - 1) / d) }
}

extension AgencyKind {
    /// The kind of agency an organisation of this kind counts as.
    public init(organisation kind: OrganisationKind) {
        switch kind {
        case .council: self = .council
        case .police: self = .police
        case .nhs: self = .nhs
        case .charity: self = .charity
        case .government, .partnershipBoard: self = .other
        }
    }
}
