import Fluent
import Foundation
import LanternCore
import Vapor

/// The case page's "Status and housing" section: the immigration status now and no recourse
/// to public funds in words, the Recovery Needs Assessment pillars asked for and granted, the
/// homelessness applications and the reciprocal housing requests with their answers. The
/// owner's organisation sees the notes and the forms; a partner with a full-case share sees
/// the rest; a decision-only share, nothing.
enum StatusSection {
    @Sendable static func render(_ input: CaseSectionInput) async throws -> HTML? {
        guard !input.access.decisionOnly else { return nil }
        let summary = try await summary(input.access, request: input.request, canEdit: input.canEdit)
        try await input.request.audit(AuditEvent(action: "case.housing_status_viewed", recordType: "case", recordID: input.access.record.id?.uuidString))
        return StatusPages.section(summary, csrf: input.csrf, l: StatusPages.localiser(input.request))
    }

    /// Everything the section and the history page show, read for this viewer.
    static func summary(_ access: AccessibleCase, request: Request, canEdit: Bool) async throws -> StatusPages.Summary {
        let caseID = try access.record.requireID()
        let db = request.db
        let owner = access.relation == .sameOrganisation
        let cipher = owner ? access.caseCipher : nil
        let statuses = try await CaseImmigrationStatus.query(on: db).filter(\.$case.$id == caseID)
            .sort(\.$fromDay, .descending).sort(\.$recordedAt, .descending).all()
        let current = StatusRules.current(statuses.compactMap { row in row.id.map { StatusRules.Dated(id: $0, from: row.from, recordedAt: row.recordedAt.timeIntervalSince1970) } },
                                          today: request.today)?.id
        let pillars = try await CaseRNAPillar.query(on: db).filter(\.$case.$id == caseID).sort(\.$requestedOn).sort(\.$recordedAt).all()
        let applications = try await HomelessnessApplication.query(on: db).filter(\.$case.$id == caseID)
            .sort(\.$appliedOn, .descending).sort(\.$recordedAt, .descending).all()
        let requests = try await HousingRequest.query(on: db).filter(\.$case.$id == caseID)
            .sort(\.$sentOn, .descending).sort(\.$recordedAt, .descending).all()
        let boroughs = request.application.lantern.boroughs
        let names = requests.isEmpty ? [:] : try await HousingRequestController.organisationNames(on: db)
        func boroughName(_ code: String) -> String { boroughs.borough(code: code)?.name ?? code }
        return StatusPages.Summary(
            reference: access.record.reference, canEdit: canEdit, today: request.today,
            statuses: statuses.map { .init(status: $0.status, nrpf: $0.nrpf, from: $0.from, isCurrent: $0.id == current) },
            pillars: pillars.map { .init(id: $0.id?.uuidString ?? "", pillar: SupportPillar(rawValue: $0.pillar), requestedOn: Day(daysSinceEpoch: $0.requestedOn),
                                         outcome: PillarOutcome(rawValue: $0.outcome) ?? .pending, decidedOn: $0.decidedOn.map(Day.init(daysSinceEpoch:))) },
            applications: try applications.map { row in
                .init(id: row.id?.uuidString ?? "", borough: boroughName(row.boroughCode), appliedOn: Day(daysSinceEpoch: row.appliedOn),
                      duty: HomelessnessDuty(rawValue: row.duty) ?? .prevention, priorityNeed: PriorityNeed(rawValue: row.priorityNeed) ?? .pending,
                      decidedOn: row.decidedOn.map(Day.init(daysSinceEpoch:)),
                      outcome: try cipher.flatMap { c in try row.sealedOutcome.map { try c.open($0, context: row.outcomeSealContext) } })
            },
            requests: try requests.map { row in
                StatusPages.RequestRow(id: row.id?.uuidString ?? "", reference: access.record.reference, borough: boroughName(row.boroughCode),
                                       organisation: names[row.toOrganisationID] ?? "", sentOn: Day(daysSinceEpoch: row.sentOn), status: row.state,
                                       answeredOn: row.answeredOn.map(Day.init(daysSinceEpoch:)),
                                       note: try cipher.flatMap { c in try row.sealedNote.map { try c.open($0, context: row.noteSealContext) } },
                                       answer: try cipher.flatMap { c in try row.sealedAnswer.map { try c.open($0, context: row.answerSealContext) } })
            })
    }
}
