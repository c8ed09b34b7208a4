import LanternCore

/// A group's meetings: the agenda (opening with the group's outstanding actions), attendance
/// with the quorum from the terms of reference, and papers checked by their content and only
/// ever downloaded. Members read; those who run the group write.
extension Feature {
    static let meetings = Feature(
        name: "Meetings",
        register: { routes in
            MeetingsController().register(routes)
            AttendanceController().register(routes)
            PaperController().register(routes)
        })
}

enum MeetingPaths {
    static let groupMeetings = RoutePath("groups", ":groupID", "meetings")
    static let newMeeting = RoutePath("groups", ":groupID", "meetings", "new")
    static let meeting = RoutePath("meetings", ":meetingID")
    static let editMeeting = RoutePath("meetings", ":meetingID", "edit")
    static let addAgendaItem = RoutePath("meetings", ":meetingID", "agenda")
    static let agendaItem = RoutePath("meetings", ":meetingID", "agenda", ":itemID")
    static let moveUp = RoutePath("meetings", ":meetingID", "agenda", ":itemID", "up")
    static let moveDown = RoutePath("meetings", ":meetingID", "agenda", ":itemID", "down")
    static let removeItem = RoutePath("meetings", ":meetingID", "agenda", ":itemID", "remove")
    static let uploadPaper = RoutePath("meetings", ":meetingID", "agenda", ":itemID", "papers")
    static let attendance = RoutePath("meetings", ":meetingID", "attendance")
    static let addGuest = RoutePath("meetings", ":meetingID", "attendance", "guests")
    static let removeGuest = RoutePath("meetings", ":meetingID", "attendance", ":attendanceID", "remove")
    static let paper = RoutePath("papers", ":paperID")
    static let removePaper = RoutePath("papers", ":paperID", "remove")
    /// A published paper, for anyone (the public site links here).
    static let publicPaper = RoutePath("partnership", "papers", ":paperID")
}

extension Href {
    static func groupMeetings(_ groupID: String) -> Href { MeetingPaths.groupMeetings.href(groupID) }
    static func newMeeting(_ groupID: String) -> Href { MeetingPaths.newMeeting.href(groupID) }
    static func meeting(_ id: String) -> Href { MeetingPaths.meeting.href(id) }
    static func editMeeting(_ id: String) -> Href { MeetingPaths.editMeeting.href(id) }
    static func addAgendaItem(_ id: String) -> Href { MeetingPaths.addAgendaItem.href(id) }
    static func agendaItem(_ id: String, _ itemID: String) -> Href { MeetingPaths.agendaItem.href(id, itemID) }
    static func moveAgendaItemUp(_ id: String, _ itemID: String) -> Href { MeetingPaths.moveUp.href(id, itemID) }
    static func moveAgendaItemDown(_ id: String, _ itemID: String) -> Href { MeetingPaths.moveDown.href(id, itemID) }
    static func removeAgendaItem(_ id: String, _ itemID: String) -> Href { MeetingPaths.removeItem.href(id, itemID) }
    static func uploadPaper(_ id: String, _ itemID: String) -> Href { MeetingPaths.uploadPaper.href(id, itemID) }
    static func meetingAttendance(_ id: String) -> Href { MeetingPaths.attendance.href(id) }
    static func addMeetingGuest(_ id: String) -> Href { MeetingPaths.addGuest.href(id) }
    static func removeMeetingGuest(_ id: String, _ attendanceID: String) -> Href { MeetingPaths.removeGuest.href(id, attendanceID) }
    static func paper(_ id: String) -> Href { MeetingPaths.paper.href(id) }
    static func removePaper(_ id: String) -> Href { MeetingPaths.removePaper.href(id) }
    static func publicPaper(_ id: String) -> Href { MeetingPaths.publicPaper.href(id) }
}
