import Fluent
import Foundation
import LanternCore
import Vapor

/// The exact view (`/profile/agreements/:agreementID/figures`): the problem profile's
/// question over Lantern's cases, answered with exact figures for the cases the agreement
/// covers. Only for a person the agreement names, only while it is in force; for anyone
/// else, and for an agreement not (or no longer) in force, the page does not exist (404).
/// Every view is audited against the agreement. There is no download or API answer here:
/// those stay under disclosure control.
struct ExactFiguresController {
    /// The audit action of one exact view (the analysts' trail and the agreement's page list them).
    static let viewed = "profile.exact_viewed"

    func register(_ routes: LanternRoutes) {
        routes.get(DataSharingPaths.exactFigures, access: .action(.viewExactFigures), use: page)
    }

    @Sendable func page(_ request: Request) async throws -> Response {
        let context = try request.authorise(.viewExactFigures)
        guard let id = request.parameters.get("agreementID").flatMap(UUID.init(exactly:)),
              let record = try await DataSharingAgreementRecord.load(id, on: request.db) else { throw LanternError.notFound }
        guard record.names(context.userID), record.agreement.inForce(on: request.today) else {
            // Someone not named, or out of its term: recorded as refused, answered as if it did not exist.
            try await request.audit(AuditEvent(action: Self.viewed, recordType: "data_sharing_agreement", recordID: id.uuidString,
                                               outcome: .denied))
            throw LanternError.notFound
        }
        let services = request.application.lantern
        let l = ExactFiguresPages.localiser(request)
        var parameters = (try? request.query.decode(ProfileParameters.self)) ?? ProfileParameters()
        parameters.source = ProfileSource.cases.code
        parameters.scope = nil
        var model = ExactFiguresPages.Model(record: record, parameters: parameters, errors: FormErrors(), boroughs: services.boroughs,
                                            organisations: try await DataSharingAgreementController.organisationNames(on: request.db))
        do {
            var question = try ProfileRequest.parse(parameters, today: request.today, catalogue: services.boroughs, measures: [])
            question.query.within = record.covered
            let asked = question, db = request.db, readers = request.parallelReaders, title = record.agreement.title
            // One question at a time for each person, as the profile's.
            model.release = try await services.profileQuestions.answer(for: context.userID) {
                try await ProfileRelease.build(asked, db: db, readers: readers, boroughs: services.boroughs,
                                               rules: DisclosureRules(threshold: services.settings.disclosureThreshold),
                                               now: services.now, exactUnder: title)
            }
            model.queryString = question.queryString
        } catch LanternError.invalid(let items) {
            for item in items { model.errors.add(item.field, item.message) }
        }
        try await request.audit(AuditEvent(action: Self.viewed, recordType: "data_sharing_agreement", recordID: id.uuidString,
                                           outcome: model.release == nil ? .failed : .succeeded))
        var page = ExactFiguresPages.page(model, l: l)
        if !model.errors.isEmpty { page.status = .unprocessableEntity }
        return request.render(page)
    }
}
