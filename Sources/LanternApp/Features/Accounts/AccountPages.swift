import Foundation
import LanternCore
import Vapor

/// The signed-in person's own pages: their account (details, password, API tokens), and
/// setting up an authenticator app with the recovery codes that follow, in the viewer's
/// language (`l`, from `AccountPages.localiser` / `enrolmentLocaliser`).
enum AccountPages {
    /// The request's language if the catalogue has all of the account page, else British English.
    static func localiser(_ request: Request) -> Localiser { request.localiser.forPage(areas: "account", "components") }

    /// The request's language if the catalogue has all of the enrolment pages (and the sign-in
    /// texts they share, the QR code's), else British English.
    static func enrolmentLocaliser(_ request: Request) -> Localiser {
        request.localiser.forPage(areas: "enrolment", "sign-in", "components")
    }

    /// What the account page shows: who the person is, their tokens, and what just happened.
    struct Account {
        var name: String
        var email: String
        var organisationName: String
        var roles: [String]
        var recoveryCodesLeft: Int
        var tokens: [(id: String, name: String, created: Date, expires: Date, lastUsed: Date?)]
        /// A token just created, shown this once.
        var newToken: String?
        var notice: Notice?
        var errors: FormErrors
    }

    /// What the redirect after a change says was done (`?done=`), or a recovery code was used.
    enum Notice: String { case password, revoked, recoveryCodeUsed }

    static func account(_ m: Account, csrf: String, l: Localiser) -> Page {
        let notice: HTML = switch m.notice {
        case .password: Components.notification(title: l("account.password-changed-title"), body: "\(l("account.password-changed-text"))")
        case .revoked: Components.notification(title: l("account.revoked-title"), body: "\(l("account.revoked-text"))")
        case .recoveryCodeUsed: Components.notification(title: l("account.recovery-used-title"), body: "\(l("account.recovery-used-text"))",
                                                        success: false)
        case nil: .empty
        }
        let created: HTML = m.newToken.map { token in Components.notification(title: l("account.token-created-title"), body: """
            <p class="body">\(l("account.token-created-text"))</p><p class="body"><code id="new-token">\(token)</code></p>
            """) } ?? .empty
        let tokenRows: [[HTML]] = m.tokens.map { token in
            [HTML("\(token.name)"), HTML("\(l.date(token.created))"), HTML("\(l.date(token.expires))"),
             HTML("\(token.lastUsed.map(l.dateTime) ?? l("account.never"))"),
             HTML("""
             <form method="post" action="\(Href.revokeToken(token.id))" class="inline-form">
             \(Components.csrfField(csrf))<button type="submit" class="link-button">\(l("account.revoke"))<span class="visually-hidden"> \(token.name)</span></button>
             </form>
             """)]
        }
        let errors = m.errors
        return Page(title: l("account.title"), content: """
            \(notice)\(created)
            \(Components.errorSummary(errors, l))
            <h1 class="heading-l">\(l("account.title"))</h1>
            \(Components.summaryList([
                (l("account.name"), HTML("\(m.name)")),
                (l("account.email"), HTML("\(m.email)")),
                (l("account.organisation"), HTML("\(m.organisationName)")),
                (l("account.roles"), HTML("\(m.roles.joined(separator: ", "))")),
                (l("account.recovery-codes-left"), HTML("\(l.number(m.recoveryCodesLeft))")),
            ]))
            <h2 class="heading-m">\(l("account.password-heading"))</h2>
            <form method="post" action="\(Href.accountPassword)" novalidate>
            \(Components.csrfField(csrf))
            <input type="hidden" name="username" value="\(m.email)" autocomplete="username">
            \(Components.textInput(name: "current-password", label: l("account.current-password"), type: "password",
                                   autocomplete: "current-password", errors: errors, l: l))
            \(Components.textInput(name: "password", label: l("account.new-password"),
                                   hint: l("account.new-password-hint", ["count": l.number(PasswordRules.minimumLength)]),
                                   type: "password", autocomplete: "new-password", errors: errors, l: l))
            \(Components.textInput(name: "password-confirmation", label: l("account.confirm-password"), type: "password",
                                   autocomplete: "new-password", errors: errors, l: l))
            \(Components.button(l("account.change-password")))
            </form>
            <h2 class="heading-m">\(l("account.tokens-heading"))</h2>
            <p class="body">\(l("account.tokens-intro", ["days": l.number(90)]))</p>
            \(m.tokens.isEmpty ? HTML("<p class=\"body\">\(l("account.no-tokens"))</p>")
                : Components.table(caption: l("account.tokens-caption"),
                                   headers: [l("account.column-name"), l("account.column-created"), l("account.column-expires"),
                                             l("account.column-last-used"), l("account.column-action")], rows: tokenRows))
            <form method="post" action="\(Href.accountTokens)" novalidate>
            \(Components.csrfField(csrf))
            \(Components.textInput(name: "token-name", label: l("account.token-name"), hint: l("account.token-name-hint"), errors: errors, l: l))
            \(Components.button(l("account.create-token"), secondary: true))
            </form>
            """, status: errors.isEmpty ? .ok : .unprocessableEntity, hasErrors: !errors.isEmpty, language: l.language)
    }

    /// Setting up an authenticator: the key as a QR code, as grouped text and as a link, and
    /// the form for the first code.
    struct Enrolment {
        var secret: String
        var setupLink: String
        var errors: FormErrors

        /// The key in groups of four, easier to type.
        var groupedSecret: String {
            stride(from: 0, to: secret.count, by: 4).map { offset -> String in
                let start = secret.index(secret.startIndex, offsetBy: offset)
                return String(secret[start..<secret.index(start, offsetBy: min(4, secret.count - offset))])
            }.joined(separator: " ")
        }
    }

    static func enrolment(_ m: Enrolment, csrf: String, l: Localiser) -> Page {
        Page(title: l("enrolment.title"), content: """
            \(Components.errorSummary(m.errors, l))
            <h1 class="heading-l">\(l("enrolment.title"))</h1>
            <p class="body">\(l("enrolment.why"))</p>
            <ol class="list list--number">
            <li>\(l("enrolment.step-open-app"))</li>
            <li>\(l("enrolment.step-scan"))
            \(SignInPages.qrCode(m.setupLink, l: l))
            \(l("enrolment.step-type-key"))
            <p class="secret-key" id="secret-key"><code data-secret="\(m.secret)">\(m.groupedSecret)</code></p>
            \(l("enrolment.step-link-before")) <a href="\(m.setupLink)">\(l("enrolment.step-link"))</a>.</li>
            <li>\(l("enrolment.step-code"))</li>
            </ol>
            <form method="post" action="\(Href.secondFactorSetup)" novalidate>
            \(Components.csrfField(csrf))
            \(Components.textInput(name: "code", label: l("enrolment.code"), autocomplete: "one-time-code", width: 10, errors: m.errors,
                                   extra: " inputmode=\"numeric\" spellcheck=\"false\"", l: l))
            \(Components.button(l("enrolment.confirm")))
            </form>
            """, status: m.errors.isEmpty ? .ok : .unprocessableEntity, hasErrors: !m.errors.isEmpty, language: l.language)
    }

    /// The recovery codes, shown once, after the authenticator is set up.
    static func recoveryCodes(_ codes: [String], l: Localiser) -> Page {
        Page(title: l("enrolment.codes-title"), content: """
            <div class="panel panel--confirmation"><h1 class="panel__title">\(l("enrolment.done"))</h1></div>
            <h2 class="heading-m">\(l("enrolment.codes-title"))</h2>
            <p class="body">\(l("enrolment.codes-text"))</p>
            <ul class="list recovery-codes">\(codes.map { HTML("<li><code>\($0)</code></li>") })</ul>
            <p class="body"><a href="\(Href.home)" class="button">\(l("enrolment.continue"))</a></p>
            """, language: l.language)
    }
}
