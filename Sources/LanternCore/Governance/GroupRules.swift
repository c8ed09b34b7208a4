/// What kind of group a board, network or sub-group is. A sub-group sits under a board or a
/// network (never under another sub-group); boards and networks stand alone.
public enum GroupKind: String, Sendable, CaseIterable, Codable {
    case board
    case network
    case subgroup

    /// Whether a group of this kind needs a parent (only a sub-group does).
    public var needsParent: Bool { self == .subgroup }
    /// Whether a group of this kind may be a sub-group's parent.
    public var canBeParent: Bool { self != .subgroup }
}

/// A member's place in a group.
public enum GroupRole: String, Sendable, CaseIterable, Codable {
    case chair
    case viceChair = "vice_chair"
    case secretariat
    case member
    case observer
    case adviser

    /// Chairs and vice-chairs: the `boardChair` relation.
    public var chairs: Bool { self == .chair || self == .viceChair }
    /// The secretariat: the `boardSecretariat` relation.
    public var isSecretariat: Bool { self == .secretariat }
}

/// One membership's dates: from a day, until a day (inclusive) or open-ended.
public struct MembershipPeriod: Sendable, Equatable {
    public var from: Day
    public var until: Day?

    public init(from: Day, until: Day?) {
        self.from = from
        self.until = until
    }

    /// In force on `day`: started on or before it and not ended before it.
    public func isInForce(on day: Day) -> Bool {
        from <= day && (until.map { day <= $0 } ?? true)
    }

    /// Ended before `day` (a past membership).
    public func hasEnded(by day: Day) -> Bool { until.map { $0 < day } ?? false }

    /// Whether the two periods share a day (a person holds one membership of a group at a time).
    public func overlaps(_ other: MembershipPeriod) -> Bool {
        (until.map { other.from <= $0 } ?? true) && (other.until.map { from <= $0 } ?? true)
    }

    /// Whether the until day, if any, is on or after the from day.
    public var isOrdered: Bool { until.map { from <= $0 } ?? true }
}

/// The rules for a group's place in the tree of groups.
public enum GroupRules {
    /// What is wrong with a group's parent, if anything.
    public enum ParentProblem: Sendable, Equatable {
        /// A sub-group without a parent.
        case missing
        /// A board or network given a parent.
        case notAllowed
        /// The parent is itself a sub-group.
        case parentIsSubgroup
        /// The parent is the group itself or one of its descendants.
        case cycle
    }

    /// Checks a group's parent. `ancestorsOfParent` are the parent's own parents, nearest
    /// first, ids as strings (empty for a top-level parent).
    public static func parentProblem(kind: GroupKind, groupID: String?, parentID: String?, parentKind: GroupKind?,
                                     ancestorsOfParent: [String] = []) -> ParentProblem? {
        guard kind.needsParent else { return parentID == nil ? nil : .notAllowed }
        guard let parentID, let parentKind else { return .missing }
        if let groupID, parentID == groupID || ancestorsOfParent.contains(groupID) { return .cycle }
        guard parentKind.canBeParent else { return .parentIsSubgroup }
        return nil
    }

    /// A group's slug: lower-case letters, digits and single hyphens, 2–60 characters, not
    /// starting or ending with a hyphen.
    public static func isValidSlug(_ slug: String) -> Bool {
        guard (2...60).contains(slug.count), !slug.hasPrefix("-"), !slug.hasSuffix("-"), !slug.contains("--") else { return false }
        return slug.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" }
    }

    /// A slug suggested from a name ("London Modern Slavery Board" → "london-modern-slavery-board").
    public static func slug(from name: String) -> String {
        var out = ""
        for scalar in name.lowercased().unicodeScalars {
            if ("a"..."z").contains(scalar) || ("0"..."9").contains(scalar) {
                out.unicodeScalars.append(scalar)
            } else if !out.isEmpty, !out.hasSuffix("-") {
                out += "-"
            }
        }
        while out.hasSuffix("-") { out.removeLast() }
        return String(out.prefix(60)).trimmingSuffix("-")
    }
}

extension String {
    fileprivate func trimmingSuffix(_ suffix: Character) -> String {
        var s = self
        while s.last == suffix { s.removeLast() }
        return s
    }
}
