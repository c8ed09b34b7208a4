import Fluent
import Foundation
import LanternCore

/// The demo's children's pathway: four fictional children's cases of the demo council, recorded
/// by its case worker — one whose first 72 hours are running, one missing now, one whose return
/// home interview is overdue, and one turning 18 within six months (county lines, a section 45
/// note). Times are relative to the demo's start.
enum ChildrenDemo {
    static func seedDemo(_ demo: DemoContext, on db: any Database) async throws {
        guard let council = demo.organisation(.council), let worker = demo.person(.caseWorker) ?? demo.people.values.first else { return }
        let now = demo.now, hour: TimeInterval = 3600
        func ago(_ hours: Double) -> Date { now.addingTimeInterval(-hours * hour) }

        // 1. Came into contact 20 hours ago: the strategy discussion is held, the rest outstanding.
        let running = try await makeCase(demo, council: council, worker: worker, name: "Demo child A (fictional)",
                                         identifiedDaysAgo: 1, countyLines: false, on: db)
        try await pathway(running, demo: demo, worker: worker, contact: ago(20), turns18: nil, countyLines: false, criminal: false,
                          section45: nil, on: db)
        try await checklist(running, demo: demo, worker: worker, done: [.strategyDiscussion: ago(6)], notNeeded: [:], on: db)

        // 2. Missing now, since 30 hours ago; an earlier episode's interview was held in time.
        let missing = try await makeCase(demo, council: council, worker: worker, name: "Demo child B (fictional)",
                                         identifiedDaysAgo: 20, countyLines: true, on: db)
        try await pathway(missing, demo: demo, worker: worker, contact: ago(20 * 24), turns18: nil, countyLines: true, criminal: true,
                          section45: nil, on: db)
        try await checklist(missing, demo: demo, worker: worker,
                            done: [.strategyDiscussion: ago(470), .safePlacement: ago(460), .healthCheck: ago(440), .returnInterview: ago(430)],
                            notNeeded: [.interpreter: "Speaks English as a first language (demo)"], on: db)
        try await episode(missing, worker: worker, from: ago(10 * 24), until: ago(9 * 24), offered: ago(9 * 24 - 4), held: ago(9 * 24 - 30),
                          at: now, on: db)
        try await episode(missing, worker: worker, from: ago(30), until: nil, offered: nil, held: nil, at: now, on: db)

        // 3. Came back five days ago: the interview was offered, never held (overdue).
        let overdue = try await makeCase(demo, council: council, worker: worker, name: "Demo child C (fictional)",
                                         identifiedDaysAgo: 40, countyLines: false, on: db)
        try await pathway(overdue, demo: demo, worker: worker, contact: ago(40 * 24), turns18: nil, countyLines: false, criminal: true,
                          section45: nil, on: db)
        try await checklist(overdue, demo: demo, worker: worker,
                            done: [.strategyDiscussion: ago(950), .safePlacement: ago(940), .healthCheck: ago(930), .interpreter: ago(950),
                                   .returnInterview: ago(920)], notNeeded: [:], on: db)
        try await episode(overdue, worker: worker, from: ago(7 * 24), until: ago(5 * 24), offered: ago(4 * 24), held: nil, at: now, on: db)

        // 4. Turns 18 in four months: plan the transition to adult support.
        let turning = try await makeCase(demo, council: council, worker: worker, name: "Demo child D (fictional)",
                                         identifiedDaysAgo: 120, countyLines: true, on: db)
        let c = demo.today.components, index = c.year * 12 + c.month - 1 + 4
        try await pathway(turning, demo: demo, worker: worker, contact: ago(120 * 24), turns18: (index / 12) * 100 + index % 12 + 1,
                          countyLines: true, criminal: true,
                          section45: "Fictional demo note: found holding drugs for an older group under threat; a section 45 defence is being considered.",
                          on: db)
        try await checklist(turning, demo: demo, worker: worker,
                            done: [.strategyDiscussion: ago(2870), .safePlacement: ago(2860), .healthCheck: ago(2850), .returnInterview: ago(2840)],
                            notNeeded: [.interpreter: "Not needed (demo)"], on: db)
    }

    /// A child's case as `CaseService.create` records it, with its own key.
    static func makeCase(_ demo: DemoContext, council: UUID, worker: UUID, name: String, identifiedDaysAgo: Int, countyLines: Bool,
                         on db: any Database) async throws -> (record: CaseRecord, cipher: FieldCipher) {
        let now = demo.now, identified = demo.today.adding(days: -identifiedDaysAgo)
        var state = PathwayState()
        state.lastEventOn = identified
        state.stageEnteredOn = identified
        let record = CaseRecord()
        record.id = UUID()
        record.reference = CaseReference.generate()
        record.$organisation.id = council
        record.createdBy = worker
        record.createdAt = now
        record.updatedAt = now
        record.recordKey = RecordKey.random().value
        record.ageGroup = AgeGroup.child.rawValue
        record.ageGroupAtExploitation = AgeGroup.child.rawValue
        record.gender = Gender.male.rawValue
        record.nationality = "GBR"
        record.language = nil
        record.interpreterNeeded = false
        record.boroughIdentified = "E09000007"
        record.boroughExploited = "E09000007"
        record.exploitationLocation = ExploitationLocation.uk.rawValue
        record.countyLines = countyLines
        record.firstResponderType = FirstResponderType(organisationKind: .council).rawValue
        record.identifiedOn = identified.daysSinceEpoch
        record.dutyToNotify = false
        record.legalHold = false
        record.stage = state.stage.rawValue
        record.dueOn = state.deadline(limits: CaseService.limits)?.due.daysSinceEpoch
        record.pathwayState = try CaseService.encode(state)
        record.setReportingColumns(types: [.criminal])
        let key = try demo.services.caseKeys.newKey(for: try record.requireID(), at: now)
        var details = ReferralDetails()
        details.firstName = name
        record.sealedReferral = try key.cipher.seal(try CaseService.encode(details), context: record.referralSealContext)
        try await db.transaction { tx in
            try await record.create(on: tx)
            try await key.row.create(on: tx)
            try await CaseExploitationType(caseID: record.requireID(), type: .criminal, recordKey: RecordKey(record.recordKey) ?? RecordKey.random())
                .create(on: tx)
            let event = CaseEvent()
            event.id = UUID()
            event.$case.id = try record.requireID()
            event.name = "identified"
            event.label = "Potential victim identified"
            event.event = "{}"
            event.occurredOn = identified.daysSinceEpoch
            event.recordedAt = now
            event.recordedBy = worker
            try await event.create(on: tx)
        }
        return (record, key.cipher)
    }

    static func pathway(_ child: (record: CaseRecord, cipher: FieldCipher), demo: DemoContext, worker: UUID, contact: Date, turns18: Int?,
                        countyLines: Bool, criminal: Bool, section45: String?, on db: any Database) async throws {
        let row = ChildRecord()
        row.id = UUID()
        row.caseID = try child.record.requireID()
        row.cameIntoContactAt = contact
        row.turns18Month = turns18
        row.countyLines = countyLines
        row.criminalExploitation = criminal
        row.sealedSection45Note = try section45.map { try child.cipher.seal($0, context: row.section45SealContext) }
        row.recordedBy = worker
        row.recordedAt = demo.now
        row.updatedBy = worker
        row.updatedAt = demo.now
        try await row.create(on: db)
    }

    static func checklist(_ child: (record: CaseRecord, cipher: FieldCipher), demo: DemoContext, worker: UUID,
                          done: [ChildChecklistItem: Date], notNeeded: [ChildChecklistItem: String], on db: any Database) async throws {
        for item in ChildChecklistItem.allCases where done[item] != nil || notNeeded[item] != nil {
            let entry = ChildChecklistEntry()
            entry.id = UUID()
            entry.caseID = try child.record.requireID()
            entry.item = item.rawValue
            entry.doneAt = done[item]
            entry.doneBy = done[item] == nil ? nil : worker
            entry.sealedNotNeededReason = try notNeeded[item].map { try child.cipher.seal($0, context: entry.reasonSealContext) }
            entry.recordedBy = worker
            entry.recordedAt = demo.now
            try await entry.create(on: db)
        }
    }

    static func episode(_ child: (record: CaseRecord, cipher: FieldCipher), worker: UUID, from: Date, until: Date?, offered: Date?,
                        held: Date?, at now: Date, on db: any Database) async throws {
        let row = ChildMissingEpisode()
        row.id = UUID()
        row.caseID = try child.record.requireID()
        row.fromAt = from
        row.untilAt = until
        row.interviewOfferedAt = offered
        row.interviewHeldAt = held
        row.recordedBy = worker
        row.recordedAt = now
        row.updatedBy = worker
        row.updatedAt = now
        try await row.create(on: db)
    }
}
