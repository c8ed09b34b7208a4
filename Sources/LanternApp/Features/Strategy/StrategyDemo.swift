import Fluent
import Foundation
import LanternCore

/// The demo board's strategy (fictional): three priorities with objectives, the board's
/// actions linked to them, and four indicators — two bound to imported NRM figures (London
/// councils' referrals, the positive Conclusive Grounds share) and two entered per period
/// with values and targets. Run after the groups (and, if there are any, the actions); a
/// board that already has a strategy is left alone.
enum StrategyDemo {
    static func seedDemo(_ demo: DemoContext, on db: any Database) async throws {
        guard let board = try await PartnershipGroup.query(on: db).filter(\.$kind == GroupKind.board.rawValue).sort(\.$createdAt).first() else { return }
        let boardID = try board.requireID()
        guard try await StrategyPriority.query(on: db).filter(\.$groupID == boardID).count() == 0 else { return }
        let secretary = try await GroupMember.query(on: db).filter(\.$group.$id == boardID).inForce(on: demo.today).all()
            .first { $0.groupRole.isSecretariat }?.$user.id ?? demo.person(.boardSecretariat) ?? UUID()
        let actions = try await StrategyStore.actions(ids: nil, groupID: boardID, on: db)
        let now = demo.now
        let thisQuarter = Quarter(containing: demo.today)
        let thisYear = IndicatorPeriod.financialYear(containing: demo.today)

        let plan: [(priority: String, details: String, objectives: [String])] = [
            ("Identify and refer more victims", "Every borough recognises the signs and refers through the NRM.",
             ["Every London council refers through the National Referral Mechanism", "Frontline staff know the signs of modern slavery"]),
            ("Support survivors to recover", "Survivors get timely decisions and support that lasts.",
             ["More survivors receive a positive Conclusive Grounds decision in good time"]),
            ("Run the partnership in the open", "Publish what the board decides and how it performs.",
             ["Publish minutes, actions and terms of reference on time"]),
        ]
        try await db.transaction { tx in
            var objectives: [StrategyObjective] = []
            for (index, entry) in plan.enumerated() {
                let priority = StrategyPriority(groupID: boardID, position: index + 1, title: entry.priority, details: entry.details,
                                                createdAt: now, createdBy: secretary)
                try await priority.create(on: tx)
                for (position, title) in entry.objectives.enumerated() {
                    let objective = StrategyObjective(priorityID: try priority.requireID(), position: position + 1, title: title, details: "",
                                                      createdAt: now, createdBy: secretary)
                    try await objective.create(on: tx)
                    objectives.append(objective)
                }
            }
            let referrals = StrategyIndicator(objectiveID: try objectives[0].requireID(), name: "NRM referrals by London councils",
                                              binding: .nrmReferralsLondonCouncils, periodKind: .quarter, unit: .number, direction: .higher,
                                              target: 150, createdAt: now, createdBy: secretary)
            let trained = StrategyIndicator(objectiveID: try objectives[1].requireID(), name: "Boroughs whose frontline staff had modern slavery training",
                                            binding: nil, periodKind: .quarter, unit: .percent, direction: .higher, target: 80,
                                            createdAt: now, createdBy: secretary)
            let positive = StrategyIndicator(objectiveID: try objectives[2].requireID(), name: "Share of Conclusive Grounds decisions that were positive",
                                             binding: .positiveConclusiveGroundsShare, periodKind: .quarter, unit: .percent, direction: .higher,
                                             target: 70, createdAt: now, createdBy: secretary)
            let minutesDays = StrategyIndicator(objectiveID: try objectives[3].requireID(), name: "Average days from approval to publishing minutes",
                                                binding: nil, periodKind: .year, unit: .days, direction: .lower, target: 28,
                                                createdAt: now, createdBy: secretary)
            for indicator in [referrals, trained, positive, minutesDays] { try await indicator.create(on: tx) }
            // Four quarters of training coverage rising towards the target, and two years of publishing times.
            for (offset, value) in [(-4, 45.0), (-3, 52.0), (-2, 61.0), (-1, 68.0)] {
                try await Self.value(value, .quarter(thisQuarter.adding(quarters: offset)), trained, secretary, now, tx)
            }
            if let lastYear = IndicatorPeriod.financialYear(thisYear.year - 2), let previous = IndicatorPeriod.financialYear(thisYear.year - 1) {
                try await Self.value(41, lastYear, minutesDays, secretary, now, tx)
                try await Self.value(33, previous, minutesDays, secretary, now, tx)
            }
            // The board's actions, shared out over the objectives in turn.
            for (index, action) in actions.enumerated() {
                let link = StrategyObjectiveAction()
                link.id = UUID()
                link.$objective.id = try objectives[index % objectives.count].requireID()
                link.actionID = action.id
                link.createdAt = now
                link.createdBy = secretary
                try await link.create(on: tx)
            }
        }
    }

    private static func value(_ value: Double, _ period: IndicatorPeriod, _ indicator: StrategyIndicator, _ by: UUID, _ now: Date,
                              _ db: any Database) async throws {
        let row = StrategyIndicatorValue()
        row.id = UUID()
        row.$indicator.id = try indicator.requireID()
        row.period = period.text
        row.periodEnd = period.lastDay.daysSinceEpoch
        row.version = 1
        row.value = value
        row.recordedAt = now
        row.recordedBy = by
        try await row.create(on: db)
    }
}
