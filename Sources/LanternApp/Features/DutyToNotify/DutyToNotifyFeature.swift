import LanternCore

/// The anonymous Duty to Notify report (s52 Modern Slavery Act) of an adult who declined to be
/// referred: its own form and a summary in the Home Office form's order, with nothing that
/// identifies them. Its notice at the top of the case page (order 20) says when the
/// notification was made and, once the adult consented and the case became a referral
/// (`consent_after_notification`), that it did and when.
extension Feature {
    static let dutyToNotify = Feature(
        name: "DutyToNotify",
        register: { routes in DutyToNotifyController().register(routes) },
        caseSections: [CaseSection(slot: .top, order: 20, render: DutyToNotifySection.render)])
}

enum DutyToNotifyPaths {
    static let form = RoutePath("cases", ":reference", "duty-to-notify")
    static let summary = RoutePath("cases", ":reference", "duty-to-notify", "summary")
}

extension Href {
    static func dutyToNotify(_ reference: String) -> Href { DutyToNotifyPaths.form.href(reference) }
    static func dutyToNotifySummary(_ reference: String) -> Href { DutyToNotifyPaths.summary.href(reference) }
}
