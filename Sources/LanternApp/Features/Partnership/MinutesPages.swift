import Foundation
import LanternCore
import Vapor

/// Pages for a group's minutes: the group's list, a meeting's minutes (the version the
/// reader may see, its steps, its history), one version, and the forms to draft and correct.
enum MinutesPages {
    static func localiser(_ request: Request) -> Localiser { request.localiser.forPage(areas: "minutes", "components") }

    /// One version as a member or the secretariat reads it: the whole text, confidential items
    /// marked, and (once published) what the public version withholds.
    struct Version {
        var id: String
        var meetingID: String
        var meetingTitle: String
        var version: Int
        var state: MinutesState
        var document: MinutesDocument
        var withheldNames: [String]
        var circulatedOn: Day?
        var approvedOn: Day?
        var approvedBy: String?
        var approvedAt: String?
        var publishedOn: Day?
        var correctionNote: String?
        var supersedesVersion: Int?
        var supersededByVersion: Int?
        var publicVersion: MinutesRedaction.PublicMinutes?
    }

    struct HistoryRow {
        var id: String
        var version: Int
        var state: MinutesState
        var publishedOn: Day?
        var correctionNote: String?
        var superseded: Bool
    }

    /// A meeting's minutes page.
    struct Meeting {
        var groupID: String
        var groupName: String
        var meetingID: String
        var meetingTitle: String
        var meetingStartsAt: Date
        var current: Version?
        var history: [HistoryRow]
        var canManage: Bool
        var canApprove: Bool
        var approvalMeetings: [(id: String, title: String, startsAt: Date)]
        var approvalChoice: String
        var errors: FormErrors
        var done: Done?

        /// What the redirect after a step says was done (`?done=`); `stale` when another
        /// request took the step first.
        enum Done: String { case drafted, saved, circulated, approved, published, corrected, stale }
    }

    /// The group's meetings and where each one's minutes are.
    struct GroupList {
        var groupID: String
        var groupName: String
        var meetings: [(id: String, title: String, startsAt: Date, state: MinutesState?)]
    }

    /// The draft or correction form: what was typed, kept on error.
    struct Form {
        var minutesID: String
        var meetingID: String
        var meetingTitle: String
        var isCorrection: Bool
        var general: String
        var items: [(agendaItemID: String, title: String, isConfidential: Bool, text: String)]
        var names: String
        var note: String
        var errors: FormErrors
    }

    static func stateLabel(_ state: MinutesState, l: Localiser) -> String {
        switch state {
        case .draft: l("minutes.state-draft")
        case .circulated: l("minutes.state-circulated")
        case .approved: l("minutes.state-approved")
        case .published: l("minutes.state-published")
        }
    }

    static func errorMessage(_ key: String, l: Localiser) -> String {
        switch key {
        case "text-too-long": l("minutes.error-text-too-long", ["limit": l.number(MinutesRules.textLimit)])
        case "text-control": l("minutes.error-text-control")
        case "note-missing": l("minutes.error-note-missing")
        case "name-too-short": l("minutes.error-name-too-short")
        case "name-too-long": l("minutes.error-name-too-long", ["limit": l.number(MinutesRules.nameLimit)])
        case "names-too-many": l("minutes.error-names-too-many", ["limit": l.number(MinutesRules.namesLimit)])
        case "name-control": l("minutes.error-name-control")
        case "meeting-not-later": l("minutes.error-meeting-not-later")
        case "meeting-cancelled": l("minutes.error-meeting-cancelled")
        default: l("minutes.error-meeting-missing")
        }
    }

    /// The sentence saying what the public version withholds, in the reader's language.
    static func withheldSentence(_ p: MinutesRedaction.PublicMinutes, l: Localiser) -> String? {
        let items = l.plural("minutes.withheld-items", count: p.withheldItems)
        let names = l.plural("minutes.withheld-names", count: p.withheldNames)
        switch (p.withheldItems > 0, p.withheldNames > 0) {
        case (false, false): return nil
        case (true, false): return l.plural("minutes.withheld-one-kind", count: p.withheldItems, ["what": items])
        case (false, true): return l.plural("minutes.withheld-one-kind", count: p.withheldNames, ["what": names])
        case (true, true): return l("minutes.withheld-both", ["items": items, "names": names])
        }
    }

    static func groupList(_ m: GroupList, l: Localiser) -> Page {
        let rows: [[HTML]] = m.meetings.map { meeting in
            [HTML("<a href=\"\(Href.meetingMinutes(meeting.id))\">\(meeting.title)</a>"),
             HTML("\(l.date(meeting.startsAt))"),
             HTML("\(meeting.state.map { stateLabel($0, l: l) } ?? l("minutes.state-none"))")]
        }
        return Page(title: l("minutes.group-title", ["group": m.groupName]), content: """
            <h1 class="heading-l">\(l("minutes.group-title", ["group": m.groupName]))</h1>
            <p class="body"><a href="\(Href.groupActions(m.groupID))">\(l("minutes.actions-link"))</a></p>
            \(m.meetings.isEmpty ? HTML("<p class=\"body\">\(l("minutes.no-meetings"))</p>")
                : Components.table(caption: l("minutes.group-caption"), headers: [l("minutes.column-meeting"), l("minutes.column-date"),
                                                                                l("minutes.column-state")], rows: rows))
            """, language: l.language)
    }

    static func meeting(_ m: Meeting, csrf: String, l: Localiser) -> Page {
        let notice: HTML = switch m.done {
        case .drafted: Components.notification(title: l("minutes.done-drafted"), body: .empty)
        case .saved: Components.notification(title: l("minutes.done-saved"), body: .empty)
        case .circulated: Components.notification(title: l("minutes.done-circulated"), body: "\(l("minutes.done-circulated-text"))")
        case .approved: Components.notification(title: l("minutes.done-approved"), body: .empty)
        case .published: Components.notification(title: l("minutes.done-published"), body: .empty)
        case .corrected: Components.notification(title: l("minutes.done-corrected"), body: .empty)
        case .stale: Components.notification(title: l("minutes.done-stale"), body: "\(l("minutes.done-stale-text"))", success: false)
        case nil: .empty
        }
        var steps: HTML = .empty
        if let current = m.current {
            switch current.state {
            case .draft where m.canManage:
                steps = """
                    <p class="body"><a class="button button--secondary" href="\(Href.editMinutes(current.id))">\(l("minutes.edit-link"))</a></p>
                    <form method="post" action="\(Href.circulateMinutes(current.id))">\(Components.csrfField(csrf))
                    \(Components.button(l("minutes.circulate")))</form>
                    """
            case .circulated where m.canApprove:
                let options = [("", l("minutes.choose-meeting"))] + m.approvalMeetings.map { ($0.id, "\($0.title) (\(l.date($0.startsAt)))") }
                steps = """
                    <form method="post" action="\(Href.approveMinutes(current.id))" novalidate>\(Components.csrfField(csrf))
                    \(Components.select(name: "meetingID", label: l("minutes.approved-at"), options: options, selected: m.approvalChoice,
                                        hint: l("minutes.approved-at-hint"), errors: m.errors, l: l))
                    \(Components.button(l("minutes.approve")))</form>
                    """
            case .approved where m.canManage:
                steps = """
                    <form method="post" action="\(Href.publishMinutes(current.id))">\(Components.csrfField(csrf))
                    <p class="body">\(l("minutes.publish-hint"))</p>
                    \(Components.button(l("minutes.publish")))</form>
                    """
            case .published where m.canManage && current.supersededByVersion == nil:
                steps = "<p class=\"body\"><a class=\"button button--secondary\" href=\"\(Href.correctMinutes(current.id))\">\(l("minutes.correct-link"))</a></p>"
            default: break
            }
        } else if m.canManage {
            steps = """
                <form method="post" action="\(Href.meetingMinutes(m.meetingID))">\(Components.csrfField(csrf))
                \(Components.button(l("minutes.start")))</form>
                """
        }
        let historyRows: [[HTML]] = m.history.map { row in
            [HTML("<a href=\"\(Href.minutesVersion(row.id))\">\(l("minutes.version", ["number": l.number(row.version)]))</a>"),
             HTML("\(stateLabel(row.state, l: l))\(row.superseded ? HTML(" (\(l("minutes.superseded")))") : .empty)"),
             HTML("\(row.publishedOn.map { l.day($0) } ?? "")"),
             HTML("\(row.correctionNote ?? "")")]
        }
        return Page(title: l("minutes.meeting-title", ["meeting": m.meetingTitle]), content: """
            \(notice)
            \(Components.errorSummary(m.errors, l))
            <p class="hint">\(m.groupName)</p>
            <h1 class="heading-l">\(l("minutes.meeting-title", ["meeting": m.meetingTitle]))</h1>
            <p class="body">\(l("minutes.meeting-date", ["date": l.date(m.meetingStartsAt)])) · <a href="\(Href.meeting(m.meetingID))">\(l("minutes.meeting-link"))</a></p>
            \(m.current.map { version(body: $0, l: l) } ?? HTML("<p class=\"body\">\(l("minutes.none-yet"))</p>"))
            \(steps)
            \(m.history.count > 1 ? HTML("""
                <h2 class="heading-m">\(l("minutes.history-heading"))</h2>
                \(Components.table(caption: l("minutes.history-caption"), headers: [l("minutes.column-version"), l("minutes.column-state"),
                                                                                  l("minutes.column-published"), l("minutes.column-note")], rows: historyRows))
                """) : .empty)
            """, status: m.done == .stale ? .conflict : (m.errors.isEmpty ? .ok : .unprocessableEntity), hasErrors: !m.errors.isEmpty,
            backLink: (Href.groupMinutes(m.groupID), l("minutes.back-to-group")), language: l.language)
    }

    /// One version on its own page (history: an old version stays readable).
    static func versionPage(_ v: Version, l: Localiser) -> Page {
        Page(title: l("minutes.version-title", ["meeting": v.meetingTitle, "number": l.number(v.version)]), content: """
            <h1 class="heading-l">\(l("minutes.version-title", ["meeting": v.meetingTitle, "number": l.number(v.version)]))</h1>
            \(version(body: v, l: l))
            """, backLink: (Href.meetingMinutes(v.meetingID), l("minutes.back-to-meeting")), language: l.language)
    }

    static func version(body v: Version, l: Localiser) -> HTML {
        var facts: [(key: String, value: HTML)] = [
            (l("minutes.fact-version"), HTML("\(l.number(v.version))")),
            (l("minutes.fact-state"), Components.tag(stateLabel(v.state, l: l))),
        ]
        if let day = v.circulatedOn { facts.append((l("minutes.fact-circulated"), HTML("\(l.day(day))"))) }
        if let day = v.approvedOn {
            facts.append((l("minutes.fact-approved"), HTML("\(l("minutes.approved-words", ["date": l.day(day), "person": v.approvedBy ?? "", "meeting": v.approvedAt ?? ""]))")))
        }
        if let day = v.publishedOn { facts.append((l("minutes.fact-published"), HTML("\(l.day(day))"))) }
        if let note = v.correctionNote {
            facts.append((l("minutes.fact-correction"), HTML("\(note)\(v.supersedesVersion.map { HTML(" (\(l("minutes.corrects-version", ["number": l.number($0)])))") } ?? .empty)")))
        }
        if let newer = v.supersededByVersion {
            facts.append((l("minutes.fact-superseded"), HTML("\(l("minutes.superseded-by", ["number": l.number(newer)]))")))
        }
        let items: [HTML] = v.document.items.map { item in
            HTML("""
                <h3 class="heading-s">\(item.title)\(item.isConfidential ? HTML(" \(Components.tag(l("minutes.confidential")))") : .empty)</h3>
                <p class="body pre-wrap">\(item.text.isEmpty ? l("minutes.item-empty") : item.text)</p>
                """)
        }
        let publicPart: HTML = v.publicVersion.map { p in
            HTML("""
                <h2 class="heading-m">\(l("minutes.public-heading"))</h2>
                <p class="body">\(withheldSentence(p, l: l) ?? l("minutes.nothing-withheld"))</p>
                """)
        } ?? .empty
        return """
            \(Components.summaryList(facts))
            <h2 class="heading-m">\(l("minutes.general-heading"))</h2>
            <p class="body pre-wrap">\(v.document.general.isEmpty ? l("minutes.item-empty") : v.document.general)</p>
            \(v.document.items.isEmpty ? HTML.empty : HTML("<h2 class=\"heading-m\">\(l("minutes.items-heading"))</h2>\(items)"))
            \(v.withheldNames.isEmpty ? HTML.empty : HTML("<p class=\"body\">\(l.plural("minutes.names-withheld-count", count: v.withheldNames.count))</p>"))
            \(publicPart)
            """
    }

    static func form(_ f: Form, csrf: String, l: Localiser) -> Page {
        let title = f.isCorrection ? l("minutes.correct-title", ["meeting": f.meetingTitle]) : l("minutes.edit-title", ["meeting": f.meetingTitle])
        let items: [HTML] = f.items.map { item in
            Components.textArea(name: "item-\(item.agendaItemID)",
                                label: item.isConfidential ? l("minutes.item-label-confidential", ["title": item.title]) : l("minutes.item-label", ["title": item.title]),
                                value: item.text, rows: 6, errors: f.errors, l: l)
        }
        return Page(title: title, content: """
            \(Components.errorSummary(f.errors, l))
            <h1 class="heading-l">\(title)</h1>
            <form method="post" action="\(f.isCorrection ? Href.correctMinutes(f.minutesID) : Href.editMinutes(f.minutesID))" novalidate>
            \(Components.csrfField(csrf))
            \(Components.textArea(name: "general", label: l("minutes.general-label"), value: f.general, hint: l("minutes.general-hint"), rows: 6, errors: f.errors, l: l))
            \(items)
            \(Components.textArea(name: "names", label: l("minutes.names-label"), value: f.names, hint: l("minutes.names-hint"), rows: 4, errors: f.errors, l: l))
            \(f.isCorrection ? Components.textArea(name: "note", label: l("minutes.note-label"), value: f.note, hint: l("minutes.note-hint"), rows: 3, errors: f.errors, l: l) : .empty)
            \(Components.button(f.isCorrection ? l("minutes.save-correction") : l("minutes.save-draft")))
            </form>
            """, status: f.errors.isEmpty ? .ok : .unprocessableEntity, hasErrors: !f.errors.isEmpty,
            backLink: (Href.meetingMinutes(f.meetingID), l("minutes.back-to-meeting")), language: l.language)
    }
}
