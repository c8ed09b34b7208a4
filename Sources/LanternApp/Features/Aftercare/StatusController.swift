import Fluent
import Foundation
import LanternCore
import SQLKit
import Vapor

/// The case's status and housing: immigration status and no recourse to public funds, the
/// Recovery Needs Assessment pillars, homelessness applications and reciprocal housing
/// requests. The owner's organisation records them (`editCase`); partners with a full-case
/// share read them (`viewCase`). Every read and write is audited; free text is sealed with the
/// case's key; each form re-renders itself with field messages and what was typed.
struct StatusController {
    func register(_ routes: LanternRoutes) {
        routes.get(StatusPaths.history, access: .action(.viewCase), use: history)
        routes.get(StatusPaths.newStatus, access: .action(.editCase), use: newStatusForm)
        routes.post(StatusPaths.newStatus, access: .action(.editCase), use: createStatus)
        routes.get(StatusPaths.newPillar, access: .action(.editCase), use: newPillarForm)
        routes.post(StatusPaths.newPillar, access: .action(.editCase), use: createPillar)
        routes.get(StatusPaths.pillar, access: .action(.editCase), use: pillarForm)
        routes.post(StatusPaths.pillar, access: .action(.editCase), use: decidePillar)
        routes.get(StatusPaths.newHomelessness, access: .action(.editCase), use: newHomelessnessForm)
        routes.post(StatusPaths.newHomelessness, access: .action(.editCase), use: createHomelessness)
        routes.get(StatusPaths.homelessness, access: .action(.editCase), use: homelessnessForm)
        routes.post(StatusPaths.homelessness, access: .action(.editCase), use: updateHomelessness)
        routes.get(StatusPaths.newHousingRequest, access: .action(.editCase), use: newHousingRequestForm)
        routes.post(StatusPaths.newHousingRequest, access: .action(.editCase), use: sendHousingRequest)
        routes.post(StatusPaths.withdrawHousingRequest, access: .action(.editCase), use: withdrawHousingRequest)
    }

    /// The box arrives as `nrpf[]` (every checkbox group does); more than one value is refused by the rule.
    struct StatusForm: Content { var status: String?; var nrpf: [String]?; var from: String? }
    struct PillarForm: Content { var pillar: String?; var requestedOn: String?; var outcome: String?; var decidedOn: String? }
    struct HomelessnessForm: Content {
        var borough: String?; var appliedOn: String?; var duty: String?; var priorityNeed: String?; var decidedOn: String?; var outcome: String?
    }
    struct HousingRequestForm: Content { var borough: String?; var note: String? }

    static func localiser(_ request: Request) -> Localiser { StatusPages.localiser(request) }

    /// The case named in the path, for a write: the owner's organisation only (404 otherwise).
    static func owned(_ request: Request) async throws -> AccessibleCase {
        let access = try await CaseAccess.load(request.parameters.get("reference"), for: .editCase, request: request)
        guard access.relation == .sameOrganisation else { throw LanternError.notFound }
        _ = try access.cipher
        return access
    }

    private func audit(_ action: String, _ access: AccessibleCase, request: Request, on db: any Database) async throws {
        try await request.audit(AuditEvent(action: action, recordType: "case", recordID: access.record.id?.uuidString), on: db)
    }

    // MARK: The whole history

    @Sendable func history(_ request: Request) async throws -> Response {
        let access = try await CaseAccess.load(request.parameters.get("reference"), for: .viewCase, request: request)
        guard !access.decisionOnly else { throw LanternError.notFound }
        let mayEdit = request.accessPolicy.permits(try request.requireSignedIn().roles, .editCase, on: .sameOrganisation)
        let summary = try await StatusSection.summary(access, request: request, canEdit: mayEdit && access.relation == .sameOrganisation && !access.erased)
        try await request.audit(AuditEvent(action: "case.housing_status_viewed", recordType: "case", recordID: access.record.id?.uuidString))
        return request.render(StatusPages.history(summary, csrf: request.csrfToken, l: Self.localiser(request)))
    }

    // MARK: Immigration status

    @Sendable func newStatusForm(_ request: Request) async throws -> Response {
        let access = try await Self.owned(request)
        return request.render(StatusPages.statusForm(reference: access.record.reference, form: StatusForm(from: request.today.iso),
                                                     errors: FormErrors(), csrf: request.csrfToken, l: Self.localiser(request)))
    }

    @Sendable func createStatus(_ request: Request) async throws -> Response {
        let access = try await Self.owned(request)
        let form = try request.content.decode(StatusForm.self)
        let l = Self.localiser(request)
        let (entry, errors) = StatusRules.check(.init(status: form.status, nrpf: form.nrpf.map { $0.joined(separator: ",") }, from: form.from), today: request.today, l: l)
        guard let entry else {
            return request.render(StatusPages.statusForm(reference: access.record.reference, form: form, errors: errors, csrf: request.csrfToken, l: l))
        }
        let row = CaseImmigrationStatus()
        row.id = UUID()
        row.$case.id = try access.record.requireID()
        row.immigrationStatus = entry.status.rawValue
        row.nrpf = entry.nrpf
        row.fromDay = entry.from.daysSinceEpoch
        row.recordedBy = try request.requireSignedIn().userID
        row.recordedAt = request.application.lantern.now
        try await request.db.transaction { tx in
            try await row.create(on: tx)
            try await audit("case.status_recorded", access, request: request, on: tx)
        }
        return request.redirect(to: Href.case(access.record.reference).fragment("status-and-housing"))
    }

    // MARK: Recovery Needs Assessment pillars

    @Sendable func newPillarForm(_ request: Request) async throws -> Response {
        let access = try await Self.owned(request)
        return request.render(StatusPages.pillarForm(reference: access.record.reference, pillarID: nil, form: PillarForm(outcome: PillarOutcome.pending.rawValue),
                                                     errors: FormErrors(), csrf: request.csrfToken, l: Self.localiser(request)))
    }

    @Sendable func createPillar(_ request: Request) async throws -> Response {
        let access = try await Self.owned(request)
        let form = try request.content.decode(PillarForm.self)
        let l = Self.localiser(request)
        let (entry, errors) = StatusRules.check(.init(pillar: form.pillar, requestedOn: form.requestedOn, outcome: form.outcome, decidedOn: form.decidedOn),
                                                today: request.today, l: l)
        guard let entry else {
            return request.render(StatusPages.pillarForm(reference: access.record.reference, pillarID: nil, form: form, errors: errors, csrf: request.csrfToken, l: l))
        }
        let row = CaseRNAPillar()
        row.id = UUID()
        row.$case.id = try access.record.requireID()
        row.pillar = entry.pillar.rawValue
        row.requestedOn = entry.requestedOn.daysSinceEpoch
        row.outcome = entry.outcome.rawValue
        row.decidedOn = entry.decidedOn?.daysSinceEpoch
        row.recordedBy = try request.requireSignedIn().userID
        row.recordedAt = request.application.lantern.now
        try await request.db.transaction { tx in
            try await row.create(on: tx)
            try await audit("case.pillar_recorded", access, request: request, on: tx)
        }
        return request.redirect(to: Href.case(access.record.reference).fragment("status-and-housing"))
    }

    /// A pillar of this case named in the path (404 for another case's or a bad id).
    private func pillar(_ request: Request, of access: AccessibleCase) async throws -> CaseRNAPillar {
        guard let id = request.parameters.get("pillarID", as: UUID.self),
              let row = try await CaseRNAPillar.query(on: request.db).filter(\.$id == id).filter(\.$case.$id == access.record.requireID()).first()
        else { throw LanternError.notFound }
        return row
    }

    @Sendable func pillarForm(_ request: Request) async throws -> Response {
        let access = try await Self.owned(request)
        let row = try await pillar(request, of: access)
        let form = PillarForm(pillar: row.pillar, requestedOn: Day(daysSinceEpoch: row.requestedOn).iso, outcome: row.outcome,
                              decidedOn: row.decidedOn.map { Day(daysSinceEpoch: $0).iso })
        return request.render(StatusPages.pillarForm(reference: access.record.reference, pillarID: row.id?.uuidString, form: form,
                                                     errors: FormErrors(), csrf: request.csrfToken, l: Self.localiser(request)))
    }

    /// Records (or corrects) a pillar: what was asked for, on which day, and the decision.
    @Sendable func decidePillar(_ request: Request) async throws -> Response {
        let access = try await Self.owned(request)
        let row = try await pillar(request, of: access)
        let form = try request.content.decode(PillarForm.self)
        let l = Self.localiser(request)
        let (entry, errors) = StatusRules.check(.init(pillar: form.pillar, requestedOn: form.requestedOn, outcome: form.outcome, decidedOn: form.decidedOn),
                                                today: request.today, l: l)
        guard let entry else {
            return request.render(StatusPages.pillarForm(reference: access.record.reference, pillarID: row.id?.uuidString, form: form,
                                                         errors: errors, csrf: request.csrfToken, l: l))
        }
        row.pillar = entry.pillar.rawValue
        row.requestedOn = entry.requestedOn.daysSinceEpoch
        row.outcome = entry.outcome.rawValue
        row.decidedOn = entry.decidedOn?.daysSinceEpoch
        try await request.db.transaction { tx in
            try await row.save(on: tx)
            try await audit("case.pillar_decided", access, request: request, on: tx)
        }
        return request.redirect(to: Href.case(access.record.reference).fragment("status-and-housing"))
    }

    // MARK: Homelessness applications

    @Sendable func newHomelessnessForm(_ request: Request) async throws -> Response {
        let access = try await Self.owned(request)
        let form = HomelessnessForm(appliedOn: request.today.iso, duty: HomelessnessDuty.prevention.rawValue, priorityNeed: PriorityNeed.pending.rawValue)
        return request.render(StatusPages.homelessnessForm(reference: access.record.reference, applicationID: nil, form: form,
                                                           boroughs: request.application.lantern.boroughs, errors: FormErrors(),
                                                           csrf: request.csrfToken, l: Self.localiser(request)))
    }

    @Sendable func createHomelessness(_ request: Request) async throws -> Response {
        let access = try await Self.owned(request)
        let row = HomelessnessApplication()
        row.id = UUID()
        row.$case.id = try access.record.requireID()
        row.recordedBy = try request.requireSignedIn().userID
        row.recordedAt = request.application.lantern.now
        return try await saveHomelessness(row, existing: false, access: access, request: request, action: "case.homelessness_recorded")
    }

    private func application(_ request: Request, of access: AccessibleCase) async throws -> HomelessnessApplication {
        guard let id = request.parameters.get("applicationID", as: UUID.self),
              let row = try await HomelessnessApplication.query(on: request.db).filter(\.$id == id)
                .filter(\.$case.$id == access.record.requireID()).first()
        else { throw LanternError.notFound }
        return row
    }

    @Sendable func homelessnessForm(_ request: Request) async throws -> Response {
        let access = try await Self.owned(request)
        let row = try await application(request, of: access)
        let cipher = try access.cipher
        let form = HomelessnessForm(borough: row.boroughCode, appliedOn: Day(daysSinceEpoch: row.appliedOn).iso, duty: row.duty,
                                    priorityNeed: row.priorityNeed, decidedOn: row.decidedOn.map { Day(daysSinceEpoch: $0).iso },
                                    outcome: try row.sealedOutcome.map { try cipher.open($0, context: row.outcomeSealContext) })
        try await request.audit(AuditEvent(action: "case.housing_status_viewed", recordType: "case", recordID: access.record.id?.uuidString))
        return request.render(StatusPages.homelessnessForm(reference: access.record.reference, applicationID: row.id?.uuidString, form: form,
                                                           boroughs: request.application.lantern.boroughs, errors: FormErrors(),
                                                           csrf: request.csrfToken, l: Self.localiser(request)))
    }

    @Sendable func updateHomelessness(_ request: Request) async throws -> Response {
        let access = try await Self.owned(request)
        let row = try await application(request, of: access)
        return try await saveHomelessness(row, existing: true, access: access, request: request, action: "case.homelessness_updated")
    }

    private func saveHomelessness(_ row: HomelessnessApplication, existing: Bool, access: AccessibleCase, request: Request, action: String) async throws -> Response {
        let form = try request.content.decode(HomelessnessForm.self)
        let l = Self.localiser(request)
        let boroughs = request.application.lantern.boroughs
        let (entry, errors) = HomelessnessRules.check(.init(borough: form.borough, appliedOn: form.appliedOn, duty: form.duty,
                                                            priorityNeed: form.priorityNeed, decidedOn: form.decidedOn, outcome: form.outcome),
                                                      boroughs: boroughs, today: request.today, l: l)
        guard let entry else {
                        return request.render(StatusPages.homelessnessForm(reference: access.record.reference, applicationID: existing ? row.id?.uuidString : nil, form: form,
                                                               boroughs: boroughs, errors: errors, csrf: request.csrfToken, l: l))
        }
        row.boroughCode = entry.boroughCode
        row.appliedOn = entry.appliedOn.daysSinceEpoch
        row.duty = entry.duty.rawValue
        row.priorityNeed = entry.priorityNeed.rawValue
        row.decidedOn = entry.decidedOn?.daysSinceEpoch
        row.sealedOutcome = try entry.outcome.map { try access.cipher.seal($0, context: row.outcomeSealContext) }
        try await request.db.transaction { tx in
            try await row.save(on: tx)
            try await audit(action, access, request: request, on: tx)
        }
        return request.redirect(to: Href.case(access.record.reference).fragment("status-and-housing"))
    }

    // MARK: Reciprocal housing requests

    @Sendable func newHousingRequestForm(_ request: Request) async throws -> Response {
        let access = try await Self.owned(request)
        return request.render(StatusPages.housingRequestForm(reference: access.record.reference, form: HousingRequestForm(),
                                                             boroughs: request.application.lantern.boroughs, errors: FormErrors(),
                                                             csrf: request.csrfToken, l: Self.localiser(request)))
    }

    /// Sends the request to the receiving borough's housing point of contact in the directory
    /// (its maintaining organisation, and its team when the entry names one), and gives the
    /// people there who may answer a task saying only that a request is waiting. No entry for
    /// the borough: a clear message, nothing written.
    @Sendable func sendHousingRequest(_ request: Request) async throws -> Response {
        let access = try await Self.owned(request)
        let form = try request.content.decode(HousingRequestForm.self)
        let l = Self.localiser(request)
        let boroughs = request.application.lantern.boroughs
        var (borough, note, errors) = HousingRequestRules.check(.init(borough: form.borough, note: form.note), boroughs: boroughs, l: l)
        var route: HousingRequestRules.Candidate?
        if let borough {
            route = HousingRequestRules.route(to: borough, among: try await HousingRequestRouting.candidates(in: borough, on: request.db))
            if route == nil {
                errors.add("borough", l("aftercare.housing-request.error.no-contact", ["borough": boroughs.borough(code: borough)?.name ?? borough]))
            }
        }
        guard errors.isEmpty, let borough, let note, let route, let toOrganisation = UUID(exactly: route.organisationID) else {
            return request.render(StatusPages.housingRequestForm(reference: access.record.reference, form: form, boroughs: boroughs,
                                                                 errors: errors, csrf: request.csrfToken, l: l))
        }
        let context = try request.requireSignedIn()
        let row = HousingRequest()
        row.id = UUID()
        row.$case.id = try access.record.requireID()
        row.fromOrganisationID = access.record.$organisation.id
        row.toOrganisationID = toOrganisation
        row.toTeamID = route.teamID.flatMap(UUID.init(exactly:))
        row.boroughCode = borough
        row.sentOn = request.today.daysSinceEpoch
        row.status = HousingRequestStatus.sent.rawValue
        row.sealedNote = try access.cipher.seal(note, context: row.noteSealContext)
        row.recordedBy = context.userID
        row.recordedAt = request.application.lantern.now
        try await request.db.transaction { tx in
            try await row.create(on: tx)
            try await audit("case.housing_request_sent", access, request: request, on: tx)
            try await HousingRequestRouting.notifyReceivers(of: row, services: request.application.lantern, on: tx)
        }
        return request.redirect(to: Href.case(access.record.reference).fragment("status-and-housing"))
    }

    /// Withdraws a request still waiting, in one statement: a request answered meanwhile stays answered.
    @Sendable func withdrawHousingRequest(_ request: Request) async throws -> Response {
        let access = try await Self.owned(request)
        let caseID = try access.record.requireID()
        guard let id = request.parameters.get("requestID", as: UUID.self),
              try await HousingRequest.query(on: request.db).filter(\.$id == id).filter(\.$case.$id == caseID).first() != nil
        else { throw LanternError.notFound }
        let withdrawn = try await request.db.transaction { tx -> Bool in
            guard let sql = tx as? any SQLDatabase else { throw Abort(.internalServerError) }
            let row = try await sql.update(HousingRequest.schema).set("status", to: HousingRequestStatus.withdrawn.rawValue)
                .set("answered_on", to: request.today.daysSinceEpoch)
                .where("id", .equal, id).where("case_id", .equal, caseID).where("status", .equal, HousingRequestStatus.sent.rawValue)
                .returning("id").first()
            guard row != nil else { return false }
            try await audit("case.housing_request_withdrawn", access, request: request, on: tx)
            return true
        }
        guard withdrawn else { throw LanternError.conflict(Self.localiser(request)("aftercare.housing-request.error.already-answered")) }
        return request.redirect(to: Href.case(access.record.reference).fragment("status-and-housing"))
    }
}
