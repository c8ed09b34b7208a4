import Fluent
import Vapor
import LanternCore

/// `/api/v1/cases`: the pathway as JSON, through the same services and policy as the pages.
struct CasesAPIController {
    func register(_ routes: LanternRoutes) {
        let api = routes.api
        api.get(CasePaths.apiList, access: .action(.viewCase), use: list)
        api.post(CasePaths.apiList, access: .action(.createCase), use: create)
        api.get(CasePaths.apiShow, access: .action(.viewCase), use: show)
        api.post(CasePaths.apiEvents, access: .action(.editCase), use: recordEvent)
        api.get(CasePaths.apiReferral, access: .action(.editCase), use: referral)
        api.put(CasePaths.apiReferral, access: .action(.editCase), use: updateReferral)
    }

    struct ListQuery: Content {
        var stage: String?
        var overdue: Bool?
        var borough: String?
        var type: String?
        var ageGroup: String?
        var reference: String?
        var limit: Int?
    }

    @Sendable func list(_ request: Request) async throws -> ListDTO<CaseDTO> {
        let context = try request.authorise(.viewCase)
        let q = try request.query.decode(ListQuery.self)
        var errors = FormErrors()
        let stage = q.stage.map { Stage(rawValue: $0) }
        if stage == .some(nil) { errors.add("stage", "stage must be one of: \(Stage.allCases.map(\.rawValue).joined(separator: ", "))") }
        let type = q.type.map { ExploitationType(code: $0) }
        if type == .some(nil) { errors.add("type", "type must be one of: \(ExploitationType.codes.joined(separator: ", "))") }
        let age = q.ageGroup.map { AgeGroup(code: $0) }
        if age == .some(nil) { errors.add("ageGroup", "ageGroup must be one of: \(AgeGroup.codes.joined(separator: ", "))") }
        if let borough = q.borough, request.application.lantern.boroughs.borough(code: borough) == nil {
            errors.add("borough", "borough must be an ONS code of a London borough, e.g. E09000007")
        }
        if let limit = q.limit, !(1...500).contains(limit) { errors.add("limit", "limit must be from 1 to 500") }
        if let reference = q.reference, CaseReference.normalised(reference) == nil {
            errors.add("reference", "reference must be a case reference, like LNT-ABCD-EFGH-JKLM")
        }
        guard errors.isEmpty else { throw LanternError.invalid(errors.items) }
        let query = CaseListQuery(organisationID: context.organisationID, stage: stage ?? nil,
                                  overdueOn: q.overdue == true ? request.today : nil, borough: q.borough, type: type ?? nil,
                                  ageGroup: age ?? nil, reference: q.reference.map { CaseReference.normalised($0) ?? "invalid" },
                                  limit: q.limit ?? 100)
        let cases = try await query.run(for: request)
        try await request.audit(AuditEvent(action: "cases.listed", recordType: "organisation", recordID: context.organisationID.uuidString))
        return ListDTO(items: cases.map { CaseDTO($0, today: request.today) })
    }

    @Sendable func create(_ request: Request) async throws -> Response {
        try request.authoriseCreating(.createCase)
        let input = try request.content.decode(NewCaseInput.self)
        switch CaseValidation.validate(input, today: request.today, catalogue: request.application.lantern.boroughs) {
        case .failure(let problems): throw LanternError.invalid(problems.items)
        case .success(let valid):
            // An earlier case of the caller's organisation answers 409 (nothing saved) unless "confirmedNew": true.
            if try !ReReferralAPI.confirmed(request),
               let conflict = try await ReReferralAPI.conflict(try await ReReferral.earlierCases(for: valid, request: request), request: request) {
                return conflict
            }
            let record = try await CaseService(request: request).create(valid)
            try await record.$exploitationTypes.load(on: request.db)
            let response = try await CaseDTO(record, today: request.today).encodeResponse(status: .created, for: request)
            response.headers.replaceOrAdd(name: .location, value: Href.apiCase(record.reference).description)
            return response
        }
    }

    @Sendable func show(_ request: Request) async throws -> Response {
        let access = try await CaseAccess.load(request.parameters.get("reference"), for: .viewCase, request: request)
        try await access.auditView(on: request)
        if access.decisionOnly, let share = access.share {
            let owner = try await Organisation.find(access.record.$organisation.id, on: request.db)
            let state = access.record.state
            return try await DecisionStatusDTO(reference: access.record.reference, stage: access.record.stage,
                                               reasonableGrounds: state.reasonableGrounds.map(DecisionDTO.init),
                                               conclusiveGrounds: state.conclusiveGrounds.map(DecisionDTO.init),
                                               sharedBy: owner?.name ?? "", sharedUntil: Day(daysSinceEpoch: share.until).iso,
                                               purpose: share.purpose).encodeResponse(for: request)
        }
        let service = CaseService(request: request)
        let owner = access.relation == .sameOrganisation
        let timeline = try await CaseEvent.query(on: request.db).filter(\.$case.$id == access.record.requireID())
            .sort(\.$occurredOn).sort(\.$recordedAt).all()
        return try await CaseDetailDTO(
            case: CaseDTO(access.record, today: request.today),
            timeline: timeline.map { TimelineEntryDTO(name: $0.name, label: $0.label, on: Day(daysSinceEpoch: $0.occurredOn).iso) },
            // A Duty to Notify is not a referral: nothing is "missing" from it (not even consent).
            missingReferralDetails: owner && !access.erased && access.record.state.stage != .dutyToNotify
                ? try await service.missingDetails(of: access.record, using: try access.cipher).map(MissingDetailDTO.init) : [],
            previousCaseExists: owner ? !(try await service.previousCases(of: access.record)).isEmpty : false,
            scopes: access.parts.sorted().map(\.rawValue),
            // A partner sees exactly the referral answers its share carries (none once erased).
            identityAndContact: try partnerAnswers(.identityAndContact, access, service),
            story: try partnerAnswers(.story, access, service)
        ).encodeResponse(for: request)
    }

    /// The referral answers of one scope for a partner whose share carries it; nil otherwise.
    private func partnerAnswers(_ scope: ShareScope, _ access: AccessibleCase, _ service: CaseService) throws -> [String: String?]? {
        guard access.relation != .sameOrganisation, access.shows(scope), let cipher = access.caseCipher else { return nil }
        return SharedReferralAnswers.answers(scope, of: try service.referral(of: access.record, using: cipher), age: access.record.age)
    }

    struct EventInput: Content {
        var event: String
        var date: String?
        var outcome: String?
        var pillars: [String]?
        var reason: String?
    }

    @Sendable func recordEvent(_ request: Request) async throws -> CaseDTO {
        let access = try await CaseAccess.load(request.parameters.get("reference"), for: .editCase, request: request)
        let input = try request.content.decode(EventInput.self)
        let (event, day) = try EventParser.parse(name: input.event, date: input.date, outcome: input.outcome, pillars: input.pillars,
                                                 reason: input.reason, today: request.today)
        try await CaseService(request: request).apply(event, on: day, note: nil, to: access.record, using: try access.cipher)
        return CaseDTO(access.record, today: request.today)
    }

    @Sendable func referral(_ request: Request) async throws -> ReferralExportDTO {
        let access = try await CaseAccess.load(request.parameters.get("reference"), for: .editCase, request: request)
        try await request.audit(AuditEvent(action: "case.referral_exported", recordType: "case", recordID: access.record.id?.uuidString))
        return try await ReferralExportDTO.make(access.record, using: try access.cipher, request: request)
    }

    /// Accepts `{ "field": "value" }` using the form's field names; yes/no as true/false.
    @Sendable func updateReferral(_ request: Request) async throws -> ReferralExportDTO {
        let access = try await CaseAccess.load(request.parameters.get("reference"), for: .editCase, request: request)
        let service = CaseService(request: request)
        let raw = try request.content.decode([String: ReferralValue].self)
        let known = Set(ReferralQuestion.all.map(\.field))
        if let unknown = raw.keys.first(where: { !known.contains($0) }) {
            throw LanternError.invalid([(unknown, "\(unknown) is not a referral field")])
        }
        let current = try service.referral(of: access.record, using: try access.cipher)
        var values: [String: String] = [:]
        for question in ReferralQuestion.all where question.applies(to: access.record.age) {
            values[question.field] = raw[question.field].map(\.text) ?? question.formValue(current)
        }
        switch ReferralFormReader.read(values, into: current, age: access.record.age, today: request.today) {
        case .failure(let problems): throw LanternError.invalid(problems.items)
        case .success(let details):
            try await service.updateReferral(details, on: access.record, using: try access.cipher)
            return try await ReferralExportDTO.make(access.record, using: try access.cipher, request: request)
        }
    }
}

/// A referral answer in JSON: text, or true/false for yes/no questions.
enum ReferralValue: Decodable {
    case text(String)
    case flag(Bool)
    case none

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() { self = .none }
        else if let flag = try? container.decode(Bool.self) { self = .flag(flag) }
        else { self = .text(try container.decode(String.self)) }
    }

    var text: String {
        switch self {
        case .text(let s): s
        case .flag(let b): b ? "yes" : "no"
        case .none: ""
        }
    }
}
