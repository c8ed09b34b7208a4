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
        let rows: [[HTML]] = organisations.map { organisation in
            [HTML("\(organisation.name)"), HTML("\(organisation.organisationKind?.label ?? organisation.kind)"),
             HTML("\(organisation.boroughs.isEmpty ? "London-wide" : organisation.boroughs.compactMap { catalogue.borough(code: $0.boroughCode)?.name }.sorted().joined(separator: ", "))")]
        }
        return request.render(Page(title: "Organisations", content: """
            <h1 class="heading-l">Member organisations</h1>
            <p class="body"><a href="\(Href.newOrganisation)" class="button">Add an organisation</a></p>
            \(Components.table(caption: "Organisations", headers: ["Name", "Kind", "Boroughs"], rows: rows))
            """))
    }

    @Sendable func newForm(_ request: Request) async throws -> Response {
        request.render(page(OrganisationFields(), name: "", email: "", errors: FormErrors(), request: request))
    }

    @Sendable func create(_ request: Request) async throws -> Response {
        let form = try request.content.decode(Form.self)
        let services = request.application.lantern
        var errors = FormErrors()
        let fields = OrganisationFields(name: form.organisationName, kind: form.organisationKind, boroughs: form.boroughs,
                                        catalogue: services.boroughs, errors: &errors)
        let name = (form.name ?? "").trimmingCharacters(in: .whitespaces)
        let email = User.normalise(email: form.email ?? "")
        AccountValidation.checkName(name, field: "name", label: "the administrator's full name", into: &errors)
        AccountValidation.checkEmail(email, into: &errors)
        guard errors.isEmpty else { return request.render(page(fields, name: name, email: email, errors: errors, request: request)) }
        let context = try request.requireSignedIn()
        do {
            let created = try await request.db.transaction { tx in
                let organisation = try await fields.create(on: tx, at: services.now)
                try await request.audit(AuditEvent(action: "organisation.created", recordType: "organisation",
                                                   recordID: organisation.id?.uuidString), on: tx)
                let created = try await InvitationService.invite(email: email, name: name, roles: [.organisationAdmin],
                                                                 organisationID: organisation.requireID(),
                                                                 invitedBy: context.userID, services: services, on: tx)
                try await request.audit(AuditEvent(action: "user.invited", recordType: "invitation",
                                                   recordID: created.invitation.id?.uuidString,
                                                   organisationID: organisation.id), on: tx)
                return created
            }
            return request.render(Page(title: "Organisation added", content: """
                \(InvitationService.linkPanel(created, name: name))
                <p class="body"><a href="\(Href.organisations)">Back to organisations</a></p>
                """))
        } catch LanternError.invalid(let items) {
            for item in items { errors.add(item.field, item.message) }
            return request.render(page(fields, name: name, email: email, errors: errors, request: request))
        }
    }

    private func page(_ fields: OrganisationFields, name: String, email: String, errors: FormErrors, request: Request) -> Page {
        Page(title: "Add an organisation", content: """
            \(Components.errorSummary(errors))
            <h1 class="heading-l">Add an organisation</h1>
            <form method="post" action="\(Href.organisations)" novalidate>
            \(Components.csrfField(request.csrfToken))
            \(fields.render(errors: errors, catalogue: request.application.lantern.boroughs))
            <h2 class="heading-m">Its first administrator</h2>
            \(Components.textInput(name: "name", label: "Full name", value: name, errors: errors))
            \(Components.textInput(name: "email", label: "Work email address", value: email, type: "email", errors: errors,
                                   extra: " spellcheck=\"false\""))
            \(Components.button("Add organisation and invite administrator"))
            </form>
            """, status: errors.isEmpty ? .ok : .unprocessableEntity, hasErrors: !errors.isEmpty,
            backLink: (Href.organisations, "Back to organisations"))
    }
}
