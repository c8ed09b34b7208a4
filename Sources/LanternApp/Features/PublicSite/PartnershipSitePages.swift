import Foundation
import LanternCore

/// The views of `/partnership`, a group's page and a published minutes page.
enum PartnershipSitePages {
    typealias M = PublicPartnershipModel

    static func overview(_ model: M.Overview, today: Day, _ l: PublicText) -> PublicPage {
        let groups = model.groups.filter { $0.kind != .subgroup }
        let subgroups = model.groups.filter { $0.kind == .subgroup }
        let content: HTML = """
        <h1 class="heading-xl">\(l("public.partnership.title"))</h1>
        <p class="lead">\(l("public.partnership.lead"))</p>
        <nav class="public-contents" aria-labelledby="contents-heading">
        <h2 id="contents-heading" class="heading-s">\(l("public.partnership.contents"))</h2>
        <ul class="list--bullet">
        <li><a href="#groups">\(l("public.partnership.groups-heading"))</a></li>
        <li><a href="#meetings">\(l("public.partnership.calendar-heading"))</a></li>
        <li><a href="#minutes">\(l("public.partnership.minutes-heading"))</a></li>
        <li><a href="#actions">\(l("public.partnership.actions-heading"))</a></li>
        <li><a href="#strategy">\(l("public.partnership.strategy-heading"))</a></li>
        </ul>
        </nav>
        <section id="groups" aria-labelledby="groups-heading" class="report-section">
        <h2 id="groups-heading">\(l("public.partnership.groups-heading"))</h2>
        \(model.groups.isEmpty ? HTML("<p>\(l("public.partnership.no-groups"))</p>") : .empty)
        \((groups + subgroups).map { groupSummary($0, l) })
        </section>
        <section id="meetings" aria-labelledby="meetings-heading" class="report-section">
        <h2 id="meetings-heading">\(l("public.partnership.calendar-heading"))</h2>
        \(meetingTable(model.meetings, showGroup: true, l))
        <p class="no-print"><a href="\(Href.meetingsCalendar)" type="text/calendar">\(l("public.partnership.subscribe"))</a></p>
        </section>
        <section id="minutes" aria-labelledby="minutes-heading" class="report-section">
        <h2 id="minutes-heading">\(l("public.partnership.minutes-heading"))</h2>
        \(minutesList(model.minutes, l))
        <p class="no-print"><a href="\(Href.minutesFeed)" type="application/atom+xml">\(l("public.partnership.minutes-feed"))</a></p>
        </section>
        <section id="actions" aria-labelledby="actions-heading" class="report-section">
        <h2 id="actions-heading">\(l("public.partnership.actions-heading"))</h2>
        \(actionTable(model.actions, l))
        </section>
        <section id="strategy" aria-labelledby="strategy-heading" class="report-section">
        <h2 id="strategy-heading">\(l("public.partnership.strategy-heading"))</h2>
        \(strategy(model.strategy, l))
        </section>
        """
        return PublicPage(title: l.plain("public.partnership.title"), content: content)
    }

    static func kind(_ kind: GroupKind, _ l: PublicText) -> HTML {
        switch kind {
        case .board: l("public.group.kind-board")
        case .network: l("public.group.kind-network")
        case .subgroup: l("public.group.kind-subgroup")
        }
    }

    static func groupSummary(_ group: M.Group, _ l: PublicText) -> HTML {
        """
        <div class="public-group">
        <h3><a href="\(l.link(.publicGroup(group.slug)))">\(l.english(group.name))</a></h3>
        <p class="caption">\(kind(group.kind, l))\(group.parent.map { HTML(" – \(l("public.group.part-of", ["group": $0.name]))") })</p>
        <p class="pre-line">\(l.english(group.purpose))</p>
        </div>
        """
    }

    static func meetingStatus(_ status: M.Meeting.Status, _ l: PublicText) -> HTML {
        switch status {
        case .scheduled: l("public.meeting.scheduled")
        case .held: l("public.meeting.held")
        case .cancelled: HTML("<strong>\(l("public.meeting.cancelled"))</strong>")
        }
    }

    static func meetingTable(_ meetings: [M.Meeting], showGroup: Bool, _ l: PublicText) -> HTML {
        guard !meetings.isEmpty else { return HTML("<p>\(l("public.partnership.no-meetings"))</p>") }
        let rows = meetings.map { meeting -> HTML in
            """
            <tr>
            <td>\(l.dateTime(meeting.startsAt))</td>
            \(showGroup ? HTML("<td>\(l.english(meeting.group))</td>") : .empty)
            <td>\(l.english(meeting.title))</td>
            <td>\(meeting.place.map { l.english($0) } ?? HTML("–"))</td>
            <td>\(meetingStatus(meeting.status, l))</td>
            </tr>
            """
        }
        return """
        <div class="table-wrapper" role="region" aria-labelledby="meetings-caption" tabindex="0">
        <table class="table">
        <caption id="meetings-caption" class="table__caption">\(l("public.partnership.calendar-caption"))</caption>
        <thead><tr><th scope="col">\(l("public.partnership.col-date"))</th>\(showGroup ? HTML("<th scope=\"col\">\(l("public.partnership.col-group"))</th>") : .empty)<th scope="col">\(l("public.partnership.col-meeting"))</th><th scope="col">\(l("public.partnership.col-place"))</th><th scope="col">\(l("public.partnership.col-status"))</th></tr></thead>
        <tbody>\(rows)</tbody>
        </table>
        </div>
        """
    }

    static func minutesList(_ minutes: [M.MinutesSummary], _ l: PublicText) -> HTML {
        guard !minutes.isEmpty else { return HTML("<p>\(l("public.partnership.no-minutes"))</p>") }
        let items = minutes.map { item -> HTML in
            HTML("<li><a href=\"\(l.link(.publicMinutes(item.id.uuidString.lowercased())))\">\(l("public.partnership.minutes-link", ["meeting": item.meetingTitle, "group": item.group, "date": l.localiser.date(item.meetingStartsAt)]))</a></li>")
        }
        return HTML("<ul class=\"list--bullet\">\(items)</ul>")
    }

    static func actionStatus(_ action: M.Action, _ l: PublicText) -> HTML {
        let status: HTML = switch action.status {
        case .open: l("public.action.open")
        case .inProgress: l("public.action.in-progress")
        case .done: l("public.action.done")
        case .dropped: l("public.action.dropped")
        }
        let overdue = action.isOverdue ? HTML(" <strong class=\"tag tag--red\">\(l("public.action.overdue"))</strong>") : .empty
        let reason = action.status == .dropped ? action.dropReason.map { HTML("<br>\(l("public.action.drop-reason", ["reason": $0]))") } : nil
        return HTML("\(status)\(overdue)\(reason)")
    }

    static func actionTable(_ actions: [M.Action], _ l: PublicText) -> HTML {
        guard !actions.isEmpty else { return HTML("<p>\(l("public.partnership.no-actions"))</p>") }
        let rows = actions.map { action -> HTML in
            """
            <tr>
            <td>\(l.english(action.title))</td>
            <td>\(l.english(action.group))</td>
            <td>\(l.english(action.ownerOrganisation))</td>
            <td>\(action.dueOn.map { l.day($0) } ?? "–")</td>
            <td>\(actionStatus(action, l))</td>
            </tr>
            """
        }
        return """
        <div class="table-wrapper" role="region" aria-labelledby="actions-caption" tabindex="0">
        <table class="table">
        <caption id="actions-caption" class="table__caption">\(l("public.partnership.actions-caption"))</caption>
        <thead><tr><th scope="col">\(l("public.partnership.col-action"))</th><th scope="col">\(l("public.partnership.col-group"))</th><th scope="col">\(l("public.partnership.col-owner"))</th><th scope="col">\(l("public.partnership.col-due"))</th><th scope="col">\(l("public.partnership.col-status"))</th></tr></thead>
        <tbody>\(rows)</tbody>
        </table>
        </div>
        """
    }

    static func strategy(_ priorities: [M.Priority], _ l: PublicText) -> HTML {
        guard !priorities.isEmpty else { return HTML("<p>\(l("public.partnership.no-strategy"))</p>") }
        let sections = priorities.enumerated().map { index, priority -> HTML in
            let objectives = priority.objectives.map { objective -> HTML in
                let rows = objective.indicators.map { indicator -> HTML in
                    """
                    <tr><td>\(l.english(indicator.name))</td><td>\(indicator.latest ?? "–")</td><td>\(indicator.period ?? "–")</td><td>\(indicator.target)</td></tr>
                    """
                }
                let table: HTML = objective.indicators.isEmpty ? .empty : """
                    <div class="table-wrapper"><table class="table">
                    <caption class="table__caption">\(l("public.strategy.indicators-caption", ["objective": objective.title]))</caption>
                    <thead><tr><th scope="col">\(l("public.strategy.col-indicator"))</th><th scope="col">\(l("public.strategy.col-latest"))</th><th scope="col">\(l("public.strategy.col-period"))</th><th scope="col">\(l("public.strategy.col-target"))</th></tr></thead>
                    <tbody>\(rows)</tbody></table></div>
                    """
                return HTML("<h4>\(l.english(objective.title))</h4>\(table)")
            }
            return HTML("<div class=\"public-priority\"><h3>\(l("public.strategy.priority", ["number": l.number(index + 1), "title": priority.title]))</h3><p class=\"pre-line\">\(l.english(priority.details))</p>\(objectives)</div>")
        }
        return HTML("\(sections)")
    }

    /// An indicator's latest figure, its period and its target, in words: a withheld figure
    /// says so, as the statistics pages do.
    static func indicatorWords(_ indicator: StrategyPublication.Indicator, _ l: PublicText) -> (latest: String?, period: String?, target: String) {
        func figure(_ value: Double) -> String {
            let rounded = (value * 10).rounded() / 10
            let text = rounded == rounded.rounded() ? l.number(Int(rounded)) : rounded.formatted(.number.precision(.fractionLength(1)).locale(l.language.locale))
            switch indicator.unit {
            case .number: return text
            case .percent: return text + "%"
            case .days: return l.plain("public.strategy.unit-days", ["value": text])
            }
        }
        let latest: String? = switch indicator.latest {
        case .value(let value, _): figure(value)
        case .suppressed: l.plain("public.strategy.suppressed")
        case .noData, .unavailable: l.plain("public.strategy.no-data")
        }
        return (latest, indicator.latest.period?.description, figure(indicator.target))
    }

    static func role(_ role: GroupRole, _ l: PublicText) -> HTML {
        switch role {
        case .chair: l("public.role.chair")
        case .viceChair: l("public.role.vice-chair")
        case .secretariat: l("public.role.secretariat")
        case .member: l("public.role.member")
        case .observer: l("public.role.observer")
        case .adviser: l("public.role.adviser")
        }
    }

    static func group(_ model: M.GroupPage, _ l: PublicText) -> PublicPage {
        let group = model.group
        let terms: HTML
        if let current = model.terms {
            let overdue = current.nextReviewOn < model.today
            terms = """
            <p>\(l("public.group.terms-version", ["version": l.number(current.version), "date": l.day(current.approvedOn)]))</p>
            <p>\(l("public.group.terms-review", ["date": l.day(current.nextReviewOn)]))\(overdue ? HTML(" <strong class=\"tag tag--red\">\(l("public.group.review-overdue"))</strong>") : .empty)</p>
            <p>\(l("public.group.quorum", ["count": l.number(current.quorum)]))</p>
            <div class="public-terms pre-wrap">\(l.english(current.body))</div>
            """
        } else {
            terms = HTML("<p>\(l("public.group.no-terms"))</p>")
        }
        let memberRows = model.members.map { HTML("<tr><td>\(l.english($0.organisation))</td><td>\(role($0.role, l))</td></tr>") }
        let members: HTML = model.members.isEmpty ? HTML("<p>\(l("public.group.no-members"))</p>") : """
            <div class="table-wrapper"><table class="table">
            <caption class="table__caption">\(l("public.group.members-caption", ["group": group.name]))</caption>
            <thead><tr><th scope="col">\(l("public.group.col-organisation"))</th><th scope="col">\(l("public.group.col-role"))</th></tr></thead>
            <tbody>\(memberRows)</tbody></table></div>
            """
        let content: HTML = """
        <p class="no-print"><a href="\(l.link(.partnership))" class="back-link">\(l("public.group.back"))</a></p>
        <span class="caption">\(kind(group.kind, l))</span>
        <h1 class="heading-xl">\(l.english(group.name))</h1>
        \(group.parent.map { HTML("<p><a href=\"\(l.link(.publicGroup($0.slug)))\">\(l("public.group.part-of", ["group": $0.name]))</a></p>") })
        <p class="pre-line">\(l.english(group.purpose))</p>
        <h2>\(l("public.group.terms-heading"))</h2>
        \(terms)
        <h2>\(l("public.group.members-heading"))</h2>
        <p>\(l("public.group.members-note"))</p>
        \(members)
        <h2>\(l("public.partnership.calendar-heading"))</h2>
        \(meetingTable(model.meetings, showGroup: false, l))
        """
        return PublicPage(title: group.name, content: content)
    }

    static func minutes(_ model: M.Minutes, _ l: PublicText) -> PublicPage {
        let summary = model.summary
        let document = model.document
        let withheld: HTML = document.withheldAnything
            ? HTML("<div class=\"inset-text\"><p>\(l("public.minutes.withheld", ["items": l.number(document.withheldItems), "names": l.number(document.withheldNames)]))</p></div>")
            : .empty
        let items = document.items.map { item in
            HTML("<h3>\(l.english(item.title))</h3><div class=\"pre-wrap\">\(l.english(item.text))</div>")
        }
        let content: HTML = """
        <p class="no-print"><a href="\(l.link(.partnership).fragment("minutes"))" class="back-link">\(l("public.group.back"))</a></p>
        <span class="caption">\(l.english(summary.group))</span>
        <h1 class="heading-xl">\(l("public.minutes.title", ["meeting": summary.meetingTitle]))</h1>
        <p>\(l("public.minutes.meeting-on", ["date": l.dateTime(summary.meetingStartsAt)]))</p>
        <p>\(l("public.minutes.version", ["version": l.number(summary.version)]))\(model.approvedOn.map { HTML(" \(l("public.minutes.approved-on", ["date": l.day($0)]))") })\(summary.publishedOn.map { HTML(" \(l("public.minutes.published-on", ["date": l.day($0)]))") })</p>
        \(model.newer.map { HTML("<p class=\"warning-text\"><a href=\"\(l.link(.publicMinutes($0.uuidString.lowercased())))\">\(l("public.minutes.newer"))</a></p>") })
        \(model.correctionNote.map { HTML("<div class=\"inset-text\"><p>\(l("public.minutes.correction"))</p><p class=\"pre-wrap\">\(l.english($0))</p></div>") })
        \(withheld)
        \(document.general.isEmpty ? HTML.empty : HTML("<h2>\(l("public.minutes.general"))</h2><div class=\"pre-wrap\">\(l.english(document.general))</div>"))
        \(items.isEmpty ? HTML.empty : HTML("<h2>\(l("public.minutes.items"))</h2>\(items)"))
        """
        return PublicPage(title: l.plain("public.minutes.title", ["meeting": summary.meetingTitle]), content: content)
    }
}
