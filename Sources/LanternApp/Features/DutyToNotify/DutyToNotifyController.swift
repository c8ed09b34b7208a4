import Fluent
import Foundation
import Vapor
import LanternCore

/// The Duty to Notify report's form and summary. Only the owning organisation, with
/// `editCase`; anyone else, and a case that never was a notification, gets 404. The answers
/// can be changed while the case is a Duty to Notify; once the adult consented and it became a
/// referral (or it was closed) they are kept as they were and a change is refused in words.
/// Every read and write is audited, with no personal data in the entry.
struct DutyToNotifyController {
    func register(_ routes: LanternRoutes) {
        routes.get(DutyToNotifyPaths.form, access: .action(.editCase), use: form)
        routes.post(DutyToNotifyPaths.form, access: .action(.editCase), use: save)
        routes.get(DutyToNotifyPaths.summary, access: .action(.editCase), use: summary)
    }

    struct Form: Content {
        var reason: String?
        var stillInSituation: String?
        var reportedToPolice: String?
        var policeMayContact: String?
        var details: String?

        var values: [String: String] {
            ["reason": reason ?? "", "stillInSituation": stillInSituation ?? "", "reportedToPolice": reportedToPolice ?? "",
             "policeMayContact": policeMayContact ?? "", "details": details ?? ""]
        }
    }

    @Sendable func form(_ request: Request) async throws -> Response {
        let access = try await load(request)
        if let refusal = try await notANotification(access, request) { return refusal }
        let report = try await Self.report(of: access.record, on: request.db)
        try await request.audit(AuditEvent(action: "case.duty_to_notify_viewed", recordType: "case", recordID: access.record.id?.uuidString))
        let values = try report?.formValues(using: access.caseCipher) ?? [:]
        return request.render(DutyToNotifyPages.form(.init(record: access.record, values: values, errors: FormErrors(),
                                                           csrf: request.csrfToken), l: DutyToNotifyPages.localiser(request)))
    }

    @Sendable func save(_ request: Request) async throws -> Response {
        let access = try await load(request)
        if let refusal = try await notANotification(access, request) { return refusal }
        let l = DutyToNotifyPages.localiser(request)
        let form = try request.content.decode(Form.self)
        let record = access.record
        func refuse(_ errors: FormErrors) -> Response {
            var page = DutyToNotifyPages.form(.init(record: record, values: form.values, errors: errors, csrf: request.csrfToken), l: l)
            page.status = .unprocessableEntity
            page.hasErrors = true
            return request.render(page)
        }
        guard record.state.stage == .dutyToNotify else {
            try await request.audit(AuditEvent(action: "case.duty_to_notify_refused", recordType: "case", recordID: record.id?.uuidString,
                                               outcome: .failed))
            var errors = FormErrors()
            errors.add("reason", l("dtn.error.no-longer-a-notification"))
            return refuse(errors)
        }
        let answers: DutyToNotifyAnswers
        switch DutyToNotifyRules.read(form.values, l: l) {
        case .failure(let problems):
            var errors = FormErrors()
            for item in problems.items { errors.add(item.field, item.message) }
            return refuse(errors)
        case .success(let read): answers = read
        }
        let cipher = try access.cipher
        let userID = try request.requireSignedIn().userID, now = request.application.lantern.now
        let caseID = try record.requireID()
        try await request.db.transaction { tx in
            let row = try await DutyToNotifyReport.query(on: tx).filter(\.$caseID == caseID).first() ?? {
                let row = DutyToNotifyReport()
                row.id = UUID()
                row.caseID = caseID
                row.recordedBy = userID
                row.recordedAt = now
                return row
            }()
            try row.set(answers, using: cipher)
            row.updatedBy = userID
            row.updatedAt = now
            try await row.save(on: tx)
            try await request.audit(AuditEvent(action: "case.duty_to_notify_recorded", recordType: "case", recordID: caseID.uuidString), on: tx)
        }
        return request.redirect(to: Href.dutyToNotifySummary(record.reference).query("saved", "1"))
    }

    @Sendable func summary(_ request: Request) async throws -> Response {
        let access = try await load(request)
        if let refusal = try await notANotification(access, request) { return refusal }
        let record = access.record
        let report = try await Self.report(of: record, on: request.db)
        try await request.audit(AuditEvent(action: "case.duty_to_notify_summary_viewed", recordType: "case", recordID: record.id?.uuidString))
        let organisation = try await Organisation.find(record.$organisation.id, on: request.db)
        return request.render(DutyToNotifyPages.summary(.init(
            record: record, answers: try report?.answers(using: access.caseCipher), organisation: organisation?.name ?? "",
            catalogue: request.application.lantern.boroughs, saved: request.query[String.self, at: "saved"] != nil),
            l: DutyToNotifyPages.localiser(request)))
    }

    /// The case, if the viewer's organisation owns it; a case that never was a Duty to Notify
    /// is answered in words (409) by `notANotification`.
    private func load(_ request: Request) async throws -> AccessibleCase {
        let access = try await CaseAccess.load(request.parameters.get("reference"), for: .editCase, request: request)
        guard access.relation == .sameOrganisation, !access.decisionOnly else { throw LanternError.notFound }
        return access
    }

    /// A case that never was a Duty to Notify has no report: said in words, nothing written.
    private func notANotification(_ access: AccessibleCase, _ request: Request) async throws -> Response? {
        guard !Self.wasNotification(access.record.state) else { return nil }
        try await request.audit(AuditEvent(action: "case.duty_to_notify_refused", recordType: "case", recordID: access.record.id?.uuidString,
                                           outcome: .failed))
        var page = DutyToNotifyPages.notANotification(access.record, l: DutyToNotifyPages.localiser(request))
        page.status = .conflict
        return request.render(page)
    }

    static func wasNotification(_ state: PathwayState) -> Bool { state.stage == .dutyToNotify || state.notifiedOn != nil }

    /// The day the notification was made: kept in the pathway (`notifiedOn`), or for a case
    /// stored before that was kept, the day it entered the Duty to Notify stage.
    static func notifiedOn(_ state: PathwayState) -> Day? {
        state.notifiedOn ?? (state.stage == .dutyToNotify ? state.stageEnteredOn : nil)
    }

    static func report(of record: CaseRecord, on db: any Database) async throws -> DutyToNotifyReport? {
        try await DutyToNotifyReport.query(on: db).filter(\.$caseID == record.requireID()).first()
    }
}
