import Fluent
import Vapor
import LanternCore

/// The platform administrator's list of member organisations, and adding one with an
/// invitation for its first administrator.
struct OrganisationsAdminController {
    func register(_ routes: LanternRoutes) {
        routes.get(OrganisationPaths.organisations, access: .action(.manageOrganisations), use: list)
        routes.get(OrganisationPaths.newOrganisation, access: .action(.manageOrganisations), use: newForm)
        routes.post(OrganisationPaths.organisations, access: .action(.manageOrganisations), use: create)
    }

    struct Form: Content {
        var organisationName: String?
        var organisationKind: String?
        var boroughs: [String]?
        var name: String?
        var email: String?
        enum CodingKeys: String, CodingKey {
            case organisationName = "organisation-name", organisationKind = "organisation-kind", boroughs, name, email
        }
    }

    @Sendable func list(_ request: Request) async throws -> Response {
        let organisations = try await Organisation.query(on: request.db).with(\.$boroughs).sort(\.$name).all()
        let catalogue = request.application.lantern.boroughs
        let model = OrganisationPages.OrganisationList(rows: organisations.map { organisation in
            .init(name: organisation.name, kind: organisation.organisationKind?.label ?? organisation.kind,
                  boroughs: organisation.boroughs.compactMap { catalogue.borough(code: $0.boroughCode)?.name }.sorted())
        })
        return request.render(OrganisationPages.organisations(model, l: OrganisationPages.localiser(request)))
    }

    @Sendable func newForm(_ request: Request) async throws -> Response {
        request.render(page(OrganisationPages.NewOrganisation(catalogue: request.application.lantern.boroughs), errors: FormErrors(),
                            request: request))
    }

    @Sendable func create(_ request: Request) async throws -> Response {
        let form = try request.content.decode(Form.self)
        let services = request.application.lantern
        let l = OrganisationPages.localiser(request)
        var errors = FormErrors()
        let fields = OrganisationFields(name: form.organisationName, kind: form.organisationKind, boroughs: form.boroughs,
                                        catalogue: services.boroughs, errors: &errors, l: l)
        let name = (form.name ?? "").trimmingCharacters(in: .whitespaces)
        let email = User.normalise(email: form.email ?? "")
        // LanternCore's validation messages are English (a noun inside one), so the noun is too.
        AccountValidation.checkName(name, field: "name", label: Localiser.englishGB("organisations.noun-administrator-name"), into: &errors)
        AccountValidation.checkEmail(email, into: &errors)
        let model = OrganisationPages.NewOrganisation(fields: fields, name: name, email: email, catalogue: services.boroughs)
        guard errors.isEmpty else { return request.render(page(model, errors: errors, request: request)) }
        let context = try request.requireSignedIn()
        do {
            let created = try await request.db.transaction { tx in
                let organisation = try await fields.create(on: tx, at: services.now, l: l)
                try await request.audit(AuditEvent(action: "organisation.created", recordType: "organisation",
                                                   recordID: organisation.id?.uuidString), on: tx)
                let created = try await InvitationService.invite(email: email, name: name, roles: [.organisationAdmin],
                                                                 organisationID: organisation.requireID(),
                                                                 invitedBy: context.userID, services: services, on: tx, l: l)
                try await request.audit(AuditEvent(action: "user.invited", recordType: "invitation",
                                                   recordID: created.invitation.id?.uuidString,
                                                   organisationID: organisation.id), on: tx)
                return created
            }
            return request.render(OrganisationPages.organisationAdded(.init(created, name: name), l: l))
        } catch LanternError.invalid(let items) {
            for item in items { errors.add(item.field, item.message) }
            return request.render(page(model, errors: errors, request: request))
        }
    }

    private func page(_ model: OrganisationPages.NewOrganisation, errors: FormErrors, request: Request) -> Page {
        OrganisationPages.newOrganisation(model, errors: errors, csrf: request.csrfToken, l: OrganisationPages.localiser(request))
    }
}
