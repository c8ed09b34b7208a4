import Fluent
import Foundation
import LanternCore

/// A course (`training_courses`): what it teaches, to whom, how, for how long, and how long a
/// completion counts. Kept by the organisation that offers it.
final class TrainingCourse: Model, @unchecked Sendable {
    static let schema = "training_courses"

    @ID(key: .id) var id: UUID?
    @Field(key: "title") var title: String
    @Field(key: "audience") var audience: String
    /// `CourseFormat`'s raw value.
    @Field(key: "format") var format: String
    @Field(key: "duration_minutes") var durationMinutes: Int
    /// Learning outcomes, one per line.
    @Field(key: "outcomes") var outcomes: String
    @OptionalField(key: "valid_months") var validMonths: Int?
    @Field(key: "train_the_trainer") var trainTheTrainer: Bool
    /// What a completion qualifies for, named by training requirements (`first-responder`).
    @OptionalField(key: "qualification") var qualification: String?
    @OptionalField(key: "commit_sessions") var commitSessions: Int?
    @OptionalField(key: "commit_months") var commitMonths: Int?
    @Field(key: "organisation_id") var organisationID: UUID
    @Field(key: "created_by") var createdBy: UUID
    @Field(key: "created_at") var createdAt: Date

    init() {}

    init(id: UUID = UUID(), draft: CourseDraft, organisationID: UUID, createdBy: UUID, createdAt: Date) {
        self.id = id
        title = draft.title.trimmingCharacters(in: .whitespacesAndNewlines)
        audience = draft.audience.trimmingCharacters(in: .whitespacesAndNewlines)
        format = (draft.format ?? .faceToFace).rawValue
        durationMinutes = draft.durationMinutes ?? 60
        outcomes = draft.outcomes.joined(separator: "\n")
        validMonths = draft.validMonths
        trainTheTrainer = draft.trainTheTrainer
        qualification = draft.qualification
        commitSessions = draft.trainTheTrainer ? draft.commitSessions : nil
        commitMonths = draft.trainTheTrainer ? draft.commitMonths : nil
        self.organisationID = organisationID
        self.createdBy = createdBy
        self.createdAt = createdAt
    }

    var courseFormat: CourseFormat { CourseFormat(rawValue: format) ?? .faceToFace }
    var outcomeList: [String] { TrainingCourseRules.outcomes(fromLines: outcomes) }
}

/// One session of a course (`training_sessions`) on a London day. `bookedCount` counts the
/// places held; `waitingSeq` numbers those who asked once it was full. Both move only in
/// guarded statements (`TrainingBooking`).
final class TrainingSession: Model, @unchecked Sendable {
    static let schema = "training_sessions"

    @ID(key: .id) var id: UUID?
    @Field(key: "course_id") var courseID: UUID
    /// `Day.daysSinceEpoch`.
    @Field(key: "held_on") var heldOn: Int
    /// Local time it starts, `HH:MM`.
    @Field(key: "starts_at") var startsAt: String
    @Field(key: "format") var format: String
    /// The room's address, or the link for a live online session.
    @Field(key: "place") var place: String
    @Field(key: "capacity") var capacity: Int
    @Field(key: "booked_count") var bookedCount: Int
    @Field(key: "waiting_seq") var waitingSeq: Int
    /// ONS codes, comma-separated; empty: all of London.
    @Field(key: "target_boroughs") var targetBoroughs: String
    /// `AgencyKind` raw values, comma-separated; empty: every agency.
    @Field(key: "target_agencies") var targetAgencies: String
    /// `TrainingSessionState`'s raw value.
    @Field(key: "state") var state: String
    /// Listed on the public site, where anyone may book a place (`TrainingOpenController`).
    @Field(key: "open_to_public") var openToPublic: Bool
    @Field(key: "organisation_id") var organisationID: UUID
    @Field(key: "created_by") var createdBy: UUID
    @Field(key: "created_at") var createdAt: Date

    init() {}

    var day: Day { Day(daysSinceEpoch: heldOn) }
    var sessionState: TrainingSessionState { TrainingSessionState(rawValue: state) ?? .planned }
    var sessionFormat: CourseFormat { CourseFormat(rawValue: format) ?? .faceToFace }
    var boroughCodes: [String] { targetBoroughs.split(separator: ",").map(String.init) }
    var agencyKinds: [AgencyKind] { targetAgencies.split(separator: ",").compactMap { AgencyKind(rawValue: String($0)) } }
}

/// A trainer named on a session (`training_session_trainers`); the lead trainer is the one the
/// cascade records as having trained those who attend.
final class TrainingSessionTrainer: Model, @unchecked Sendable {
    static let schema = "training_session_trainers"

    @ID(key: .id) var id: UUID?
    @Field(key: "session_id") var sessionID: UUID
    @Field(key: "user_id") var userID: UUID
    @Field(key: "lead") var lead: Bool

    init() {}

    init(sessionID: UUID, userID: UUID, lead: Bool) {
        id = UUID()
        self.sessionID = sessionID
        self.userID = userID
        self.lead = lead
    }
}

/// A place asked for on a session (`training_registrations`): a member's (by account) or an
/// external person's (name, organisation and email), entered by the session's trainers or by
/// the person on the public site (`registeredBy` is then `bookedOnThePublicSite`, and
/// `placeTokenHash` is the SHA-256 of the link that reaches the place).
final class TrainingRegistration: Model, @unchecked Sendable {
    static let schema = "training_registrations"

    @ID(key: .id) var id: UUID?
    @Field(key: "session_id") var sessionID: UUID
    @OptionalField(key: "user_id") var userID: UUID?
    @OptionalField(key: "external_name") var externalName: String?
    @OptionalField(key: "external_organisation") var externalOrganisation: String?
    @OptionalField(key: "external_email") var externalEmail: String?
    @OptionalField(key: "organisation_id") var organisationID: UUID?
    @OptionalField(key: "borough_code") var boroughCode: String?
    @Field(key: "agency_kind") var agencyKind: String
    /// `RegistrationState`'s raw value.
    @Field(key: "state") var state: String
    @OptionalField(key: "waiting_position") var waitingPosition: Int?
    @Field(key: "registered_by") var registeredBy: UUID
    @OptionalField(key: "place_token_hash") var placeTokenHash: String?
    @Field(key: "created_at") var createdAt: Date
    @Field(key: "updated_at") var updatedAt: Date

    init() {}

    /// Who registered a place booked by its own person on the public site: nobody with an account.
    static let bookedOnThePublicSite = UUID(uuid: (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0))

    var registrationState: RegistrationState { RegistrationState(rawValue: state) ?? .cancelled }
}

/// A completed course (`training_completions`): one per attended place, valid until a day (or
/// for good), counted in coverage by borough and agency kind, and placed in the cascade under
/// the session's lead trainer unless that would loop.
final class TrainingCompletion: Model, @unchecked Sendable {
    static let schema = "training_completions"

    @ID(key: .id) var id: UUID?
    @Field(key: "registration_id") var registrationID: UUID
    @Field(key: "session_id") var sessionID: UUID
    @Field(key: "course_id") var courseID: UUID
    @OptionalField(key: "user_id") var userID: UUID?
    @OptionalField(key: "trainer_user_id") var trainerUserID: UUID?
    @Field(key: "in_cascade") var inCascade: Bool
    @Field(key: "completed_on") var completedOn: Int
    @OptionalField(key: "valid_until") var validUntil: Int?
    @OptionalField(key: "borough_code") var boroughCode: String?
    @Field(key: "agency_kind") var agencyKind: String
    @Field(key: "recorded_by") var recordedBy: UUID
    @Field(key: "recorded_at") var recordedAt: Date

    init() {}
}

/// What completing a Train-the-Trainer course commits a member to (`training_commitments`):
/// delivering `sessionsDue` sessions by `dueOn`.
final class TrainingCommitment: Model, @unchecked Sendable {
    static let schema = "training_commitments"

    @ID(key: .id) var id: UUID?
    @Field(key: "user_id") var userID: UUID
    @Field(key: "course_id") var courseID: UUID
    @Field(key: "completion_id") var completionID: UUID
    @Field(key: "sessions_due") var sessionsDue: Int
    @Field(key: "made_on") var madeOn: Int
    @Field(key: "due_on") var dueOn: Int

    init() {}
}

/// That a place's person answered the session's evaluation (`training_evaluation_receipts`):
/// nothing of what they answered.
final class TrainingEvaluationReceipt: Model, @unchecked Sendable {
    static let schema = "training_evaluation_receipts"

    @ID(key: .id) var id: UUID?
    @Field(key: "registration_id") var registrationID: UUID
    @Field(key: "session_id") var sessionID: UUID

    init() {}
}

/// One anonymous answer (`training_evaluations`): the session, course and lead trainer it is
/// about, and nothing about who gave it.
final class TrainingEvaluation: Model, @unchecked Sendable {
    static let schema = "training_evaluations"

    @ID(key: .id) var id: UUID?
    @Field(key: "session_id") var sessionID: UUID
    @Field(key: "course_id") var courseID: UUID
    @OptionalField(key: "trainer_user_id") var trainerUserID: UUID?
    @Field(key: "confidence_before") var confidenceBefore: Int
    @Field(key: "confidence_after") var confidenceAfter: Int
    /// `OutcomesMet`'s raw value.
    @Field(key: "outcomes_met") var outcomesMet: String
    @OptionalField(key: "comment") var comment: String?

    init() {}

    var answer: EvaluationAnswer? {
        OutcomesMet(rawValue: outcomesMet).map { EvaluationAnswer(before: confidenceBefore, after: confidenceAfter, outcomesMet: $0) }
    }
}

/// An organisation administrator's exemption of one of its people from one training
/// requirement (`training_exemptions`), until a London day inclusive. Revoked, it ends at once.
final class TrainingExemption: Model, @unchecked Sendable {
    static let schema = "training_exemptions"

    @ID(key: .id) var id: UUID?
    @Field(key: "user_id") var userID: UUID
    @Field(key: "organisation_id") var organisationID: UUID
    /// `Action`'s raw value.
    @Field(key: "action") var action: String
    /// `Day.daysSinceEpoch`: the last day it counts.
    @Field(key: "until_day") var untilDay: Int
    @Field(key: "reason") var reason: String
    @Field(key: "granted_by") var grantedBy: UUID
    @Field(key: "granted_at") var grantedAt: Date
    @OptionalField(key: "revoked_by") var revokedBy: UUID?
    @OptionalField(key: "revoked_at") var revokedAt: Date?

    init() {}

    var until: Day { Day(daysSinceEpoch: untilDay) }
}
