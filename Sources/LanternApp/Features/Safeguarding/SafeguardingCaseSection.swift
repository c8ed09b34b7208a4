import Fluent
import Foundation
import LanternCore
import Vapor

/// The case page's "Safeguarding concerns" section (end, 10): the concerns raised on the case
/// that the viewer may see (narrowed like the list), what became of each, and a link to raise
/// one for those who may change the case and raise concerns. Its read is audited.
enum SafeguardingCaseSection {
    @Sendable static func render(_ input: CaseSectionInput) async throws -> HTML? {
        let request = input.request
        let services = request.application.lantern
        let context = try request.requireSignedIn()
        let canRaise = input.canEdit && request.accessPolicy.permits(context.roles, .raiseConcern, on: .sameOrganisation)
        guard request.accessPolicy.allowsSome(context.roles, .viewConcern) || canRaise else { return nil }
        let caseID = try input.access.record.requireID()
        let concerns = try await request.narrow(SafeguardingConcern.query(on: request.db).filter(\.$caseID == caseID), to: .viewConcern)
            .sort(\.$recordedAt, .descending).all()
        guard !concerns.isEmpty || canRaise else { return nil }
        try await request.audit(AuditEvent(action: "case.concerns_viewed", recordType: "case", recordID: caseID.uuidString))
        let names = try await SafeguardingController.names(concerns, on: request.db)
        let l = SafeguardingPages.localiser(request)
        let rows = concerns.map { c in
            SafeguardingPages.Row(id: c.id?.uuidString ?? "", raisedAt: c.recordedAt, subject: c.subjectValue, kind: c.kindValue,
                                  urgency: c.urgencyValue, borough: services.boroughs.borough(code: c.boroughCode)?.name ?? c.boroughCode,
                                  routedTo: SafeguardingController.routedName(c, names), state: c.state, acknowledgeBy: c.acknowledgeBy,
                                  overdue: ConcernState.isOverdue(acknowledgeBy: c.acknowledgeBy, acknowledgedAt: c.acknowledgedAt,
                                                                  closedAt: c.closedAt, now: services.now),
                                  outcome: c.outcome.flatMap(ConcernOutcome.init(rawValue:)))
        }
        return SafeguardingPages.caseSection(rows: rows, reference: input.access.record.reference, canRaise: canRaise, l: l)
    }
}

extension SafeguardingPages {
    static func caseSection(rows: [Row], reference: String, canRaise: Bool, l: Localiser) -> HTML {
        """
        <section class="section" aria-labelledby="concerns-heading">
        <h2 class="heading-m" id="concerns-heading">\(l("concerns.case-heading"))</h2>
        \(rows.isEmpty ? HTML("<p class=\"body\">\(l("concerns.case-none"))</p>") : table(rows, caption: l("concerns.case-caption"), l: l))
        \(canRaise ? HTML("<p class=\"body\"><a href=\"\(Href.newConcern(onCase: reference))\" class=\"button button--secondary\">\(l("concerns.raise-link"))</a></p>") : .empty)
        </section>
        """
    }
}
