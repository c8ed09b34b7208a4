import Foundation
import LanternCore

/// The events pages: the calendar, a new event, one event (with its places for organisers),
/// and the anonymous feedback form.
enum EventPages {
    struct Row {
        var id: String; var title: String; var kind: EventKind; var startsAt: Date; var isPublic: Bool; var group: String?
        var cancelled: Bool; var mine: EventPlaceState?
    }

    struct List { var upcoming: [Row]; var past: [Row]; var antiSlaveryDay: Day?; var canAdd: Bool }

    static func kindName(_ kind: EventKind, l: Localiser) -> String {
        switch kind {
        case .conference: l("events.kind.conference")
        case .webinar: l("events.kind.webinar")
        case .awarenessDay: l("events.kind.awareness-day")
        case .presentation: l("events.kind.presentation")
        case .other: l("events.kind.other")
        }
    }

    static func placeName(_ state: EventPlaceState, l: Localiser) -> String {
        switch state {
        case .booked: l("events.place.booked")
        case .attended: l("events.place.attended")
        case .cancelled: l("events.place.cancelled")
        }
    }

    static func list(_ m: List, l: Localiser) -> Page {
        func rows(_ items: [Row]) -> [[HTML]] {
            items.map { r in
                [HTML("<a href=\"\(Href.event(r.id))\">\(r.title)</a>\(r.cancelled ? HTML(" \(Components.tag(l("events.cancelled"), colour: "red"))") : .empty)"),
                 HTML("\(l.dateTime(r.startsAt))"), HTML("\(kindName(r.kind, l: l))"),
                 HTML("\(r.group ?? l("events.whole-partnership"))\(r.isPublic ? HTML(" \(Components.tag(l("events.public")))") : .empty)"),
                 HTML("\(r.mine.map { placeName($0, l: l) } ?? "")")]
            }
        }
        let headers = [l("events.column.event"), l("events.column.when"), l("events.column.kind"), l("events.column.for"), l("events.column.your-place")]
        return Page(title: l("events.title"), content: """
            <h1 class="heading-l">\(l("events.title"))</h1>
            <p class="body">\(l("events.intro"))</p>
            \(m.antiSlaveryDay.map { HTML("<p class=\"body\">\(l("events.anti-slavery-day", ["day": l.day($0)]))</p>") } ?? .empty)
            <p class="body"><a href="\(Href.publicEventsFeed)" type="text/calendar">\(l("events.subscribe"))</a></p>
            \(m.canAdd ? HTML("<p class=\"body\"><a href=\"\(Href.newEvent)\" class=\"button\">\(l("events.new"))</a></p>") : .empty)
            <h2 class="heading-m">\(l("events.upcoming"))</h2>
            \(m.upcoming.isEmpty ? HTML("<p class=\"body\">\(l("events.none-upcoming"))</p>")
                : Components.table(caption: l("events.upcoming"), headers: headers, rows: rows(m.upcoming)))
            <h2 class="heading-m">\(l("events.past"))</h2>
            \(m.past.isEmpty ? HTML("<p class=\"body\">\(l("events.none-past"))</p>")
                : Components.table(caption: l("events.past"), headers: headers, rows: rows(m.past)))
            """, language: l.language)
    }

    struct New { var input: EventsController.EventForm; var errors: FormErrors; var groups: [(String, String)] }

    static func new(_ m: New, csrf: String, l: Localiser) -> Page {
        let i = m.input
        let kinds = EventKind.allCases.map { ($0.rawValue, kindName($0, l: l)) }
        return Page(title: l("events.new"), content: """
            \(Components.errorSummary(m.errors, l))
            <h1 class="heading-l">\(l("events.new"))</h1>
            <form method="post" action="\(Href.newEvent)" novalidate>
            \(Components.csrfField(csrf))
            \(Components.radios(name: "kind", legend: l("events.field.kind"), options: kinds, selected: i.kind, errors: m.errors, l: l))
            \(Components.textInput(name: "title", label: l("events.field.title"), value: i.title ?? "", errors: m.errors, l: l))
            \(Components.textArea(name: "description", label: l("events.field.description"), value: i.description ?? "", errors: m.errors, l: l))
            \(Components.textInput(name: "date", label: l("events.field.date"), value: i.date ?? "", type: "date", width: 10, errors: m.errors, l: l))
            \(Components.textInput(name: "startTime", label: l("events.field.start"), value: i.startTime ?? "", type: "time", width: 5, errors: m.errors, l: l))
            \(Components.textInput(name: "endTime", label: l("events.field.end"), value: i.endTime ?? "", type: "time", width: 5, errors: m.errors, l: l))
            \(Components.textInput(name: "place", label: l("events.field.place"), value: i.place ?? "", hint: l("events.field.place-hint"), errors: m.errors, l: l))
            \(Components.textInput(name: "link", label: l("events.field.link"), value: i.link ?? "", hint: l("events.field.link-hint"), type: "url", errors: m.errors, l: l))
            \(Components.textInput(name: "capacity", label: l("events.field.capacity"), value: i.capacity ?? "", hint: l("events.field.capacity-hint"),
                                   width: 4, errors: m.errors, extra: " inputmode=\"numeric\"", l: l))
            \(Components.select(name: "group", label: l("events.field.group"), options: [("", l("events.whole-partnership"))] + m.groups,
                                selected: i.group, errors: m.errors, l: l))
            \(Components.radios(name: "isPublic", legend: l("events.field.public"), options: [("no", l("events.field.public-no")), ("yes", l("events.field.public-yes"))],
                                selected: i.isPublic ?? "no", errors: m.errors, l: l))
            \(Components.button(l("events.create")))
            </form>
            """, status: m.errors.isEmpty ? .ok : .unprocessableEntity, hasErrors: !m.errors.isEmpty,
            backLink: (Href.events, l("events.back")), language: l.language)
    }

    struct Attendee { var placeID: String; var name: String; var state: EventPlaceState }

    struct Show {
        var id: String; var title: String; var kind: EventKind; var description: String; var startsAt: Date; var endsAt: Date
        var place: String?; var link: String?; var isPublic: Bool; var group: String?; var capacity: Int?; var booked: Int; var cancelled: Bool
        var myPlace: EventPlaceState?; var bookable: Bool; var feedbackOpen: Bool; var answered: Bool
        var runs: Bool; var attendanceOpen: Bool; var people: [Attendee]; var summary: EventRules.FeedbackSummary?; var comments: [String]
        var done: String?
    }

    static func show(_ m: Show, csrf: String, l: Localiser) -> Page {
        var facts: [(key: String, value: HTML)] = [
            (l("events.column.when"), HTML("\(l.dateTime(m.startsAt)) – \(l.dateTime(m.endsAt))")),
            (l("events.column.kind"), HTML("\(kindName(m.kind, l: l))")),
            (l("events.column.for"), HTML("\(m.group ?? l("events.whole-partnership"))\(m.isPublic ? HTML(" \(Components.tag(l("events.public")))") : .empty)")),
        ]
        if let place = m.place { facts.append((l("events.field.place"), HTML("\(place)"))) }
        if let link = m.link { facts.append((l("events.field.link"), HTML("<a href=\"\(link)\" rel=\"noopener noreferrer\">\(link)</a>"))) }
        facts.append((l("events.places"), HTML("\(m.capacity.map { l("events.places-of", ["booked": l.number(m.booked), "capacity": l.number($0)]) } ?? l("events.places-open", ["booked": l.number(m.booked)]))")))
        let form = { (href: Href, label: String, secondary: Bool) in
            HTML("<form method=\"post\" action=\"\(href)\">\(Components.csrfField(csrf))\(Components.button(label, secondary: secondary))</form>")
        }
        var actions = HTML.empty
        if m.cancelled {
            actions = Components.notification(title: l("events.cancelled"), body: HTML("<p class=\"body\">\(l("events.cancelled-body"))</p>"),
                                              success: false, id: "event-cancelled-title")
        } else if m.myPlace == .booked {
            actions = HTML("<p class=\"body\">\(l("events.you-are-booked"))</p>\(m.bookable ? form(Href.giveUpEvent(m.id), l("events.give-up"), true) : .empty)")
        } else if m.myPlace == nil, m.bookable {
            actions = form(Href.bookEvent(m.id), l("events.book"), false)
        }
        if m.feedbackOpen {
            actions = HTML("\(actions)<p class=\"body\"><a href=\"\(Href.eventFeedback(m.id))\" class=\"button\">\(l("events.feedback.give"))</a></p>")
        } else if m.answered, m.done != "feedback" {
            actions = HTML("\(actions)<p class=\"body\">\(l("events.feedback.thanks"))</p>")
        }
        var organiser = HTML.empty
        if m.runs {
            let rows: [[HTML]] = m.people.map { p in
                [HTML("\(p.name)"), HTML("\(placeName(p.state, l: l))"),
                 p.state == .booked && m.attendanceOpen ? HTML("""
                    <form method="post" action="\(Href.eventAttendance(m.id))">\(Components.csrfField(csrf))<input type="hidden" name="place" value="\(p.placeID)">\
                    <button class="button button--secondary" type="submit">\(l("events.mark-attended"))<span class="visually-hidden"> \(p.name)</span></button></form>
                    """) : .empty]
            }
            organiser = HTML("""
                <h2 class="heading-m">\(l("events.people"))</h2>
                \(m.people.isEmpty ? HTML("<p class=\"body\">\(l("events.no-people"))</p>")
                    : Components.table(caption: l("events.people"), headers: [l("events.column.person"), l("events.column.place"), l("events.column.attendance")], rows: rows))
                <h2 class="heading-m">\(l("events.feedback.results"))</h2>
                \(m.summary.map { s in HTML("""
                    <p class="body">\(l("events.feedback.summary", ["answers": l.number(s.answers), "mean": l.decimal(s.meanRating)]))</p>
                    \(m.comments.isEmpty ? .empty : HTML("<ul class=\"list list--bullet\">\(m.comments.map { HTML("<li>\($0)</li>") })</ul>"))
                    """) } ?? HTML("<p class=\"body\">\(l("events.feedback.withheld"))</p>"))
                \(m.cancelled || !m.bookable ? .empty : HTML("<h2 class=\"heading-m\">\(l("events.cancel-heading"))</h2>\(form(Href.cancelEvent(m.id), l("events.cancel"), true))"))
                """)
        }
        let done: HTML = switch m.done {
        case "booked" where m.myPlace == .booked: Components.notification(title: l("events.booked-title"), body: HTML("<p class=\"body\">\(l("events.booked-body"))</p>"))
        case "feedback" where m.answered: Components.notification(title: l("events.feedback.thanks"), body: .empty)
        default: .empty
        }
        return Page(title: m.title, content: """
            \(done)
            <h1 class="heading-l">\(m.title)</h1>
            \(Components.summaryList(facts))
            \(m.description.isEmpty ? .empty : HTML("<p class=\"body\">\(m.description)</p>"))
            <p class="body"><a href="\(Href.eventICS(m.id))" type="text/calendar">\(l("events.add-to-calendar"))</a></p>
            \(actions)
            \(organiser)
            """, backLink: (Href.events, l("events.back")), language: l.language)
    }

    struct Feedback { var id: String; var title: String; var input: EventFeedbackController.FeedbackForm; var errors: FormErrors; var closed: Bool }

    static func feedback(_ m: Feedback, csrf: String, l: Localiser) -> Page {
        let ratings = [("1", l("events.feedback.rating-1")), ("2", l("events.feedback.rating-2")), ("3", l("events.feedback.rating-3")),
                       ("4", l("events.feedback.rating-4")), ("5", l("events.feedback.rating-5"))]
        let body: HTML = m.closed ? HTML("<p class=\"body\">\(l("events.feedback.closed"))</p>") : HTML("""
            <p class="body">\(l("events.feedback.anonymous"))</p>
            <form method="post" action="\(Href.eventFeedback(m.id))" novalidate>
            \(Components.csrfField(csrf))
            \(Components.radios(name: "rating", legend: l("events.feedback.rating"), options: ratings, selected: m.input.rating, errors: m.errors, l: l))
            \(Components.textArea(name: "comment", label: l("events.feedback.comment"), value: m.input.comment ?? "", hint: l("events.feedback.comment-hint"),
                                  rows: 4, errors: m.errors, l: l))
            \(Components.button(l("events.feedback.send")))
            </form>
            """)
        return Page(title: l("events.feedback.title"), content: """
            \(Components.errorSummary(m.errors, l))
            <h1 class="heading-l">\(l("events.feedback.title"))</h1>
            <p class="body">\(m.title)</p>
            \(body)
            """, status: m.errors.isEmpty ? .ok : .unprocessableEntity, hasErrors: !m.errors.isEmpty,
            backLink: (Href.event(m.id), l("events.back-to-event")), language: l.language)
    }
}
