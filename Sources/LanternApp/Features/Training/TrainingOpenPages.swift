import LanternCore

/// The public site's training pages: the sessions open to anyone, one session's booking form,
/// "check your email", and a booked place reached by its own link.
enum TrainingOpenPages {
    /// The field people never see (see `VoicePublicPages.trapField`).
    static let trapField = "leave_this_blank"

    struct Listed {
        var id: String
        var course: String
        var audience: String
        var day: Day
        var startsAt: String
        var format: CourseFormat
        var free: Int
    }

    struct Form {
        var name = ""
        var organisation = ""
        var borough: String?
        var agency: String?
        var email = ""
        var errors = FormErrors()
        /// Over a limit: say so, keep what was typed.
        var busy = false
        var csrf = ""
        var ticket = ""
        var session: Listed?
        var place = ""
        var durationMinutes = 0
        var outcomes: [String] = []
        var boroughs: [(String, String)] = []
    }

    struct Booking {
        /// The place's own address, to keep.
        var link: String
        var giveUp: Href
        var course: String
        var day: Day
        var startsAt: String
        var format: CourseFormat
        var place: String
        var name: String
        var state: RegistrationState
        var queuePosition: Int?
        var cancelled: Bool
        var past: Bool
        var justBooked: Bool
        var givenUp: Bool
        var csrf: String
    }

    static func formatName(_ format: CourseFormat, _ l: PublicText) -> HTML {
        switch format {
        case .faceToFace: l("public.training.format-face-to-face")
        case .liveOnline: l("public.training.format-live-online")
        case .selfPaced: l("public.training.format-self-paced")
        }
    }

    static func agencyName(_ kind: AgencyKind, _ l: PublicText) -> String {
        switch kind {
        case .council: l.plain("public.training.agency-council")
        case .police: l.plain("public.training.agency-police")
        case .nhs: l.plain("public.training.agency-nhs")
        case .charity: l.plain("public.training.agency-charity")
        case .other: l.plain("public.training.agency-other")
        }
    }

    static func free(_ count: Int, _ l: PublicText) -> HTML {
        count > 0 ? l.plural("public.training.places-free", count: count) : l("public.training.waiting-list-only")
    }

    static func list(_ sessions: [Listed], _ l: PublicText) -> PublicPage {
        let rows: [[HTML]] = sessions.map { s in
            [HTML("<a href=\"\(l.link(Href.openTrainingSession(s.id)))\">\(l.english(s.course))<span class=\"visually-hidden\">, \(l.day(s.day))</span></a>"),
             HTML("\(l.day(s.day)), \(s.startsAt)"), formatName(s.format, l), free(s.free, l)]
        }
        let content: HTML = """
        <h1 class="heading-xl">\(l("public.training.title"))</h1>
        <p class="lead">\(l("public.training.lead"))</p>
        \(sessions.isEmpty ? HTML("<p>\(l("public.training.none"))</p>")
            : Components.table(caption: l.plain("public.training.caption"), headers: [l.plain("public.training.column-course"),
                               l.plain("public.training.column-when"), l.plain("public.training.column-format"),
                               l.plain("public.training.column-places")], rows: rows))
        """
        return PublicPage(title: l.plain("public.training.title"), content: content)
    }

    static func form(_ m: Form, _ l: PublicText) -> PublicPage {
        guard let s = m.session else { return PublicPage(title: "", content: .empty, status: .notFound) }
        let agencies: [(value: String, label: String)] = [("", l.plain("public.training.choose"))]
            + AgencyKind.allCases.map { ($0.rawValue, agencyName($0, l)) }
        let boroughs: [(value: String, label: String)] = [("", l.plain("public.training.choose"))] + m.boroughs.map { ($0.0, $0.1) }
        let title = l.plain("public.training.book-title", ["course": s.course])
        let content: HTML = """
        \(Components.errorSummary(m.errors, l.localiser))
        \(m.busy ? HTML("<div class=\"warning-text\" role=\"alert\"><p><strong>\(l("public.training.busy"))</strong></p></div>") : .empty)
        <h1 class="heading-xl">\(l.english(s.course))<span class="caption">\(l.day(s.day)), \(s.startsAt)</span></h1>
        \(Components.summaryList([
            (l.plain("public.training.audience"), l.english(s.audience)),
            (l.plain("public.training.column-format"), formatName(s.format, l)),
            (l.plain("public.training.where"), l.english(m.place)),
            (l.plain("public.training.duration"), l("public.training.minutes", ["count": l.number(m.durationMinutes)])),
            (l.plain("public.training.column-places"), free(s.free, l)),
        ]))
        \(m.outcomes.isEmpty ? .empty : HTML("""
            <h2>\(l("public.training.outcomes"))</h2>
            <ul class="list--bullet">\(m.outcomes.map { HTML("<li>\(l.english($0))</li>") })</ul>
            """))
        <h2>\(l("public.training.book-heading"))</h2>
        <p>\(l("public.training.book-intro"))</p>
        <form method="post" action="\(l.link(Href.openTrainingSession(s.id)))" novalidate>
        \(Components.csrfField(m.csrf))
        <input type="hidden" name="ticket" value="\(m.ticket)">
        \(Components.textInput(name: "name", label: l.plain("public.training.name"), value: m.name, autocomplete: "name",
                               errors: m.errors, l: l.localiser))
        \(Components.textInput(name: "organisation", label: l.plain("public.training.organisation"), value: m.organisation,
                               autocomplete: "organization", errors: m.errors, l: l.localiser))
        \(Components.select(name: "borough", label: l.plain("public.training.borough"), options: boroughs, selected: m.borough,
                            hint: l.plain("public.training.borough-hint"), errors: m.errors, l: l.localiser))
        \(Components.select(name: "agency", label: l.plain("public.training.agency"), options: agencies, selected: m.agency,
                            errors: m.errors, l: l.localiser))
        \(Components.textInput(name: "email", label: l.plain("public.training.email"), value: m.email,
                               hint: l.plain("public.training.email-hint"), type: "email", autocomplete: "email",
                               errors: m.errors, extra: " spellcheck=\"false\" dir=\"ltr\"", l: l.localiser))
        <div class="visually-hidden" aria-hidden="true">
        <label for="\(trapField)">\(l("public.voice.trap-label"))</label>
        <input type="text" id="\(trapField)" name="\(trapField)" value="" tabindex="-1" autocomplete="off">
        </div>
        \(Components.button(s.free > 0 ? l.plain("public.training.book") : l.plain("public.training.join-waiting-list")))
        </form>
        <p><a href="\(l.link(Href.openTraining))">\(l("public.training.back"))</a></p>
        """
        return PublicPage(title: m.errors.isEmpty && !m.busy ? title : l.plain("public.voice.error-title", ["title": title]),
                          content: content, status: m.busy ? .tooManyRequests : m.errors.isEmpty ? .ok : .unprocessableEntity)
    }

    static func checkEmail(_ l: PublicText) -> PublicPage {
        let content: HTML = """
        <div class="notification notification--success" role="status">
        <h1 class="heading-xl">\(l("public.training.check-title"))</h1>
        <p>\(l("public.training.check-text"))</p>
        </div>
        <p>\(l("public.training.check-not-arrived"))</p>
        <p><a href="\(l.link(Href.openTraining))">\(l("public.training.back"))</a></p>
        """
        return PublicPage(title: l.plain("public.training.check-title"), content: content)
    }

    static func booking(_ m: Booking, _ l: PublicText) -> PublicPage {
        let standing: HTML
        if m.cancelled {
            standing = l("public.training.place-session-cancelled")
        } else {
            switch m.state {
            case .booked: standing = l("public.training.place-booked")
            case .waiting: standing = l("public.training.place-waiting", ["position": l.number(m.queuePosition ?? 1)])
            case .attended: standing = l("public.training.place-attended")
            case .absent: standing = l("public.training.place-absent")
            case .cancelled: standing = l("public.training.place-given-up")
            }
        }
        let mayGiveUp = !m.cancelled && !m.past && (m.state == .booked || m.state == .waiting)
        let notice: HTML = m.justBooked ? HTML("""
            <div class="notification notification--success" role="status">
            <h2>\(l("public.training.booked-title"))</h2>
            <p>\(l("public.training.keep-link"))</p>
            <p><code dir="ltr">\(m.link)</code></p>
            </div>
            """) : m.givenUp && m.state == .cancelled ? HTML("""
            <div class="notification notification--success" role="status"><h2>\(l("public.training.given-up-title"))</h2></div>
            """) : .empty
        let content: HTML = """
        \(notice)
        <h1 class="heading-xl">\(l("public.training.place-title"))</h1>
        \(Components.summaryList([
            (l.plain("public.training.name"), l.english(m.name)),
            (l.plain("public.training.column-course"), l.english(m.course)),
            (l.plain("public.training.column-when"), HTML("\(l.day(m.day)), \(m.startsAt)")),
            (l.plain("public.training.column-format"), formatName(m.format, l)),
            (l.plain("public.training.where"), l.english(m.place)),
            (l.plain("public.training.place-standing"), standing),
        ]))
        \(mayGiveUp ? HTML("""
            <h2>\(l("public.training.give-up-heading"))</h2>
            <p>\(l("public.training.give-up-text"))</p>
            <form method="post" action="\(m.giveUp)">\(Components.csrfField(m.csrf))\
            \(Components.button(l.plain("public.training.give-up"), warning: true))</form>
            """) : .empty)
        <p><a href="\(l.link(Href.openTraining))">\(l("public.training.back"))</a></p>
        """
        return PublicPage(title: l.plain("public.training.place-title"), content: content)
    }
}
