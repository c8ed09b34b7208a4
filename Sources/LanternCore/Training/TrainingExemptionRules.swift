import Foundation

/// What makes an exemption from a training requirement acceptable: it names one of the
/// organisation's people to whom a requirement on the action applies, it is granted by
/// someone else, it has a reason, and it ends within `longestDays`.
public enum TrainingExemptionRules {
    /// An exemption bridges a gap until the person can attend; it is not a standing waiver.
    public static let longestDays = 90
    public static let reasonLimit = 500

    public enum Problem: String, Sendable, Hashable, CaseIterable {
        /// No such person in the organisation (or they are disabled).
        case person
        /// Administrators may not exempt themselves.
        case selfGrant = "self_grant"
        /// No requirement on this action applies to the person's roles.
        case action
        /// Not a day from today to `longestDays` ahead.
        case until
        case reason
    }

    public struct Draft: Sendable, Equatable {
        public var granteeID: UUID?
        public var action: Action?
        public var until: Day?
        public var reason: String

        public init(granteeID: UUID?, action: Action?, until: Day?, reason: String) {
            self.granteeID = granteeID
            self.action = action
            self.until = until
            self.reason = reason
        }
    }

    /// Every problem with a draft, given the grantee's roles (nil: not one of the granter's
    /// organisation's active people) and the requirements in force.
    public static func problems(_ draft: Draft, granterID: UUID, granteeRoles: Set<Role>?,
                                requirements: TrainingRequirements, today: Day) -> Set<Problem> {
        var found = Set<Problem>()
        if draft.granteeID == nil || granteeRoles == nil { found.insert(.person) }
        if let grantee = draft.granteeID, grantee == granterID { found.insert(.selfGrant) }
        if let action = draft.action, requirements.actions.contains(action) {
            if let roles = granteeRoles, !roles.contains(where: { requirements.qualification(for: $0, action) != nil }) { found.insert(.action) }
        } else {
            found.insert(.action)
        }
        if let until = draft.until {
            if until < today || until > today.adding(days: longestDays) { found.insert(.until) }
        } else {
            found.insert(.until)
        }
        if !TrainingCourseRules.isPlainText(draft.reason, limit: reasonLimit) { found.insert(.reason) }
        return found
    }
}
