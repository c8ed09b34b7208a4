import Fluent
import Vapor
import LanternCore

/// The organisation part of a form: name, kind and the boroughs it covers (shown by
/// `OrganisationPages.organisationFields`).
struct OrganisationFields {
    var name = ""
    var kind = ""
    var boroughs: [String] = []

    init() {}

    init(name: String?, kind: String?, boroughs: [String]?, catalogue: BoroughCatalogue, errors: inout FormErrors, l: Localiser) {
        self.name = (name ?? "").trimmingCharacters(in: .whitespaces)
        self.kind = kind ?? ""
        // LanternCore's validation messages are English (a noun inside one), so the noun is too.
        AccountValidation.checkName(self.name, field: "organisation-name", label: Localiser.englishGB("organisations.noun-organisation-name"),
                                    into: &errors)
        if OrganisationKind(rawValue: self.kind) == nil { errors.add("organisation-kind", l("organisations.kind-missing")) }
        self.boroughs = AccountValidation.boroughs(from: boroughs, catalogue: catalogue, into: &errors)
    }

    /// Creates the organisation and its borough links; the name must be new.
    func create(on db: any Database, at now: Date, l: Localiser = .englishGB) async throws -> Organisation {
        if try await Organisation.query(on: db).filter(\.$name == name).first() != nil {
            throw LanternError.invalid([(field: "organisation-name", message: l("organisations.name-taken"))])
        }
        let organisation = Organisation(name: name, kind: OrganisationKind(rawValue: kind) ?? .council, createdAt: now)
        try await organisation.create(on: db)
        for code in boroughs {
            try await OrganisationBorough(organisationID: organisation.requireID(), boroughCode: code).create(on: db)
        }
        return organisation
    }
}
