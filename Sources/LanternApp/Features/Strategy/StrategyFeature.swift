import LanternCore

/// A group's strategy and impact: priorities, objectives, the governance actions that deliver
/// them and the indicators that measure them; the progress page, the yearly impact summary
/// and the board effectiveness figures for the independent review. Members read it
/// (`viewBoardPapers`), the secretariat keeps it (`manageGroup`); the public strategy tree is
/// `StrategyPublication.tree` for the public /partnership page.
extension Feature {
    static let strategy = Feature(
        name: "Strategy",
        register: { routes in StrategyController().register(routes) },
        homeCards: [HomeCard(title: "Strategy and impact", text: "Your groups' priorities, objectives and indicators, progress and impact.",
                             href: .strategies, audience: .allowed(.viewBoardPapers), order: 62)])
}

enum StrategyPaths {
    static let list = RoutePath("strategy")
    static let strategy = RoutePath("strategy", ":groupID")
    static let newPriority = RoutePath("strategy", ":groupID", "priorities", "new")
    static let newObjective = RoutePath("strategy", ":groupID", "priorities", ":priorityID", "objectives", "new")
    static let newIndicator = RoutePath("strategy", ":groupID", "objectives", ":objectiveID", "indicators", "new")
    static let linkAction = RoutePath("strategy", ":groupID", "objectives", ":objectiveID", "actions", "new")
    static let unlinkAction = RoutePath("strategy", ":groupID", "objectives", ":objectiveID", "actions", ":actionID", "remove")
    static let indicator = RoutePath("strategy", ":groupID", "indicators", ":indicatorID")
    static let newValue = RoutePath("strategy", ":groupID", "indicators", ":indicatorID", "values")
    static let progress = RoutePath("strategy", ":groupID", "progress")
    static let impact = RoutePath("strategy", ":groupID", "impact")
    static let effectiveness = RoutePath("strategy", ":groupID", "effectiveness")
}

extension Href {
    static let strategies = Href(StrategyPaths.list)
    static func strategy(_ group: String) -> Href { StrategyPaths.strategy.href(group) }
    static func newPriority(_ group: String) -> Href { StrategyPaths.newPriority.href(group) }
    static func newObjective(_ group: String, _ priority: String) -> Href { StrategyPaths.newObjective.href(group, priority) }
    static func newIndicator(_ group: String, _ objective: String) -> Href { StrategyPaths.newIndicator.href(group, objective) }
    static func linkAction(_ group: String, _ objective: String) -> Href { StrategyPaths.linkAction.href(group, objective) }
    static func unlinkAction(_ group: String, _ objective: String, _ action: String) -> Href {
        StrategyPaths.unlinkAction.href(group, objective, action)
    }
    static func indicator(_ group: String, _ indicator: String) -> Href { StrategyPaths.indicator.href(group, indicator) }
    static func newIndicatorValue(_ group: String, _ indicator: String) -> Href { StrategyPaths.newValue.href(group, indicator) }
    static func strategyProgress(_ group: String) -> Href { StrategyPaths.progress.href(group) }
    static func strategyImpact(_ group: String) -> Href { StrategyPaths.impact.href(group) }
    static func boardEffectiveness(_ group: String) -> Href { StrategyPaths.effectiveness.href(group) }
}
