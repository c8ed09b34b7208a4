import Fluent
import Foundation
import LanternCore

/// Demo data for the referral's follow-up (fictional): a child's referral submitted 12 days ago
/// with its Home Office reference and acknowledgement, chased once by email 4 days ago and now
/// due a second chase (the day's `rg_chases` run gives the worker the task); and one submitted
/// 2 days ago, acknowledged yesterday, nothing due yet.
enum ReferralFollowUpDemo {
    static func seedDemo(_ demo: DemoContext, on db: any Database) async throws {
        guard let council = demo.organisation(.council), let worker = demo.person(.caseWorker) else { return }
        let today = demo.today, now = demo.now
        let child = CaseFacts(ageGroup: .child)
        let late = try await DutyToNotifyDemo.makeCase(
            demo, on: db, organisation: council, worker: worker, age: .child, gender: .female, nationality: "NGA", borough: "E09000007",
            types: [.sexual], identifiedOn: today.adding(days: -16),
            events: [(.referralDecision(consentGiven: nil), -15), (.referralMarkedReady, -13), (.referralSubmitted, -12)],
            facts: child, firstName: "Demo", lastName: "Example-Awaiting")
        try await record(late.id, reference: "NRM-2026-0412345", acknowledgedOn: today.adding(days: -10), worker: worker, now: now, on: db)
        let chaseID = UUID()
        let chase = RGChase()
        chase.id = chaseID
        chase.caseID = late.id
        chase.chasedOn = today.adding(days: -4).daysSinceEpoch
        chase.method = ReferralFollowUp.ChaseMethod.email.rawValue
        chase.sealedNote = try late.cipher.seal("Fictional: the duty inbox replied that a decision is expected next week.",
                                                context: RGChase.noteContext(chaseID))
        chase.recordedBy = worker
        chase.recordedAt = now
        try await chase.create(on: db)
        try await ReferralFollowUpService.timeline(late.id, name: "rg_chased",
                                                   label: Localiser.englishGB("followup.timeline.chased", ["method": ReferralFollowUp.ChaseMethod.email.label(.englishGB)]),
                                                   on: today.adding(days: -4), by: worker, at: now, on: db)

        let recent = try await DutyToNotifyDemo.makeCase(
            demo, on: db, organisation: council, worker: worker, age: .child, gender: .male, nationality: "ALB", borough: "E09000007",
            types: [.criminal], identifiedOn: today.adding(days: -5),
            events: [(.referralDecision(consentGiven: nil), -4), (.referralMarkedReady, -2), (.referralSubmitted, -2)],
            facts: child, firstName: "Demo", lastName: "Example-Submitted")
        try await record(recent.id, reference: "NRM-2026-0412399", acknowledgedOn: today.adding(days: -1), worker: worker, now: now, on: db)

        _ = try await RGChaseJob.run(services: demo.services, today: today, on: db)
    }

    private static func record(_ caseID: UUID, reference: String, acknowledgedOn: Day, worker: UUID, now: Date, on db: any Database) async throws {
        let row = ReferralFollowUpRecord()
        row.id = caseID
        row.homeOfficeReference = reference
        row.acknowledgedOn = acknowledgedOn.daysSinceEpoch
        row.recordedBy = worker
        row.recordedAt = now
        try await row.create(on: db)
        try await ReferralFollowUpService.timeline(caseID, name: "home_office_reference_recorded",
                                                   label: Localiser.englishGB("followup.timeline.reference-recorded"),
                                                   on: acknowledgedOn, by: worker, at: now, on: db)
        try await ReferralFollowUpService.timeline(caseID, name: "referral_acknowledged", label: Localiser.englishGB("followup.timeline.acknowledged"),
                                                   on: acknowledgedOn, by: worker, at: now, on: db)
    }
}
