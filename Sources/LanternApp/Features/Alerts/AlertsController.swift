import Fluent
import Foundation
import LanternCore
import SQLKit
import Vapor

/// Acknowledging and resolving a case's alerts (the owner's organisation, `editCase`), the list
/// of open alerts (`viewCase`: a lead sees the organisation's, a worker their own cases'), and the
/// organisation's "no contact for N days" setting (its administrators and leads). Each state
/// change is one UPDATE that names the state it leaves, so of many people acting at once one
/// wins and the rest are told it was already done. Notes are sealed with the case's key.
struct AlertsController {
    func register(_ routes: LanternRoutes) {
        routes.get(AlertPaths.list, access: .action(.viewCase), use: list)
        routes.get(AlertPaths.settings, access: .anyAction([.manageTeams, .manageRetention]), use: settingsForm)
        routes.post(AlertPaths.settings, access: .anyAction([.manageTeams, .manageRetention]), use: saveSettings)
        routes.get(AlertPaths.acknowledge, access: .action(.editCase), use: acknowledgeForm)
        routes.post(AlertPaths.acknowledge, access: .action(.editCase), use: acknowledge)
        routes.get(AlertPaths.resolve, access: .action(.editCase), use: resolveForm)
        routes.post(AlertPaths.resolve, access: .action(.editCase), use: resolve)
    }

    struct NoteForm: Content { var note: String? }
    struct SettingsForm: Content { var days: String? }

    static func localiser(_ request: Request) -> Localiser { AlertsPages.localiser(request) }

    /// The case (owner's organisation only) and one of its alerts; 404 for anything else.
    private func owned(_ request: Request) async throws -> (AccessibleCase, CaseAlert) {
        let access = try await CaseAccess.load(request.parameters.get("reference"), for: .editCase, request: request)
        guard access.relation == .sameOrganisation else { throw LanternError.notFound }
        _ = try access.cipher
        guard let id = request.parameters.get("alertID").flatMap(UUID.init(exactly:)),
              let alert = try await CaseAlert.query(on: request.db).filter(\.$id == id)
                .filter(\.$case.$id == access.record.requireID()).first() else { throw LanternError.notFound }
        return (access, alert)
    }

    private func formPage(_ step: AlertsPages.Step, _ access: AccessibleCase, _ alert: CaseAlert, note: String?, errors: FormErrors,
                          done: Bool = false, request: Request) -> Response {
        var page = AlertsPages.noteForm(step, reference: access.record.reference, alertID: alert.id?.uuidString ?? "",
                                        kind: alert.alertKind, raisedOn: Day(daysSinceEpoch: alert.raisedOn), note: note,
                                        errors: errors, alreadyDone: done, csrf: request.csrfToken, l: Self.localiser(request))
        if !errors.isEmpty { page.status = .unprocessableEntity }
        if done { page.status = .conflict }
        return request.render(page)
    }

    @Sendable func acknowledgeForm(_ request: Request) async throws -> Response {
        let (access, alert) = try await owned(request)
        try await request.audit(AuditEvent(action: "case.alert_viewed", recordType: "case", recordID: access.record.id?.uuidString))
        return formPage(.acknowledge, access, alert, note: nil, errors: FormErrors(), done: alert.alertState != .open, request: request)
    }

    @Sendable func resolveForm(_ request: Request) async throws -> Response {
        let (access, alert) = try await owned(request)
        try await request.audit(AuditEvent(action: "case.alert_viewed", recordType: "case", recordID: access.record.id?.uuidString))
        return formPage(.resolve, access, alert, note: nil, errors: FormErrors(), done: alert.alertState == .resolved, request: request)
    }

    @Sendable func acknowledge(_ request: Request) async throws -> Response {
        try await change(.acknowledge, request)
    }

    @Sendable func resolve(_ request: Request) async throws -> Response {
        try await change(.resolve, request)
    }

    /// One atomic state change: `UPDATE … WHERE state IN (the states it may leave)`.
    private func change(_ step: AlertsPages.Step, _ request: Request) async throws -> Response {
        let (access, alert) = try await owned(request)
        let form = try request.content.decode(NoteForm.self)
        let l = Self.localiser(request)
        let note: String?
        switch AlertRules.note(form.note, required: step == .resolve) {
        case .success(let text): note = text
        case .failure(let problem):
            var errors = FormErrors()
            errors.add("note", AlertsPages.message(problem, l: l))
            return formPage(step, access, alert, note: form.note, errors: errors, request: request)
        }
        let id = try alert.requireID(), caseID = try access.record.requireID()
        let cipher = try access.cipher
        let userID = try request.requireSignedIn().userID
        let now = request.application.lantern.now
        let won = try await request.db.transaction { tx -> Bool in
            guard let sql = tx as? any SQLDatabase else { throw LanternError.notFound }
            var update = sql.update(CaseAlert.schema)
            switch step {
            case .acknowledge:
                update = update.set("state", to: AlertState.acknowledged.rawValue).set("acknowledged_by", to: userID)
                    .set("acknowledged_at", to: now)
                    .set("sealed_acknowledge_note", to: try note.map { try cipher.seal($0, context: CaseAlert.acknowledgeNoteContext(id)) })
                    .where("state", .equal, AlertState.open.rawValue)
            case .resolve:
                update = update.set("state", to: AlertState.resolved.rawValue).set("resolved_by", to: userID)
                    .set("resolved_at", to: now)
                    .set("sealed_note", to: try note.map { try cipher.seal($0, context: CaseAlert.noteContext(id)) })
                    .where("state", .in, [AlertState.open.rawValue, AlertState.acknowledged.rawValue])
            }
            guard try await update.where("id", .equal, id).where("case_id", .equal, caseID).returning("id").first() != nil else {
                return false
            }
            if step == .resolve {
                // The alert's tasks are done with it.
                try await TaskService.finishAll(sourceKey: "alert:" + CaseAlertJob.idText(id), at: now, on: tx)
            }
            try await request.audit(AuditEvent(action: step == .resolve ? "case.alert_resolved" : "case.alert_acknowledged",
                                               recordType: "case", recordID: caseID.uuidString), on: tx)
            return true
        }
        guard won else { return formPage(step, access, alert, note: form.note, errors: FormErrors(), done: true, request: request) }
        return request.redirect(to: Href.case(access.record.reference))
    }

    // MARK: The list

    @Sendable func list(_ request: Request) async throws -> Response {
        let context = try request.requireSignedIn()
        let lead = context.roles.contains(.modernSlaveryLead)
        let query = CaseAlert.query(on: request.db)
            .filter(\.$organisationID == context.organisationID)
            .filter(\.$state != AlertState.resolved.rawValue)
            .join(CaseRecord.self, on: \CaseAlert.$case.$id == \CaseRecord.$id)
        if !lead {
            // The viewer's cases: theirs as worker or second worker (the recorder on a case older than workers).
            let me = context.userID
            query.group(.or) { mine in
                mine.filter(CaseRecord.self, \.$workerID == me).filter(CaseRecord.self, \.$secondWorkerID == me)
                mine.group(.and) { $0.filter(CaseRecord.self, \.$workerID == nil).filter(CaseRecord.self, \.$createdBy == me) }
            }
        }
        let alerts = try await query.sort(\.$raisedOn).sort(\.$kind).limit(1000).all()
        let rows = try alerts.map { alert in
            let record = try alert.joined(CaseRecord.self)
            return AlertsPages.ListRow(reference: record.reference, kind: alert.alertKind, raisedOn: Day(daysSinceEpoch: alert.raisedOn),
                                       state: alert.alertState, alertID: alert.id?.uuidString ?? "")
        }
        try await request.audit(AuditEvent(action: "alerts.listed", recordType: "organisation", recordID: context.organisationID.uuidString))
        return request.render(AlertsPages.list(rows, organisationWide: lead, today: request.today, l: Self.localiser(request)))
    }

    // MARK: The organisation's setting

    private struct Setting: Decodable { let no_contact_alert_days: Int? }

    private func requireAdminOrLead(_ request: Request) throws -> SignInContext {
        let context = try request.requireSignedIn()
        guard !context.roles.isDisjoint(with: [.organisationAdmin, .modernSlaveryLead]) else { throw LanternError.forbidden }
        return context
    }

    static func noContactDays(organisation id: UUID, on db: any Database) async throws -> Int? {
        guard let sql = db as? any SQLDatabase else { return nil }
        return try await sql.select().column("no_contact_alert_days").from("organisations").where("id", .equal, id)
            .first(decoding: Setting.self)?.no_contact_alert_days
    }

    @Sendable func settingsForm(_ request: Request) async throws -> Response {
        let context = try requireAdminOrLead(request)
        let days = try await Self.noContactDays(organisation: context.organisationID, on: request.db)
        try await request.audit(AuditEvent(action: "organisation.alert_settings_viewed", recordType: "organisation",
                                           recordID: context.organisationID.uuidString))
        return request.render(AlertsPages.settings(days: days.map(String.init) ?? "", defaultDays: request.application.lantern.settings.noContactAlertDays,
                                                   saved: request.query[String.self, at: "saved"] == "1", errors: FormErrors(),
                                                   csrf: request.csrfToken, l: Self.localiser(request)))
    }

    @Sendable func saveSettings(_ request: Request) async throws -> Response {
        let context = try requireAdminOrLead(request)
        let form = try request.content.decode(SettingsForm.self)
        let l = Self.localiser(request)
        guard case .success(let days) = AlertRules.noContactDays(form.days) else {
            var errors = FormErrors()
            errors.add("days", l("alerts.settings.error-days"))
            var page = AlertsPages.settings(days: form.days ?? "", defaultDays: request.application.lantern.settings.noContactAlertDays,
                                            saved: false, errors: errors, csrf: request.csrfToken, l: l)
            page.status = .unprocessableEntity
            return request.render(page)
        }
        try await request.db.transaction { tx in
            guard let sql = tx as? any SQLDatabase else { throw LanternError.notFound }
            try await sql.update("organisations").set("no_contact_alert_days", to: days).where("id", .equal, context.organisationID).run()
            try await request.audit(AuditEvent(action: "organisation.alert_settings_changed", recordType: "organisation",
                                               recordID: context.organisationID.uuidString), on: tx)
        }
        return request.redirect(to: Href.alertSettings.query("saved", "1"))
    }
}

/// The case page's alerts (top of the page, order 10): open alerts with links to acknowledge
/// or resolve, and the history of every alert with who did what and the notes. Only the owner's
/// organisation sees them (partners are not asked to act on another organisation's alerts).
enum AlertsSection {
    @Sendable static func render(_ input: CaseSectionInput) async throws -> HTML? {
        let access = input.access
        guard access.relation == .sameOrganisation else { return nil }
        let caseID = try access.record.requireID()
        let alerts = try await CaseAlert.query(on: input.request.db).filter(\.$case.$id == caseID)
            .sort(\.$raisedOn, .descending).sort(\.$kind).all()
        guard !alerts.isEmpty else { return nil }
        let people = Set(alerts.flatMap { [$0.acknowledgedBy, $0.resolvedBy].compactMap { $0 } })
        let names = people.isEmpty ? [:] : Dictionary(try await User.query(on: input.request.db).filter(\.$id ~~ Array(people)).all()
            .map { ($0.id ?? UUID(), $0.displayName) }, uniquingKeysWith: { a, _ in a })
        let cipher = access.caseCipher
        let rows: [AlertsPages.SectionRow] = try alerts.map { alert in
            let id = try alert.requireID()
            return AlertsPages.SectionRow(
                alertID: id.uuidString, kind: alert.alertKind, state: alert.alertState, raisedOn: Day(daysSinceEpoch: alert.raisedOn),
                acknowledgedAt: alert.acknowledgedAt, acknowledgedBy: alert.acknowledgedBy.flatMap { names[$0] },
                acknowledgeNote: try cipher.flatMap { c in try alert.sealedAcknowledgeNote.map { try c.open($0, context: CaseAlert.acknowledgeNoteContext(id)) } },
                resolvedAt: alert.resolvedAt, resolvedBy: alert.resolvedBy.flatMap { names[$0] },
                note: try cipher.flatMap { c in try alert.sealedNote.map { try c.open($0, context: CaseAlert.noteContext(id)) } })
        }
        try await input.request.audit(AuditEvent(action: "case.alerts_viewed", recordType: "case", recordID: caseID.uuidString))
        return AlertsPages.section(rows, reference: access.record.reference, canEdit: input.canEdit && !access.erased,
                                   today: input.today, l: AlertsPages.localiser(input.request))
    }
}
