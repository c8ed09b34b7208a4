import Fluent
import Foundation
import LanternCore

/// Fictional cases for the demo: a Duty to Notify still in force (with its report), one whose
/// adult later consented and became a referral (the notification's date kept), and a child's
/// case in a borough of the child decision-making pilot whose decisions the local panel made
/// and who is now supported by children's services.
enum DutyToNotifyDemo {
    static func seedDemo(_ demo: DemoContext, on db: any Database) async throws {
        guard let council = demo.organisation(.council), let worker = demo.person(.caseWorker) else { return }
        let today = demo.today
        let adult = CaseFacts(ageGroup: .adult, referralConsent: true)

        // An adult who declined 30 days ago: a Duty to Notify with its report.
        let notified = try await makeCase(demo, on: db, organisation: council, worker: worker, age: .adult, gender: .male, nationality: "ALB",
                                          borough: "E09000007", types: [.labour], identifiedOn: today.adding(days: -31),
                                          events: [(.referralDecision(consentGiven: false), -30)], facts: CaseFacts(ageGroup: .adult))
        try await addReport(demo, on: db, caseID: notified.id, cipher: notified.cipher, worker: worker,
                            DutyToNotifyAnswers(reason: .fearOfExploiters, stillInSituation: .no, reportedToPolice: .notKnown,
                                                policeMayContact: .no, details: "Fictional: worried the gang master will find out."))

        // An adult who declined 70 days ago and consented 20 days ago: now a referral being prepared.
        let converted = try await makeCase(demo, on: db, organisation: council, worker: worker, age: .adult, gender: .female,
                                           nationality: "VNM", borough: "E09000007", types: [.domestic], identifiedOn: today.adding(days: -71),
                                           events: [(.referralDecision(consentGiven: false), -70), (.consentAfterNotification, -20)],
                                           facts: adult, firstName: "Demo", lastName: "Example-Consented")
        try await addReport(demo, on: db, caseID: converted.id, cipher: converted.cipher, worker: worker,
                            DutyToNotifyAnswers(reason: .notReadyNow, stillInSituation: .yes, reportedToPolice: .no, policeMayContact: .no))
        try await addConsent(demo, on: db, caseID: converted.id, cipher: converted.cipher, worker: worker, referToNRM: false,
                             givenOn: today.adding(days: -70))
        try await addConsent(demo, on: db, caseID: converted.id, cipher: converted.cipher, worker: worker, referToNRM: true,
                             givenOn: today.adding(days: -20))

        // A child in Barking and Dagenham (a pilot borough): the local panel's decisions, children's services' support.
        let child = CaseFacts(ageGroup: .child, inChildDecisionPilot: true)
        _ = try await makeCase(demo, on: db, organisation: council, worker: worker, age: .child, gender: .male, nationality: "GBR",
                               borough: "E09000002", types: [.criminal], countyLines: true, identifiedOn: today.adding(days: -101),
                               events: [(.referralDecision(consentGiven: nil), -100), (.referralMarkedReady, -97), (.referralSubmitted, -97),
                                        (.reasonableGroundsDecision(.positive), -92), (.conclusiveGroundsDecision(.positive), -45)],
                               facts: child, firstName: "Demo", lastName: "Example-Child")
    }

    struct Made { let id: UUID; let cipher: FieldCipher }

    /// A case recorded as `CaseService` records one, its pathway applied by `Pathway` (the same
    /// rules), each step on the timeline.
    static func makeCase(_ demo: DemoContext, on db: any Database, organisation: UUID, worker: UUID, age: AgeGroup, gender: Gender,
                         nationality: String, borough: String, types: Set<ExploitationType>, countyLines: Bool = false,
                         identifiedOn: Day, events: [(PathwayEvent, Int)], facts: CaseFacts,
                         firstName: String? = nil, lastName: String? = nil) async throws -> Made {
        let now = demo.now
        var state = PathwayState()
        state.lastEventOn = identifiedOn
        state.stageEnteredOn = identifiedOn
        var applied: [(PathwayEvent, Day)] = []
        for (event, offset) in events {
            let day = demo.today.adding(days: offset)
            state = try Pathway.apply(event, on: day, today: demo.today, to: state, facts: facts, limits: CaseService.limits)
            applied.append((event, day))
        }
        let record = CaseRecord()
        let caseID = UUID()
        record.id = caseID
        record.reference = CaseReference.generate()
        record.$organisation.id = organisation
        record.createdBy = worker
        record.createdAt = now
        record.updatedAt = now
        record.recordKey = RecordKey.random().value
        record.ageGroup = age.rawValue
        record.ageGroupAtExploitation = age.rawValue
        record.gender = gender.rawValue
        record.nationality = nationality
        record.language = nil
        record.interpreterNeeded = false
        record.boroughIdentified = borough
        record.boroughExploited = borough
        record.exploitationLocation = ExploitationLocation.uk.rawValue
        record.countyLines = countyLines
        record.firstResponderType = FirstResponderType(organisationKind: .council).rawValue
        record.identifiedOn = identifiedOn.daysSinceEpoch
        record.dutyToNotify = false
        record.legalHold = false
        try CaseService.store(state, on: record)
        record.setReportingColumns(types: types)
        var details = ReferralDetails()
        details.firstName = firstName
        details.lastName = lastName
        let caseKey = try demo.services.caseKeys.newKey(for: caseID, at: now)
        record.sealedReferral = try caseKey.cipher.seal(try CaseService.encode(details), context: record.referralSealContext)
        let steps = applied
        try await db.transaction { tx in
            try await record.create(on: tx)
            try await caseKey.row.create(on: tx)
            let recordKey = RecordKey(record.recordKey) ?? RecordKey.random()
            for type in types { try await CaseExploitationType(caseID: caseID, type: type, recordKey: recordKey).create(on: tx) }
            try await timeline(caseID, name: "identified", label: "Potential victim identified", event: "{}", on: identifiedOn,
                               worker: worker, at: now, on: tx)
            for (event, day) in steps {
                try await timeline(caseID, name: event.name, label: event.label, event: try CaseService.encode(CaseService.withoutFreeText(event)),
                                   on: day, worker: worker, at: now, on: tx)
            }
        }
        return Made(id: caseID, cipher: caseKey.cipher)
    }

    static func timeline(_ caseID: UUID, name: String, label: String, event: String, on day: Day, worker: UUID, at now: Date,
                         on db: any Database) async throws {
        let entry = CaseEvent()
        entry.id = UUID()
        entry.$case.id = caseID
        entry.name = name
        entry.label = label
        entry.event = event
        entry.occurredOn = day.daysSinceEpoch
        entry.recordedAt = now
        entry.recordedBy = worker
        try await entry.create(on: db)
    }

    static func addReport(_ demo: DemoContext, on db: any Database, caseID: UUID, cipher: FieldCipher, worker: UUID,
                          _ answers: DutyToNotifyAnswers) async throws {
        let row = DutyToNotifyReport()
        row.id = UUID()
        row.caseID = caseID
        try row.set(answers, using: cipher)
        row.recordedBy = worker
        row.recordedAt = demo.now
        row.updatedBy = worker
        row.updatedAt = demo.now
        try await row.create(on: db)
    }

    static func addConsent(_ demo: DemoContext, on db: any Database, caseID: UUID, cipher: FieldCipher, worker: UUID, referToNRM: Bool,
                           givenOn: Day) async throws {
        let consent = ConsentRecord()
        consent.id = UUID()
        consent.$case.id = caseID
        consent.basis = SharingBasis.consent.rawValue
        consent.referToNRM = referToNRM
        consent.organisationIDs = ""
        consent.scopes = ""
        consent.sealedPurpose = try cipher.seal(referToNRM ? "Fictional: now wants to be referred" : "Fictional: explained the NRM; declined",
                                                context: consent.purposeSealContext)
        consent.obtainedHow = "in_person_verbal"
        consent.givenOn = givenOn.daysSinceEpoch
        consent.validUntil = givenOn.adding(days: 365).daysSinceEpoch
        consent.recordedBy = worker
        // Recorded in order: the later decision is the one in force.
        consent.recordedAt = demo.now.addingTimeInterval(referToNRM ? 1 : 0)
        try await consent.create(on: db)
    }
}
