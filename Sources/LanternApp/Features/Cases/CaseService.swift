import Fluent
import Vapor
import LanternCore

/// The case operations both the pages and the API use. Each validates fully first, then
/// writes the change and its audit entry in one transaction: nothing is stored half-way.
struct CaseService {
    let request: Request
    var services: LanternServices { request.application.lantern }
    /// The field key: blind indexes only. A case's identifying fields are sealed with the
    /// case's own key (`CaseKeyring`), passed in as `caseCipher`.
    var cipher: FieldCipher { services.cipher }

    static let limits = PathwayTimeLimits()

    // MARK: Creating

    struct Created {
        let record: CaseRecord
    }

    func create(_ input: ValidCaseInput) async throws -> CaseRecord {
        let context = try request.authoriseCreating(.createCase)
        let now = services.now
        let organisation = try await Organisation.find(context.organisationID, on: request.db)
        var details = ReferralDetails()
        details.firstName = input.firstName
        details.lastName = input.lastName
        details.nickname = input.nickname
        details.dateOfBirth = input.dateOfBirth?.iso
        details.interpreterNeeded = input.interpreterNeeded
        details.interpreterLanguage = input.interpreterNeeded ? input.language : nil
        var state = PathwayState()
        state.lastEventOn = input.identifiedOn
        state.stageEnteredOn = input.identifiedOn

        let record = CaseRecord()
        record.id = UUID()
        record.reference = CaseReference.generate()
        record.$organisation.id = context.organisationID
        record.createdBy = context.userID
        record.workerID = context.userID
        record.createdAt = now
        record.updatedAt = now
        record.recordKey = RecordKey.random().value
        record.ageGroup = input.ageGroup.rawValue
        record.ageGroupAtExploitation = input.ageGroupAtExploitation.rawValue
        record.gender = input.gender.rawValue
        record.nationality = input.nationality
        record.language = input.language
        record.interpreterNeeded = input.interpreterNeeded
        record.boroughIdentified = input.boroughIdentified
        record.boroughExploited = input.boroughExploited
        record.exploitationLocation = input.exploitationLocation.rawValue
        record.countyLines = input.countyLines
        record.firstResponderType = FirstResponderType(organisationKind: organisation?.organisationKind ?? .council).rawValue
        record.identifiedOn = input.identifiedOn.daysSinceEpoch
        record.personMatchKey = PersonMatch.matchText(firstName: input.firstName, lastName: input.lastName,
                                                      dateOfBirth: input.dateOfBirth?.iso)
            .map { cipher.blindIndex($0, purpose: "person-match") }
        record.dutyToNotify = false
        record.legalHold = false
        try store(state, on: record)
        record.setReportingColumns(types: input.exploitationTypes)
        // The case's own key, stored with the case: erasing the case destroys it.
        let caseKey = try services.caseKeys.newKey(for: try record.requireID(), at: now)
        record.sealedReferral = try caseKey.cipher.seal(try Self.encode(details), context: record.referralSealContext)
        let searchDetails = details

        try await request.db.transaction { tx in
            try await record.create(on: tx)
            try await caseKey.row.create(on: tx)
            try await CaseSearchIndex.write(caseID: record.requireID(), organisationID: context.organisationID, details: searchDetails,
                                            services: services, on: tx)
            let recordKey = RecordKey(record.recordKey) ?? RecordKey.random()
            // In one order, so concurrent writers take the summary cells' locks alike (ProfileCellTriggers).
            for type in input.exploitationTypes.sorted(by: { $0.rawValue < $1.rawValue }) {
                try await CaseExploitationType(caseID: record.requireID(), type: type, recordKey: recordKey).create(on: tx)
            }
            try await self.addTimeline(name: "identified", label: "Potential victim identified", event: "{}",
                                       on: input.identifiedOn, note: nil, to: record, sealedWith: caseKey.cipher, db: tx)
            try await request.audit(AuditEvent(action: "case.created", recordType: "case", recordID: record.id?.uuidString), on: tx)
        }
        return record
    }

    // MARK: Reading

    func referral(of record: CaseRecord, using caseCipher: FieldCipher) throws -> ReferralDetails {
        let json = try caseCipher.open(record.sealedReferral, context: record.referralSealContext)
        return try JSONDecoder().decode(ReferralDetails.self, from: Data(json.utf8))
    }

    func attributes(of record: CaseRecord, consentRecorded: Bool) -> CaseAttributes {
        CaseAttributes(ageGroup: record.age, gender: Gender(rawValue: record.gender) ?? .unknown, nationality: record.nationality,
                       exploitationTypes: Set(record.exploitationTypes.compactMap { ExploitationType(rawValue: $0.type) }),
                       exploitationLocation: ExploitationLocation(rawValue: record.exploitationLocation) ?? .unknown,
                       adultConsentRecorded: consentRecorded)
    }

    /// The consent in force now that lets an adult be referred (nil if none).
    func referralConsent(of record: CaseRecord) async throws -> ConsentRecord? {
        let consents = try await ConsentRecord.query(on: request.db).filter(\.$case.$id == record.requireID())
            .filter(\.$referToNRM != nil).all()
        return Self.referralConsent(among: consents, today: request.today)
    }

    /// The same choice among consent records already read: the newest with a referral
    /// decision that is in force, or a refusal that was never withdrawn.
    static func referralConsent(among consents: [ConsentRecord], today: Day) -> ConsentRecord? {
        consents.filter { $0.referToNRM != nil }.sorted { $0.recordedAt > $1.recordedAt }
            .first { $0.terms.inForce(on: today) || ($0.withdrawnOn == nil && $0.referToNRM == false) }
    }

    func missingDetails(of record: CaseRecord, using caseCipher: FieldCipher) async throws -> [MissingDetail] {
        try missingDetails(of: record, referralConsent: try await referralConsent(of: record), using: caseCipher)
    }

    func missingDetails(of record: CaseRecord, referralConsent consent: ConsentRecord?, using caseCipher: FieldCipher) throws -> [MissingDetail] {
        ReferralCompleteness.missing(try referral(of: record, using: caseCipher),
                                     attributes(of: record, consentRecorded: consent?.referToNRM == true))
    }

    /// Earlier cases for the same person (matched by keyed hash), newest first. Telling one
    /// organisation that another holds a case about this person is a disclosure: each time,
    /// it is recorded on the other case's audit trail, so its holder sees who was told.
    func previousCases(of record: CaseRecord) async throws -> [CaseRecord] {
        guard let key = record.personMatchKey else { return [] }
        let matches = try await CaseRecord.query(on: request.db).filter(\.$personMatchKey == key)
            .filter(\.$id != record.requireID()).with(\.$organisation).sort(\.$createdAt, .descending).all()
        for other in matches where other.$organisation.id != record.$organisation.id {
            try await request.audit(AuditEvent(action: "case.possible_match_shown", recordType: "case",
                                               recordID: other.id?.uuidString))
        }
        return matches
    }

    // MARK: Pathway

    /// Records a pathway event. A refused transition throws `LanternError.invalid` with the reason.
    func apply(_ requested: PathwayEvent, on date: Day, note: String?, to record: CaseRecord, using caseCipher: FieldCipher) async throws {
        var event = requested
        let age = record.age
        if case .referralDecision = event, !age.treatedAsChild {
            // An adult's decision comes from their recorded consent, never from a checkbox.
            guard let consent = try await referralConsent(of: record) else {
                throw LanternError.invalid([("event", "Record the adult's consent decision first (consent records).")])
            }
            event = .referralDecision(consentGiven: consent.referToNRM)
        }
        let facts = try await facts(of: record, using: caseCipher)
        let next: PathwayState
        do {
            next = try Pathway.apply(event, on: date, today: request.today, to: record.state, facts: facts, limits: Self.limits)
        } catch {
            throw LanternError.invalid([("event", error.reason)])
        }
        try store(next, on: record)
        // At 18 the case is an adult's: the adult Recovery Needs Assessment is next.
        if case .transitionToAdultSupport = event { record.ageGroup = AgeGroup.adult.rawValue }
        record.updatedAt = services.now
        var closingNote = note
        if case .closed(let reason) = event { closingNote = reason }
        let stored = try Self.encode(Self.withoutFreeText(event))
        let (applied, timelineNote) = (event, closingNote)
        try await request.db.transaction { tx in
            try await record.save(on: tx)
            try await self.addTimeline(name: applied.name, label: applied.label, event: stored, on: date, note: timelineNote,
                                       to: record, sealedWith: caseCipher, db: tx)
            try await request.audit(AuditEvent(action: "case.\(applied.name)", recordType: "case", recordID: record.id?.uuidString), on: tx)
        }
    }

    /// What the pathway's rules need to know about this case besides its pathway: the
    /// referral's completeness, the recorded consent, the date of birth when known, and
    /// whether a child's decisions are the local panel's (the pilot boroughs' setting).
    func facts(of record: CaseRecord, using caseCipher: FieldCipher) async throws -> CaseFacts {
        let consent = try await referralConsent(of: record)
        let details = try referral(of: record, using: caseCipher)
        let pilot = record.boroughIdentified.map(services.settings.childDecisionPilotBoroughs.contains) ?? false
        return CaseFacts(ageGroup: record.age,
                         missingReferralDetails: try missingDetails(of: record, referralConsent: consent, using: caseCipher),
                         inChildDecisionPilot: pilot, referralConsent: consent?.referToNRM,
                         dateOfBirth: details.dateOfBirth.flatMap(Day.init(iso:)))
    }

    /// Saves the referral details (identifying, so sealed again with a fresh nonce).
    func updateReferral(_ details: ReferralDetails, on record: CaseRecord, using caseCipher: FieldCipher) async throws {
        guard record.state.stage == .preparingReferral || record.state.stage == .identified else {
            throw LanternError.invalid([("referral", "The referral has been submitted; its details can no longer be changed here.")])
        }
        record.sealedReferral = try caseCipher.seal(try Self.encode(details), context: record.referralSealContext)
        record.personMatchKey = PersonMatch.matchText(firstName: details.firstName, lastName: details.lastName,
                                                      dateOfBirth: details.dateOfBirth)
            .map { cipher.blindIndex($0, purpose: "person-match") }
        record.updatedAt = services.now
        // New details may leave the referral incomplete again.
        var state = record.state
        if state.referralReady { state.referralReady = false; try store(state, on: record) }
        try await request.db.transaction { tx in
            try await record.save(on: tx)
            try await CaseSearchIndex.write(caseID: record.requireID(), organisationID: record.$organisation.id, details: details,
                                            services: services, on: tx)
            try await request.audit(AuditEvent(action: "case.referral_updated", recordType: "case", recordID: record.id?.uuidString), on: tx)
        }
    }

    private func store(_ state: PathwayState, on record: CaseRecord) throws { try Self.store(state, on: record) }

    /// Sets the case's pathway columns from its state (also used by features' demo data).
    static func store(_ state: PathwayState, on record: CaseRecord) throws {
        var plain = state
        plain.closedReason = nil
        record.stage = state.stage.rawValue
        record.dueOn = state.deadline(limits: Self.limits)?.due.daysSinceEpoch
        record.pathwayState = try Self.encode(plain)
        record.reasonableGroundsOutcome = state.reasonableGrounds?.outcome.rawValue
        record.conclusiveGroundsOutcome = state.conclusiveGrounds?.outcome.rawValue
        record.referredQuarter = state.referralSubmittedOn.map { Quarter(containing: $0).code }
        // Retention counts from closure; a Duty to Notify case keeps its own period once closed.
        record.closedOn = state.stage == .closed ? (state.stageEnteredOn ?? state.lastEventOn)?.daysSinceEpoch : nil
        // A Duty to Notify case keeps its own retention period; once the adult consented and it
        // became a referral, a referral's (the notification's date stays in the pathway state).
        if state.stage == .dutyToNotify { record.dutyToNotify = true }
        if state.consentAfterNotificationOn != nil { record.dutyToNotify = false }
    }

    private func addTimeline(name: String, label: String, event: String, on day: Day, note: String?, to record: CaseRecord,
                             sealedWith caseCipher: FieldCipher, db: any Database) async throws {
        let entry = CaseEvent()
        entry.id = UUID()
        entry.$case.id = try record.requireID()
        entry.name = name
        entry.label = label
        entry.event = event
        entry.occurredOn = day.daysSinceEpoch
        entry.recordedAt = services.now
        entry.recordedBy = try request.requireSignedIn().userID
        if let note, !note.isEmpty { entry.sealedNote = try caseCipher.seal(note, context: entry.noteSealContext) }
        try await entry.create(on: db)
    }

    static func withoutFreeText(_ event: PathwayEvent) -> PathwayEvent {
        if case .closed = event { return .closed(reason: "") }
        return event
    }

    static func encode<T: Encodable>(_ value: T) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }
}
