import Fluent
import Foundation
import LanternCore

/// A potential victim's case. Non-identifying attributes (used for statistics and lists)
/// are plain columns; everything identifying — names, date of birth, contacts, the account
/// of what happened — is in `sealedReferral`, encrypted with the field key.
final class CaseRecord: Model, @unchecked Sendable {
    static let schema = "cases"

    @ID(key: .id) var id: UUID?
    /// Random public reference, e.g. `LNT-7KQ2-M9XD-4PWA`, safe to quote and put in URLs.
    @Field(key: "reference") var reference: String
    @Parent(key: "organisation_id") var organisation: Organisation
    @Field(key: "created_by") var createdBy: UUID
    @Field(key: "created_at") var createdAt: Date
    @Field(key: "updated_at") var updatedAt: Date

    @Field(key: "age_group") var ageGroup: String
    @Field(key: "age_group_at_exploitation") var ageGroupAtExploitation: String
    @Field(key: "gender") var gender: String
    @OptionalField(key: "nationality") var nationality: String?
    @OptionalField(key: "language") var language: String?
    @Field(key: "interpreter_needed") var interpreterNeeded: Bool
    @OptionalField(key: "borough_identified") var boroughIdentified: String?
    @OptionalField(key: "borough_exploited") var boroughExploited: String?
    @Field(key: "exploitation_location") var exploitationLocation: String
    @Field(key: "county_lines") var countyLines: Bool
    @Field(key: "first_responder_type") var firstResponderType: String
    /// Day the person was identified (days since 1970): the statistics' reference date.
    @Field(key: "identified_on") var identifiedOn: Int

    @Field(key: "stage") var stage: String
    /// Deadline of the current stage (days since 1970), so "overdue" is one indexed comparison.
    @OptionalField(key: "due_on") var dueOn: Int?
    @Field(key: "pathway_state") var pathwayState: String
    @OptionalField(key: "rg_outcome") var reasonableGroundsOutcome: String?
    @OptionalField(key: "cg_outcome") var conclusiveGroundsOutcome: String?

    @Field(key: "sealed_referral") var sealedReferral: String
    /// Keyed hash of normalised name and date of birth, to spot re-referrals without plaintext.
    @OptionalField(key: "person_match_key") var personMatchKey: String?
    /// A random number 0–255 fixed when the case is recorded: its share of every published
    /// figure's cell key (the cell key method; see `CellKeyPerturbation`).
    @Field(key: "record_key") var recordKey: Int

    @Children(for: \.$case) var exploitationTypes: [CaseExploitationType]

    // Reporting columns (migration 003), derived from the fields above.
    @OptionalField(key: "identified_year") var identifiedYear: Int?
    /// Year × 10 + quarter, e.g. 20263 for July–September 2026.
    @OptionalField(key: "identified_quarter") var identifiedQuarter: Int?
    /// Year × 100 + month, e.g. 202611.
    @OptionalField(key: "identified_month") var identifiedMonth: Int?
    @OptionalField(key: "exploitation_combination") var exploitationCombination: String?
    /// The quarter the NRM referral was submitted (migration 006); nil for Duty to Notify
    /// and cases not yet referred.
    @OptionalField(key: "referred_quarter") var referredQuarter: Int?

    // Retention (migration 013): when the identifying details are erased, and what stops it.
    /// The day the case was closed (days since 1970): its retention period starts here.
    @OptionalField(key: "closed_on") var closedOn: Int?
    /// The adult declined referral and a Duty to Notify was made: kept for that kind's period.
    @Field(key: "duty_to_notify") var dutyToNotify: Bool
    /// When the identifying details were erased (its key destroyed, sealed columns blanked).
    @OptionalField(key: "erased_at") var erasedAt: Date?
    /// A legal hold stops erasure while proceedings or an inquiry need the details.
    @Field(key: "legal_hold") var legalHold: Bool
    /// Why the hold was placed, sealed with the case key (`legalHoldReason(using:)`).
    @OptionalField(key: "legal_hold_reason") var sealedLegalHoldReason: String?
    @OptionalField(key: "legal_hold_by") var legalHoldBy: UUID?
    @OptionalField(key: "legal_hold_at") var legalHoldAt: Date?
    /// The team of its organisation the case is routed to; nil: the organisation as a whole.
    @OptionalField(key: "team_id") var teamID: UUID?
    /// The case's worker and second worker (migration 027); nil on cases older than it: the recorder.
    @OptionalField(key: "worker_id") var workerID: UUID?
    @OptionalField(key: "second_worker_id") var secondWorkerID: UUID?

    init() {}

    func setReportingColumns(types: Set<ExploitationType>) {
        let day = Day(daysSinceEpoch: identifiedOn)
        let c = day.components
        identifiedYear = c.year
        identifiedQuarter = c.year * 10 + day.quarter
        identifiedMonth = c.year * 100 + c.month
        exploitationCombination = ExploitationType.combinationLabel(types)
    }

    var referralSealContext: String { "case.referral:\(id?.uuidString ?? "")" }
    var legalHoldReasonSealContext: String { "case.legal_hold_reason:\(id?.uuidString ?? "")" }

    func legalHoldReason(using cipher: FieldCipher) throws -> String? {
        try sealedLegalHoldReason.map { try cipher.open($0, context: legalHoldReasonSealContext) }
    }

    /// What the retention rules need to know about this case.
    var retentionFacts: RetentionFacts {
        RetentionFacts(closedOn: closedOn.map(Day.init(daysSinceEpoch:)), dutyToNotify: dutyToNotify, legalHold: legalHold,
                       erased: erasedAt != nil)
    }
    var age: AgeGroup { AgeGroup(rawValue: ageGroup) ?? .unknown }

    var state: PathwayState {
        (try? JSONDecoder().decode(PathwayState.self, from: Data(pathwayState.utf8))) ?? PathwayState()
    }
}

/// One exploitation type of a case; a case can have several.
final class CaseExploitationType: Model, @unchecked Sendable {
    static let schema = "case_exploitation_types"

    @ID(key: .id) var id: UUID?
    @Parent(key: "case_id") var `case`: CaseRecord
    @Field(key: "type") var type: String
    /// This mention's record key (`RecordKey.mentionKey(code:)` of the case's key), for
    /// figures that count a case once per type.
    @Field(key: "mention_key") var mentionKey: Int

    init() {}
    init(caseID: UUID, type: ExploitationType, recordKey: RecordKey) {
        id = UUID()
        $case.id = caseID
        self.type = type.rawValue
        self.mentionKey = recordKey.mentionKey(code: type.rawValue).value
    }
}

/// One dated step on a case's timeline. The note (which can be identifying) is sealed.
final class CaseEvent: Model, @unchecked Sendable {
    static let schema = "case_events"

    @ID(key: .id) var id: UUID?
    @Parent(key: "case_id") var `case`: CaseRecord
    @Field(key: "name") var name: String
    @Field(key: "label") var label: String
    /// The event as JSON, with any free text removed (that is in `sealed_note`).
    @Field(key: "event") var event: String
    @Field(key: "occurred_on") var occurredOn: Int
    @Field(key: "recorded_at") var recordedAt: Date
    @Field(key: "recorded_by") var recordedBy: UUID
    @OptionalField(key: "sealed_note") var sealedNote: String?

    init() {}

    var noteSealContext: String { "case.event:\(id?.uuidString ?? "")" }
}

/// What the person agreed to (or the safeguarding basis for a child), how, and until when.
final class ConsentRecord: Model, @unchecked Sendable {
    static let schema = "consent_records"

    @ID(key: .id) var id: UUID?
    @Parent(key: "case_id") var `case`: CaseRecord
    @Field(key: "basis") var basis: String
    @OptionalField(key: "refer_to_nrm") var referToNRM: Bool?
    /// Organisation ids the person agreed their information may go to, comma-separated.
    @Field(key: "organisation_ids") var organisationIDs: String
    @Field(key: "scopes") var scopes: String
    /// Free text, sealed (`purpose(using:)`).
    @Field(key: "purpose") var sealedPurpose: String
    @Field(key: "obtained_how") var obtainedHow: String
    /// Free text, sealed (`interpreterLanguage(using:)`).
    @OptionalField(key: "interpreter_language") var sealedInterpreterLanguage: String?
    @Field(key: "given_on") var givenOn: Int
    @Field(key: "valid_until") var validUntil: Int
    @Field(key: "recorded_by") var recordedBy: UUID
    @Field(key: "recorded_at") var recordedAt: Date
    @OptionalField(key: "withdrawn_on") var withdrawnOn: Int?
    @OptionalField(key: "withdrawn_by") var withdrawnBy: UUID?

    init() {}

    var purposeSealContext: String { "consent.purpose:\(id?.uuidString ?? "")" }
    var interpreterSealContext: String { "consent.interpreter_language:\(id?.uuidString ?? "")" }

    func purpose(using cipher: FieldCipher) throws -> String { try cipher.open(sealedPurpose, context: purposeSealContext) }

    func interpreterLanguage(using cipher: FieldCipher) throws -> String? {
        try sealedInterpreterLanguage.map { try cipher.open($0, context: interpreterSealContext) }
    }

    var terms: ConsentTerms {
        ConsentTerms(basis: SharingBasis(rawValue: basis) ?? .consent,
                     organisationIDs: Set(organisationIDs.split(separator: ",").map(String.init)),
                     scopes: ShareScope.parse(scopes),
                     givenOn: Day(daysSinceEpoch: givenOn), validUntil: Day(daysSinceEpoch: validUntil),
                     withdrawnOn: withdrawnOn.map(Day.init(daysSinceEpoch:)))
    }
}

/// A case (or its decision status) shared with another organisation under a consent record.
final class CaseShare: Model, @unchecked Sendable {
    static let schema = "case_shares"

    @ID(key: .id) var id: UUID?
    @Parent(key: "case_id") var `case`: CaseRecord
    @Parent(key: "organisation_id") var organisation: Organisation
    @Parent(key: "consent_id") var consent: ConsentRecord
    /// The one scope before migration 029; still written (the column is required) but never
    /// read: `scopes` says what the share carries.
    @Field(key: "scope") var scope: String
    /// What the share carries, a comma list of `ShareScope` codes (migration 029).
    @OptionalField(key: "scopes") var scopesList: String?
    /// Free text, sealed (`purpose(using:)`).

    @Field(key: "purpose") var sealedPurpose: String
    @Field(key: "starts_on") var startsOn: Int
    @Field(key: "until") var until: Int
    @Field(key: "granted_by") var grantedBy: UUID
    @Field(key: "granted_at") var grantedAt: Date
    @OptionalField(key: "revoked_at") var revokedAt: Date?
    @OptionalField(key: "revoked_by") var revokedBy: UUID?
    /// The team of `organisation` the share addresses; nil: the whole organisation.
    @OptionalField(key: "team_id") var teamID: UUID?

    init() {}

    /// What the share carries (decision status only when nothing readable is stored).
    var shareScopes: Set<ShareScope> {
        let scopes = ShareScope.parse(scopesList ?? "")
        return scopes.isEmpty ? [.decisionStatus] : scopes
    }

    /// Sets what the share carries; the old single-scope column gets its nearest old value.
    func setScopes(_ scopes: Set<ShareScope>) {
        scopesList = ShareScope.stored(scopes)
        scope = ShareScope.covered(by: scopes) == [.decisionStatus] ? "decision_status" : "full_case"
    }

    var purposeSealContext: String { "share.purpose:\(id?.uuidString ?? "")" }

    func purpose(using cipher: FieldCipher) throws -> String { try cipher.open(sealedPurpose, context: purposeSealContext) }

    /// The purpose for pages, after `open(using:)`; not a column (the column holds it sealed).
    private(set) var purpose = ""

    /// Opens the sealed purpose for display with the case's cipher; call after loading,
    /// before rendering. Nil cipher (the case was erased): the purpose is gone too.
    func open(using caseCipher: FieldCipher?) throws { purpose = try caseCipher.map { try purpose(using: $0) } ?? "" }
}
