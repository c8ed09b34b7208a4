import Fluent
import LanternCore
import Vapor

/// `/contacts`: the directory's published entries by borough, for anyone, without signing in:
/// searchable (`?q=`, `?borough=`), a London tile map to pick a borough, one borough's page,
/// and the same entries as CSV and JSON (the pages: `PublicContactsPages`).
struct PublicContactsController {
    func register(_ routes: LanternRoutes) {
        routes.get(ContactsPaths.directory, access: .open, use: directory)
        routes.get(ContactsPaths.publicCSV, access: .open, use: csv)
        routes.get(ContactsPaths.publicJSON, access: .open, use: json)
        routes.get(ContactsPaths.borough, access: .open, use: borough)
    }

    struct Search: Content {
        var q: String?
        var borough: String?
    }

    static let searchLimit = 100

    /// The search as typed, checked: the words (trimmed) and a borough of London, and the
    /// problems with them (a search with problems is shown as typed, not run), in `l`'s language.
    static func search(_ request: Request, l: Localiser) -> (q: String, borough: Borough?, typedBorough: String, errors: FormErrors) {
        search(request, l: PublicText(localiser: l, languages: [l.language]))
    }

    /// The same, for a public page: a message the language lacks is in English and the page says so.
    static func search(_ request: Request, l: PublicText) -> (q: String, borough: Borough?, typedBorough: String, errors: FormErrors) {
        let search = (try? request.query.decode(Search.self)) ?? Search()
        var errors = FormErrors()
        let q = (search.q ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        if q.count > searchLimit { errors.add("q", l.plain("contacts.error.search-too-long", ["limit": l.number(searchLimit)])) }
        else if q.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) { errors.add("q", l.plain("contacts.error.control")) }
        let typed = (search.borough ?? "").trimmingCharacters(in: .whitespaces)
        let borough = typed.isEmpty ? nil : request.application.lantern.boroughs.borough(code: typed)
        if !typed.isEmpty && borough == nil { errors.add("borough", l.plain("contacts.error.borough")) }
        return (q, borough, typed, errors)
    }

    /// Whether a contact matches every word of the search (case and accents ignored).
    static func matches(_ contact: ContactsDirectory.PublishedContact, words: [Substring], l: Localiser) -> Bool {
        let haystack = [contact.roleTitle, contact.organisationName, contact.team ?? "", contact.boroughName, contact.kind.label(l)]
            .joined(separator: " ")
        return words.allSatisfy { haystack.range(of: $0, options: [.caseInsensitive, .diacriticInsensitive]) != nil }
    }

    /// The public frame, in the language of `?lang=`, the cookie or `Accept-Language`
    /// (`request.publicText`), as the other public pages.
    @Sendable func directory(_ request: Request) async throws -> Response {
        let l = request.publicText
        let services = request.application.lantern
        let search = Self.search(request, l: l)
        let words = search.errors.isEmpty ? search.q.split(whereSeparator: \.isWhitespace) : []
        let contacts = search.errors.isEmpty
            ? try await ContactsDirectory.published(borough: search.borough?.onsCode, services: services, on: request.db)
                .filter { Self.matches($0, words: words, l: l.localiser) }
            : []
        let model = PublicContactsPages.Directory(q: search.q, borough: search.typedBorough, contacts: contacts,
                                                  searched: !search.q.isEmpty || search.borough != nil, errors: search.errors,
                                                  boroughs: services.boroughs)
        return request.renderPublic(PublicContactsPages.directory(model, l), l)
    }

    @Sendable func borough(_ request: Request) async throws -> Response {
        let services = request.application.lantern
        guard let code = request.parameters.get("boroughCode"), let borough = services.boroughs.borough(code: code.uppercased()) else {
            throw LanternError.notFound
        }
        let l = request.publicText
        let contacts = try await ContactsDirectory.published(borough: borough.onsCode, services: services, on: request.db)
        return request.renderPublic(PublicContactsPages.borough(.init(borough: borough, contacts: contacts, boroughs: services.boroughs), l), l)
    }

    private func rows(_ request: Request) async throws -> [ContactDTO] {
        let search = Self.search(request, l: .englishGB)
        guard search.errors.isEmpty else { throw LanternError.invalid(search.errors.items) }
        let words = search.q.split(whereSeparator: \.isWhitespace)
        return try await ContactsDirectory.published(borough: search.borough?.onsCode, services: request.application.lantern, on: request.db)
            .filter { Self.matches($0, words: words, l: .englishGB) }.map(ContactsExport.dto)
    }

    @Sendable func csv(_ request: Request) async throws -> Response {
        ContactsExport.csvResponse(ContactsExport.csv(try await rows(request), managed: false), filename: "london-borough-contacts.csv")
    }

    @Sendable func json(_ request: Request) async throws -> Response {
        try await ContactsExport.jsonResponse(try await rows(request), filename: "london-borough-contacts.json", for: request)
    }
}
