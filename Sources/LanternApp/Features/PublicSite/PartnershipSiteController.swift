import Foundation
import LanternCore
import Vapor

/// `/partnership`, `/partnership/groups/:slug`, `/partnership/minutes/:minutesID`: the
/// partnership in the open, for anyone (no sign-in). A group that is not public and minutes
/// that are not published are simply not found (404), as if they did not exist.
struct PartnershipSiteController {
    func register(_ routes: LanternRoutes) {
        routes.get(PublicSitePaths.partnership, access: .open, use: overview)
        routes.get(PublicSitePaths.group, access: .open, use: group)
        routes.get(PublicSitePaths.minutes, access: .open, use: minutes)
    }

    @Sendable func overview(_ request: Request) async throws -> Response {
        let l = request.publicText
        let rules = DisclosureRules(threshold: request.application.lantern.settings.disclosureThreshold)
        let model = try await PublicPartnership.overview(on: request.db, today: request.today, rules: rules) { indicator in
            PartnershipSitePages.indicatorWords(indicator, l)
        }
        return request.renderPublic(PartnershipSitePages.overview(model, today: request.today, l), l)
    }

    @Sendable func group(_ request: Request) async throws -> Response {
        let l = request.publicText
        guard let slug = request.parameters.get("slug"), GroupRules.isValidSlug(slug),
              let model = try await PublicPartnership.group(slug: slug, on: request.db, today: request.today) else {
            throw Abort(.notFound)
        }
        return request.renderPublic(PartnershipSitePages.group(model, l), l)
    }

    @Sendable func minutes(_ request: Request) async throws -> Response {
        let l = request.publicText
        guard let raw = request.parameters.get("minutesID"), let id = UUID(exactly: raw),
              let model = try await PublicPartnership.minutes(id, on: request.db) else {
            throw Abort(.notFound)
        }
        return request.renderPublic(PartnershipSitePages.minutes(model, l), l)
    }
}

/// `/partnership/meetings.ics` (RFC 5545) and `/partnership/minutes.atom` (RFC 4287): the
/// public meetings and the published minutes, in British English, for calendars and readers.
struct PublicFeedsController {
    func register(_ routes: LanternRoutes) {
        routes.get(PublicSitePaths.meetingsCalendar, access: .open, use: calendar)
        routes.get(PublicSitePaths.minutesFeed, access: .open, use: minutesFeed)
    }

    @Sendable func calendar(_ request: Request) async throws -> Response {
        let services = request.application.lantern
        let l = Localiser.englishGB
        let groups = try await PublicPartnership.groups(on: request.db)
        let meetings = try await PublicPartnership.meetings(of: groups, on: request.db)
        let host = services.settings.publicURL
        let authority = URL(string: host)?.host ?? "lantern.invalid"
        let events = meetings.map { meeting in
            ICalendar.Event(uid: "meeting-\(meeting.id.uuidString.lowercased())@\(authority)", start: meeting.startsAt, end: meeting.endsAt,
                            summary: l("feeds.partnership-event-summary", ["group": meeting.group, "meeting": meeting.title]),
                            location: meeting.place, url: Href.partnership.fragment("meetings").absolute(from: host),
                            status: meeting.status == .cancelled ? .cancelled : .confirmed)
        }
        let body = ICalendar.write(name: l("feeds.partnership-calendar-name"), productID: "-//Lantern//Partnership meetings//EN",
                                   events: events, stamp: services.now)
        var headers = HTTPHeaders()
        headers.replaceOrAdd(name: .contentType, value: "text/calendar; charset=utf-8")
        headers.replaceOrAdd(name: .contentDisposition, value: "inline; filename=\"partnership-meetings.ics\"")
        return Response(status: .ok, headers: headers, body: .init(string: body))
    }

    @Sendable func minutesFeed(_ request: Request) async throws -> Response {
        let services = request.application.lantern
        let l = Localiser.englishGB
        let groups = try await PublicPartnership.groups(on: request.db)
        let minutes = try await PublicPartnership.publishedMinutes(of: groups, on: request.db)
        let host = services.settings.publicURL
        let entries = minutes.map { item in
            AtomFeed.Entry(id: AtomFeed.urn(item.id),
                           title: l("feeds.partnership-minutes-entry", ["group": item.group, "meeting": item.meetingTitle, "date": l.date(item.meetingStartsAt)]),
                           updated: item.publishedAt, published: item.publishedAt,
                           link: Href.publicMinutes(item.id.uuidString.lowercased()).absolute(from: host),
                           summary: l("feeds.partnership-minutes-summary", ["version": String(item.version)]))
        }
        let authority = URL(string: host)?.host ?? "lantern.invalid"
        let feed = AtomFeed(id: "tag:\(authority),2026:partnership-minutes", title: l("feeds.partnership-minutes-title"),
                            selfLink: Href.minutesFeed.absolute(from: host), alternateLink: Href.partnership.absolute(from: host),
                            author: l("feeds.partnership-author"), entries: entries, fallbackUpdated: services.now)
        var headers = HTTPHeaders()
        headers.replaceOrAdd(name: .contentType, value: "application/atom+xml; charset=utf-8")
        return Response(status: .ok, headers: headers, body: .init(string: feed.write()))
    }
}
