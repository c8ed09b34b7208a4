import Foundation
import LanternCore

/// The public directory's pages in the public frame (`renderPublic`), in the viewer's public
/// language (`l`, `request.publicText`): the search with the London tile map, and one
/// borough's contacts. A message the language lacks shows in English, marked `lang="en-GB"`,
/// and the frame says so; links keep the chosen language (`l.link`, the form's hidden `lang`).
enum PublicContactsPages {
    struct Directory {
        var q: String
        /// The borough code as typed (kept on the form, even when refused).
        var borough: String
        var contacts: [ContactsDirectory.PublishedContact]
        var searched: Bool
        var errors: FormErrors
        var boroughs: BoroughCatalogue
    }

    struct BoroughContacts {
        var borough: Borough
        var contacts: [ContactsDirectory.PublishedContact]
        var boroughs: BoroughCatalogue
    }

    static func directory(_ m: Directory, _ l: PublicText) -> PublicPage {
        let groups = Dictionary(grouping: m.contacts, by: \.boroughCode)
        let sections = m.boroughs.all.filter { groups[$0.onsCode] != nil }.map { borough -> HTML in
            """
            <section aria-labelledby="borough-\(borough.onsCode)">
            <h3 class="heading-s" id="borough-\(borough.onsCode)"><a href="\(l.link(.contacts(borough: borough.onsCode)))">\(borough.name)</a></h3>
            \(contactTable(groups[borough.onsCode] ?? [], caption: l.plain("contacts.public.caption", ["borough": borough.name]), l))
            </section>
            """
        }
        let summary = m.contacts.isEmpty ? (m.searched ? l("contacts.public.none-found") : l("contacts.public.none-yet"))
            : l.plural("contacts.public.count", count: m.contacts.count)
        let downloadQuery = !m.errors.isEmpty ? "" : [m.q.isEmpty ? nil : "q=" + (m.q.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""),
                             m.borough.isEmpty ? nil : "borough=" + (m.borough.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")]
            .compactMap { $0 }.joined(separator: "&")
        let content: HTML = """
            \(Components.errorSummary(m.errors, l.localiser))
            <h1 class="heading-l">\(l("contacts.public.title"))</h1>
            <p class="body">\(l("contacts.public.intro"))</p>
            <p class="body">\(l("contacts.public.emergency"))</p>
            <form method="get" action="\(Href.contacts)" role="search" novalidate>
            \(l.language == .englishGB ? HTML.empty : HTML("<input type=\"hidden\" name=\"lang\" value=\"\(l.language.identifier)\">"))
            \(Components.textInput(name: "q", label: l.plain("contacts.public.search-label"), value: m.q, hint: l.plain("contacts.public.search-hint"),
                                   errors: m.errors, l: l.localiser))
            \(Components.select(name: "borough", label: l.plain("contacts.public.borough-label"),
                                options: [("", l.plain("contacts.public.all-boroughs"))] + m.boroughs.all.map { ($0.onsCode, $0.name) },
                                selected: m.borough, errors: m.errors, l: l.localiser))
            \(Components.button(l.plain("contacts.public.search")))
            </form>
            \(tileMap(m.boroughs, current: nil, l))
            <h2 class="heading-m" id="results">\(l("contacts.public.results"))</h2>
            <p class="body" role="status">\(summary)</p>
            \(HTML.join(sections))
            <p class="body no-print">\(l("contacts.public.downloads"))
            <a href="\(Href.contactsCSV.encodedQuery(downloadQuery))">\(l("contacts.public.download-csv"))</a>,
            <a href="\(Href.contactsJSON.encodedQuery(downloadQuery))">\(l("contacts.public.download-json"))</a></p>
            """
        let title = l.plain("contacts.public.title")
        // A refused search says so in the tab's title first, as signed-in pages do.
        return PublicPage(title: m.errors.isEmpty ? title : l.plain("components.error-prefix") + " " + title, content: content,
                          status: m.errors.isEmpty ? .ok : .unprocessableEntity)
    }

    static func borough(_ m: BoroughContacts, _ l: PublicText) -> PublicPage {
        let content: HTML = """
            <a href="\(l.link(.contacts))" class="back-link">\(l("contacts.public.back"))</a>
            <h1 class="heading-l">\(l("contacts.public.borough-title", ["borough": m.borough.name]))</h1>
            <p class="body">\(l("contacts.public.emergency"))</p>
            \(m.contacts.isEmpty ? HTML("<p class=\"body\">\(l("contacts.public.borough-none"))</p>")
                : contactTable(m.contacts, caption: l.plain("contacts.public.caption", ["borough": m.borough.name]), l))
            <p class="body no-print">\(l("contacts.public.downloads"))
            <a href="\(Href.contactsCSV.query("borough", m.borough.onsCode))">\(l("contacts.public.download-csv"))</a>,
            <a href="\(Href.contactsJSON.query("borough", m.borough.onsCode))">\(l("contacts.public.download-json"))</a></p>
            \(tileMap(m.boroughs, current: m.borough.onsCode, l))
            """
        return PublicPage(title: l.plain("contacts.public.borough-title", ["borough": m.borough.name]), content: content)
    }

    /// A borough's contacts: role and kind, organisation and team (as their keepers wrote
    /// them, in English), how to reach them, and whether the entry is being checked (in words,
    /// not only colour).
    static func contactTable(_ contacts: [ContactsDirectory.PublishedContact], caption: String, _ l: PublicText) -> HTML {
        let rows: [[HTML]] = contacts.map { contact in
            [HTML("<strong>\(l.english(contact.roleTitle))</strong><br><span class=\"hint\">\(l.core(area: "contacts.kind") { contact.kind.label($0) })</span>"),
             HTML("\(l.english(contact.organisationName))\(contact.team.map { HTML("<br><span class=\"hint\">\(l.english($0))</span>") })"),
             route(email: contact.email, phone: contact.phone, webForm: contact.webForm, l),
             contact.isBeingChecked ? HTML("\(Components.tag(l.plain("contacts.being-checked"), colour: "yellow"))<br><span class=\"hint\">\(l("contacts.being-checked-hint"))</span>")
                : Components.tag(l.plain("contacts.current"), colour: "green")]
        }
        return Components.table(caption: caption, headers: [l.plain("contacts.column.role"), l.plain("contacts.column.organisation"),
                                                            l.plain("contacts.column.contact"), l.plain("contacts.column.status")], rows: rows)
    }

    /// How to reach someone: email, phone and web form as links (addresses and numbers kept
    /// left to right in a right-to-left page).
    static func route(email: String?, phone: String?, webForm: String?, _ l: PublicText) -> HTML {
        var lines: [HTML] = []
        if let email { lines.append(HTML("<a href=\"mailto:\(email)\" dir=\"ltr\">\(email)</a>")) }
        if let phone { lines.append(HTML("<a href=\"tel:\(phone.filter { $0.isNumber || $0 == "+" })\" dir=\"ltr\">\(phone)</a>")) }
        if let webForm { lines.append(HTML("<a href=\"\(webForm)\">\(l("contacts.web-form-link"))</a>")) }
        return HTML.join(lines, separator: "<br>")
    }

    /// London's 33 boroughs as a list of links, laid out as the London Squared tile map by the
    /// stylesheet (each tile at its borough's column and row); without styles, a plain list.
    static func tileMap(_ boroughs: BoroughCatalogue, current: String?, _ l: PublicText) -> HTML {
        let tiles = boroughs.all.map { borough -> HTML in
            let isCurrent = borough.onsCode == current
            return HTML("""
                <li class="borough-tiles__tile borough-tiles__x\(borough.tileX) borough-tiles__y\(borough.tileY)">\
                <a class="borough-tiles__link" href="\(l.link(.contacts(borough: borough.onsCode)))"\(isCurrent ? HTML(" aria-current=\"page\"") : .empty)>\
                <span class="borough-tiles__code">\(borough.shortCode.uppercased())</span> <span class="borough-tiles__name">\(borough.name)</span></a></li>
                """)
        }
        return """
            <nav class="borough-map no-print" aria-labelledby="borough-map-heading">
            <h2 class="heading-m" id="borough-map-heading">\(l("contacts.public.map-heading"))</h2>
            <p class="hint">\(l("contacts.public.map-hint"))</p>
            <ul class="borough-tiles">\(tiles)</ul>
            </nav>
            """
    }
}
