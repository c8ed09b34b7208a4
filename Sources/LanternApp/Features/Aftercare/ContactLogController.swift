import Fluent
import Vapor
import LanternCore

/// The log of contact with the person: read it (`viewCase`, notes for the owner only) and
/// log a contact or an attempt (`editCase`, the case's own organisation).
struct ContactLogController {
    func register(_ routes: LanternRoutes) {
        routes.get(AccommodationPaths.contactLog, access: .action(.viewCase), use: log)
        routes.get(AccommodationPaths.newContact, access: .action(.editCase), use: newForm)
        routes.post(AccommodationPaths.newContact, access: .action(.editCase), use: add)
    }

    @Sendable func log(_ request: Request) async throws -> Response {
        let access = try await AccommodationController.readable(request)
        let caseID = try access.record.requireID()
        let owner = access.relation == .sameOrganisation
        let record = try await AccommodationStore.load(caseID, parts: [.contacts], cipher: access.caseCipher, openProviders: false, openNotes: owner,
                                                       on: request.db)
        try await request.audit(AuditEvent(action: "case.contact_log_viewed", recordType: "case", recordID: caseID.uuidString))
        let context = try request.requireSignedIn()
        let canEdit = owner && !access.erased && request.accessPolicy.permits(context.roles, .editCase, on: .sameOrganisation)
        return request.render(ContactLogPages.log(.init(reference: access.record.reference, contacts: record.contacts, today: request.today,
                                                        showNotes: owner, canEdit: canEdit), l: AccommodationPages.localiser(request)))
    }

    @Sendable func newForm(_ request: Request) async throws -> Response {
        let access = try await AccommodationController.writable(request)
        return request.render(ContactLogPages.new(.init(reference: access.record.reference, on: request.today.iso, method: nil, note: nil,
                                                        errors: FormErrors(), csrf: request.csrfToken), l: AccommodationPages.localiser(request)))
    }

    struct ContactForm: Content {
        var on: String?
        var method: String?
        var note: String?
    }

    @Sendable func add(_ request: Request) async throws -> Response {
        let access = try await AccommodationController.writable(request)
        let l = AccommodationPages.localiser(request)
        let form = try request.content.decode(ContactForm.self)
        let problems = try await AccommodationStore(request: request).logContact(on: form.on, method: form.method, note: form.note, to: access, l: l)
        guard problems.isEmpty else {
            return request.render(ContactLogPages.new(.init(reference: access.record.reference, on: form.on, method: form.method, note: form.note,
                                                            errors: problems, csrf: request.csrfToken), l: l))
        }
        return request.redirect(to: Href.case(access.record.reference).query("aftercare", AccommodationPages.Done.contactLogged.rawValue)
            .fragment("accommodation"))
    }
}
