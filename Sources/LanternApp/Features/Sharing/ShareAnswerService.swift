import Fluent
import Foundation
import LanternCore
import SQLKit
import Vapor

/// A share's answer columns (migration 030), read beside `CaseShare`: what the share is for,
/// the day its recipient must answer by, the answer, and the job's chase and escalation.
final class ShareAnswerRecord: Model, @unchecked Sendable {
    static let schema = "case_shares"

    @ID(key: .id) var id: UUID?
    @Field(key: "case_id") var caseID: UUID
    @Field(key: "purpose_kind") var purposeKind: String
    @OptionalField(key: "answer_due_on") var answerDueOn: Int?
    @Field(key: "answer_state") var answerState: String
    @OptionalField(key: "answered_at") var answeredAt: Date?
    @OptionalField(key: "answered_by") var answeredBy: UUID?
    @OptionalField(key: "sealed_answer_reason") var sealedAnswerReason: String?
    @OptionalField(key: "chased_on") var chasedOn: Int?
    @OptionalField(key: "escalated_at") var escalatedAt: Date?

    init() {}

    var kind: SharePurposeKind { SharePurposeKind(rawValue: purposeKind) ?? .other }
    var state: ShareAnswerState { ShareAnswerState(rawValue: answerState) ?? .accepted }
    var due: Day? { answerDueOn.map(Day.init(daysSinceEpoch:)) }

    static func reasonContext(_ shareID: UUID) -> String { "share.answer_reason:\(shareID.uuidString)" }

    func reason(using cipher: FieldCipher?) throws -> String? {
        guard let cipher, let sealed = sealedAnswerReason, let id else { return nil }
        return try cipher.open(sealed, context: Self.reasonContext(id))
    }
}

/// Who shared a case and how to reach them, as its recipient sees it.
struct SharerContact: Sendable {
    var name: String
    var email: String
    var organisation: String
    var teams: [String]
    /// The sharer's organisation's entry in the contacts directory, if it has one.
    var directoryRole: String?
    var directoryEmail: String?
    var directoryPhone: String?
}

/// Answers to shares: the answer-by day set when a case is shared, the recipient's one answer
/// (one guarded UPDATE that changes only a share still awaiting and still in force), the
/// sharer's task when it is answered, and the sharer's contact for the recipient.
enum ShareAnswerService {
    /// The working days per purpose, with the setting's overrides.
    static func workingDays(_ services: LanternServices) -> [SharePurposeKind: Int] {
        ShareAnswerRules.workingDays(overrides: services.settings.shareAnswerWorkingDays)
    }

    /// The purpose kind a share form or API body sends, or a field problem.
    static func purposeKind(_ value: String?, into errors: inout FormErrors) -> SharePurposeKind {
        guard let kind = ShareAnswerRules.purposeKind(value) else {
            errors.add("purposeKind", "Select what the share is for from the list")
            return .other
        }
        return kind
    }

    /// Called in the transaction that makes the share: it now awaits an answer by its day.
    static func awaitAnswer(shareID: UUID, kind: SharePurposeKind, sharedOn: Day, services: LanternServices,
                            on db: any Database) async throws {
        guard let sql = db as? any SQLDatabase else { throw Abort(.internalServerError) }
        let due = ShareAnswerRules.answerDue(sharedOn: sharedOn, kind: kind, workingDays: workingDays(services),
                                             holidays: CaseService.limits.holidays)
        try await sql.update(ShareAnswerRecord.schema)
            .set("purpose_kind", to: kind.rawValue).set("answer_due_on", to: due.daysSinceEpoch)
            .set("answer_state", to: ShareAnswerState.awaiting.rawValue)
            .where("id", .equal, shareID).run()
    }

    /// A share as its recipient reaches it: the share (consent and case loaded), its answer,
    /// and whether the viewer may answer it.
    struct Loaded {
        let share: CaseShare
        let answer: ShareAnswerRecord
        let mayAnswer: Bool
        var shareID: UUID { answer.id ?? UUID() }
    }

    /// The share in the path, for the organisation (or team) it was made to: its people who
    /// may answer shares (`answerShare`), or who may read shared cases (`viewCase`). Whether
    /// it is still in force does not matter here (an answer to a withdrawn share is refused in
    /// words); anyone else, or a bad id, gets 404.
    static func load(_ request: Request) async throws -> Loaded {
        guard let id = request.parameters.get("shareID", as: UUID.self),
              let share = try await CaseShare.query(on: request.db).filter(\.$id == id).with(\.$consent).with(\.$case).first(),
              let answer = try await ShareAnswerRecord.find(id, on: request.db) else { throw LanternError.notFound }
        let context = try request.requireSignedIn(), policy = request.accessPolicy
        let placement = RecordPlacement(sharesInForce: [ShareAddress(organisationID: share.$organisation.id.uuidString,
                                                                     teamID: share.teamID?.uuidString)])
        func allowed(_ action: Action) async throws -> Bool {
            guard policy.allowsSome(context.roles, action) else { return false }
            do {
                _ = try await request.authorise(action, share, placedAt: placement)
                return true
            } catch LanternError.notFound {
                return false
            }
        }
        if try await allowed(.answerShare) { return Loaded(share: share, answer: answer, mayAnswer: true) }
        guard try await allowed(.viewCase) else { throw LanternError.notFound }
        return Loaded(share: share, answer: answer, mayAnswer: false)
    }

    enum Outcome: Equatable { case answered, alreadyAnswered, withdrawn }

    /// Records the answer once: one UPDATE that changes the share only while it awaits an answer
    /// and is in force (not withdrawn, within its days, its consent in force). In the same
    /// transaction the answer is audited on the case and the person who shared it gets a task.
    static func answer(_ loaded: Loaded, with valid: ValidShareAnswer, request: Request) async throws -> Outcome {
        guard loaded.mayAnswer else { throw LanternError.notFound }
        let context = try request.requireSignedIn()
        let share = loaded.share, shareID = loaded.shareID, today = request.today
        // Nothing is written for a share no longer in force, nor one answered already.
        guard share.isActive(on: today) else { return .withdrawn }
        guard loaded.answer.state == .awaiting else { return .alreadyAnswered }
        let services = request.application.lantern
        guard let cipher = try await services.caseKeys.cipher(for: share.$case.id, on: request.db) else {
            throw LanternError.erased(share.case.erasedAt)
        }
        let sealed = try valid.reason.map { try cipher.seal($0, context: ShareAnswerRecord.reasonContext(shareID)) }
        let t = today.daysSinceEpoch, now = services.now
        let organisationName = try await Organisation.find(share.$organisation.id, on: request.db)?.name ?? ""
        let won = try await request.db.transaction { tx -> Bool in
            guard let sql = tx as? any SQLDatabase else { throw Abort(.internalServerError) }
            let row = try await sql.raw("""
                UPDATE case_shares SET answer_state = \(bind: valid.decision.state.rawValue), answered_at = \(bind: now),
                    answered_by = \(bind: context.userID), sealed_answer_reason = \(bind: sealed)
                WHERE id = \(bind: shareID) AND answer_state = \(bind: ShareAnswerState.awaiting.rawValue) AND revoked_at IS NULL
                  AND starts_on <= \(bind: t) AND "until" >= \(bind: t)
                  AND EXISTS (SELECT 1 FROM consent_records c WHERE c.id = case_shares.consent_id AND c.withdrawn_on IS NULL
                              AND c.given_on <= \(bind: t) AND c.valid_until >= \(bind: t))
                RETURNING id
                """).first()
            guard row != nil else { return false }
            try await request.audit(AuditEvent(action: "case.share_answered", recordType: "case", recordID: share.$case.id.uuidString), on: tx)
            let words = ["reference": share.case.reference, "organisation": organisationName]
            try await TaskService.create(
                ownerID: share.grantedBy,
                title: valid.decision == .accept ? Localiser.englishGB("shareanswers.task.accepted", words)
                    : Localiser.englishGB("shareanswers.task.declined", words),
                link: Href.case(share.case.reference).fragment("share-answers"), due: nil,
                sourceKey: "share_answered:\(shareID.uuidString)", services: services, on: tx)
            return true
        }
        if won { return .answered }
        // Lost: either someone answered first, or the sharer withdrew it meanwhile.
        guard let fresh = try await CaseShare.query(on: request.db).filter(\.$id == shareID).with(\.$consent).first(),
              fresh.isActive(on: today) else { return .withdrawn }
        return .alreadyAnswered
    }

    /// Who shared it and how to reach them: their name and work email, their organisation and
    /// teams, and the organisation's contacts directory entry (phone, email) when it has one.
    static func sharerContact(of share: CaseShare, owner organisationID: UUID, on db: any Database) async throws -> SharerContact {
        let user = try await User.find(share.grantedBy, on: db)
        let organisation = try await Organisation.find(organisationID, on: db)
        let teams = try await TeamMember.query(on: db).join(Team.self, on: \TeamMember.$team.$id == \Team.$id)
            .filter(\.$user.$id == share.grantedBy).filter(Team.self, \.$organisation.$id == organisationID).all()
            .compactMap { try? $0.joined(Team.self).name }.sorted()
        let entry = try await DirectoryEntry.query(on: db).filter(\.$organisation.$id == organisationID)
            .filter(\.$retiredAt == nil).filter(\.$isPublished == true).sort(\.$verifiedAt, .descending).first()
        return SharerContact(name: user?.displayName ?? "", email: user?.email ?? "", organisation: organisation?.name ?? "",
                             teams: teams, directoryRole: entry?.roleTitle, directoryEmail: entry?.email, directoryPhone: entry?.phone)
    }

    /// The answer columns of these shares, by share id (for lists).
    static func answers(of shareIDs: [UUID], on db: any Database) async throws -> [UUID: ShareAnswerRecord] {
        guard !shareIDs.isEmpty else { return [:] }
        let rows = try await ShareAnswerRecord.query(on: db).filter(\.$id ~~ shareIDs).all()
        return Dictionary(rows.compactMap { row in row.id.map { ($0, row) } }, uniquingKeysWith: { a, _ in a })
    }
}
