import Fluent
import Foundation
import LanternCore

/// The demo's answered shares (fictional): on four of the demo council's open cases, a housing
/// share to the charity awaiting its answer, one accepted, one declined with a reason, and a
/// support share past its answer-by day that the day's sweep chases. Nothing when the demo has
/// fewer than eight open council cases.
enum ShareAnswerDemo {
    static func seedDemo(_ demo: DemoContext, on db: any Database) async throws {
        guard let council = demo.organisation(.council), let charity = demo.organisation(.charity),
              let worker = demo.person(.caseWorker) ?? demo.person(.modernSlaveryLead) else { return }
        let cases = try await CaseRecord.query(on: db).filter(\.$organisation.$id == council).filter(\.$erasedAt == nil)
            .filter(\.$stage != Stage.closed.rawValue).sort(\.$reference).limit(8).all()
        guard cases.count == 8 else { return }
        let today = demo.today, services = demo.services
        let answerer = try await User.query(on: db).filter(\.$organisation.$id == charity).filter(\.$disabledAt == nil).first()?.id
        let plans: [(CaseRecord, SharePurposeKind, Int, ShareAnswerState, String?)] = [
            (cases[4], .housing, 0, .awaiting, nil),
            (cases[5], .housing, -6, .accepted, nil),
            (cases[6], .housing, -8, .declined, "Fictional: no family-sized units in the borough this quarter; try the sub-regional scheme"),
            (cases[7], .support, -12, .awaiting, nil),
        ]
        for (record, kind, offset, state, reason) in plans {
            let caseID = try record.requireID()
            guard let cipher = try await services.caseKeys.cipher(for: caseID, on: db) else { continue }
            let sharedOn = today.adding(days: offset)
            let consent = ConsentRecord()
            consent.id = UUID()
            consent.$case.id = caseID
            consent.basis = SharingBasis.consent.rawValue
            consent.referToNRM = true
            consent.organisationIDs = charity.uuidString
            consent.scopes = ShareScope.stored([.decisionStatus, .caseWithoutIdentity])
            consent.sealedPurpose = try cipher.seal("Fictional: housing and support after the decision", context: consent.purposeSealContext)
            consent.obtainedHow = ConsentMethod.inPersonVerbal.rawValue
            consent.givenOn = max(record.identifiedOn, sharedOn.adding(days: -1).daysSinceEpoch)
            consent.validUntil = today.adding(days: 300).daysSinceEpoch
            consent.recordedBy = worker
            consent.recordedAt = demo.now
            try await consent.create(on: db)
            let share = CaseShare()
            share.id = UUID()
            share.$case.id = caseID
            share.$organisation.id = charity
            share.$consent.id = try consent.requireID()
            share.setScopes([.decisionStatus, .caseWithoutIdentity])
            share.sealedPurpose = try cipher.seal(kind == .housing ? "Fictional: a housing application" : "Fictional: a support worker",
                                                  context: share.purposeSealContext)
            share.startsOn = min(sharedOn.daysSinceEpoch, today.daysSinceEpoch)
            share.until = today.adding(days: 90).daysSinceEpoch
            share.grantedBy = worker
            share.grantedAt = demo.now
            try await share.create(on: db)
            let shareID = try share.requireID()
            try await ShareAnswerService.awaitAnswer(shareID: shareID, kind: kind, sharedOn: sharedOn, services: services, on: db)
            guard state != .awaiting, let row = try await ShareAnswerRecord.find(shareID, on: db) else { continue }
            row.answerState = state.rawValue
            row.answeredAt = demo.now
            row.answeredBy = answerer
            row.sealedAnswerReason = try reason.map { try cipher.seal($0, context: ShareAnswerRecord.reasonContext(shareID)) }
            try await row.save(on: db)
        }
        // The support share is past its day: the sweep chases the charity's leads.
        _ = try await ShareChase.run(services: services, today: today, on: db)
    }
}
