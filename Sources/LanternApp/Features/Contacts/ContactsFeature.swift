import LanternCore

/// The contacts directory: for each of London's 33 boroughs, who to reach (the council's
/// modern slavery lead and SPOCs, the Met's BCU, the NHS, charities). Kept by the
/// organisations that hold each entry (and the board secretariat), confirmed at least every
/// six months, public where its keepers allow, with history, CSV and JSON out, and an API.
extension Feature {
    static let contacts = Feature(
        name: "Contacts",
        register: { routes in
            PublicContactsController().register(routes)
            ContactsController().register(routes)
        },
        homeCards: [HomeCard(title: "Contacts directory", text: "Borough contacts your organisation keeps: check, change and confirm them.",
                             href: .manageContacts, audience: .allowed(.manageContacts), order: 60)])
}

enum ContactsPaths {
    // The public directory.
    static let directory = RoutePath("contacts")
    static let borough = RoutePath("contacts", ":boroughCode")
    static let publicCSV = RoutePath("contacts", "download.csv")
    static let publicJSON = RoutePath("contacts", "download.json")
    // Keeping it.
    static let manage = RoutePath("contacts", "manage")
    static let newEntry = RoutePath("contacts", "manage", "new")
    static let entry = RoutePath("contacts", "manage", ":entryID")
    static let edit = RoutePath("contacts", "manage", ":entryID", "edit")
    static let confirm = RoutePath("contacts", "manage", ":entryID", "confirm")
    static let retire = RoutePath("contacts", "manage", ":entryID", "retire")
    static let managedCSV = RoutePath("contacts", "manage", "download.csv")
    static let managedJSON = RoutePath("contacts", "manage", "download.json")
    // The API.
    static let api = RoutePath.api("contacts")
}

extension Href {
    static let contacts = Href(ContactsPaths.directory)
    /// One borough's contacts (its ONS code, e.g. E09000007).
    static func contacts(borough code: String) -> Href { ContactsPaths.borough.href(code) }
    static let contactsCSV = Href(ContactsPaths.publicCSV)
    static let contactsJSON = Href(ContactsPaths.publicJSON)
    static let manageContacts = Href(ContactsPaths.manage)
    static let newContact = Href(ContactsPaths.newEntry)
    static func contactEntry(_ id: String) -> Href { ContactsPaths.entry.href(id) }
    static func editContact(_ id: String) -> Href { ContactsPaths.edit.href(id) }
    static func confirmContact(_ id: String) -> Href { ContactsPaths.confirm.href(id) }
    static func retireContact(_ id: String) -> Href { ContactsPaths.retire.href(id) }
    static let managedContactsCSV = Href(ContactsPaths.managedCSV)
    static let managedContactsJSON = Href(ContactsPaths.managedJSON)
}
