/// The pages of signing in.
enum SignInPages {
    static func password(email: String?, errors: FormErrors, csrf: String) -> Page {
        Page(title: "Sign in", content: """
            \(Components.errorSummary(errors))
            <h1 class="heading-l">Sign in to Lantern</h1>
            <form method="post" action="\(Href.signIn)" novalidate>
            \(Components.csrfField(csrf))
            \(Components.textInput(name: "email", label: "Email address", value: email, type: "email",
                                   autocomplete: "username", errors: errors, extra: " spellcheck=\"false\""))
            \(Components.textInput(name: "password", label: "Password", type: "password",
                                   autocomplete: "current-password", errors: errors))
            \(Components.button("Continue"))
            </form>
            <p class="body">If you do not have an account, ask your organisation's Lantern administrator to invite you.</p>
            """, status: errors.isEmpty ? .ok : .unprocessableEntity, hasErrors: !errors.isEmpty)
    }

    static func code(errors: FormErrors, csrf: String) -> Page {
        Page(title: "Enter your security code", content: """
            \(Components.errorSummary(errors))
            <h1 class="heading-l">Enter your security code</h1>
            <form method="post" action="\(Href.signInCode)" novalidate>
            \(Components.csrfField(csrf))
            \(Components.textInput(name: "code", label: "Security code",
                                   hint: "The 6-digit code from your authenticator app. If you have lost it, enter one of your recovery codes.",
                                   autocomplete: "one-time-code", width: 10, errors: errors,
                                   extra: " inputmode=\"numeric\" spellcheck=\"false\""))
            \(Components.button("Sign in"))
            </form>
            """, status: errors.isEmpty ? .ok : .unprocessableEntity, hasErrors: !errors.isEmpty)
    }
}
