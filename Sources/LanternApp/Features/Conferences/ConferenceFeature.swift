import LanternCore

/// Multi-agency case conferences (issue 12): a borough's series (MACC, MARAM: a setting) hosted
/// by an organisation, its meetings with a chair and members by agency, and the agenda of cases
/// nominated by workers and accepted or declined by the chair. Members read the accepted cases
/// (without the story) from acceptance until `access_days_after` days after the meeting,
/// checked when the case is read (`CaseAccess.load`), every view audited with its basis.
extension Feature {
    static let conferences = Feature(
        name: "Case conferences",
        register: { routes in
            ConferenceSeriesController().register(routes)
            ConferenceMeetingController().register(routes)
            ConferenceAgendaController().register(routes)
            ConferenceAgendaAPIController().register(routes)
        },
        navigation: [NavigationEntry(label: "Case conferences", href: .conferences,
                                     audience: .allowed(.viewCaseConference), order: 64)],
        caseSections: [CaseSection(slot: .end, order: 20, render: ConferenceAgendaSection.render)])
}

enum ConferencePaths {
    static let list = RoutePath("conferences")
    static let newSeries = RoutePath("conferences", "new")
    static let newMeeting = RoutePath("conferences", ":seriesID", "meetings", "new")
    static let meeting = RoutePath("conference-meetings", ":meetingID")
    static let addMember = RoutePath("conference-meetings", ":meetingID", "members")
    static let removeMember = RoutePath("conference-meetings", ":meetingID", "members", ":memberID", "remove")
    static let decide = RoutePath("conference-agenda", ":itemID", "decision")
    static let nominate = RoutePath("cases", ":reference", "conferences", "nominate")

    static let apiList = RoutePath.api("conferences")
    static let apiMeeting = RoutePath.api("conference-meetings", ":meetingID")
    static let apiNominate = RoutePath.api("cases", ":reference", "conferences", "nominations")
    static let apiDecide = RoutePath.api("conference-agenda", ":itemID", "decision")
}

extension Href {
    static let conferences = Href(ConferencePaths.list)
    static let newConferenceSeries = Href(ConferencePaths.newSeries)
    static func newConferenceMeeting(_ seriesID: String) -> Href { ConferencePaths.newMeeting.href(seriesID) }
    static func conferenceMeeting(_ id: String) -> Href { ConferencePaths.meeting.href(id) }
    static func addConferenceMember(_ meetingID: String) -> Href { ConferencePaths.addMember.href(meetingID) }
    static func removeConferenceMember(_ meetingID: String, _ memberID: String) -> Href { ConferencePaths.removeMember.href(meetingID, memberID) }
    static func decideConferenceItem(_ itemID: String) -> Href { ConferencePaths.decide.href(itemID) }
    static func nominateToConference(_ reference: String) -> Href { ConferencePaths.nominate.href(reference) }
}
