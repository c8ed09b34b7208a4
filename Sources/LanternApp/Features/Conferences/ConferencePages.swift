import Foundation
import LanternCore
import Vapor

/// Pages of the case conferences: the list, a new series, a new meeting, a meeting (members
/// by agency, the agenda with the chair's decisions), nominating a case, and the case page's
/// section, in the viewer's language (`l`, from `ConferenceAccess.localiser`).
enum ConferencePages {
    struct Overview {
        struct Series { var id: String; var name: String; var kind: String; var accessDaysAfter: Int }
        struct Meeting { var id: String; var series: String; var heldOn: Day; var state: ConferenceMeetingState; var chairing: Bool }
        var canManage: Bool
        var series: [Series]
        var meetings: [Meeting]
    }

    struct NewSeries {
        var name: String; var borough: String?; var kind: String?; var accessDays: String
        var boroughs: [(String, String)]; var kinds: [String]; var errors: FormErrors
    }

    struct NewMeeting {
        var seriesID: String; var seriesName: String; var heldOn: String; var chair: String?
        var chairs: [(String, String)]; var errors: FormErrors
    }

    struct MeetingShow {
        struct Member { var id: String; var name: String; var organisation: String; var agencyRole: String; var isChair: Bool }
        struct Item {
            var id: String; var reference: String; var state: ConferenceAgendaState; var risk: ConferenceRiskLevel
            var nominatedBy: String; var organisation: String; var reason: String?; var carried: Bool
        }
        var id: String; var seriesName: String; var kind: String; var heldOn: Day; var state: ConferenceMeetingState
        var chair: String; var accessEnds: Day; var isChair: Bool; var manages: Bool
        var members: [Member]; var items: [Item]; var candidates: [(String, String)]
        var errors: FormErrors; var done: String?
    }

    /// What the redirect after a change on a meeting's page says was done (`?done=`).
    enum Done: String { case memberAdded = "member-added", memberRemoved = "member-removed", accepted, declined }

    struct Nominate {
        var reference: String; var meetings: [(id: String, label: String)]; var meetingID: String?
        var reason: String; var risk: String?; var errors: FormErrors
    }

    struct CaseItem { var meetingID: String; var series: String; var heldOn: Day; var state: ConferenceAgendaState; var risk: ConferenceRiskLevel
        /// Whether the reader may open the meeting (a link), or only learn of it (plain text).
        var opens: Bool }

    static func kindName(_ kind: String, l: Localiser) -> String {
        switch kind {
        case "macc": l("conferences.kind.macc")
        case "maram": l("conferences.kind.maram")
        default: kind.uppercased()
        }
    }

    static func stateName(_ state: ConferenceAgendaState, l: Localiser) -> String {
        switch state {
        case .nominated: l("conferences.item.nominated")
        case .accepted: l("conferences.item.accepted")
        case .declined: l("conferences.item.declined")
        }
    }

    static func riskName(_ risk: ConferenceRiskLevel, l: Localiser) -> String {
        switch risk {
        case .standard: l("conferences.risk.standard")
        case .medium: l("conferences.risk.medium")
        case .high: l("conferences.risk.high")
        }
    }

    static func meetingStateName(_ state: ConferenceMeetingState, l: Localiser) -> String {
        switch state {
        case .planned: l("conferences.meeting.planned")
        case .held: l("conferences.meeting.held")
        case .closed: l("conferences.meeting.closed")
        }
    }

    static func overview(_ m: Overview, l: Localiser) -> Page {
        let seriesRows: [[HTML]] = m.series.map { s in
            [HTML("\(s.name)"), HTML("\(kindName(s.kind, l: l))"), HTML("\(l.number(s.accessDaysAfter))"),
             HTML("<a href=\"\(Href.newConferenceMeeting(s.id))\">\(l("conferences.plan-meeting"))<span class=\"visually-hidden\"> \(s.name)</span></a>")]
        }
        let meetingRows: [[HTML]] = m.meetings.map { x in
            [HTML("<a href=\"\(Href.conferenceMeeting(x.id))\">\(x.series), \(l.day(x.heldOn))</a>"), HTML("\(meetingStateName(x.state, l: l))"),
             HTML("\(x.chairing ? l("conferences.you-chair") : "")")]
        }
        return Page(title: l("conferences.title"), content: """
            <h1 class="heading-l">\(l("conferences.title"))</h1>
            <p class="body">\(l("conferences.intro"))</p>
            \(m.canManage ? HTML("""
                <h2 class="heading-m">\(l("conferences.series-heading"))</h2>
                <p class="body"><a href="\(Href.newConferenceSeries)" class="button">\(l("conferences.new-series"))</a></p>
                \(m.series.isEmpty ? HTML("<p class=\"body\">\(l("conferences.no-series"))</p>")
                    : Components.table(caption: l("conferences.series-caption"), headers: [l("conferences.column.series"), l("conferences.column.kind"),
                                       l("conferences.column.access-days"), l("conferences.column.action")], rows: seriesRows))
                """) : .empty)
            <h2 class="heading-m">\(l("conferences.meetings-heading"))</h2>
            \(m.meetings.isEmpty ? HTML("<p class=\"body\">\(l("conferences.no-meetings"))</p>")
                : Components.table(caption: l("conferences.meetings-caption"), headers: [l("conferences.column.meeting"), l("conferences.column.state"),
                                   l("conferences.column.role")], rows: meetingRows))
            """, language: l.language)
    }

    static func newSeries(_ m: NewSeries, csrf: String, l: Localiser) -> Page {
        Page(title: l("conferences.new-series"), content: """
            \(Components.errorSummary(m.errors, l))
            <h1 class="heading-l">\(l("conferences.new-series"))</h1>
            <form method="post" action="\(Href.newConferenceSeries)" novalidate>
            \(Components.csrfField(csrf))
            \(Components.textInput(name: "name", label: l("conferences.series.name"), value: m.name, hint: l("conferences.series.name-hint"), errors: m.errors, l: l))
            \(Components.select(name: "borough", label: l("conferences.series.borough"), options: [("", l("conferences.choose"))] + m.boroughs.map { ($0.0, $0.1) },
                                selected: m.borough, errors: m.errors, l: l))
            \(Components.radios(name: "kind", legend: l("conferences.series.kind"), options: m.kinds.map { ($0, kindName($0, l: l)) }, selected: m.kind,
                                errors: m.errors, l: l))
            \(Components.textInput(name: "accessDays", label: l("conferences.series.access-days"), value: m.accessDays,
                                   hint: l("conferences.series.access-days-hint"), type: "text", width: 3, errors: m.errors, extra: " inputmode=\"numeric\"", l: l))
            \(Components.button(l("conferences.series.create")))
            </form>
            """, status: m.errors.isEmpty ? .ok : .unprocessableEntity, hasErrors: !m.errors.isEmpty,
            backLink: (Href.conferences, l("conferences.back")), language: l.language)
    }

    static func newMeeting(_ m: NewMeeting, csrf: String, l: Localiser) -> Page {
        Page(title: l("conferences.new-meeting"), content: """
            \(Components.errorSummary(m.errors, l))
            <h1 class="heading-l">\(l("conferences.new-meeting-of", ["series": m.seriesName]))</h1>
            <form method="post" action="\(Href.newConferenceMeeting(m.seriesID))" novalidate>
            \(Components.csrfField(csrf))
            \(Components.textInput(name: "heldOn", label: l("conferences.meeting.day"), value: m.heldOn, hint: l("conferences.meeting.day-hint"), type: "date",
                                   errors: m.errors, l: l))
            \(Components.select(name: "chair", label: l("conferences.meeting.chair"), options: [("", l("conferences.choose"))] + m.chairs.map { ($0.0, $0.1) },
                                selected: m.chair, hint: l("conferences.meeting.chair-hint"), errors: m.errors, l: l))
            \(Components.button(l("conferences.meeting.create")))
            </form>
            """, status: m.errors.isEmpty ? .ok : .unprocessableEntity, hasErrors: !m.errors.isEmpty,
            backLink: (Href.conferences, l("conferences.back")), language: l.language)
    }

    static func meeting(_ m: MeetingShow, csrf: String, l: Localiser) -> Page {
        let notice: HTML = switch m.done.flatMap(Done.init(rawValue:)) {
        case .memberAdded?: Components.notification(title: l("conferences.done.member-added"), body: .empty)
        case .memberRemoved?: Components.notification(title: l("conferences.done.member-removed"), body: .empty)
        case .accepted?: Components.notification(title: l("conferences.done.accepted"), body: .empty)
        case .declined?: Components.notification(title: l("conferences.done.declined"), body: .empty)
        case nil: .empty
        }
        let memberRows: [[HTML]] = m.members.map { x in
            let remove: HTML = m.manages && !x.isChair ? """
                <form method="post" action="\(Href.removeConferenceMember(m.id, x.id))" class="inline-form">\(Components.csrfField(csrf))\
                <button type="submit" class="link-button">\(l("conferences.member.remove"))<span class="visually-hidden"> \(x.name)</span></button></form>
                """ : .empty
            return [HTML("\(x.organisation)"), HTML("\(x.name)\(x.isChair ? HTML(" (\(l("conferences.chair")))") : .empty)"), HTML("\(x.agencyRole)"), remove]
        }
        let itemRows: [[HTML]] = m.items.map { x in
            let decide: HTML = m.isChair && x.state == .nominated ? """
                <form method="post" action="\(Href.decideConferenceItem(x.id))" class="inline-form">\(Components.csrfField(csrf))\
                <input type="hidden" name="decision" value="accept"><button type="submit" class="link-button">\(l("conferences.accept"))<span class="visually-hidden"> \(x.reference)</span></button></form>
                <form method="post" action="\(Href.decideConferenceItem(x.id))" class="inline-form">\(Components.csrfField(csrf))\
                <input type="hidden" name="decision" value="decline"><button type="submit" class="link-button">\(l("conferences.decline"))<span class="visually-hidden"> \(x.reference)</span></button></form>
                """ : .empty
            let caseCell: HTML = x.state == .accepted ? HTML("<a href=\"\(Href.case(x.reference))\">\(x.reference)</a>") : HTML("\(x.reference)")
            return [caseCell, HTML("\(riskName(x.risk, l: l))"), HTML("\(stateName(x.state, l: l))\(x.carried ? HTML(" (\(l("conferences.carried")))") : .empty)"),
                    HTML("\(x.nominatedBy), \(x.organisation)\(x.reason.map { HTML("<br>\($0)") } ?? .empty)"), decide]
        }
        let addForm: HTML = m.manages ? """
            <h3 class="heading-s">\(l("conferences.member.add-heading"))</h3>
            <form method="post" action="\(Href.addConferenceMember(m.id))" novalidate>
            \(Components.csrfField(csrf))
            \(Components.select(name: "userID", label: l("conferences.member.person"), options: [("", l("conferences.choose"))] + m.candidates.map { ($0.0, $0.1) },
                                selected: nil, errors: m.errors, l: l))
            \(Components.textInput(name: "agencyRole", label: l("conferences.member.role"), hint: l("conferences.member.role-hint"), errors: m.errors, l: l))
            \(Components.button(l("conferences.member.add"), secondary: true))
            </form>
            """ : .empty
        return Page(title: l("conferences.meeting.title", ["series": m.seriesName, "day": l.day(m.heldOn)]), content: """
            \(notice)
            \(Components.errorSummary(m.errors, l))
            <h1 class="heading-l">\(l("conferences.meeting.title", ["series": m.seriesName, "day": l.day(m.heldOn)]))</h1>
            \(Components.summaryList([
                (l("conferences.column.kind"), HTML("\(kindName(m.kind, l: l))")),
                (l("conferences.column.state"), HTML("\(meetingStateName(m.state, l: l))")),
                (l("conferences.chair"), HTML("\(m.chair)")),
                (l("conferences.access-ends"), HTML("\(l.day(m.accessEnds))")),
            ]))
            <p class="body">\(l("conferences.access-explained", ["day": l.day(m.accessEnds)]))</p>
            <h2 class="heading-m">\(l("conferences.members-heading"))</h2>
            \(Components.table(caption: l("conferences.members-caption"), headers: [l("conferences.column.agency"), l("conferences.column.person"),
                               l("conferences.column.attends-as"), l("conferences.column.action")], rows: memberRows))
            \(addForm)
            <h2 class="heading-m">\(l("conferences.agenda-heading"))</h2>
            \(m.items.isEmpty ? HTML("<p class=\"body\">\(l("conferences.no-items"))</p>")
                : Components.table(caption: l("conferences.agenda-caption"), headers: [l("conferences.column.case"), l("conferences.column.risk"),
                                   l("conferences.column.state"), l("conferences.column.nominated-by"), l("conferences.column.action")], rows: itemRows))
            """, status: m.errors.isEmpty ? .ok : .unprocessableEntity, hasErrors: !m.errors.isEmpty,
            backLink: (Href.conferences, l("conferences.back")), language: l.language)
    }

    static func nominate(_ m: Nominate, csrf: String, l: Localiser) -> Page {
        Page(title: l("conferences.nominate.title"), content: """
            \(Components.errorSummary(m.errors, l))
            <h1 class="heading-l">\(l("conferences.nominate.heading", ["reference": m.reference]))</h1>
            \(m.meetings.isEmpty ? HTML("<p class=\"body\">\(l("conferences.nominate.none"))</p>") : .empty)
            <form method="post" action="\(Href.nominateToConference(m.reference))" novalidate>
            \(Components.csrfField(csrf))
            \(Components.select(name: "meetingID", label: l("conferences.nominate.meeting"), options: [("", l("conferences.choose"))] + m.meetings.map { ($0.id, $0.label) },
                                selected: m.meetingID, errors: m.errors, l: l))
            \(Components.textArea(name: "reason", label: l("conferences.nominate.reason"), value: m.reason, hint: l("conferences.nominate.reason-hint"),
                                  errors: m.errors, l: l))
            \(Components.radios(name: "riskLevel", legend: l("conferences.nominate.risk"),
                                options: ConferenceRiskLevel.allCases.map { ($0.rawValue, riskName($0, l: l)) }, selected: m.risk, errors: m.errors, l: l))
            \(Components.button(l("conferences.nominate.submit")))
            </form>
            """, status: m.errors.isEmpty ? .ok : .unprocessableEntity, hasErrors: !m.errors.isEmpty,
            backLink: (Href.case(m.reference), l("conferences.back-to-case")), language: l.language)
    }

    static func caseSection(reference: String, items: [CaseItem], canNominate: Bool, l: Localiser) -> HTML {
        let rows: [[HTML]] = items.map { x in
            [x.opens ? HTML("<a href=\"\(Href.conferenceMeeting(x.meetingID))\">\(x.series), \(l.day(x.heldOn))</a>") : HTML("\(x.series), \(l.day(x.heldOn))"),
             HTML("\(riskName(x.risk, l: l))"),
             HTML("\(stateName(x.state, l: l))")]
        }
        return """
            <section id="case-conferences" aria-labelledby="case-conferences-heading">
            <h2 class="heading-m" id="case-conferences-heading">\(l("conferences.section.heading"))</h2>
            \(items.isEmpty ? HTML("<p class=\"body\">\(l("conferences.section.none"))</p>")
                : Components.table(caption: l("conferences.section.caption"), headers: [l("conferences.column.meeting"), l("conferences.column.risk"),
                                   l("conferences.column.state")], rows: rows))
            \(canNominate ? HTML("<p class=\"body\"><a href=\"\(Href.nominateToConference(reference))\">\(l("conferences.section.nominate"))</a></p>") : .empty)
            </section>
            """
    }
}
