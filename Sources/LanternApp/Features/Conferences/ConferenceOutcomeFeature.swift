import LanternCore

/// What a case conference decides (issue 12): per accepted agenda case the chair records the
/// risk level, the decisions and a review date, and agrees actions owned by a member or a team
/// of an attending organisation (each a task for its owners, chased when overdue by the daily
/// job `conference_actions`); the owner marks an action done. The chair drafts and approves the
/// minutes, which only members and the host's lead read. The series' next meeting opens with
/// outstanding actions and cases due for review (`ConferenceActionCarry`).
extension Feature {
    static let conferenceOutcomes = Feature(
        name: "Conference outcomes",
        register: { routes in
            ConferenceOutcomeController().register(routes)
            ConferenceOutcomeAPIController().register(routes)
        })
}

enum ConferenceOutcomePaths {
    static let item = RoutePath("conference-agenda", ":itemID")
    static let outcome = RoutePath("conference-agenda", ":itemID", "outcome")
    static let actions = RoutePath("conference-agenda", ":itemID", "actions")
    static let action = RoutePath("conference-actions", ":actionID")
    static let actionDone = RoutePath("conference-actions", ":actionID", "done")
    static let minutes = RoutePath("conference-meetings", ":meetingID", "minutes")
    static let approveMinutes = RoutePath("conference-meetings", ":meetingID", "minutes", "approve")

    /// The meeting's own page (the meetings' part registers it), linked back to.
    static let meeting = RoutePath("conference-meetings", ":meetingID")

    static let apiItem = RoutePath.api("conference-agenda", ":itemID")
    static let apiOutcome = RoutePath.api("conference-agenda", ":itemID", "outcome")
    static let apiActions = RoutePath.api("conference-agenda", ":itemID", "actions")
    static let apiActionDone = RoutePath.api("conference-actions", ":actionID", "done")
}

extension Href {
    static func conferenceItem(_ id: String) -> Href { ConferenceOutcomePaths.item.href(id) }
    static func conferenceOutcome(_ id: String) -> Href { ConferenceOutcomePaths.outcome.href(id) }
    static func conferenceItemActions(_ id: String) -> Href { ConferenceOutcomePaths.actions.href(id) }
    static func conferenceAction(_ id: String) -> Href { ConferenceOutcomePaths.action.href(id) }
    static func conferenceActionDone(_ id: String) -> Href { ConferenceOutcomePaths.actionDone.href(id) }
    static func conferenceMeetingBack(_ id: String) -> Href { ConferenceOutcomePaths.meeting.href(id) }
    static func conferenceMinutes(_ meetingID: String) -> Href { ConferenceOutcomePaths.minutes.href(meetingID) }
    static func approveConferenceMinutes(_ meetingID: String) -> Href { ConferenceOutcomePaths.approveMinutes.href(meetingID) }
}
