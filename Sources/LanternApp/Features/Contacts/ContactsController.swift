import Fluent
import LanternCore
import Vapor

/// Keeping the directory: the entries a person may manage (their organisation's; every entry
/// for the board secretariat and platform administrators), adding, changing, confirming
/// ("Still correct") and retiring them, each entry's history, downloads, and the API. Another
/// organisation's entry answers 404.
struct ContactsController {
    func register(_ routes: LanternRoutes) {
        routes.get(ContactsPaths.manage, access: .action(.manageContacts), use: list)
        routes.get(ContactsPaths.managedCSV, access: .action(.manageContacts), use: csv)
        routes.get(ContactsPaths.managedJSON, access: .action(.manageContacts), use: json)
        routes.get(ContactsPaths.newEntry, access: .action(.manageContacts), use: newForm)
        routes.post(ContactsPaths.newEntry, access: .action(.manageContacts), use: create)
        routes.get(ContactsPaths.entry, access: .action(.manageContacts), use: show)
        routes.get(ContactsPaths.edit, access: .action(.manageContacts), use: editForm)
        routes.post(ContactsPaths.edit, access: .action(.manageContacts), use: update)
        routes.post(ContactsPaths.confirm, access: .action(.manageContacts), use: confirm)
        routes.post(ContactsPaths.retire, access: .action(.manageContacts), use: retire)
        routes.api.get(ContactsPaths.api, access: .signedIn, use: api)
    }

    /// The entry form as posted (a ticked checkbox sends `published[]=yes`; a plain
    /// `published=yes` is read the same).
    struct EntryForm: Content {
        var borough: String?
        var kind: String?
        var roleTitle: String?
        var organisationName: String?
        var team: String?
        var email: String?
        var phone: String?
        var webForm: String?
        var published: [String]?
        var personalEmailPublished: [String]?
        var maintainer: String?
        var version: Int?
        /// The maintaining organisation's team that safeguarding concerns routed by the entry go to.
        var teamID: String?

        enum CodingKeys: String, CodingKey {
            case borough, kind, roleTitle, organisationName, team, email, phone, webForm, published, personalEmailPublished, maintainer, version, teamID
        }

        init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            func text(_ key: CodingKeys) -> String? { (try? c.decodeIfPresent(String.self, forKey: key)) ?? nil }
            func boxes(_ key: CodingKeys) -> [String]? {
                if let many = try? c.decodeIfPresent([String].self, forKey: key) { return many }
                return text(key).map { [$0] }
            }
            borough = text(.borough)
            kind = text(.kind)
            roleTitle = text(.roleTitle)
            organisationName = text(.organisationName)
            team = text(.team)
            email = text(.email)
            phone = text(.phone)
            webForm = text(.webForm)
            published = boxes(.published)
            personalEmailPublished = boxes(.personalEmailPublished)
            maintainer = text(.maintainer)
            version = (try? c.decodeIfPresent(Int.self, forKey: .version)) ?? nil
            teamID = text(.teamID)
        }

        /// A checkbox sends "yes" or nothing; anything else is not what the form offered and is
        /// refused (never read as ticked).
        func checkboxErrors(into errors: inout FormErrors, l: Localiser) {
            for (field, values) in [("published", published), ("personalEmailPublished", personalEmailPublished)] {
                if let values, values.contains(where: { $0 != "yes" }) { errors.add(field, l("contacts.error.checkbox")) }
            }
        }

        var input: DirectoryRules.Input {
            DirectoryRules.Input(borough: borough, kind: kind, roleTitle: roleTitle, organisationName: organisationName, team: team,
                                 email: email, phone: phone, webForm: webForm, published: published?.contains("yes") == true,
                                 personalEmailPublished: personalEmailPublished?.contains("yes") == true)
        }

        init(_ draft: DirectoryEntryDraft? = nil, maintainer: UUID? = nil, version: Int? = nil, teamID: UUID? = nil) {
            self.teamID = teamID?.uuidString
            borough = draft?.boroughCode
            kind = draft?.kind.rawValue
            roleTitle = draft?.roleTitle
            organisationName = draft?.organisationName
            team = draft?.team
            email = draft?.email
            phone = draft?.phone
            webForm = draft?.webForm
            published = draft?.isPublished == true ? ["yes"] : nil
            personalEmailPublished = draft?.personalEmailPublished == true ? ["yes"] : nil
            self.maintainer = maintainer?.uuidString
            self.version = version
        }
    }

    struct VersionForm: Content { var version: Int? }

    // MARK: the list and downloads

    /// The entries the person may manage, narrowed in SQL by the one narrowing.
    private func managed(_ request: Request) async throws -> [DirectoryEntry] {
        try await request.narrow(DirectoryEntry.query(on: request.db), to: .manageContacts).all()
    }

    private func organisationNames(_ ids: some Sequence<UUID>, on db: any Database) async throws -> [UUID: String] {
        let unique = Array(Set(ids))
        guard !unique.isEmpty else { return [:] }
        return try await Organisation.query(on: db).filter(\.$id ~~ unique).all()
            .reduce(into: [UUID: String]()) { $0[$1.id ?? UUID()] = $1.name }
    }

    @Sendable func list(_ request: Request) async throws -> Response {
        let context = try request.authorise(.manageContacts)
        let services = request.application.lantern
        let entries = try await managed(request)
        let names = try await organisationNames(entries.map { $0.$organisation.id }, on: request.db)
        let today = services.today, staleDays = services.settings.contactStaleDays
        let rows = entries.map { entry in
            ContactsPages.Row(id: entry.id?.uuidString ?? "", borough: services.boroughs.borough(code: entry.boroughCode)?.name ?? entry.boroughCode,
                              draft: entry.draft, maintainer: names[entry.$organisation.id] ?? "",
                              isStale: ContactsDirectory.isStale(entry, today: today, staleDays: staleDays), isRetired: entry.isRetired,
                              verifiedOn: ContactsDirectory.londonDay(entry.verifiedAt))
        }.sorted { ($0.isRetired ? 1 : 0, $0.borough, $0.draft.roleTitle) < ($1.isRetired ? 1 : 0, $1.borough, $1.draft.roleTitle) }
        try await request.audit(AuditEvent(action: "contacts.listed", recordType: "organisation", recordID: context.organisationID.uuidString))
        return request.render(ContactsPages.list(.init(rows: rows, staleDays: staleDays), l: ContactsPages.localiser(request)))
    }

    private func exportRows(_ request: Request) async throws -> [ContactDTO] {
        let entries = try await managed(request)
        let names = try await organisationNames(entries.map { $0.$organisation.id }, on: request.db)
        let services = request.application.lantern
        return entries.map { ContactsExport.dto($0, maintainer: names[$0.$organisation.id], services: services) }
            .sorted { ($0.boroughName, $0.roleTitle) < ($1.boroughName, $1.roleTitle) }
    }

    @Sendable func csv(_ request: Request) async throws -> Response {
        let context = try request.authorise(.manageContacts)
        let rows = try await exportRows(request)
        try await request.audit(AuditEvent(action: "contacts.exported", recordType: "organisation", recordID: context.organisationID.uuidString))
        return ContactsExport.csvResponse(ContactsExport.csv(rows, managed: true), filename: "lantern-contacts.csv")
    }

    @Sendable func json(_ request: Request) async throws -> Response {
        let context = try request.authorise(.manageContacts)
        let rows = try await exportRows(request)
        try await request.audit(AuditEvent(action: "contacts.exported", recordType: "organisation", recordID: context.organisationID.uuidString))
        return try await ContactsExport.jsonResponse(rows, filename: "lantern-contacts.json", for: request)
    }

    /// `/api/v1/contacts`: the entries the caller keeps (all of them, in every state) if they
    /// may keep any; otherwise the public's published entries. `?borough=` narrows to one.
    @Sendable func api(_ request: Request) async throws -> ListDTO<ContactDTO> {
        let context = try request.requireSignedIn()
        let services = request.application.lantern
        let search = PublicContactsController.search(request, l: .englishGB)
        guard search.errors.isEmpty else { throw LanternError.invalid(search.errors.items) }
        guard request.accessPolicy.allowsSome(context.roles, .manageContacts) else {
            return ListDTO(items: try await ContactsDirectory.published(borough: search.borough?.onsCode, services: services, on: request.db)
                .map(ContactsExport.dto))
        }
        var rows = try await exportRows(request)
        if let borough = search.borough { rows = rows.filter { $0.boroughCode == borough.onsCode } }
        try await request.audit(AuditEvent(action: "contacts.exported", recordType: "organisation", recordID: context.organisationID.uuidString))
        return ListDTO(items: rows)
    }

    // MARK: adding and changing

    /// The organisations the person may name as an entry's keeper: any, for those whose grant
    /// reaches every organisation; otherwise only their own (and the form does not ask).
    private func maintainerChoices(_ request: Request) async throws -> [(value: String, label: String)]? {
        let context = try request.requireSignedIn()
        guard case .everything = request.accessPolicy.reach(of: context.roles, .manageContacts) else { return nil }
        return try await Organisation.query(on: request.db).sort(\.$name).all().map { ($0.id?.uuidString ?? "", $0.name) }
    }

    /// The organisation the form names (checked against the person's reach), or their own.
    private func maintainer(_ form: EntryForm, current: UUID?, request: Request, errors: inout FormErrors) async throws -> UUID {
        let context = try request.requireSignedIn()
        guard try await maintainerChoices(request) != nil else { return current ?? context.organisationID }
        guard let id = form.maintainer.flatMap(UUID.init(exactly:)), try await Organisation.find(id, on: request.db) != nil else {
            errors.add("maintainer", ContactsPages.localiser(request)("contacts.error.maintainer"))
            return current ?? context.organisationID
        }
        return id
    }

    /// The routing team the form names: one of the maintaining organisation's teams, or none.
    private func routingTeam(_ form: EntryForm, organisationID: UUID, request: Request, errors: inout FormErrors) async throws -> UUID? {
        guard let text = form.teamID, !text.isEmpty else { return nil }
        guard let id = UUID(exactly: text), let team = try await Team.find(id, on: request.db), team.$organisation.id == organisationID else {
            errors.add("teamID", ContactsPages.localiser(request)("contacts.error.routing-team"))
            return nil
        }
        return id
    }

    private func formPage(_ request: Request, form: EntryForm, entryID: String?, errors: FormErrors) async throws -> Response {
        let l = ContactsPages.localiser(request)
        let services = request.application.lantern
        let context = try request.requireSignedIn()
        let model = ContactsPages.Form(entryID: entryID, values: form, errors: errors, boroughs: services.boroughs,
                                       maintainers: try await maintainerChoices(request),
                                       defaultMaintainer: context.organisationID.uuidString,
                                       emailIsPersonal: DirectoryRules.isPersonalAddress(form.email ?? ""),
                                       teams: try await Team.query(on: request.db)
                                           .filter(\.$organisation.$id == (form.maintainer.flatMap(UUID.init(exactly:)) ?? context.organisationID))
                                           .sort(\.$name).all().map { ($0.id?.uuidString ?? "", $0.name) })
        return request.render(ContactsPages.form(model, csrf: request.csrfToken, l: l))
    }

    @Sendable func newForm(_ request: Request) async throws -> Response {
        try request.authoriseCreating(.manageContacts)
        var form = EntryForm()
        form.published = ["yes"]
        form.borough = request.query[String.self, at: "borough"]
        return try await formPage(request, form: form, entryID: nil, errors: FormErrors())
    }

    @Sendable func create(_ request: Request) async throws -> Response {
        let context = try request.authoriseCreating(.manageContacts)
        let services = request.application.lantern
        let form = try request.content.decode(EntryForm.self)
        var (draft, errors) = DirectoryRules.check(form.input, boroughs: services.boroughs, l: ContactsPages.localiser(request))
        form.checkboxErrors(into: &errors, l: ContactsPages.localiser(request))
        let organisationID = try await maintainer(form, current: nil, request: request, errors: &errors)
        let teamID = try await routingTeam(form, organisationID: organisationID, request: request, errors: &errors)
        guard errors.isEmpty, let draft else { return try await formPage(request, form: form, entryID: nil, errors: errors) }
        let entry = try await request.db.transaction { tx in
            let entry = try await ContactsDirectory.create(draft, organisationID: organisationID, by: context.userID, services: services, on: tx)
            if let teamID {
                entry.teamID = teamID
                try await entry.save(on: tx)
            }
            try await request.audit(AuditEvent(action: "contact.created", recordType: "directory_entry", recordID: entry.id?.uuidString), on: tx)
            return entry
        }
        return request.redirect(to: Href.contactEntry(entry.id?.uuidString ?? "").query("done", ContactsPages.Done.created.rawValue))
    }

    @Sendable func editForm(_ request: Request) async throws -> Response {
        let entry = try await request.authoriseDirectoryEntry()
        guard !entry.record.isRetired else { throw LanternError.notFound }
        return try await formPage(request, form: EntryForm(entry.record.draft, maintainer: entry.record.$organisation.id, version: entry.record.version,
                                                            teamID: entry.record.teamID),
                                  entryID: entry.record.id?.uuidString, errors: FormErrors())
    }

    @Sendable func update(_ request: Request) async throws -> Response {
        let entry = try await request.authoriseDirectoryEntry()
        guard !entry.record.isRetired else { throw LanternError.notFound }
        let services = request.application.lantern
        let l = ContactsPages.localiser(request)
        let form = try request.content.decode(EntryForm.self)
        let id = entry.record.id?.uuidString ?? ""
        var (draft, errors) = DirectoryRules.check(form.input, boroughs: services.boroughs, l: l)
        form.checkboxErrors(into: &errors, l: l)
        let organisationID = try await maintainer(form, current: entry.record.$organisation.id, request: request, errors: &errors)
        let teamID = try await routingTeam(form, organisationID: organisationID, request: request, errors: &errors)
        if form.version == nil { errors.add("roleTitle", l("contacts.error.version")) }
        guard errors.isEmpty, let draft, let version = form.version else {
            return try await formPage(request, form: form, entryID: id, errors: errors)
        }
        let teamChanged = entry.record.teamID != teamID
        let outcome = try await request.db.transaction { tx in
            var outcome = try await ContactsDirectory.change(entry, to: draft, organisationID: organisationID, seenVersion: version,
                                                             services: services, on: tx)
            if outcome != .overtaken && teamChanged {
                try await DirectoryEntry.query(on: tx).filter(\.$id == entry.record.requireID()).set(\.$teamID, to: teamID).update()
                outcome = .done
            }
            if outcome == .done {
                try await request.audit(AuditEvent(action: "contact.changed", recordType: "directory_entry", recordID: id), on: tx)
            }
            return outcome
        }
        switch outcome {
        case .done: return request.redirect(to: Href.contactEntry(id).query("done", ContactsPages.Done.changed.rawValue))
        case .unchanged: return request.redirect(to: Href.contactEntry(id).query("done", ContactsPages.Done.unchanged.rawValue))
        case .overtaken:
            errors.add("roleTitle", l("contacts.error.overtaken"))
            var fresh = form
            fresh.version = try await DirectoryEntry.find(entry.record.id, on: request.db)?.version
            return try await formPage(request, form: fresh, entryID: id, errors: errors)
        }
    }

    // MARK: confirming and retiring

    @Sendable func confirm(_ request: Request) async throws -> Response {
        let entry = try await request.authoriseDirectoryEntry()
        let id = entry.record.id?.uuidString ?? ""
        guard let version = try request.content.decode(VersionForm.self).version else {
            throw LanternError.invalid([(field: "version", message: ContactsPages.localiser(request)("contacts.error.version"))])
        }
        let services = request.application.lantern
        let outcome = try await request.db.transaction { tx in
            let outcome = try await ContactsDirectory.confirm(entry, seenVersion: version, services: services, on: tx)
            if outcome == .done {
                try await request.audit(AuditEvent(action: "contact.confirmed", recordType: "directory_entry", recordID: id), on: tx)
            }
            return outcome
        }
        let done: ContactsPages.Done = outcome == .done ? .confirmed : .overtaken
        return request.redirect(to: Href.contactEntry(id).query("done", done.rawValue))
    }

    @Sendable func retire(_ request: Request) async throws -> Response {
        let entry = try await request.authoriseDirectoryEntry()
        let id = entry.record.id?.uuidString ?? ""
        guard let version = try request.content.decode(VersionForm.self).version else {
            throw LanternError.invalid([(field: "version", message: ContactsPages.localiser(request)("contacts.error.version"))])
        }
        let services = request.application.lantern
        let outcome = try await request.db.transaction { tx in
            let outcome = try await ContactsDirectory.retire(entry, seenVersion: version, services: services, on: tx)
            if outcome == .done {
                try await request.audit(AuditEvent(action: "contact.retired", recordType: "directory_entry", recordID: id), on: tx)
            }
            return outcome
        }
        let done: ContactsPages.Done = outcome == .done ? .retired : .overtaken
        return request.redirect(to: Href.contactEntry(id).query("done", done.rawValue))
    }

    // MARK: one entry and its history

    @Sendable func show(_ request: Request) async throws -> Response {
        let entry = try await request.authoriseDirectoryEntry()
        let services = request.application.lantern
        let record = entry.record, id = try record.requireID()
        let versions = try await DirectoryEntryVersion.query(on: request.db).filter(\.$entry.$id == id).sort(\.$version, .descending).all()
        let people = Set(versions.compactMap(\.changedBy) + [record.verifiedBy].compactMap { $0 })
        let names = people.isEmpty ? [:] : try await User.query(on: request.db).filter(\.$id ~~ Array(people)).all()
            .reduce(into: [UUID: String]()) { $0[$1.id ?? UUID()] = $1.displayName }
        let maintainer = try await Organisation.find(record.$organisation.id, on: request.db)?.name ?? ""
        let history = versions.map { version in
            ContactsPages.HistoryRow(at: version.changedAt, by: version.changedBy.flatMap { names[$0] },
                                     change: DirectoryEntryVersion.Change(rawValue: version.change) ?? .changed,
                                     fields: version.changedFields.split(separator: ",").map(String.init))
        }
        let model = ContactsPages.Show(
            id: id.uuidString, draft: record.draft,
            borough: services.boroughs.borough(code: record.boroughCode)?.name ?? record.boroughCode, maintainer: maintainer,
            version: record.version, verifiedAt: record.verifiedAt, verifiedBy: record.verifiedBy.flatMap { names[$0] },
            isStale: ContactsDirectory.isStale(record, today: services.today, staleDays: services.settings.contactStaleDays),
            retiredAt: record.retiredAt, history: history,
            done: request.query[String.self, at: "done"].flatMap(ContactsPages.Done.init(rawValue:)))
        return request.render(ContactsPages.show(model, csrf: request.csrfToken, l: ContactsPages.localiser(request)))
    }
}
