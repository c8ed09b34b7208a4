import LanternCore
import Vapor

/// Every feature of Lantern. A new feature adds itself here, once; its routes, navigation
/// entries and home cards follow from its `Feature` value (see `Support/Feature.swift`).
enum LanternFeatures {
    static let all: [Feature] = [
        .home, .health, .setup, .accounts, .api,
        .cases, .alerts, .sharing, .profile, .statistics, .dataSharing, .intelligence,
        .organisations, .teams, .audit, .retention, .tasks, .notifications, .language,
        .groups,
        .meetings,
        .minutesAndActions,
        .children,
        .contacts,
        .safeguarding,
        .strategy,
        .housingAndStatus,
        .publicSite,
        .accommodation,
        .dutyToNotify,
        .shareAnswers,
        .referralFollowUp,
        .casework,
        .conferences,
        .conferenceOutcomes,
        .caseSearch,
        .training,
        .events,
        .surveys,
        .voice,
    ]

    /// Registers every feature's routes; the route catalogue records which feature owns each.
    static func register(on app: Application, features: [Feature] = all) {
        let routes = LanternRoutes(app)
        for feature in features { feature.register(routes.owned(by: feature.name)) }
    }

    /// The navigation a person with these roles sees, under the application's policy.
    static func navigation(for roles: Set<Role>, under policy: AccessPolicy, features: [Feature] = all) -> [NavigationEntry] {
        features.flatMap(\.navigation).filter { $0.audience.includes(roles, under: policy) }.sorted { $0.order < $1.order }
    }

    /// Every feature's sections of the case page, each slot in order.
    static func caseSections(in slot: CaseSection.Slot, features: [Feature] = all) -> [CaseSection] {
        features.flatMap(\.caseSections).filter { $0.slot == slot }.sorted { $0.order < $1.order }
    }

    /// The home page's cards for a person with these roles, under the application's policy.
    static func homeCards(for roles: Set<Role>, under policy: AccessPolicy, features: [Feature] = all) -> [HomeCard] {
        features.flatMap(\.homeCards).filter { $0.audience.includes(roles, under: policy) }.sorted { $0.order < $1.order }
    }
}
