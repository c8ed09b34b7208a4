import Fluent
import Foundation
import SQLKit
import LanternCore

/// A governance action as the strategy reads it (`governance_actions`, read by table name).
struct StrategyActionLine: Sendable {
    var id: UUID
    var title: String
    var status: PartnershipActionStatus
    var dueOn: Day
    var doneOn: Day?
}

/// A group's strategy loaded whole: priorities → objectives → linked actions and indicators,
/// each indicator with its readings (entered values, or figures from imported statistics
/// after disclosure control), its latest reading and its progress against its target.
struct StrategyTree: Sendable {
    struct Indicator: Sendable {
        var model: StrategyIndicator
        var readings: [IndicatorReading]
        var latest: IndicatorReading
        var progress: IndicatorProgress
    }
    struct Objective: Sendable {
        var model: StrategyObjective
        var actions: [StrategyActionLine]
        var indicators: [Indicator]
    }
    struct Priority: Sendable {
        var model: StrategyPriority
        var objectives: [Objective]
    }
    var priorities: [Priority]

    var indicators: [Indicator] { priorities.flatMap { $0.objectives.flatMap(\.indicators) } }
}

/// Reads a group's strategy and the figures its indicators are bound to.
struct StrategyStore {
    let db: any Database
    let rules: DisclosureRules

    func tree(groupID: UUID) async throws -> StrategyTree {
        let priorities = try await StrategyPriority.query(on: db).filter(\.$groupID == groupID)
            .sort(\.$position).sort(\.$createdAt).all()
        let priorityIDs = priorities.compactMap(\.id)
        let objectives = priorityIDs.isEmpty ? [] : try await StrategyObjective.query(on: db).filter(\.$priority.$id ~~ priorityIDs)
            .sort(\.$position).sort(\.$createdAt).all()
        let objectiveIDs = objectives.compactMap(\.id)
        let indicators = objectiveIDs.isEmpty ? [] : try await StrategyIndicator.query(on: db).filter(\.$objective.$id ~~ objectiveIDs)
            .sort(\.$createdAt).all()
        let links = objectiveIDs.isEmpty ? [] : try await StrategyObjectiveAction.query(on: db).filter(\.$objective.$id ~~ objectiveIDs)
            .sort(\.$createdAt).all()
        let actions = try await Self.actions(ids: links.map(\.actionID), groupID: groupID, on: db)
        let entered = try await enteredReadings(indicatorIDs: indicators.filter { $0.indicatorBinding == nil }.compactMap(\.id))
        var bound: [IndicatorBinding: [IndicatorReading]] = [:]
        for binding in Set(indicators.compactMap(\.indicatorBinding)) { bound[binding] = try await readings(for: binding) }

        return StrategyTree(priorities: priorities.map { priority in
            StrategyTree.Priority(model: priority, objectives: objectives.filter { $0.$priority.id == priority.id }.map { objective in
                StrategyTree.Objective(
                    model: objective,
                    actions: links.filter { $0.$objective.id == objective.id }.compactMap { link in actions.first { $0.id == link.actionID } },
                    indicators: indicators.filter { $0.$objective.id == objective.id }.map { indicator in
                        let readings: [IndicatorReading]
                        if let binding = indicator.indicatorBinding {
                            readings = binding.isAvailable ? bound[binding] ?? [] : [.unavailable]
                        } else {
                            readings = entered[indicator.id ?? UUID()] ?? []
                        }
                        return Self.indicator(indicator, readings: readings)
                    })
            })
        })
    }

    static func indicator(_ model: StrategyIndicator, readings: [IndicatorReading]) -> StrategyTree.Indicator {
        let latest = readings == [.unavailable] ? IndicatorReading.unavailable : IndicatorFigures.latest(readings)
        return StrategyTree.Indicator(model: model, readings: readings, latest: latest,
                                      progress: IndicatorProgress(reading: latest, target: model.target, direction: model.indicatorDirection))
    }

    /// The current value (highest version) of each period of each entered indicator.
    func enteredReadings(indicatorIDs: [UUID]) async throws -> [UUID: [IndicatorReading]] {
        guard !indicatorIDs.isEmpty else { return [:] }
        let rows = try await StrategyIndicatorValue.query(on: db).filter(\.$indicator.$id ~~ indicatorIDs)
            .sort(\.$version).all()
        let kinds = try await StrategyIndicator.query(on: db).filter(\.$id ~~ indicatorIDs).all()
            .reduce(into: [UUID: IndicatorPeriodKind]()) { $0[$1.id ?? UUID()] = $1.indicatorPeriodKind }
        var current: [UUID: [String: Double]] = [:]
        for row in rows { current[row.$indicator.id, default: [:]][row.period] = row.value }
        return current.reduce(into: [:]) { result, entry in
            let kind = kinds[entry.key] ?? .quarter
            result[entry.key] = entry.value.compactMap { period, value in
                IndicatorPeriod(text: period, kind: kind).map { IndicatorReading.value(value, period: $0) }
            }.sorted { ($0.period?.lastDay ?? Day(daysSinceEpoch: 0)) < ($1.period?.lastDay ?? Day(daysSinceEpoch: 0)) }
        }
    }

    /// A bound indicator's figures by quarter, from the imported statistics, after disclosure control.
    func readings(for binding: IndicatorBinding) async throws -> [IndicatorReading] {
        guard let sql = db as? any SQLDatabase else { return [] }
        switch binding {
        case .trainingCoverage:
            return [.unavailable]
        case .nrmReferralsLondonCouncils:
            let rows = try await sql.select().column("quarter")
                .column(SQLAlias(SQLFunction("SUM", args: SQLColumn("count")), as: SQLIdentifier("n")))
                .from(DatasetFigure.schema)
                .where("measure", .equal, SQLBind(IndicatorBinding.referralsMeasure))
                .where("first_responder_type", .equal, SQLBind(IndicatorBinding.councilResponderType))
                .where("borough", .like, SQLBind(IndicatorBinding.londonBoroughCodePrefix + "%"))
                .groupBy("quarter").all()
            return try rows.compactMap { row in
                guard let quarter = Quarter(code: try row.decode(column: "quarter", as: Int.self)) else { return nil }
                return IndicatorFigures.count(ProfileRepository.count(row, "n"), period: .quarter(quarter), rules: rules)
            }.sorted { ($0.period?.lastDay ?? Day(daysSinceEpoch: 0)) < ($1.period?.lastDay ?? Day(daysSinceEpoch: 0)) }
        case .positiveConclusiveGroundsShare:
            let rows = try await sql.select().column("measure").column("quarter")
                .column(SQLAlias(SQLFunction("SUM", args: SQLColumn("count")), as: SQLIdentifier("n")))
                .from(DatasetFigure.schema)
                .where("measure", .in, SQLGroupExpression([SQLBind(IndicatorBinding.cgDecisionsMeasure), SQLBind(IndicatorBinding.cgPositiveMeasure)]))
                .groupBy("measure").groupBy("quarter").all()
            var decisions: [Int: Int] = [:], positive: [Int: Int] = [:]
            for row in rows {
                let quarter = try row.decode(column: "quarter", as: Int.self), n = ProfileRepository.count(row, "n")
                if try row.decode(column: "measure", as: String.self) == IndicatorBinding.cgDecisionsMeasure {
                    decisions[quarter] = n
                } else {
                    positive[quarter] = n
                }
            }
            return decisions.keys.sorted().compactMap { code in
                guard let quarter = Quarter(code: code), let total = decisions[code] else { return nil }
                return IndicatorFigures.share(positive: positive[code] ?? 0, of: total, period: .quarter(quarter), rules: rules)
            }
        }
    }

    /// Whether councils' referrals were imported without saying which council (the Home
    /// Office's national table), so the page can say why the London figure is missing.
    func councilReferralsLackBorough() async throws -> Bool {
        guard let sql = db as? any SQLDatabase else { return false }
        let row = try await sql.select().column(SQLAlias(SQLFunction("COUNT", args: SQLLiteral.all), as: SQLIdentifier("n")))
            .from(DatasetFigure.schema)
            .where("measure", .equal, SQLBind(IndicatorBinding.referralsMeasure))
            .where("first_responder_type", .equal, SQLBind(IndicatorBinding.councilResponderType))
            .where("borough", .equal, SQLBind("")).first()
        return row.map { ProfileRepository.count($0, "n") } ?? 0 > 0
    }

    /// The group's governance actions with these ids (all of the group's when `ids` is nil).
    static func actions(ids: [UUID]?, groupID: UUID, on db: any Database) async throws -> [StrategyActionLine] {
        guard let sql = db as? any SQLDatabase else { return [] }
        if let ids, ids.isEmpty { return [] }
        var select = sql.select().columns("id", "title", "status", "due_on", "done_on").from("governance_actions")
            .where("group_id", .equal, SQLBind(groupID))
        if let ids { select = select.where("id", .in, SQLGroupExpression(ids.map { SQLBind($0) })) }
        let rows = try await select.orderBy("due_on").all()
        return try rows.map { row in
            StrategyActionLine(id: try row.decode(column: "id", as: UUID.self), title: try row.decode(column: "title", as: String.self),
                               status: PartnershipActionStatus(rawValue: try row.decode(column: "status", as: String.self)) ?? .open,
                               dueOn: Day(daysSinceEpoch: try row.decode(column: "due_on", as: Int.self)),
                               doneOn: try row.decode(column: "done_on", as: Int?.self).map(Day.init(daysSinceEpoch:)))
        }
    }
}
