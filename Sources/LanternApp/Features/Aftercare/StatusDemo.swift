import Fluent
import Foundation
import LanternCore

/// The demo's status and housing records, on the demo council's first open cases (fictional,
/// like the cases): a person with no recourse to public funds and no support recorded, a
/// homelessness application owed the main housing duty with the pillars the Recovery Needs
/// Assessment granted, a reciprocal housing request answered and one still waiting (routed
/// through the demo directory, so it runs after the contacts directory's seed). Does nothing
/// when the demo holds fewer than four open council cases.
enum StatusDemo {
    static func seedDemo(_ demo: DemoContext, on db: any Database) async throws {
        guard let council = demo.organisation(.council), let worker = demo.person(.caseWorker) ?? demo.person(.modernSlaveryLead) else { return }
        let cases = try await CaseRecord.query(on: db).filter(\.$organisation.$id == council).filter(\.$erasedAt == nil)
            .filter(\.$stage != Stage.closed.rawValue).sort(\.$reference).limit(4).all()
        guard cases.count == 4 else { return }
        let services = demo.services, today = demo.today, now = demo.now
        let ids = try cases.map { try $0.requireID() }

        // No recourse to public funds, and no support recorded.
        try await status(ids[0], .noLeave, nrpf: true, from: today.adding(days: -30), by: worker, at: now, on: db)
        // Main housing duty, after the pillars were granted.
        try await status(ids[1], .victimSpecificLeave, nrpf: false, from: today.adding(days: -90), by: worker, at: now, on: db)
        for (pillar, outcome) in [(SupportPillar.accommodation, PillarOutcome.granted), (.financialSupport, .granted), (.supportWorker, .pending)] {
            let row = CaseRNAPillar()
            row.id = UUID()
            row.$case.id = ids[1]
            row.pillar = pillar.rawValue
            row.requestedOn = today.adding(days: -80).daysSinceEpoch
            row.outcome = outcome.rawValue
            row.decidedOn = outcome == .pending ? nil : today.adding(days: -60).daysSinceEpoch
            row.recordedBy = worker
            row.recordedAt = now
            try await row.create(on: db)
        }
        let application = HomelessnessApplication()
        application.id = UUID()
        application.$case.id = ids[1]
        application.boroughCode = "E09000007"
        application.appliedOn = today.adding(days: -56).daysSinceEpoch
        application.duty = HomelessnessDuty.main.rawValue
        application.priorityNeed = PriorityNeed.yes.rawValue
        application.decidedOn = today.adding(days: -20).daysSinceEpoch
        application.recordedBy = worker
        application.recordedAt = now
        if let cipher = try await services.caseKeys.cipher(for: ids[1], on: db) {
            application.sealedOutcome = try cipher.seal("Main duty accepted; temporary accommodation offered (demo).", context: application.outcomeSealContext)
        }
        try await application.create(on: db)

        // Two reciprocal housing requests: one answered, one waiting.
        for (index, borough, answered) in [(2, "E09000019", true), (3, "E09000028", false)] {
            guard let route = HousingRequestRules.route(to: borough, among: try await HousingRequestRouting.candidates(in: borough, on: db)),
                  let to = UUID(exactly: route.organisationID),
                  let cipher = try await services.caseKeys.cipher(for: ids[index], on: db) else { continue }
            let row = HousingRequest()
            row.id = UUID()
            row.$case.id = ids[index]
            row.fromOrganisationID = council
            row.toOrganisationID = to
            row.toTeamID = route.teamID.flatMap(UUID.init(exactly:))
            row.boroughCode = borough
            row.sentOn = today.adding(days: answered ? -21 : -3).daysSinceEpoch
            row.status = (answered ? HousingRequestStatus.accepted : .sent).rawValue
            row.sealedNote = try cipher.seal("One adult; ground floor or lift needed; away from the borough of exploitation (demo).", context: row.noteSealContext)
            if answered {
                row.answeredOn = today.adding(days: -14).daysSinceEpoch
                row.answeredBy = demo.person(.modernSlaveryLead)
                row.sealedAnswer = try cipher.seal("Accepted under the reciprocal arrangement; nomination to follow (demo).", context: row.answerSealContext)
            }
            row.recordedBy = worker
            row.recordedAt = now
            try await row.create(on: db)
            if !answered { try await HousingRequestRouting.notifyReceivers(of: row, services: services, on: db) }
        }
    }

    private static func status(_ caseID: UUID, _ status: ImmigrationStatus, nrpf: Bool, from: Day, by worker: UUID, at now: Date, on db: any Database) async throws {
        let row = CaseImmigrationStatus()
        row.id = UUID()
        row.$case.id = caseID
        row.immigrationStatus = status.rawValue
        row.nrpf = nrpf
        row.fromDay = from.daysSinceEpoch
        row.recordedBy = worker
        row.recordedAt = now
        try await row.create(on: db)
    }
}
