import LanternCore
import Vapor

/// The pages of signing in, in the viewer's language (`l`, from `SignInPages.localiser`).
enum SignInPages {
    /// The request's language if the catalogue has all of signing in, else British English.
    static func localiser(_ request: Request) -> Localiser { request.localiser.forPage(areas: "sign-in", "components") }

    static func password(email: String?, errors: FormErrors, csrf: String, l: Localiser) -> Page {
        Page(title: l("sign-in.title"), content: """
            \(Components.errorSummary(errors, l))
            <h1 class="heading-l">\(l("sign-in.heading"))</h1>
            <form method="post" action="\(Href.signIn)" novalidate>
            \(Components.csrfField(csrf))
            \(Components.textInput(name: "email", label: l("sign-in.email"), value: email, type: "email",
                                   autocomplete: "username", errors: errors, extra: " spellcheck=\"false\"", l: l))
            \(Components.textInput(name: "password", label: l("sign-in.password"), type: "password",
                                   autocomplete: "current-password", errors: errors, l: l))
            \(Components.button(l("sign-in.continue")))
            </form>
            <p class="body">\(l("sign-in.no-account"))</p>
            """, status: errors.isEmpty ? .ok : .unprocessableEntity, hasErrors: !errors.isEmpty, language: l.language)
    }

    static func code(errors: FormErrors, csrf: String, l: Localiser) -> Page {
        Page(title: l("sign-in.code-title"), content: """
            \(Components.errorSummary(errors, l))
            <h1 class="heading-l">\(l("sign-in.code-title"))</h1>
            <form method="post" action="\(Href.signInCode)" novalidate>
            \(Components.csrfField(csrf))
            \(Components.textInput(name: "code", label: l("sign-in.code"), hint: l("sign-in.code-hint"),
                                   autocomplete: "one-time-code", width: 10, errors: errors,
                                   extra: " inputmode=\"numeric\" spellcheck=\"false\"", l: l))
            \(Components.button(l("sign-in.submit")))
            </form>
            """, status: errors.isEmpty ? .ok : .unprocessableEntity, hasErrors: !errors.isEmpty, language: l.language)
    }

    static func signedOut(l: Localiser) -> Page {
        Page(title: l("sign-in.signed-out-title"), content: """
            <h1 class="heading-l">\(l("sign-in.signed-out-title"))</h1>
            <p class="body">\(l("sign-in.signed-out-text"))</p>
            <p class="body"><a href="\(Href.signIn)">\(l("sign-in.again"))</a></p>
            """, language: l.language)
    }
}
