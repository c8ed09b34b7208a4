import Foundation
import LanternCore

/// What the public site shows of the partnership: only public groups, organisations and roles
/// (never members' names), public meetings, the public version of published minutes, actions
/// with their owners' organisations (never a person), and the strategy's indicators.
/// Loaded by `PublicPartnership`; drawn by `PartnershipSitePages`.
enum PublicPartnershipModel {
    struct Group: Sendable {
        var id: UUID
        var slug: String
        var name: String
        var kind: GroupKind
        var purpose: String
        var parent: (name: String, slug: String)?
    }

    struct Terms: Sendable {
        var version: Int
        var body: String
        var quorum: Int
        var approvedOn: Day
        var nextReviewOn: Day
    }

    struct Membership: Sendable, Hashable {
        var organisation: String
        var role: GroupRole
    }

    struct Meeting: Sendable {
        enum Status: String, Sendable { case scheduled, held, cancelled }
        var id: UUID
        var group: String
        var title: String
        var startsAt: Date
        var endsAt: Date?
        var place: String?
        var status: Status
    }

    struct MinutesSummary: Sendable {
        var id: UUID
        var group: String
        var meetingTitle: String
        var meetingStartsAt: Date
        var version: Int
        var publishedOn: Day?
        var publishedAt: Date
    }

    struct Minutes: Sendable {
        var summary: MinutesSummary
        var approvedOn: Day?
        var correctionNote: String?
        var document: MinutesRedaction.PublicMinutes
        /// A later published version of the same meeting's minutes, if any.
        var newer: UUID?
    }

    struct Action: Sendable {
        enum Status: String, Sendable { case open, inProgress = "in_progress", done, dropped }
        var group: String
        var title: String
        var ownerOrganisation: String
        var dueOn: Day?
        var status: Status
        var dropReason: String?
        var isOverdue: Bool
    }

    struct Indicator: Sendable {
        var name: String
        /// The latest figure and its period, written out; nil when none is recorded yet.
        var latest: String?
        var period: String?
        var target: String
    }

    struct Objective: Sendable {
        var title: String
        var indicators: [Indicator]
    }

    struct Priority: Sendable {
        var title: String
        var details: String
        var objectives: [Objective]
    }

    /// `/partnership`.
    struct Overview: Sendable {
        var groups: [Group]
        var meetings: [Meeting]
        var minutes: [MinutesSummary]
        var actions: [Action]
        var strategy: [Priority]
    }

    /// `/partnership/groups/:slug`.
    struct GroupPage: Sendable {
        var group: Group
        var terms: Terms?
        var members: [Membership]
        var meetings: [Meeting]
        var today: Day
    }
}
