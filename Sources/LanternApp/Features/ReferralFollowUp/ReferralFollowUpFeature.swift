import LanternCore

/// The referral's own follow-up (issue 12): the Home Office's reference and acknowledgement of
/// a submitted referral, the chases of its Reasonable Grounds decision (each on the case's
/// timeline), and the daily job `rg_chases` that gives the case's worker a chase task when no
/// decision has arrived within LANTERN_RG_EXPECTED_DAYS (`RGChaseJob`).
extension Feature {
    static let referralFollowUp = Feature(
        name: "ReferralFollowUp",
        register: { routes in
            ReferralFollowUpController().register(routes)
            ReferralFollowUpAPIController().register(routes)
        },
        caseSections: [CaseSection(slot: .afterSummary, order: 8, render: ReferralFollowUpSection.render)])
}

enum ReferralFollowUpPaths {
    static let page = RoutePath("cases", ":reference", "referral-follow-up")
    static let chases = RoutePath("cases", ":reference", "referral-follow-up", "chases")
    static let api = RoutePath.api("cases", ":reference", "referral-follow-up")
    static let apiChases = RoutePath.api("cases", ":reference", "referral-follow-up", "chases")
}

extension Href {
    static func referralFollowUp(_ reference: String) -> Href { ReferralFollowUpPaths.page.href(reference) }
    static func rgChases(_ reference: String) -> Href { ReferralFollowUpPaths.chases.href(reference) }
}
