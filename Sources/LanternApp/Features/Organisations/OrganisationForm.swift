import Fluent
import Vapor
import LanternCore

/// The organisation part of a form: name, kind and the boroughs it covers.
struct OrganisationFields {
    var name = ""
    var kind = ""
    var boroughs: [String] = []

    init() {}

    init(name: String?, kind: String?, boroughs: [String]?, catalogue: BoroughCatalogue, errors: inout FormErrors) {
        self.name = (name ?? "").trimmingCharacters(in: .whitespaces)
        self.kind = kind ?? ""
        AccountValidation.checkName(self.name, field: "organisation-name", label: "the organisation's name", into: &errors)
        if OrganisationKind(rawValue: self.kind) == nil { errors.add("organisation-kind", "Select the kind of organisation") }
        self.boroughs = AccountValidation.boroughs(from: boroughs, catalogue: catalogue, into: &errors)
    }

    func render(errors: FormErrors, catalogue: BoroughCatalogue) -> HTML {
        """
        \(Components.textInput(name: "organisation-name", label: "Organisation name", value: name, errors: errors))
        \(Components.select(name: "organisation-kind", label: "Kind of organisation",
                            options: [("", "Select")] + OrganisationKind.allCases.map { ($0.rawValue, $0.label) },
                            selected: kind, errors: errors))
        \(Components.checkboxes(name: "boroughs", legend: "Boroughs it covers",
                                options: catalogue.all.map { ($0.onsCode, $0.name) }, checked: Set(boroughs),
                                hint: "Select all that apply. Leave empty for a London-wide organisation.", errors: errors))
        """
    }

    /// Creates the organisation and its borough links; the name must be new.
    func create(on db: any Database, at now: Date) async throws -> Organisation {
        if try await Organisation.query(on: db).filter(\.$name == name).first() != nil {
            throw LanternError.invalid([("organisation-name", "An organisation with this name already exists")])
        }
        let organisation = Organisation(name: name, kind: OrganisationKind(rawValue: kind) ?? .council, createdAt: now)
        try await organisation.create(on: db)
        for code in boroughs {
            try await OrganisationBorough(organisationID: organisation.requireID(), boroughCode: code).create(on: db)
        }
        return organisation
    }
}
