import LanternCore

/// The problem profile: London's figures with disclosure control, downloads, the annual
/// report, and the public figures page.
extension Feature {
    static let profile = Feature(
        name: "Profile",
        register: { routes in
            ProfileController().register(routes)
            AfterDecisionController().register(routes)
            OutcomeController().register(routes)
            AnnualReportController().register(routes)
            HTCDSController().register(routes)
            PublicStatisticsController().register(routes)
        },
        navigation: [NavigationEntry(label: "Problem profile", href: .profile, audience: .allowed(.viewStatistics), order: 30)],
        homeCards: [HomeCard(title: "Problem profile",
                             text: "London's figures by borough, BCU, exploitation type and period, with the map, downloads and the annual report.",
                             href: .profile, audience: .allowed(.viewStatistics), order: 30)])
}

enum ProfilePaths {
    static let dashboard = RoutePath("profile")
    static let downloadCSV = RoutePath("profile", "download.csv")
    static let downloadJSON = RoutePath("profile", "download.json")
    static let annualReport = RoutePath("profile", "annual-report")
    static let annualReportPDF = RoutePath("profile", "annual-report.pdf")
    static let annualReportNarrative = RoutePath("profile", "annual-report", "narrative")
    static let htcds = RoutePath("profile", "htcds")
    static let htcdsCSV = RoutePath("profile", "htcds", "download.csv")
    static let htcdsJSON = RoutePath("profile", "htcds", "download.json")
    static let afterTheDecision = RoutePath("profile", "after-the-decision")
    static let afterTheDecisionCSV = RoutePath("profile", "after-the-decision", "download.csv")
    static let outcomes = RoutePath("profile", "outcomes")
    static let outcomesCSV = RoutePath("profile", "outcomes", "download.csv")
    static let api = RoutePath.api("profile")
    static let publicStatistics = RoutePath("statistics")
}

extension Href {
    static let profile = Href(ProfilePaths.dashboard)
    static let profileCSV = Href(ProfilePaths.downloadCSV)
    static let profileJSON = Href(ProfilePaths.downloadJSON)
    static let annualReport = Href(ProfilePaths.annualReport)
    static let annualReportPDF = Href(ProfilePaths.annualReportPDF)
    static let annualReportNarrative = Href(ProfilePaths.annualReportNarrative)
    static let htcds = Href(ProfilePaths.htcds)
    static let htcdsCSV = Href(ProfilePaths.htcdsCSV)
    static let htcdsJSON = Href(ProfilePaths.htcdsJSON)
    static let afterTheDecision = Href(ProfilePaths.afterTheDecision)
    static let afterTheDecisionCSV = Href(ProfilePaths.afterTheDecisionCSV)
    static let outcomes = Href(ProfilePaths.outcomes)
    static let outcomesCSV = Href(ProfilePaths.outcomesCSV)
    static let publicStatistics = Href(ProfilePaths.publicStatistics)
}
