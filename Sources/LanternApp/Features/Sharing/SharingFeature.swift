import LanternCore

/// Consent, sharing a case with another organisation, and the cases shared with yours.
extension Feature {
    static let sharing = Feature(
        name: "Sharing",
        register: { routes in
            SharingController().register(routes)
            SharingAPIController().register(routes)
        },
        navigation: [NavigationEntry(label: "Shared with us", href: .sharedCases,
                                     audience: .allowedOn(.viewCase, .sharedWithOrganisation), order: 20)],
        homeCards: [HomeCard(title: "Shared with us",
                             text: "Cases and decisions other organisations shared with you, and look-up by reference.",
                             href: .sharedCases, audience: .allowedOn(.viewCase, .sharedWithOrganisation), order: 20)])
}

enum SharingPaths {
    static let newConsent = RoutePath("cases", ":reference", "consents", "new")
    static let withdrawConsent = RoutePath("cases", ":reference", "consents", ":consentID", "withdraw")
    static let newShare = RoutePath("cases", ":reference", "shares", "new")
    static let revokeShare = RoutePath("cases", ":reference", "shares", ":shareID", "revoke")
    static let sharedCases = RoutePath("shared-cases")
    static let lookup = RoutePath("shared-cases", "lookup")

    static let apiConsents = RoutePath.api("cases", ":reference", "consents")
    static let apiWithdrawConsent = RoutePath.api("cases", ":reference", "consents", ":consentID", "withdraw")
    static let apiShares = RoutePath.api("cases", ":reference", "shares")
    static let apiRevokeShare = RoutePath.api("cases", ":reference", "shares", ":shareID", "revoke")
    static let apiSharedCases = RoutePath.api("shared-cases")
}

extension Href {
    static let sharedCases = Href(SharingPaths.sharedCases)
    static let sharedCaseLookup = Href(SharingPaths.lookup)
    static func newConsent(_ reference: String) -> Href { SharingPaths.newConsent.href(reference) }
    static func withdrawConsent(_ reference: String, _ consentID: String) -> Href { SharingPaths.withdrawConsent.href(reference, consentID) }
    static func newShare(_ reference: String) -> Href { SharingPaths.newShare.href(reference) }
    static func revokeShare(_ reference: String, _ shareID: String) -> Href { SharingPaths.revokeShare.href(reference, shareID) }
}
