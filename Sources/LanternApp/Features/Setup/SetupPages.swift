import Foundation
import LanternCore
import Vapor

/// The first-run page: the first organisation and its administrator. Texts from the
/// catalogue; the organisation and password fields are the Organisations feature's.
enum SetupPages {
    /// The request's language if the catalogue has all of set-up (and the fields it borrows).
    static func localiser(_ request: Request) -> Localiser { request.localiser.forPage(areas: "setup", "organisations", "components") }

    struct Setup {
        var organisation = OrganisationFields()
        var name = ""
        var email = ""
        var catalogue: BoroughCatalogue
        /// The set-up link's own address (its token is in the path).
        var action: String
    }

    static func setup(_ m: Setup, errors: FormErrors, csrf: String, l: Localiser) -> Page {
        Page(title: l("setup.title"), content: """
            \(Components.errorSummary(errors, l))
            <h1 class="heading-l">\(l("setup.title"))</h1>
            <p class="body">\(l("setup.intro"))</p>
            <form method="post" action="\(m.action)" novalidate>
            \(Components.csrfField(csrf))
            <h2 class="heading-m">\(l("setup.your-organisation"))</h2>
            \(OrganisationPages.organisationFields(m.organisation, catalogue: m.catalogue, errors: errors, l: l))
            <h2 class="heading-m">\(l("setup.you"))</h2>
            \(Components.textInput(name: "name", label: l("organisations.full-name"), value: m.name, autocomplete: "name", errors: errors, l: l))
            \(Components.textInput(name: "email", label: l("organisations.work-email"), value: m.email, type: "email",
                                   autocomplete: "username", errors: errors, extra: " spellcheck=\"false\"", l: l))
            \(OrganisationPages.passwordFields(errors: errors, l: l))
            \(Components.button(l("setup.create")))
            </form>
            """, status: errors.isEmpty ? .ok : .unprocessableEntity, hasErrors: !errors.isEmpty, language: l.language)
    }
}
