import Fluent
import Foundation
import Vapor
import LanternCore

/// The Duty to Notify notice at the top of the case page: when the notification was made and,
/// once the adult consented, when the case became a referral; for the owner, links to the
/// report's summary and (while it is a notification) its form. Nothing for a partner who
/// sees the decision only, or on a case that never was a notification.
enum DutyToNotifySection {
    @Sendable static func render(_ input: CaseSectionInput) async throws -> HTML? {
        let access = input.access, record = access.record, state = record.state
        guard !access.decisionOnly, DutyToNotifyController.wasNotification(state) else { return nil }
        let l = DutyToNotifyPages.localiser(input.request)
        let owner = access.relation == .sameOrganisation
        let notified = DutyToNotifyController.notifiedOn(state).map { l.day($0) } ?? l("dtn.not-recorded")
        let recorded = owner ? try await DutyToNotifyController.report(of: record, on: input.request.db) != nil : true
        let stillNotification = state.stage == .dutyToNotify
        var lines: [HTML] = [HTML("<p class=\"body\">\(l("dtn.notice-made-on", ["date": notified]))</p>")]
        if let converted = state.consentAfterNotificationOn {
            lines.append(HTML("<p class=\"body\">\(l("dtn.notice-converted", ["date": l.day(converted)]))</p>"))
        }
        if owner && stillNotification && !recorded {
            lines.append(HTML("<p class=\"body\">\(Components.tag(l("dtn.answers-missing-tag"), colour: "yellow")) \(l("dtn.answers-missing"))</p>"))
        }
        if owner {
            let edit: HTML = stillNotification && input.canEdit
                ? HTML(" · <a href=\"\(Href.dutyToNotify(record.reference))\">\(l("dtn.form-link"))</a>") : .empty
            lines.append(HTML("<p class=\"body\"><a href=\"\(Href.dutyToNotifySummary(record.reference))\">\(l("dtn.summary-link"))</a>\(edit)</p>"))
        }
        return """
        <section class="inset-text" aria-labelledby="duty-to-notify-heading" id="duty-to-notify" lang="\(l.language.identifier)">
        <h2 class="heading-s" id="duty-to-notify-heading">\(l("dtn.notice-heading"))</h2>
        \(lines)
        </section>
        """
    }
}
