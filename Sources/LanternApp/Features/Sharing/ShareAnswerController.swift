import Fluent
import Foundation
import LanternCore
import Vapor

/// The recipient's side of a share: `/shared/:shareID` shows who shared it, how to reach them
/// and what it is for, and takes the one answer (accept, or decline with a reason) from those
/// who may answer shares (`answerShare`); `POST /api/v1/shares/{id}/answer` does the same.
/// Of forty answers at once one is recorded; the rest, and an answer to a share the sharer
/// withdrew, are told so in words and nothing is written.
struct ShareAnswerController {
    func register(_ routes: LanternRoutes) {
        routes.get(ShareAnswerPaths.share, access: .anyAction([.answerShare, .viewCase]), use: show)
        routes.post(ShareAnswerPaths.share, access: .action(.answerShare), use: answer)
        routes.api.post(ShareAnswerPaths.apiAnswer, access: .action(.answerShare), use: apiAnswer)
    }

    struct AnswerForm: Content {
        var decision: String?
        var reason: String?
    }

    @Sendable func show(_ request: Request) async throws -> Response {
        let loaded = try await ShareAnswerService.load(request)
        try await request.audit(AuditEvent(action: "case.share_opened", recordType: "case", recordID: loaded.share.$case.id.uuidString))
        return request.render(try await page(loaded, form: AnswerForm(), errors: FormErrors(), request: request))
    }

    private func page(_ loaded: ShareAnswerService.Loaded, form: AnswerForm, errors: FormErrors, request: Request) async throws -> Page {
        let share = loaded.share, answer = loaded.answer
        // Once the share has ended (withdrawn, consent withdrawn, past its day) the page says so and
        // what was answered, but no longer opens its purpose: that was the share's to show.
        let inForce = share.isActive(on: request.today)
        let cipher = try await request.application.lantern.caseKeys.cipher(for: share.$case.id, on: request.db)
        try share.open(using: inForce ? cipher : nil)
        let answeredBy = try await answer.answeredBy.asyncMap { try await User.find($0, on: request.db)?.displayName } ?? nil
        let model = ShareAnswerPages.AnswerModel(
            shareID: loaded.shareID.uuidString, reference: share.case.reference, inForce: inForce,
            kind: answer.kind, purpose: share.purpose, sharedOn: Day(daysSinceEpoch: share.startsOn), due: answer.due,
            state: answer.state, answeredAt: answer.answeredAt, answeredBy: answeredBy, reason: try answer.reason(using: cipher),
            contact: try await ShareAnswerService.sharerContact(of: share, owner: share.case.$organisation.id, on: request.db),
            mayAnswer: loaded.mayAnswer && cipher != nil, decision: form.decision, reasonInput: form.reason, errors: errors,
            justAnswered: request.query[String.self, at: "done"] == Self.answeredMark, today: request.today)
        return ShareAnswerPages.answerPage(model, csrf: request.csrfToken, l: ShareAnswerPages.localiser(request))
    }

    @Sendable func answer(_ request: Request) async throws -> Response {
        let loaded = try await ShareAnswerService.load(request)
        guard loaded.mayAnswer else { throw LanternError.notFound }
        let form = try request.content.decode(AnswerForm.self)
        let l = ShareAnswerPages.localiser(request)
        switch ShareAnswerRules.check(decision: form.decision, reason: form.reason) {
        case .failure(let problems):
            var errors = FormErrors()
            for item in problems.items { errors.add(item.field, item.message) }
            return request.render(try await page(loaded, form: form, errors: errors, request: request))
        case .success(let valid):
            try await Self.record(loaded, valid, request: request, l: l)
            return request.redirect(to: Href.shareAnswer(loaded.shareID.uuidString).query("done", Self.answeredMark))
        }
    }

    /// The query value that tells the page an answer was just recorded.
    static let answeredMark = "answered"

    /// Records the answer, or says in words why it was not: answered already (409), or the
    /// share was withdrawn or has ended (410).
    static func record(_ loaded: ShareAnswerService.Loaded, _ valid: ValidShareAnswer, request: Request, l: Localiser) async throws {
        switch try await ShareAnswerService.answer(loaded, with: valid, request: request) {
        case .answered: return
        case .alreadyAnswered: throw LanternError.conflict(l("shareanswers.error.already-answered"))
        case .withdrawn: throw LanternError.gone(l("shareanswers.error.withdrawn"))
        }
    }

    @Sendable func apiAnswer(_ request: Request) async throws -> ShareAnswerDTO {
        let loaded = try await ShareAnswerService.load(request)
        guard loaded.mayAnswer else { throw LanternError.notFound }
        let body = try request.content.decode(AnswerForm.self)
        let valid: ValidShareAnswer
        switch ShareAnswerRules.check(decision: body.decision, reason: body.reason) {
        case .failure(let problems): throw LanternError.invalid(problems.items)
        case .success(let checked): valid = checked
        }
        try await Self.record(loaded, valid, request: request, l: Localiser.englishGB)
        guard let fresh = try await ShareAnswerRecord.find(loaded.shareID, on: request.db) else { throw LanternError.notFound }
        return ShareAnswerDTO(fresh, reference: loaded.share.case.reference, reason: valid.reason)
    }
}

/// A share's answer as the API returns it.
struct ShareAnswerDTO: Content {
    var id: UUID
    var reference: String
    var purposeKind: String
    var answerBy: String?
    var state: String
    var answeredAt: Date?
    var reason: String?

    init(_ row: ShareAnswerRecord, reference: String, reason: String?) {
        id = row.id ?? UUID()
        self.reference = reference
        purposeKind = row.purposeKind
        answerBy = row.due?.iso
        state = row.answerState
        answeredAt = row.answeredAt
        self.reason = reason
    }
}
