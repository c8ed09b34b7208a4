/// How a person attended a meeting.
public enum AttendanceStatus: String, Sendable, CaseIterable, Codable {
    case present, apologies, absent
}

/// One line of a meeting's attendance as the quorum rule sees it: how they attended, and
/// their role in the group on the day (nil for a guest, who is not a member).
public struct Attendee: Sendable, Equatable {
    public var status: AttendanceStatus
    public var role: GroupRole?

    public init(status: AttendanceStatus, role: GroupRole?) {
        self.status = status
        self.role = role
    }
}

/// Whether a meeting was quorate, by its group's current terms of reference.
public enum Quorum {
    /// What the attendance comes to.
    public enum Outcome: Sendable, Equatable {
        /// At least the quorum of counting members present.
        case quorate(present: Int, quorum: Int)
        /// Fewer than the quorum present.
        case notQuorate(present: Int, quorum: Int)
        /// The group has no approved terms of reference, so no quorum is set.
        case noQuorumSet(present: Int)

        public var isQuorate: Bool { if case .quorate = self { true } else { false } }
    }

    /// Whether someone with this role counts towards the quorum: the chair, vice-chairs and
    /// members do; the secretariat, observers, advisers and guests attend without counting.
    public static func counts(_ role: GroupRole?) -> Bool {
        switch role {
        case .chair?, .viceChair?, .member?: true
        case .secretariat?, .observer?, .adviser?, nil: false
        }
    }

    /// Counting members present, against the quorum (nil: no approved terms). A quorum below
    /// one is taken as one: a meeting with nobody counting present is never quorate.
    public static func assess(_ attendees: [Attendee], quorum: Int?) -> Outcome {
        let present = attendees.filter { $0.status == .present && counts($0.role) }.count
        guard let quorum else { return .noQuorumSet(present: present) }
        let needed = max(1, quorum)
        return present >= needed ? .quorate(present: present, quorum: needed) : .notQuorate(present: present, quorum: needed)
    }
}
