import Fluent
import Foundation
import Vapor
import LanternCore

/// The children's pathway on the case page (after the summary): the 72-hour clock and what is
/// outstanding, a child missing now, return home interviews overdue, the markers, and the
/// transition to adult support from six months before the child turns 18; a link to the
/// pathway's page. Nothing on an adult's case or for a partner who sees the decision only.
enum ChildrenSection {
    @Sendable static func render(_ input: CaseSectionInput) async throws -> HTML? {
        let access = input.access, request = input.request
        guard access.record.age.treatedAsChild, !access.decisionOnly else { return nil }
        let services = request.application.lantern
        let pathway = try await ChildPathway.load(access.record, settings: services.settings, on: request.db)
        try await request.audit(AuditEvent(action: "case.children_viewed", recordType: "case", recordID: access.record.id?.uuidString))
        let l = ChildrenPages.localiser(request), now = services.now
        var rows: [(key: String, value: HTML)] = []
        if let start = pathway.record?.cameIntoContactAt, let standing = pathway.standing(now: now) {
            rows.append((l("children.came-into-contact"), HTML("\(l.dateTime(start))")))
            let outstanding = standing.outstanding.map { ChildrenPages.itemLabel($0, l: l) }.joined(separator: ", ")
            rows.append((l("children.first-72-hours"), HTML("""
                \(ChildrenPages.countdownTag(standing.countdown, l: l)) \(l("children.checklist-due", ["when": l.dateTime(standing.due)]))\
                \(outstanding.isEmpty ? HTML.empty : HTML("<br>\(l("children.outstanding-list", ["items": outstanding]))"))
                """)))
        } else {
            rows.append((l("children.first-72-hours"), HTML("\(l("children.clock-not-started"))")))
        }
        let overdue = pathway.overdueInterviews(now: now)
        rows.append((l("children.missing-episodes"), HTML("""
            \(l.plural("children.episode-count", count: pathway.episodes.count))\
            \(overdue.isEmpty ? HTML.empty : HTML(" \(Components.tag(l.plural("children.interviews-overdue", count: overdue.count), colour: "red"))"))
            """)))
        if let record = pathway.record {
            let markers = [record.criminalExploitation ? l("children.criminal-exploitation") : nil,
                           record.countyLines ? l("children.county-lines") : nil].compactMap { $0 }
            rows.append((l("children.markers"), HTML("\(markers.isEmpty ? l("children.none") : markers.joined(separator: ", "))")))
            if let month = record.turns18Month {
                rows.append((l("children.turns18-month"), HTML("\(ChildrenPages.monthYear(month, l: l))")))
            }
        }
        return """
        <section aria-labelledby="children-heading" lang="\(l.language.identifier)">
        <h2 class="heading-m" id="children-heading">\(l("children.section-heading"))</h2>
        \(ChildrenPages.transitionNotice(pathway.record, today: input.today, l: l))
        \(pathway.openEpisode.map { HTML("<p class=\"warning-text\">\(l("children.missing-since", ["from": l.dateTime($0.fromAt)]))</p>") })
        \(Components.summaryList(rows))
        <p class="body"><a href="\(Href.children(access.record.reference))">\(input.canEdit ? l("children.open-link-edit") : l("children.open-link"))</a></p>
        </section>
        """
    }
}
