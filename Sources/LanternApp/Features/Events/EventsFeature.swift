import LanternCore

/// Events (issue 13): the partnership's calendar (the leads network's conference, webinars,
/// Anti-Slavery Day on 18 October), per group and public, with booking, attendance, anonymous
/// feedback and iCalendar feeds.
extension Feature {
    static let events = Feature(
        name: "Events",
        register: { routes in
            EventsController().register(routes)
            EventFeedbackController().register(routes)
            EventCalendarController().register(routes)
            TrainingFiguresController().register(routes)
        },
        navigation: [NavigationEntry(label: "Events", href: .events, audience: .allowed(.joinEvents), order: 82)],
        homeCards: [HomeCard(title: "Events", text: "The partnership's conference, webinars and Anti-Slavery Day: book a place.",
                             href: .events, audience: .allowed(.joinEvents), order: 83),
                    HomeCard(title: "Training and events figures", text: "The annual report's figures: sessions, people trained, the cascade's reach, evaluation and events.",
                             href: .trainingFigures, audience: .allowed(.viewTrainingCoverage), order: 84)])
}

enum EventPaths {
    static let list = RoutePath("events")
    static let new = RoutePath("events", "new")
    static let show = RoutePath("events", ":eventID")
    static let book = RoutePath("events", ":eventID", "book")
    static let giveUp = RoutePath("events", ":eventID", "give-up")
    static let attendance = RoutePath("events", ":eventID", "attendance")
    static let cancel = RoutePath("events", ":eventID", "cancel")
    static let ics = RoutePath("events", ":eventID", "event.ics")
    static let feedback = RoutePath("events", ":eventID", "feedback")
    static let publicFeed = RoutePath("partnership", "events.ics")
    static let groupFeed = RoutePath("partnership", "groups", ":slug", "events.ics")
}

extension Href {
    static let events = Href(EventPaths.list)
    static let newEvent = Href(EventPaths.new)
    static func event(_ id: String) -> Href { EventPaths.show.href(id) }
    static func bookEvent(_ id: String) -> Href { EventPaths.book.href(id) }
    static func giveUpEvent(_ id: String) -> Href { EventPaths.giveUp.href(id) }
    static func eventAttendance(_ id: String) -> Href { EventPaths.attendance.href(id) }
    static func cancelEvent(_ id: String) -> Href { EventPaths.cancel.href(id) }
    static func eventICS(_ id: String) -> Href { EventPaths.ics.href(id) }
    static func eventFeedback(_ id: String) -> Href { EventPaths.feedback.href(id) }
    static let publicEventsFeed = Href(EventPaths.publicFeed)
    static func groupEventsFeed(_ slug: String) -> Href { EventPaths.groupFeed.href(slug) }
}
