import Fluent
import Foundation
import LanternCore

/// What the public /partnership page shows of a group's strategy: priorities → objectives →
/// indicators, each indicator with its latest figure (after the statistics pages' disclosure
/// rules: a hidden figure stays hidden), its target and its progress. No actions, owners or
/// people: the action log is published on its own.
enum StrategyPublication {
    struct Indicator: Sendable {
        var name: String
        var unit: IndicatorUnit
        var direction: IndicatorDirection
        var target: Double
        /// The latest figure, or why there is none (suppressed, no data, not available yet).
        var latest: IndicatorReading
        var progress: IndicatorProgress
        /// Whether the figure comes from imported official statistics (bound) or is entered by the secretariat.
        var binding: IndicatorBinding?
    }
    struct Objective: Sendable {
        var title: String
        var description: String
        var indicators: [Indicator]
    }
    struct Priority: Sendable {
        var title: String
        var description: String
        var objectives: [Objective]
    }

    /// The public strategy tree of a group (empty when it has none). The caller decides
    /// whether the group is public (`PartnershipGroup.isPublic`).
    static func tree(groupID: UUID, on db: any Database, rules: DisclosureRules) async throws -> [Priority] {
        let tree = try await StrategyStore(db: db, rules: rules).tree(groupID: groupID)
        return tree.priorities.map { priority in
            Priority(title: priority.model.title, description: priority.model.details, objectives: priority.objectives.map { objective in
                Objective(title: objective.model.title, description: objective.model.details, indicators: objective.indicators.map { indicator in
                    Indicator(name: indicator.model.name, unit: indicator.model.indicatorUnit, direction: indicator.model.indicatorDirection,
                              target: indicator.model.target, latest: indicator.latest, progress: indicator.progress,
                              binding: indicator.model.indicatorBinding)
                })
            })
        }
    }
}
