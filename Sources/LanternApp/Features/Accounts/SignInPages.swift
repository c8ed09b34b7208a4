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

    /// A QR code of an authenticator setup link, drawn on the server as one SVG path (no
    /// script, no image request); the key is also on the page as text for anyone who cannot
    /// scan it. Empty if the link is too long for a QR code, which a setup link never is.
    static func qrCode(_ link: String, l: Localiser = .englishGB) -> HTML {
        guard let code = try? QRCode(text: link, errorCorrection: .medium) else { return .empty }
        let side = code.sideWithQuietZone
        return """
        <svg class="qr-code" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 \(side) \(side)" width="\(side * 4)" height="\(side * 4)" \
        role="img" aria-label="\(l("sign-in.qr-code"))" shape-rendering="crispEdges">\
        <rect width="\(side)" height="\(side)" fill="#fff"/><path fill="#000" d="\(code.svgPathData)"/></svg>
        """
    }
}
