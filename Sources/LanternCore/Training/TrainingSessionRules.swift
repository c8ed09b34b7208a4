import Foundation

/// A session as entered, before it is stored.
public struct SessionDraft: Sendable, Equatable {
    public var day: Day?
    public var startsAt: String
    public var format: CourseFormat?
    public var place: String
    public var capacity: Int?
    public var boroughCodes: [String]
    public var agencyKinds: [String]
    public var leadTrainer: String?
    public var coTrainer: String?

    public init(day: Day?, startsAt: String, format: CourseFormat?, place: String, capacity: Int?, boroughCodes: [String], agencyKinds: [String],
                leadTrainer: String?, coTrainer: String?) {
        self.day = day
        self.startsAt = startsAt
        self.format = format
        self.place = place
        self.capacity = capacity
        self.boroughCodes = boroughCodes
        self.agencyKinds = agencyKinds
        self.leadTrainer = leadTrainer
        self.coTrainer = coTrainer
    }
}

public enum SessionProblem: String, Sendable, Hashable, CaseIterable {
    case day, dayPassed = "day_passed", startsAt = "starts_at", format, place, capacity, boroughs, agencies, leadTrainer = "lead_trainer",
         coTrainer = "co_trainer"
}

public enum TrainingSessionRules {
    public static let placeLimit = 300

    /// Every problem with the draft: `boroughs` are the known ONS codes, `trainers` the
    /// people who may be named as trainers.
    public static func problems(_ draft: SessionDraft, today: Day, boroughs: Set<String>, trainers: Set<String>) -> Set<SessionProblem> {
        var found = Set<SessionProblem>()
        if let day = draft.day {
            if day < today { found.insert(.dayPassed) }
        } else {
            found.insert(.day)
        }
        if !isClockTime(draft.startsAt) { found.insert(.startsAt) }
        if draft.format == nil { found.insert(.format) }
        if !TrainingCourseRules.isPlainText(draft.place, limit: placeLimit) { found.insert(.place) }
        if draft.capacity.map({ !TrainingCourseRules.capacityRange.contains($0) }) ?? true { found.insert(.capacity) }
        if !draft.boroughCodes.allSatisfy(boroughs.contains) || Set(draft.boroughCodes).count != draft.boroughCodes.count { found.insert(.boroughs) }
        if !draft.agencyKinds.allSatisfy({ AgencyKind(rawValue: $0) != nil }) || Set(draft.agencyKinds).count != draft.agencyKinds.count {
            found.insert(.agencies)
        }
        if draft.leadTrainer.map({ !trainers.contains($0) }) ?? true { found.insert(.leadTrainer) }
        if let co = draft.coTrainer, !co.isEmpty, !trainers.contains(co) || co == draft.leadTrainer { found.insert(.coTrainer) }
        return found
    }

    /// `HH:MM` on a 24-hour clock.
    public static func isClockTime(_ text: String) -> Bool {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0].count == 2, parts[1].count == 2,
              let hours = Int(parts[0]), let minutes = Int(parts[1]) else { return false }
        return (0...23).contains(hours) && (0...59).contains(minutes)
    }
}

/// When a Train-the-Trainer commitment is chased: a month before it falls due, then a week
/// before, while the sessions delivered fall short of those promised.
public enum TrainingCommitmentRules {
    public static let reminderDays = [30, 7]

    /// The reminder due on `today` (its days-before mark), or nil: none due, or the commitment is met.
    public static func reminder(due: Day, today: Day, delivered: Int, promised: Int) -> Int? {
        guard delivered < promised, today <= due else { return nil }
        let daysLeft = due.daysSinceEpoch - today.daysSinceEpoch
        return reminderDays.sorted().first { daysLeft <= $0 }
    }
}
