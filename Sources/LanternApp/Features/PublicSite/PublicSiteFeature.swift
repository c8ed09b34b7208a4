import LanternCore

/// The public site, without signing in: the partnership in the open (`/partnership`, its
/// groups and published minutes), help for anyone worried about modern slavery (`/get-help`,
/// with a borough's published contacts), an iCalendar feed of public meetings and an Atom feed
/// of published minutes, in London's languages (`LANTERN_PUBLIC_LANGUAGES`).
extension Feature {
    static let publicSite = Feature(
        name: "PublicSite",
        register: { routes in
            GetHelpController().register(routes)
            PartnershipSiteController().register(routes)
            PublicFeedsController().register(routes)
        })
}

enum PublicSitePaths {
    static let getHelp = RoutePath("get-help")
    static let partnership = RoutePath("partnership")
    static let group = RoutePath("partnership", "groups", ":slug")
    static let minutes = RoutePath("partnership", "minutes", ":minutesID")
    static let meetingsCalendar = RoutePath("partnership", "meetings.ics")
    static let minutesFeed = RoutePath("partnership", "minutes.atom")
}

extension Href {
    static let getHelp = Href(PublicSitePaths.getHelp)
    static let partnership = Href(PublicSitePaths.partnership)
    static func publicGroup(_ slug: String) -> Href { PublicSitePaths.group.href(slug) }
    static func publicMinutes(_ id: String) -> Href { PublicSitePaths.minutes.href(id) }
    static let meetingsCalendar = Href(PublicSitePaths.meetingsCalendar)
    static let minutesFeed = Href(PublicSitePaths.minutesFeed)
}

/// Links from the public frame to public pages other features serve.
enum PublicSiteLinks {
    /// The contacts directory's public page (`/contacts`), served by the Contacts feature.
    static var contacts: Href? { .contacts }
    /// Survivor voice's anonymous form (`/voice`), served by the Voice feature.
    static var voice: Href? { .voice }
    /// Training sessions open to anyone (`/training/open`), served by the Training feature.
    static var training: Href? { .openTraining }
}
