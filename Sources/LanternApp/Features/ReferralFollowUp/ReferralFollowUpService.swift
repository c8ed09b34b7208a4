import Fluent
import Foundation
import LanternCore
import SQLKit
import Vapor

/// Reads and writes a case's referral follow-up. Every write is checked by `ReferralFollowUp`
/// first, then written with its timeline entry and audit entry in one transaction; each change
/// is one guarded statement, so of many identical requests at once one changes the row.
struct ReferralFollowUpService {
    let request: Request

    /// What the page, the section and the API show of one case.
    struct Snapshot {
        var reference: String
        var submittedOn: Day?
        var decidedOn: Day?
        var awaitingDecision: Bool
        /// The negative decision whose reconsideration is awaited, and the day it was asked.
        var reconsidering: (decidedOn: Day, requestedOn: Day)?
        var expectedBy: Day?
        var homeOfficeReference: String?
        var acknowledgedOn: Day?
        var chases: [ChaseLine]
        /// The chase window a task is due for today (`ReferralFollowUp.dueWindow`), if any.
        var dueWindow: Int?
    }

    struct ChaseLine {
        var id: UUID
        var on: Day
        var method: ReferralFollowUp.ChaseMethod?
        var note: String?
        var recordedBy: String?
    }

    /// The case's follow-up; notes opened only with the case's cipher (nil: not shown).
    static func load(_ access: AccessibleCase, openNotes: Bool, request: Request) async throws -> Snapshot {
        let record = access.record
        let caseID = try record.requireID()
        let state = record.state
        let row = try await ReferralFollowUpRecord.find(caseID, on: request.db)
        let chases = try await RGChase.query(on: request.db).filter(\.$caseID == caseID)
            .sort(\.$chasedOn, .descending).sort(\.$recordedAt, .descending).all()
        let people = Set(chases.map(\.recordedBy))
        let names = people.isEmpty ? [:] : Dictionary(try await User.query(on: request.db).filter(\.$id ~~ Array(people)).all()
            .compactMap { user in user.id.map { ($0, user.displayName) } }, uniquingKeysWith: { a, _ in a })
        let cipher = openNotes ? access.caseCipher : nil
        let lines = try chases.map { chase in
            let id = try chase.requireID()
            return ChaseLine(id: id, on: Day(daysSinceEpoch: chase.chasedOn), method: chase.chaseMethod,
                             note: try cipher.flatMap { c in try chase.sealedNote.map { try c.open($0, context: RGChase.noteContext(id)) } },
                             recordedBy: names[chase.recordedBy])
        }
        let days = request.application.lantern.settings.rgExpectedDays
        // A reconsideration's wait counts from its request (`ReferralFollowUp.wait`).
        let wait = ReferralFollowUp.wait(state)
        let due = wait.flatMap {
            ReferralFollowUp.dueWindow(submittedOn: $0.since, awaitingDecision: true, lastChasedOn: lines.first?.on, expectedDays: days,
                                       today: request.today)
        }
        var earlier: (decidedOn: Day, requestedOn: Day)?
        if let wait, wait.reconsideration, let negative = state.reasonableGrounds { earlier = (negative.on, wait.since) }
        return Snapshot(reference: record.reference, submittedOn: state.referralSubmittedOn, decidedOn: ReferralFollowUp.decisionEndingChases(state),
                        awaitingDecision: wait != nil, reconsidering: earlier,
                        expectedBy: (wait?.since ?? state.referralSubmittedOn).map { ReferralFollowUp.expectedBy(submittedOn: $0, expectedDays: days) },
                        homeOfficeReference: row?.homeOfficeReference, acknowledgedOn: row?.acknowledgedOn.map(Day.init(daysSinceEpoch:)),
                        chases: lines, dueWindow: due)
    }

    /// Records the reference and the acknowledgement. Returns whether anything changed; each
    /// value that changed is one guarded UPDATE and one timeline entry.
    @discardableResult
    func record(_ recorded: ReferralFollowUp.Recorded, on access: AccessibleCase) async throws -> Bool {
        _ = try access.cipher
        let caseID = try access.record.requireID()
        let userID = try request.requireSignedIn().userID
        let now = request.application.lantern.now, today = request.today
        return try await request.db.transaction { tx -> Bool in
            guard let sql = tx as? any SQLDatabase else { throw LanternError.notFound }
            try await sql.insert(into: ReferralFollowUpRecord.schema)
                .columns("case_id", "recorded_by", "recorded_at")
                .values(SQLBind(caseID), SQLBind(userID), SQLBind(now))
                .ignoringConflicts(with: ["case_id"]).run()
            // One guarded UPDATE per value: it changes (and says so) only when the value differs.
            func change(_ column: String, to value: SQLBind?) async throws -> Bool {
                var update = sql.update(ReferralFollowUpRecord.schema).set("recorded_by", to: userID).set("recorded_at", to: now)
                    .where("case_id", .equal, caseID)
                if let value {
                    update = update.set(SQLIdentifier(column), to: value)
                        .where(group: { $0.where(SQLIdentifier(column), .is, SQLLiteral.null).orWhere(SQLIdentifier(column), .notEqual, value) })
                } else {
                    update = update.set(SQLIdentifier(column), to: SQLLiteral.null).where(SQLIdentifier(column), .isNot, SQLLiteral.null)
                }
                return try await update.returning("case_id").first() != nil
            }
            let referenceChanged = try await change("home_office_reference", to: recorded.homeOfficeReference.map(SQLBind.init))
            let acknowledgementChanged = try await change("acknowledged_on", to: recorded.acknowledgedOn.map { SQLBind($0.daysSinceEpoch) })
            // The label never carries the reference itself: partners who see the timeline see labels.
            if referenceChanged, recorded.homeOfficeReference != nil {
                try await Self.timeline(caseID, name: "home_office_reference_recorded",
                                        label: Localiser.englishGB("followup.timeline.reference-recorded"),
                                        on: today, by: userID, at: now, on: tx)
            }
            if acknowledgementChanged, let day = recorded.acknowledgedOn {
                try await Self.timeline(caseID, name: "referral_acknowledged", label: Localiser.englishGB("followup.timeline.acknowledged"),
                                        on: day, by: userID, at: now, on: tx)
            }
            guard referenceChanged || acknowledgementChanged else { return false }
            try await request.audit(AuditEvent(action: "case.referral_followup_recorded", recordType: "case", recordID: caseID.uuidString), on: tx)
            return true
        }
    }

    /// Records a chase (its note sealed with the case's key), logs it on the timeline and marks
    /// the case's open chase tasks done. Nil when the same chase (day and method) is already
    /// recorded: the insert is one statement that names the unique (case, day, method).
    func recordChase(_ chase: ReferralFollowUp.Chase, on access: AccessibleCase) async throws -> RGChase? {
        let cipher = try access.cipher
        let caseID = try access.record.requireID()
        let userID = try request.requireSignedIn().userID
        let now = request.application.lantern.now
        let id = UUID()
        let sealed = try chase.note.map { try cipher.seal($0, context: RGChase.noteContext(id)) }
        let won = try await request.db.transaction { tx -> Bool in
            guard let sql = tx as? any SQLDatabase else { throw LanternError.notFound }
            let inserted = try await sql.insert(into: RGChase.schema)
                .columns("id", "case_id", "chased_on", "method", "sealed_note", "recorded_by", "recorded_at")
                .values(SQLBind(id), SQLBind(caseID), SQLBind(chase.on.daysSinceEpoch), SQLBind(chase.method.rawValue), SQLBind(sealed),
                        SQLBind(userID), SQLBind(now))
                .ignoringConflicts(with: ["case_id", "chased_on", "method"])
                .returning("id").first()
            guard inserted != nil else { return false }
            try await Self.timeline(caseID, name: "rg_chased",
                                    label: Localiser.englishGB("followup.timeline.chased", ["method": chase.method.label(.englishGB)]),
                                    on: chase.on, by: userID, at: now, on: tx)
            try await sql.update(PersonTask.schema).set("done_at", to: now)
                .where("source_key", .like, RGChaseJob.sourceKeyPrefix(caseID) + "%").where("done_at", .is, SQLLiteral.null).run()
            try await request.audit(AuditEvent(action: "case.rg_chase_recorded", recordType: "case", recordID: caseID.uuidString), on: tx)
            return true
        }
        guard won else { return nil }
        return try await RGChase.find(id, on: request.db)
    }

    /// A step on the case's timeline that is not a pathway event (the stage does not change).
    static func timeline(_ caseID: UUID, name: String, label: String, on day: Day, by userID: UUID, at now: Date,
                         on db: any Database) async throws {
        let entry = CaseEvent()
        entry.id = UUID()
        entry.$case.id = caseID
        entry.name = name
        entry.label = label
        entry.event = "{}"
        entry.occurredOn = day.daysSinceEpoch
        entry.recordedAt = now
        entry.recordedBy = userID
        try await entry.create(on: db)
    }
}
