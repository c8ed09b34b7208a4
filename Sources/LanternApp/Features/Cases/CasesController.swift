import Fluent
import Vapor
import LanternCore

/// The referral pathway's pages: the case list, recording a potential victim, the case page
/// and its next steps, and the referral details with their printable summary.
struct CasesController {
    func register(_ routes: LanternRoutes) {
        routes.get(CasePaths.list, access: .action(.viewCase), use: list)
        routes.get(CasePaths.new, access: .action(.createCase), use: newForm)
        routes.post(CasePaths.new, access: .action(.createCase), use: create)
        routes.get(CasePaths.show, access: .action(.viewCase), use: show)
        routes.post(CasePaths.event, access: .action(.editCase), use: recordEvent)
        routes.get(CasePaths.referral, access: .action(.editCase), use: referralForm)
        routes.post(CasePaths.referral, access: .action(.editCase), use: saveReferral)
        routes.get(CasePaths.referralSummary, access: .action(.editCase), use: referralSummary)
        routes.get(CasePaths.referralJSON, access: .action(.editCase), use: referralJSON)
    }

    struct ListFilters: Content {
        var stage: String?
        var overdue: [String]?
        var borough: String?
        var type: String?
        var ageGroup: String?
        var reference: String?
    }

    @Sendable func list(_ request: Request) async throws -> Response {
        let context = try request.authorise(.viewCase)
        let f = (try? request.query.decode(ListFilters.self)) ?? ListFilters()
        let reference = f.reference.flatMap { $0.isEmpty ? nil : $0 }
        let query = CaseListQuery(organisationID: context.organisationID, stage: f.stage.flatMap(Stage.init(rawValue:)),
                                  overdueOn: f.overdue?.isEmpty == false ? request.today : nil,
                                  borough: f.borough.flatMap { $0.isEmpty ? nil : $0 },
                                  type: f.type.flatMap { ExploitationType(code: $0) },
                                  ageGroup: f.ageGroup.flatMap { AgeGroup(code: $0) },
                                  reference: reference.map { CaseReference.normalised($0) ?? "invalid" })
        let cases = try await query.run(for: request)
        try await request.audit(AuditEvent(action: "cases.listed", recordType: "organisation", recordID: context.organisationID.uuidString))
        return request.render(CasePages.list(.init(
            cases: cases, filters: .init(stage: f.stage, overdue: f.overdue?.isEmpty == false, borough: f.borough, type: f.type,
                                         ageGroup: f.ageGroup, reference: reference),
            catalogue: request.application.lantern.boroughs, today: request.today,
            canCreate: request.accessPolicy.permits(context.roles, .createCase, on: .sameOrganisation),
            organisationName: context.organisationName, truncated: cases.count == query.limit), l: CasePages.localiser(request)))
    }

    @Sendable func newForm(_ request: Request) async throws -> Response {
        try request.authoriseCreating(.createCase)
        var input = NewCaseInput()
        input.identifiedOn = request.today.iso
        return request.render(CasePages.new(.init(input: input, errors: FormErrors(), catalogue: request.application.lantern.boroughs,
                                                  csrf: request.csrfToken), l: CasePages.localiser(request)))
    }

    @Sendable func create(_ request: Request) async throws -> Response {
        try request.authoriseCreating(.createCase)
        let l = CasePages.localiser(request)
        var input = try request.content.decode(NewCaseInput.self)
        // Checkboxes arrive as `name[]`; a single box as a plain value.
        struct Boxes: Content { var exploitationTypes: [String]?; var interpreterNeeded: [String]?; var countyLines: [String]? }
        // A single box sends "true" or nothing; anything else did not come from the form.
        var boxErrors = FormErrors()
        if let boxes = try? request.content.decode(Boxes.self) {
            input.exploitationTypes = boxes.exploitationTypes ?? input.exploitationTypes
            input.interpreterNeeded = boxes.interpreterNeeded.map { !$0.isEmpty } ?? input.interpreterNeeded
            input.countyLines = boxes.countyLines.map { !$0.isEmpty } ?? input.countyLines
            if boxes.interpreterNeeded?.contains(where: { $0 != "true" }) == true {
                boxErrors.add("interpreterNeeded", l("cases.interpreter-box-error"))
            }
            if boxes.countyLines?.contains(where: { $0 != "true" }) == true {
                boxErrors.add("countyLines", l("cases.county-lines-box-error"))
            }
        }
        let validated = CaseValidation.validate(input, today: request.today, catalogue: request.application.lantern.boroughs)
        if case .success = validated, !boxErrors.isEmpty {
            return request.render(CasePages.new(.init(input: input, errors: boxErrors, catalogue: request.application.lantern.boroughs,
                                                      csrf: request.csrfToken), l: l))
        }
        switch validated {
        case .failure(let problems):
            var errors = boxErrors
            for item in problems.items { errors.add(item.field, item.message) }
            return request.render(CasePages.new(.init(input: input, errors: errors, catalogue: request.application.lantern.boroughs,
                                                      csrf: request.csrfToken), l: l))
        case .success(let valid):
            // A possible re-referral is shown before anything is saved; "record as a new case" sends confirmed_new=yes.
            if !ReReferral.confirmed(request) {
                let earlier = try await ReReferral.earlierCases(for: valid, request: request)
                if !earlier.isEmpty {
                    try await ReReferral.recordShown(earlier, request: request)
                    let warning = ReReferralPages.warning(earlier, viewerOrganisationID: try request.requireSignedIn().organisationID,
                                                          input: input, csrf: request.csrfToken, l: l)
                    return request.render(CasePages.new(.init(input: input, errors: FormErrors(), catalogue: request.application.lantern.boroughs,
                                                              csrf: request.csrfToken, reReferral: warning), l: l))
                }
            }
            let record = try await CaseService(request: request).create(valid)
            return request.redirect(to: Href.case(record.reference).query("created", "1"))
        }
    }

    @Sendable func show(_ request: Request) async throws -> Response {
        let access = try await CaseAccess.load(request.parameters.get("reference"), for: .viewCase, request: request)
        try await access.auditView(on: request)
        if access.decisionOnly, let share = access.share {
            let owner = try await Organisation.find(access.record.$organisation.id, on: request.db)
            return request.render(CaseShowPage.decisionStatus(.init(record: access.record, share: share, ownerName: owner?.name),
                                                              l: CasePages.localiser(request)))
        }
        let view = try await CaseViewLoader.load(access, request: request)
        let notice: CaseShowPage.Notice = request.query[String.self, at: "created"] != nil ? .created
            : (request.query[String.self, at: "recorded"] != nil ? .recorded : .none)
        return request.render(CaseShowPage.render(view, errors: FormErrors(), csrf: request.csrfToken, notice: notice,
                                                  l: CasePages.localiser(request)))
    }

    struct EventForm: Content {
        var date: String?
        var outcome: String?
        var pillars: [String]?
        var reason: String?
    }

    @Sendable func recordEvent(_ request: Request) async throws -> Response {
        let access = try await CaseAccess.load(request.parameters.get("reference"), for: .editCase, request: request)
        let name = request.parameters.get("event") ?? ""
        let form = try request.content.decode(EventForm.self)
        let id = name.replacingOccurrences(of: "_", with: "-")
        do {
            let (event, day) = try EventParser.parse(name: name, date: form.date, outcome: form.outcome, pillars: form.pillars,
                                                     reason: form.reason, today: request.today, fieldPrefix: id)
            try await CaseService(request: request).apply(event, on: day, note: nil, to: access.record, using: try access.cipher)
            return request.redirect(to: Href.case(access.record.reference).query("recorded", "1").fragment("timeline"))
        } catch LanternError.invalid(let items) {
            let view = try await CaseViewLoader.load(access, request: request)
            // Point each message at a field that is on the page: a step no longer offered
            // (e.g. sent from a stale tab) points at the next-steps heading instead.
            let offered = Pathway.possibleEvents(from: access.record.state,
                                                 facts: CaseFacts(ageGroup: access.record.age, missingReferralDetails: view.missing))
            var errors = FormErrors()
            for item in items {
                let field = item.field == "event" ? "\(id)-date" : item.field
                errors.add(offered.contains { $0.rawValue == name } ? field : "next-steps", item.message)
            }
            let submitted = CaseShowPage.Submitted(event: name, date: form.date, outcome: form.outcome, pillars: Set(form.pillars ?? []),
                                                   reason: form.reason)
            var page = CaseShowPage.render(view, errors: errors, csrf: request.csrfToken, submitted: submitted, l: CasePages.localiser(request))
            page.status = .unprocessableEntity
            page.hasErrors = true
            return request.render(page)
        }
    }

    @Sendable func referralForm(_ request: Request) async throws -> Response {
        let access = try await CaseAccess.load(request.parameters.get("reference"), for: .editCase, request: request)
        let details = try CaseService(request: request).referral(of: access.record, using: try access.cipher)
        try await request.audit(AuditEvent(action: "case.referral_viewed", recordType: "case", recordID: access.record.id?.uuidString))
        return request.render(ReferralPages.edit(.init(record: access.record, details: details, errors: FormErrors(), csrf: request.csrfToken),
                                                 l: CasePages.localiser(request)))
    }

    @Sendable func saveReferral(_ request: Request) async throws -> Response {
        let access = try await CaseAccess.load(request.parameters.get("reference"), for: .editCase, request: request)
        let service = CaseService(request: request)
        let values = try request.content.decode([String: String].self)
        switch ReferralFormReader.read(values, into: try service.referral(of: access.record, using: try access.cipher), age: access.record.age, today: request.today) {
        case .failure(let errors):
            return request.render(ReferralPages.edit(.init(record: access.record, details: ReferralDetails(), values: values, errors: errors,
                                                           csrf: request.csrfToken), l: CasePages.localiser(request)))
        case .success(let details):
            do {
                try await service.updateReferral(details, on: access.record, using: try access.cipher)
            } catch LanternError.invalid(let items) {
                var errors = FormErrors()
                for item in items { errors.add(item.field, item.message) }
                return request.render(ReferralPages.edit(.init(record: access.record, details: details, errors: errors, csrf: request.csrfToken),
                                                         l: CasePages.localiser(request)))
            }
            return request.redirect(to: Href.case(access.record.reference).query("recorded", "1"))
        }
    }

    @Sendable func referralSummary(_ request: Request) async throws -> Response {
        let access = try await CaseAccess.load(request.parameters.get("reference"), for: .editCase, request: request)
        let service = CaseService(request: request)
        try await request.audit(AuditEvent(action: "case.referral_exported", recordType: "case", recordID: access.record.id?.uuidString))
        let organisation = try await Organisation.find(access.record.$organisation.id, on: request.db)
        return request.render(ReferralPages.summary(.init(record: access.record,
                                                          details: try service.referral(of: access.record, using: try access.cipher),
                                                          missing: try await service.missingDetails(of: access.record, using: try access.cipher),
                                                          organisation: organisation?.name ?? "",
                                                          catalogue: request.application.lantern.boroughs), l: CasePages.localiser(request)))
    }

    @Sendable func referralJSON(_ request: Request) async throws -> ReferralExportDTO {
        let access = try await CaseAccess.load(request.parameters.get("reference"), for: .editCase, request: request)
        try await request.audit(AuditEvent(action: "case.referral_exported", recordType: "case", recordID: access.record.id?.uuidString))
        return try await ReferralExportDTO.make(access.record, using: try access.cipher, request: request)
    }
}

