import Fluent
import Foundation
import LanternCore
import Vapor

/// Events as iCalendar (RFC 5545): the public feed (`/partnership/events.ics`: public events and
/// Anti-Slavery Day), a public group's feed (`/partnership/groups/:slug/events.ics`: that group's
/// public events), and one event for a member. Each event keeps its UID across downloads and
/// raises its SEQUENCE when it changes, so calendars update it in place.
struct EventCalendarController {
    func register(_ routes: LanternRoutes) {
        routes.get(EventPaths.publicFeed, access: .open, use: publicFeed)
        routes.get(EventPaths.groupFeed, access: .open, use: groupFeed)
    }

    /// Public events from a year back; a calendar keeps what it already has.
    static func publicEvents(_ request: Request, group: UUID?) async throws -> [PartnershipEvent] {
        let since = request.application.lantern.today.adding(days: -366).daysSinceEpoch
        var query = PartnershipEvent.query(on: request.db).filter(\.$isPublic == true).filter(\.$heldOn >= since).sort(\.$startsAt).limit(1_000)
        if let group { query = query.filter(\.$groupID == group) }
        return try await query.all()
    }

    @Sendable func publicFeed(_ request: Request) async throws -> Response {
        let services = request.application.lantern
        var entries = try await Self.publicEvents(request, group: nil).map { EventCalendar.entry($0, publicURL: services.settings.publicURL) }
        if let day = EventRules.nextAntiSlaveryDay(from: services.today) { entries.append(EventCalendar.antiSlaveryDay(day, publicURL: services.settings.publicURL)) }
        return EventCalendar.response(name: Localiser.englishGB("feeds.events-calendar-name"), events: entries, filename: "partnership-events.ics",
                                      stamp: services.now)
    }

    @Sendable func groupFeed(_ request: Request) async throws -> Response {
        let services = request.application.lantern
        // Only a public group has a public feed; any other slug is not found, as on the public site.
        guard let slug = request.parameters.get("slug"),
              let group = try await PartnershipGroup.query(on: request.db).filter(\.$slug == slug).filter(\.$isPublic == true).first(),
              let groupID = group.id else { throw LanternError.notFound }
        let entries = try await Self.publicEvents(request, group: groupID).map { EventCalendar.entry($0, publicURL: services.settings.publicURL) }
        return EventCalendar.response(name: group.name, events: entries, filename: "\(slug)-events.ics", stamp: services.now)
    }
}

enum EventCalendar {
    static func entry(_ event: PartnershipEvent, publicURL: String) -> ICalendar.Event {
        let authority = URL(string: publicURL)?.host ?? "lantern.invalid"
        return ICalendar.Event(uid: "event-\(event.id?.uuidString.lowercased() ?? "")@\(authority)", start: event.startsAt, end: event.endsAt,
                               summary: event.title, location: event.place ?? event.link,
                               description: event.description.isEmpty ? nil : event.description,
                               url: event.link, status: event.isCancelled ? .cancelled : .confirmed, sequence: event.sequence)
    }

    /// Anti-Slavery Day, from 00:00 to 24:00 London time.
    static func antiSlaveryDay(_ day: Day, publicURL: String) -> ICalendar.Event {
        let authority = URL(string: publicURL)?.host ?? "lantern.invalid"
        let start = LondonTime.instant(day: day, hour: 0, minute: 0) ?? Date()
        return ICalendar.Event(uid: "anti-slavery-day-\(day.components.year)@\(authority)", start: start, end: start.addingTimeInterval(86_400),
                               summary: Localiser.englishGB("feeds.anti-slavery-day"))
    }

    static func response(name: String, events: [ICalendar.Event], filename: String, stamp: Date) -> Response {
        let body = ICalendar.write(name: name, productID: "-//Lantern//Partnership events//EN", events: events, stamp: stamp)
        var headers = HTTPHeaders()
        headers.replaceOrAdd(name: .contentType, value: "text/calendar; charset=utf-8")
        let safe = filename.filter { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "." }
        headers.replaceOrAdd(name: .contentDisposition, value: "inline; filename=\"\(safe)\"")
        return Response(status: .ok, headers: headers, body: .init(string: body))
    }
}
