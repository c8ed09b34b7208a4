import Fluent
import Foundation
import LanternCore

/// A priority of a group's strategy (`strategy_priorities`), in the order the group set.
final class StrategyPriority: Model, @unchecked Sendable {
    static let schema = "strategy_priorities"

    @ID(key: .id) var id: UUID?
    /// The group (`governance_groups`) whose strategy this is.
    @Field(key: "group_id") var groupID: UUID
    @Field(key: "position") var position: Int
    @Field(key: "title") var title: String
    @Field(key: "description") var details: String
    @Field(key: "created_at") var createdAt: Date
    @Field(key: "created_by") var createdBy: UUID

    init() {}

    init(id: UUID = UUID(), groupID: UUID, position: Int, title: String, details: String, createdAt: Date, createdBy: UUID) {
        self.id = id
        self.groupID = groupID
        self.position = position
        self.title = title
        self.details = details
        self.createdAt = createdAt
        self.createdBy = createdBy
    }
}

/// An objective under a priority (`strategy_objectives`).
final class StrategyObjective: Model, @unchecked Sendable {
    static let schema = "strategy_objectives"

    @ID(key: .id) var id: UUID?
    @Parent(key: "priority_id") var priority: StrategyPriority
    @Field(key: "position") var position: Int
    @Field(key: "title") var title: String
    @Field(key: "description") var details: String
    @Field(key: "created_at") var createdAt: Date
    @Field(key: "created_by") var createdBy: UUID

    init() {}

    init(id: UUID = UUID(), priorityID: UUID, position: Int, title: String, details: String, createdAt: Date, createdBy: UUID) {
        self.id = id
        self.$priority.id = priorityID
        self.position = position
        self.title = title
        self.details = details
        self.createdAt = createdAt
        self.createdBy = createdBy
    }
}

/// An indicator of an objective (`strategy_indicators`): bound to a figure Lantern has
/// (`binding`, an `IndicatorBinding` key) or entered per period (`binding` nil), with its
/// unit, target and direction.
final class StrategyIndicator: Model, @unchecked Sendable {
    static let schema = "strategy_indicators"

    @ID(key: .id) var id: UUID?
    @Parent(key: "objective_id") var objective: StrategyObjective
    @Field(key: "name") var name: String
    @OptionalField(key: "binding") var binding: String?
    /// `IndicatorPeriodKind` of entered values.
    @Field(key: "period_kind") var periodKind: String
    /// `IndicatorUnit`.
    @Field(key: "unit") var unit: String
    /// `IndicatorDirection`.
    @Field(key: "direction") var direction: String
    @Field(key: "target") var target: Double
    @Field(key: "created_at") var createdAt: Date
    @Field(key: "created_by") var createdBy: UUID

    init() {}

    init(id: UUID = UUID(), objectiveID: UUID, name: String, binding: IndicatorBinding?, periodKind: IndicatorPeriodKind,
         unit: IndicatorUnit, direction: IndicatorDirection, target: Double, createdAt: Date, createdBy: UUID) {
        self.id = id
        self.$objective.id = objectiveID
        self.name = name
        self.binding = binding?.rawValue
        self.periodKind = (binding?.periodKind ?? periodKind).rawValue
        self.unit = (binding?.unit ?? unit).rawValue
        self.direction = direction.rawValue
        self.target = target
        self.createdAt = createdAt
        self.createdBy = createdBy
    }

    var indicatorBinding: IndicatorBinding? { binding.flatMap(IndicatorBinding.init(rawValue:)) }
    var indicatorUnit: IndicatorUnit { IndicatorUnit(rawValue: unit) ?? .number }
    var indicatorDirection: IndicatorDirection { IndicatorDirection(rawValue: direction) ?? .higher }
    var indicatorPeriodKind: IndicatorPeriodKind { IndicatorPeriodKind(rawValue: periodKind) ?? .quarter }
}

/// An entered value of an indicator for a period (`strategy_indicator_values`). A new value
/// for a period already entered is a new row with the next `version`; nothing is overwritten,
/// so the history of corrections stays readable (the audit log says who and when, not what
/// the figure was). The current value for a period is its highest version.
final class StrategyIndicatorValue: Model, @unchecked Sendable {
    static let schema = "strategy_indicator_values"

    @ID(key: .id) var id: UUID?
    @Parent(key: "indicator_id") var indicator: StrategyIndicator
    /// `IndicatorPeriod.text`: "2025-Q2" or "2025/26".
    @Field(key: "period") var period: String
    /// The day the period ends (`Day.daysSinceEpoch`), for ordering and the impact summary.
    @Field(key: "period_end") var periodEnd: Int
    @Field(key: "version") var version: Int
    @Field(key: "value") var value: Double
    @Field(key: "recorded_at") var recordedAt: Date
    @Field(key: "recorded_by") var recordedBy: UUID

    init() {}
}

/// A governance action (`governance_actions`) linked to the objective it delivers.
final class StrategyObjectiveAction: Model, @unchecked Sendable {
    static let schema = "strategy_objective_actions"

    @ID(key: .id) var id: UUID?
    @Parent(key: "objective_id") var objective: StrategyObjective
    @Field(key: "action_id") var actionID: UUID
    @Field(key: "created_at") var createdAt: Date
    @Field(key: "created_by") var createdBy: UUID

    init() {}
}
