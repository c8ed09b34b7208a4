import Foundation
import LanternCore
import Vapor

/// Pages of training: the overview, a new course, a course, a new session, a session (with its
/// register for those who run it) and a certificate, in the viewer's language
/// (`l`, from `TrainingAccess.localiser`).
enum TrainingPages {
    struct Overview {
        struct Upcoming { var id: String; var course: String; var day: Day; var startsAt: String; var format: CourseFormat; var free: Int }
        struct Place {
            var sessionID: String; var registrationID: String; var course: String; var day: Day; var state: RegistrationState
            var waitingPosition: Int?; var sessionCancelled: Bool
        }
        struct Completion { var registrationID: String; var course: String; var on: Day; var validUntil: Day?; var valid: Bool }
        struct Course { var id: String; var title: String; var format: CourseFormat; var trainTheTrainer: Bool }
        var canManage: Bool
        var canViewCascade: Bool
        var upcoming: [Upcoming]
        var places: [Place]
        var completions: [Completion]
        var courses: [Course]
        /// The training the person's roles need, and where they stand.
        var requirements: [Requirement] = []
        /// The qualification the page is narrowed to (`?qualification=`), if any.
        var qualification: String?
    }

    struct Requirement {
        enum Standing { case held, exempt(until: Day), lapsed(Day), never }
        var qualification: String; var actions: [String]; var standing: Standing
    }

    struct NewCourse { var input: TrainingCoursesController.CourseForm; var errors: FormErrors }

    struct CourseShow {
        struct Session { var id: String; var course: String; var day: Day; var startsAt: String; var format: CourseFormat; var free: Int; var cancelled: Bool }
        var id: String; var title: String; var audience: String; var format: CourseFormat; var durationMinutes: Int; var outcomes: [String]
        var validMonths: Int?; var qualification: String?; var trainTheTrainer: Bool; var commitSessions: Int?; var commitMonths: Int?
        var canAddSession: Bool; var sessions: [Session]
    }

    struct NewSession {
        var courseID: String; var courseTitle: String; var input: TrainingSessionsController.SessionForm
        var boroughs: [(String, String)]; var trainers: [(id: String, label: String)]; var errors: FormErrors
    }

    struct ExternalInput { var name = ""; var organisation = ""; var borough: String?; var agency: String?; var email = "" }

    struct SessionShow {
        struct Place {
            var id: String; var name: String; var organisation: String; var external: Bool
            /// Booked by the person on the public site, not entered by a trainer.
            var bookedThemselves = false
            var state: RegistrationState; var waitingPosition: Int?
        }
        var id: String; var courseID: String; var course: String; var day: Day; var startsAt: String; var format: CourseFormat; var place: String
        var capacity: Int; var booked: Int; var boroughs: [String]; var agencies: [AgencyKind]; var cancelled: Bool
        var openToPublic = false
        var trainers: [String]
        var myPlace: (id: String, state: RegistrationState, waitingPosition: Int?)?
        /// The person came and may still answer the session's evaluation.
        var mayEvaluate: Bool
        var bookable: Bool; var attendanceOpen: Bool; var runs: Bool; var register: [Place]; var boroughOptions: [(String, String)]
        var external: ExternalInput; var errors: FormErrors; var done: String?
        /// The session's own organisation's trainers may cancel it; a named trainer from elsewhere may not.
        var mayCancel = false
    }

    struct Certificate {
        var number: String; var name: String; var course: String; var outcomes: [String]; var day: Day; var durationMinutes: Int
        var trainer: String; var validUntil: Day?
    }

    // MARK: Words

    static func formatName(_ format: CourseFormat, l: Localiser) -> String {
        switch format {
        case .faceToFace: l("training.format.face-to-face")
        case .liveOnline: l("training.format.live-online")
        case .selfPaced: l("training.format.self-paced")
        }
    }

    static func agencyName(_ kind: AgencyKind, l: Localiser) -> String {
        switch kind {
        case .council: l("training.agency.council")
        case .police: l("training.agency.police")
        case .nhs: l("training.agency.nhs")
        case .charity: l("training.agency.charity")
        case .other: l("training.agency.other")
        }
    }

    static func stateName(_ state: RegistrationState, position: Int?, l: Localiser) -> String {
        switch state {
        case .booked: l("training.place.booked")
        case .waiting: l("training.place.waiting", ["position": l.number(position ?? 0)])
        case .cancelled: l("training.place.cancelled")
        case .attended: l("training.place.attended")
        case .absent: l("training.place.absent")
        }
    }

    static func formatOptions(_ l: Localiser) -> [(value: String, label: String)] {
        CourseFormat.allCases.map { ($0.rawValue, formatName($0, l: l)) }
    }

    // MARK: Pages

    static func overview(_ m: Overview, l: Localiser) -> Page {
        let upcomingRows: [[HTML]] = m.upcoming.map { s in
            [HTML("<a href=\"\(Href.trainingSession(s.id))\">\(s.course)<span class=\"visually-hidden\">, \(l.day(s.day))</span></a>"),
             HTML("\(l.day(s.day)), \(s.startsAt)"), HTML("\(formatName(s.format, l: l))"), HTML("\(l.number(s.free))")]
        }
        let placeRows: [[HTML]] = m.places.map { p in
            [HTML("<a href=\"\(Href.trainingSession(p.sessionID))\">\(p.course)</a>"), HTML("\(l.day(p.day))"),
             HTML("\(p.sessionCancelled ? l("training.session.cancelled") : stateName(p.state, position: p.waitingPosition, l: l))")]
        }
        let completionRows: [[HTML]] = m.completions.map { c in
            [HTML("\(c.course)"), HTML("\(l.day(c.on))"),
             HTML("\(c.validUntil.map { l("training.valid-until", ["day": l.day($0)]) } ?? l("training.valid-always"))\(c.valid ? .empty : HTML(" \(Components.tag(l("training.lapsed"), colour: "red"))"))"),
             HTML("<a href=\"\(Href.trainingCertificate(c.registrationID))\">\(l("training.certificate"))<span class=\"visually-hidden\"> \(c.course)</span></a>")]
        }
        let courseRows: [[HTML]] = m.courses.map { c in
            [HTML("<a href=\"\(Href.trainingCourse(c.id))\">\(c.title)</a>"), HTML("\(formatName(c.format, l: l))"),
             HTML("\(c.trainTheTrainer ? l("training.course.ttt-yes") : "")")]
        }
        let requirementRows: [[HTML]] = m.requirements.map { r in
            let standing: HTML = switch r.standing {
            case .held: Components.tag(l("training.requirement.held"), colour: "green")
            case .exempt(let until): HTML("\(Components.tag(l("training.requirement.exempt"), colour: "yellow")) \(l("training.valid-until", ["day": l.day(until)]))")
            case .lapsed(let day): HTML("\(Components.tag(l("training.lapsed"), colour: "red")) \(l("training.requirement.lapsed-on", ["day": l.day(day)]))")
            case .never: Components.tag(l("training.requirement.never"), colour: "red")
            }
            return [HTML("<a href=\"\(Href.trainingFor(r.qualification))\"><code>\(r.qualification)</code></a>"),
                    HTML("\(r.actions.joined(separator: "; "))"), standing]
        }
        return Page(title: l("training.title"), content: """
            <h1 class="heading-l">\(l("training.title"))</h1>
            <p class="body">\(l("training.intro"))</p>
            \(m.requirements.isEmpty ? .empty : HTML("""
                <h2 class="heading-m">\(l("training.requirements-heading"))</h2>
                <p class="body">\(l("training.requirements-intro"))</p>
                \(Components.table(caption: l("training.requirements-caption"), headers: [l("training.column.qualification"),
                                   l("training.column.allows"), l("training.column.standing")], rows: requirementRows))
                """))
            \(m.qualification.map { HTML("<p class=\"body\">\(l("training.narrowed", ["qualification": $0])) <a href=\"\(Href.training)\">\(l("training.show-all"))</a></p>") } ?? .empty)
            \(m.canManage ? HTML("<p class=\"body\"><a href=\"\(Href.newTrainingCourse)\" class=\"button\">\(l("training.new-course"))</a></p>") : .empty)
            \(m.canViewCascade ? HTML("""
                <ul class="list"><li><a href="\(Href.trainingCascade)">\(l("training.cascade.title"))</a></li>\
                <li><a href="\(Href.trainingCoverage)">\(l("training.coverage.title"))</a></li>\
                <li><a href="\(Href.trainingEvaluations)">\(l("training.evaluation.results-title"))</a></li></ul>
                """) : .empty)
            <h2 class="heading-m">\(l("training.upcoming-heading"))</h2>
            \(m.upcoming.isEmpty ? HTML("<p class=\"body\">\(l("training.no-upcoming"))</p>")
                : Components.table(caption: l("training.upcoming-caption"), headers: [l("training.column.course"), l("training.column.when"),
                                   l("training.column.format"), l("training.column.free")], rows: upcomingRows))
            <h2 class="heading-m">\(l("training.places-heading"))</h2>
            \(m.places.isEmpty ? HTML("<p class=\"body\">\(l("training.no-places"))</p>")
                : Components.table(caption: l("training.places-caption"), headers: [l("training.column.course"), l("training.column.day"),
                                   l("training.column.place")], rows: placeRows))
            <h2 class="heading-m">\(l("training.completions-heading"))</h2>
            \(m.completions.isEmpty ? HTML("<p class=\"body\">\(l("training.no-completions"))</p>")
                : Components.table(caption: l("training.completions-caption"), headers: [l("training.column.course"), l("training.column.day"),
                                   l("training.column.valid"), l("training.column.certificate")], rows: completionRows))
            <h2 class="heading-m">\(l("training.courses-heading"))</h2>
            \(m.courses.isEmpty ? HTML("<p class=\"body\">\(l("training.no-courses"))</p>")
                : Components.table(caption: l("training.courses-caption"), headers: [l("training.column.course"), l("training.column.format"),
                                   l("training.column.ttt")], rows: courseRows))
            """, language: l.language)
    }

    static func newCourse(_ m: NewCourse, csrf: String, l: Localiser) -> Page {
        let i = m.input
        return Page(title: l("training.new-course"), content: """
            \(Components.errorSummary(m.errors, l))
            <h1 class="heading-l">\(l("training.new-course"))</h1>
            <form method="post" action="\(Href.newTrainingCourse)" novalidate>
            \(Components.csrfField(csrf))
            \(Components.textInput(name: "title", label: l("training.course.title"), value: i.title ?? "", errors: m.errors, l: l))
            \(Components.textInput(name: "audience", label: l("training.course.audience"), value: i.audience ?? "", hint: l("training.course.audience-hint"),
                                   errors: m.errors, l: l))
            \(Components.radios(name: "format", legend: l("training.course.format"), options: formatOptions(l), selected: i.format, errors: m.errors, l: l))
            \(Components.textInput(name: "duration", label: l("training.course.duration"), value: i.duration ?? "", hint: l("training.course.duration-hint"),
                                   width: 4, errors: m.errors, extra: " inputmode=\"numeric\"", l: l))
            \(Components.textArea(name: "outcomes", label: l("training.course.outcomes"), value: i.outcomes ?? "", hint: l("training.course.outcomes-hint"),
                                  errors: m.errors, l: l))
            \(Components.textInput(name: "validMonths", label: l("training.course.valid-months"), value: i.validMonths ?? "",
                                   hint: l("training.course.valid-months-hint"), width: 3, errors: m.errors, extra: " inputmode=\"numeric\"", l: l))
            \(Components.textInput(name: "qualification", label: l("training.course.qualification"), value: i.qualification ?? "",
                                   hint: l("training.course.qualification-hint"), width: 20, errors: m.errors, l: l))
            \(Components.radios(name: "trainTheTrainer", legend: l("training.course.ttt"), options: [("no", l("training.no")), ("yes", l("training.yes"))],
                                selected: i.trainTheTrainer ?? "no", hint: l("training.course.ttt-hint"), inline: true, errors: m.errors, l: l))
            \(Components.textInput(name: "commitSessions", label: l("training.course.commit-sessions"), value: i.commitSessions ?? "",
                                   hint: l("training.course.commit-sessions-hint"), width: 3, errors: m.errors, extra: " inputmode=\"numeric\"", l: l))
            \(Components.textInput(name: "commitMonths", label: l("training.course.commit-months"), value: i.commitMonths ?? "",
                                   hint: l("training.course.commit-months-hint"), width: 3, errors: m.errors, extra: " inputmode=\"numeric\"", l: l))
            \(Components.button(l("training.course.create")))
            </form>
            """, status: m.errors.isEmpty ? .ok : .unprocessableEntity, hasErrors: !m.errors.isEmpty,
            backLink: (Href.training, l("training.back")), language: l.language)
    }

    static func course(_ m: CourseShow, l: Localiser) -> Page {
        let rows: [[HTML]] = m.sessions.map { s in
            [HTML("<a href=\"\(Href.trainingSession(s.id))\">\(l.day(s.day)), \(s.startsAt)</a>"), HTML("\(formatName(s.format, l: l))"),
             HTML("\(s.cancelled ? l("training.session.cancelled") : l.number(s.free))")]
        }
        var facts: [(key: String, value: HTML)] = [
            (l("training.course.audience"), HTML("\(m.audience)")),
            (l("training.course.format"), HTML("\(formatName(m.format, l: l))")),
            (l("training.course.duration"), HTML("\(l("training.minutes", ["count": l.number(m.durationMinutes)]))")),
            (l("training.course.valid-months"), HTML("\(m.validMonths.map { l("training.months", ["count": l.number($0)]) } ?? l("training.valid-always"))")),
        ]
        if let qualification = m.qualification {
            facts.append((l("training.course.qualification"), HTML("<code>\(qualification)</code>")))
        }
        if m.trainTheTrainer, let sessions = m.commitSessions, let months = m.commitMonths {
            facts.append((l("training.course.ttt"), HTML("\(l("training.course.commitment", ["sessions": l.number(sessions), "months": l.number(months)]))")))
        }
        return Page(title: m.title, content: """
            <h1 class="heading-l">\(m.title)</h1>
            \(Components.summaryList(facts))
            <h2 class="heading-m">\(l("training.course.outcomes"))</h2>
            <ul class="list list--bullet">\(m.outcomes.map { HTML("<li>\($0)</li>") })</ul>
            <h2 class="heading-m">\(l("training.sessions-heading"))</h2>
            \(m.canAddSession ? HTML("<p class=\"body\"><a href=\"\(Href.newTrainingSession(m.id))\" class=\"button\">\(l("training.new-session"))</a></p>") : .empty)
            \(m.sessions.isEmpty ? HTML("<p class=\"body\">\(l("training.no-sessions"))</p>")
                : Components.table(caption: l("training.sessions-caption"), headers: [l("training.column.when"), l("training.column.format"),
                                   l("training.column.free")], rows: rows))
            """, backLink: (Href.training, l("training.back")), language: l.language)
    }

    static func newSession(_ m: NewSession, csrf: String, l: Localiser) -> Page {
        let i = m.input
        let trainerOptions: [(value: String, label: String)] = [("", l("training.choose"))] + m.trainers.map { ($0.id, $0.label) }
        return Page(title: l("training.new-session"), content: """
            \(Components.errorSummary(m.errors, l))
            <h1 class="heading-l">\(l("training.new-session-of", ["course": m.courseTitle]))</h1>
            <form method="post" action="\(Href.newTrainingSession(m.courseID))" novalidate>
            \(Components.csrfField(csrf))
            \(Components.textInput(name: "day", label: l("training.session.day"), value: i.day ?? "", hint: l("training.session.day-hint"), type: "date",
                                   errors: m.errors, l: l))
            \(Components.textInput(name: "startsAt", label: l("training.session.starts-at"), value: i.startsAt ?? "", hint: l("training.session.starts-at-hint"),
                                   width: 5, errors: m.errors, l: l))
            \(Components.radios(name: "format", legend: l("training.course.format"), options: formatOptions(l), selected: i.format, errors: m.errors, l: l))
            \(Components.textInput(name: "place", label: l("training.session.place"), value: i.place ?? "", hint: l("training.session.place-hint"),
                                   errors: m.errors, l: l))
            \(Components.textInput(name: "capacity", label: l("training.session.capacity"), value: i.capacity ?? "", width: 3, errors: m.errors,
                                   extra: " inputmode=\"numeric\"", l: l))
            \(Components.select(name: "leadTrainer", label: l("training.session.lead-trainer"), options: trainerOptions, selected: i.leadTrainer,
                                hint: l("training.session.lead-trainer-hint"), errors: m.errors, l: l))
            \(Components.select(name: "coTrainer", label: l("training.session.co-trainer"), options: [("", l("training.none"))] + m.trainers.map { ($0.id, $0.label) },
                                selected: i.coTrainer, errors: m.errors, l: l))
            \(Components.radios(name: "openToPublic", legend: l("training.session.open-to-public"),
                                options: [("no", l("training.no")), ("yes", l("training.yes"))], selected: i.openToPublic ?? "no",
                                hint: l("training.session.open-to-public-hint"), inline: true, errors: m.errors, l: l))
            \(Components.checkboxes(name: "agencies", legend: l("training.session.agencies"), options: AgencyKind.allCases.map { ($0.rawValue, agencyName($0, l: l)) },
                                    checked: Set(i.agencies ?? []), hint: l("training.session.agencies-hint"), errors: m.errors, l: l))
            \(Components.checkboxes(name: "boroughs", legend: l("training.session.boroughs"), options: m.boroughs.map { ($0.0, $0.1) },
                                    checked: Set(i.boroughs ?? []), hint: l("training.session.boroughs-hint"), errors: m.errors, l: l))
            \(Components.button(l("training.session.create")))
            </form>
            """, status: m.errors.isEmpty ? .ok : .unprocessableEntity, hasErrors: !m.errors.isEmpty,
            backLink: (Href.trainingCourse(m.courseID), l("training.back-to-course")), language: l.language)
    }

    static func doneNotice(_ done: String?, l: Localiser) -> HTML {
        let title: String? = switch done {
        case "booked": l("training.done.booked")
        case "waiting": l("training.done.waiting")
        case "already": l("training.done.already")
        case "given-up": l("training.done.given-up")
        case "external-booked": l("training.done.external-booked")
        case "external-waiting": l("training.done.external-waiting")
        case "attended": l("training.done.attended")
        case "attended-loop": l("training.done.attended-loop")
        case "absent": l("training.done.absent")
        case "cancelled": l("training.done.cancelled")
        case "evaluated": l("training.done.evaluated")
        default: nil
        }
        return title.map { Components.notification(title: $0, body: .empty) } ?? .empty
    }

    static func session(_ m: SessionShow, csrf: String, l: Localiser) -> Page {
        var facts: [(key: String, value: HTML)] = [
            (l("training.column.when"), HTML("\(l.day(m.day)), \(m.startsAt)")),
            (l("training.course.format"), HTML("\(formatName(m.format, l: l))")),
            (l("training.session.place"), HTML("\(m.place)")),
            (l("training.session.trainers"), HTML("\(m.trainers.joined(separator: "; "))")),
            (l("training.session.places"), HTML("\(l("training.session.places-taken", ["booked": l.number(m.booked), "capacity": l.number(m.capacity)]))")),
        ]
        if m.openToPublic {
            facts.append((l("training.session.open-to-public"),
                          HTML("<a href=\"\(Href.openTrainingSession(m.id))\">\(l("training.session.open-to-public-link"))</a>")))
        }
        if !m.boroughs.isEmpty { facts.append((l("training.session.boroughs"), HTML("\(m.boroughs.joined(separator: ", "))"))) }
        if !m.agencies.isEmpty { facts.append((l("training.session.agencies"), HTML("\(m.agencies.map { agencyName($0, l: l) }.joined(separator: ", "))"))) }
        let mine: HTML
        if m.cancelled {
            mine = HTML("<p class=\"body\">\(Components.tag(l("training.session.cancelled"), colour: "red"))</p>")
        } else if let place = m.myPlace {
            let certificate: HTML = place.state == .attended
                ? HTML("<p class=\"body\"><a href=\"\(Href.trainingCertificate(place.id))\">\(l("training.certificate"))</a></p>") : .empty
            let giveUp: HTML = place.state == .booked || place.state == .waiting ? """
                <form method="post" action="\(Href.giveUpTrainingPlace(m.id))">\(Components.csrfField(csrf))\
                \(Components.button(l("training.place.give-up"), secondary: true))</form>
                """ : .empty
            let evaluate: HTML = m.mayEvaluate
                ? HTML("<p class=\"body\"><a href=\"\(Href.trainingEvaluation(m.id))\">\(l("training.evaluation.link"))</a></p>") : .empty
            mine = "<p class=\"body\">\(l("training.place.yours", ["state": stateName(place.state, position: place.waitingPosition, l: l)]))</p>\(certificate)\(evaluate)\(giveUp)"
        } else if m.bookable {
            mine = """
                <form method="post" action="\(Href.registerForTraining(m.id))">\(Components.csrfField(csrf))\
                \(Components.button(m.booked < m.capacity ? l("training.place.book") : l("training.place.join-waiting-list")))</form>
                """
        } else {
            mine = HTML("<p class=\"body\">\(l("training.place.closed"))</p>")
        }
        return Page(title: l("training.session.page-title", ["course": m.course, "day": l.day(m.day)]), content: """
            \(Components.errorSummary(m.errors, l))
            \(doneNotice(m.done, l: l))
            <h1 class="heading-l">\(m.course)<span class="caption">\(l.day(m.day))</span></h1>
            \(Components.summaryList(facts))
            <h2 class="heading-m" id="session">\(l("training.place.heading"))</h2>
            \(mine)
            \(m.runs ? runSection(m, csrf: csrf, l: l) : .empty)
            """, status: m.errors.isEmpty ? .ok : .unprocessableEntity, hasErrors: !m.errors.isEmpty,
            backLink: (Href.trainingCourse(m.courseID), l("training.back-to-course")), language: l.language)
    }

    /// The register and the forms of those who run the session.
    static func runSection(_ m: SessionShow, csrf: String, l: Localiser) -> HTML {
        let rows: [[HTML]] = m.register.map { p in
            var actions: [HTML] = []
            if m.attendanceOpen && !m.cancelled && (p.state == .booked || p.state == .absent) {
                actions.append("""
                    <form method="post" action="\(Href.trainingAttendance(m.id))" class="inline-form">\(Components.csrfField(csrf))\
                    <input type="hidden" name="registration" value="\(p.id)"><input type="hidden" name="mark" value="attended">\
                    <button type="submit" class="link-button">\(l("training.attendance.came"))<span class="visually-hidden"> \(p.name)</span></button></form>
                    """)
            }
            if m.attendanceOpen && !m.cancelled && p.state == .booked {
                actions.append("""
                    <form method="post" action="\(Href.trainingAttendance(m.id))" class="inline-form">\(Components.csrfField(csrf))\
                    <input type="hidden" name="registration" value="\(p.id)"><input type="hidden" name="mark" value="absent">\
                    <button type="submit" class="link-button">\(l("training.attendance.did-not-come"))<span class="visually-hidden"> \(p.name)</span></button></form>
                    """)
            }
            if p.state == .attended {
                actions.append(HTML("<a href=\"\(Href.trainingCertificate(p.id))\">\(l("training.certificate"))<span class=\"visually-hidden\"> \(p.name)</span></a>"))
            }
            let external: HTML = p.bookedThemselves ? HTML(" (\(l("training.external-booked-themselves")))")
                : p.external ? HTML(" (\(l("training.external")))") : .empty
            return [HTML("\(p.name)\(external)"), HTML("\(p.organisation)"),
                    HTML("\(stateName(p.state, position: p.waitingPosition, l: l))"), HTML("\(actions)")]
        }
        let e = m.external
        return """
            <h2 class="heading-m">\(l("training.register-heading"))</h2>
            \(m.attendanceOpen ? .empty : HTML("<p class=\"body\">\(l("training.attendance.opens"))</p>"))
            \(m.register.isEmpty ? HTML("<p class=\"body\">\(l("training.register-empty"))</p>")
                : Components.table(caption: l("training.register-caption"), headers: [l("training.column.name"), l("training.column.organisation"),
                                   l("training.column.place"), l("training.column.action")], rows: rows))
            \(m.cancelled ? .empty : HTML("""
            <h3 class="heading-s">\(l("training.external.heading"))</h3>
            <form method="post" action="\(Href.addExternalTrainee(m.id))" novalidate>
            \(Components.csrfField(csrf))
            \(Components.textInput(name: "name", label: l("training.external.name"), value: e.name, autocomplete: "off", errors: m.errors, l: l))
            \(Components.textInput(name: "organisation", label: l("training.external.organisation"), value: e.organisation, errors: m.errors, l: l))
            \(Components.select(name: "borough", label: l("training.external.borough"), options: [("", l("training.choose"))] + m.boroughOptions.map { ($0.0, $0.1) },
                                selected: e.borough, errors: m.errors, l: l))
            \(Components.select(name: "agency", label: l("training.external.agency"),
                                options: [("", l("training.choose"))] + AgencyKind.allCases.map { ($0.rawValue, agencyName($0, l: l)) },
                                selected: e.agency, errors: m.errors, l: l))
            \(Components.textInput(name: "email", label: l("training.external.email"), value: e.email, type: "email", autocomplete: "off",
                                   errors: m.errors, l: l))
            \(Components.button(l("training.external.add"), secondary: true))
            </form>
            \(m.mayCancel ? HTML("""
            <h3 class="heading-s">\(l("training.session.cancel-heading"))</h3>
            <form method="post" action="\(Href.cancelTrainingSession(m.id))">\(Components.csrfField(csrf))\
            \(Components.button(l("training.session.cancel"), warning: true))</form>
            """) : .empty)
            """))
            """
    }

    static func certificate(_ m: Certificate, l: Localiser) -> Page {
        Page(title: l("training.certificate-of", ["course": m.course]), content: """
            <div class="certificate">
            <p class="caption">\(l("training.certificate.heading"))</p>
            <h1 class="heading-xl">\(m.name)</h1>
            <p class="body-l">\(l("training.certificate.completed", ["course": m.course, "day": l.day(m.day)]))</p>
            \(Components.summaryList([
                (l("training.course.duration"), HTML("\(l("training.minutes", ["count": l.number(m.durationMinutes)]))")),
                (l("training.certificate.trainer"), HTML("\(m.trainer)")),
                (l("training.certificate.valid"), HTML("\(m.validUntil.map { l("training.valid-until", ["day": l.day($0)]) } ?? l("training.valid-always"))")),
                (l("training.certificate.number"), HTML("\(m.number)")),
            ]))
            <h2 class="heading-m">\(l("training.course.outcomes"))</h2>
            <ul class="list list--bullet">\(m.outcomes.map { HTML("<li>\($0)</li>") })</ul>
            </div>
            """, backLink: (Href.training, l("training.back")), language: l.language)
    }
}
