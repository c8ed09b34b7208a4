import LanternCore

/// The view of `/get-help` (model: the boroughs, the one chosen and its published contacts).
enum GetHelpPages {
    struct Model {
        var boroughs: [Borough]
        var chosen: Borough?
        var contacts: [ContactsDirectory.PublishedContact] = []
        /// `?borough=` named no borough: the select says so.
        var unknownBorough = false
    }

    static let helpline = "08000 121 700"
    static let crimestoppers = "0800 555 111"

    static func page(_ model: Model, _ l: PublicText) -> PublicPage {
        let signs: [HTML] = [l("public.help.sign-control"), l("public.help.sign-documents"), l("public.help.sign-pay"),
                             l("public.help.sign-housing"), l("public.help.sign-fear"), l("public.help.sign-transport")]
        let content: HTML = """
        <h1 class="heading-xl">\(l("public.help.title"))</h1>
        <p class="lead">\(l("public.help.lead"))</p>
        <div class="warning-text public-emergency" role="note">
        <p><strong>\(l("public.help.emergency", ["number": l.phone("999")]))</strong></p>
        <p>\(l("public.help.helpline", ["number": l.phone(helpline)]))</p>
        </div>
        <h2>\(l("public.help.what-heading"))</h2>
        <p>\(l("public.help.what"))</p>
        <p>\(l("public.help.what-anyone"))</p>
        <h2>\(l("public.help.signs-heading"))</h2>
        <p>\(l("public.help.signs-intro"))</p>
        <ul class="list--bullet">\(signs.map { HTML("<li>\($0)</li>") })</ul>
        <h2>\(l("public.help.report-heading"))</h2>
        <ul class="list--bullet">
        <li>\(l("public.help.report-emergency", ["number": l.phone("999")]))</li>
        <li>\(l("public.help.report-helpline", ["number": l.phone(helpline), "site": "www.modernslaveryhelpline.org"]))</li>
        <li>\(l("public.help.report-crimestoppers", ["number": l.phone(crimestoppers)]))</li>
        <li>\(l("public.help.report-borough"))</li>
        </ul>
        <p>\(l("public.help.if-you"))</p>
        \(boroughSection(model, l))
        """
        return PublicPage(title: l.plain("public.help.title"), content: content, status: model.unknownBorough ? .badRequest : .ok)
    }

    static func boroughSection(_ model: Model, _ l: PublicText) -> HTML {
        let options = [("", l.plain("public.help.borough-choose"))] + model.boroughs.map { ($0.onsCode, $0.name) }
        var errors = FormErrors()
        if model.unknownBorough { errors.add("borough", l.plain("public.help.borough-unknown")) }
        let form: HTML = """
        <form method="get" action="\(Href.getHelp)" class="public-borough-form" novalidate>
        \(l.language == .englishGB ? HTML.empty : HTML("<input type=\"hidden\" name=\"lang\" value=\"\(l.language.identifier)\">"))
        \(Components.select(name: "borough", label: l.plain("public.help.borough-label"), options: options,
                            selected: model.chosen?.onsCode, hint: l.plain("public.help.borough-hint"), errors: errors, l: l.localiser))
        \(Components.button(l.plain("public.help.borough-submit")))
        </form>
        """
        return """
        <section aria-labelledby="borough-contacts">
        <h2 id="borough-contacts">\(l("public.help.borough-heading"))</h2>
        \(Components.errorSummary(errors, l.localiser))
        \(form)
        \(model.chosen.map { contacts(for: $0, model.contacts, l) })
        </section>
        """
    }

    static func contacts(for borough: Borough, _ contacts: [ContactsDirectory.PublishedContact], _ l: PublicText) -> HTML {
        guard !contacts.isEmpty else {
            return HTML("<h3>\(l("public.help.borough-results", ["borough": borough.name]))</h3><p>\(l("public.help.borough-empty", ["borough": borough.name, "number": l.phone(helpline)]))</p>")
        }
        return """
        <h3>\(l("public.help.borough-results", ["borough": borough.name]))</h3>
        \(PublicContactList.render(contacts, l))
        <p><a href="\(l.link(.contacts(borough: borough.onsCode)))">\(l("public.help.all-contacts", ["borough": borough.name]))</a></p>
        """
    }
}

/// Published contacts as a list of cards (role, organisation, team, how to reach them, and
/// "being checked" in words when the entry is overdue for verification).
enum PublicContactList {
    static func render(_ contacts: [ContactsDirectory.PublishedContact], _ l: PublicText) -> HTML {
        let items = contacts.map { contact -> HTML in
            var routes: [HTML] = []
            if let phone = contact.phone, !phone.isEmpty {
                routes.append(HTML("<li>\(l("public.contact.phone")) <a href=\"tel:\(phone.filter { $0.isNumber || $0 == "+" })\" dir=\"ltr\">\(phone)</a></li>"))
            }
            if let email = contact.email, !email.isEmpty {
                routes.append(HTML("<li>\(l("public.contact.email")) <a href=\"mailto:\(email)\" dir=\"ltr\">\(email)</a></li>"))
            }
            if let form = contact.webForm, !form.isEmpty, form.lowercased().hasPrefix("https://") {
                routes.append(HTML("<li><a href=\"\(form)\">\(l("public.contact.web-form"))</a></li>"))
            }
            return """
            <li class="public-contact">
            <h4 class="public-contact__role">\(l.english(contact.roleTitle))</h4>
            <p class="public-contact__kind">\(l.core(area: "contacts.kind") { contact.kind.label($0) })</p>
            <p>\(l.english(contact.organisationName))\(contact.team.map { HTML(" – \(l.english($0))") })</p>
            <ul class="public-contact__routes">\(routes)</ul>
            \(contact.isBeingChecked ? HTML("<p><strong class=\"tag tag--yellow\">\(l("public.contact.being-checked"))</strong></p>") : .empty)
            </li>
            """
        }
        return HTML("<ul class=\"public-contacts\">\(items)</ul>")
    }
}
