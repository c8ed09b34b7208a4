import Foundation
import LanternCore
import Vapor

/// An organisation's people, inviting them, the platform's member organisations, and
/// following an invitation: one model and one view per page, texts from the catalogue (`l`,
/// from `OrganisationPages.localiser`). Role, kind and borough names are LanternCore's.
enum OrganisationPages {
    /// The request's language if the catalogue has all of organisations, else British English.
    static func localiser(_ request: Request) -> Localiser { request.localiser.forPage(areas: "organisations", "components") }

    // MARK: users

    struct UserList {
        var organisationName: String
        var users: [User]
        var invitations: [Invitation]
        var canInvite: Bool
    }

    static func users(_ m: UserList, l: Localiser) -> Page {
        let rows: [[HTML]] = m.users.map { user in
            [HTML("<a href=\"\(Href.user(user.id?.uuidString ?? ""))\">\(user.displayName)</a>"),
             HTML("\(user.email)"),
             HTML("\(roles(user))"),
             user.isDisabled ? Components.tag(l("organisations.status-disabled"), colour: "grey")
                 : (user.hasSecondFactor ? Components.tag(l("organisations.status-active"), colour: "green")
                     : Components.tag(l("organisations.status-no-authenticator"), colour: "yellow"))]
        }
        let pending: HTML = m.invitations.isEmpty ? .empty : Components.table(
            caption: l("organisations.invitations-caption"),
            headers: [l("organisations.column-name"), l("organisations.column-email"), l("organisations.column-expires")],
            rows: m.invitations.map { [HTML("\($0.displayName)"), HTML("\($0.email)"), HTML("\(l.dateTime($0.expiresAt))")] })
        return Page(title: l("organisations.users-title"), content: """
            <h1 class="heading-l">\(l("organisations.users-heading", ["organisation": m.organisationName]))</h1>
            \(m.canInvite ? HTML("<p class=\"body\"><a href=\"\(Href.inviteUser)\" class=\"button\">\(l("organisations.invite-title"))</a></p>") : .empty)
            \(Components.table(caption: l("organisations.users-caption"),
                               headers: [l("organisations.column-name"), l("organisations.column-email"),
                                         l("organisations.column-roles"), l("organisations.column-status")], rows: rows))
            \(pending)
            """, language: l.language)
    }

    static func roles(_ user: User) -> String { user.roleSet.sorted().map(\.label).joined(separator: ", ") }

    struct Invite {
        var name = ""
        var email = ""
        var roles: Set<String> = []
    }

    static func invite(_ m: Invite, errors: FormErrors, csrf: String, l: Localiser) -> Page {
        Page(title: l("organisations.invite-title"), content: """
            \(Components.errorSummary(errors, l))
            <h1 class="heading-l">\(l("organisations.invite-title"))</h1>
            <form method="post" action="\(Href.inviteUser)" novalidate>
            \(Components.csrfField(csrf))
            \(Components.textInput(name: "name", label: l("organisations.full-name"), value: m.name, errors: errors, l: l))
            \(Components.textInput(name: "email", label: l("organisations.work-email"), value: m.email, type: "email", errors: errors,
                                   extra: " spellcheck=\"false\"", l: l))
            \(Components.checkboxes(name: "roles", legend: l("organisations.roles"),
                                    options: AccountValidation.roleOptions(Role.assignableByOrganisationAdmin),
                                    checked: m.roles, hint: l("organisations.roles-hint"), errors: errors, l: l))
            \(Components.button(l("organisations.create-invitation")))
            </form>
            """, status: errors.isEmpty ? .ok : .unprocessableEntity, hasErrors: !errors.isEmpty,
            backLink: (Href.users, l("organisations.back-to-users")), language: l.language)
    }

    /// An invitation just made: emailed, or its link to pass on by hand.
    struct InvitationSent {
        var name: String
        var email: String
        var link: String
        var emailed: Bool

        init(_ created: InvitationService.Created, name: String) {
            self.name = name
            email = created.invitation.email
            link = created.link
            emailed = created.emailed
        }
    }

    static func invitationCreated(_ m: InvitationSent, l: Localiser) -> Page {
        Page(title: l("organisations.invitation-created-title"), content: """
            \(linkPanel(m, l: l))
            <p class="body"><a href="\(Href.users)">\(l("organisations.back-to-users"))</a></p>
            """, language: l.language)
    }

    static func organisationAdded(_ m: InvitationSent, l: Localiser) -> Page {
        Page(title: l("organisations.organisation-added-title"), content: """
            \(linkPanel(m, l: l))
            <p class="body"><a href="\(Href.organisations)">\(l("organisations.back-to-organisations"))</a></p>
            """, language: l.language)
    }

    static func linkPanel(_ m: InvitationSent, l: Localiser) -> HTML {
        if m.emailed {
            return """
            <div class="panel panel--confirmation"><h1 class="panel__title">\(l("organisations.invitation-sent"))</h1></div>
            <p class="body">\(l("organisations.invitation-sent-text", ["name": m.name, "email": m.email]))</p>
            """
        }
        return """
        <div class="panel panel--confirmation"><h1 class="panel__title">\(l("organisations.invitation-created"))</h1></div>
        <p class="body">\(l("organisations.invitation-created-text", ["name": m.name]))</p>
        <p class="body invitation-link"><code id="invitation-link">\(m.link)</code></p>
        """
    }

    /// One person, and what the viewer may do to them. `done` is what was just done.
    struct Person {
        enum Done: String { case disabled, reset }
        var user: User
        var canDisable: Bool
        var canResetSecondFactor: Bool
        var done: Done?
    }

    static func person(_ m: Person, csrf: String, l: Localiser) -> Page {
        let user = m.user
        let id = user.id?.uuidString ?? ""
        var actions: [HTML] = []
        if m.canDisable {
            actions.append(actionForm(Href.disableUser(id), label: l("organisations.disable"), warning: true, csrf: csrf))
        }
        if m.canResetSecondFactor {
            actions.append(actionForm(Href.resetSecondFactor(id), label: l("organisations.reset-authenticator"), warning: false, csrf: csrf))
        }
        let notice: HTML = switch m.done {
        case .disabled: Components.notification(title: l("organisations.disabled-title"), body: "\(l("organisations.disabled-text"))")
        case .reset: Components.notification(title: l("organisations.reset-title"), body: "\(l("organisations.reset-text"))")
        case nil: .empty
        }
        return Page(title: user.displayName, content: """
            \(notice)
            <h1 class="heading-l">\(user.displayName)</h1>
            \(Components.summaryList([
                (l("organisations.email-address"), HTML("\(user.email)")),
                (l("organisations.roles"), HTML("\(roles(user))")),
                (l("organisations.status"), HTML("\(user.isDisabled ? l("organisations.status-disabled") : l("organisations.status-active"))")),
                (l("organisations.authenticator"), HTML("\(user.hasSecondFactor ? l("organisations.set-up") : l("organisations.not-set-up"))")),
                (l("organisations.account-created"), HTML("\(l.dateTime(user.createdAt))")),
            ]))
            \(actions)
            """, backLink: (Href.users, l("organisations.back-to-users")), language: l.language)
    }

    private static func actionForm(_ action: Href, label: String, warning: Bool, csrf: String) -> HTML {
        """
        <form method="post" action="\(action)" class="inline-form">
        \(Components.csrfField(csrf))
        \(Components.button(label, secondary: !warning, warning: warning))
        </form>
        """
    }

    // MARK: member organisations

    struct OrganisationList {
        struct Row {
            var name: String
            var kind: String
            /// Names of the boroughs it covers; none means London-wide.
            var boroughs: [String]
        }
        var rows: [Row]
    }

    static func organisations(_ m: OrganisationList, l: Localiser) -> Page {
        let rows: [[HTML]] = m.rows.map { row in
            [HTML("\(row.name)"), HTML("\(row.kind)"),
             HTML("\(row.boroughs.isEmpty ? l("organisations.london-wide") : row.boroughs.joined(separator: ", "))")]
        }
        return Page(title: l("organisations.organisations-title"), content: """
            <h1 class="heading-l">\(l("organisations.organisations-heading"))</h1>
            <p class="body"><a href="\(Href.newOrganisation)" class="button">\(l("organisations.add-title"))</a></p>
            \(Components.table(caption: l("organisations.organisations-title"),
                               headers: [l("organisations.column-name"), l("organisations.column-kind"), l("organisations.column-boroughs")],
                               rows: rows))
            """, language: l.language)
    }

    struct NewOrganisation {
        var fields = OrganisationFields()
        var name = ""
        var email = ""
        var catalogue: BoroughCatalogue
    }

    static func newOrganisation(_ m: NewOrganisation, errors: FormErrors, csrf: String, l: Localiser) -> Page {
        Page(title: l("organisations.add-title"), content: """
            \(Components.errorSummary(errors, l))
            <h1 class="heading-l">\(l("organisations.add-title"))</h1>
            <form method="post" action="\(Href.organisations)" novalidate>
            \(Components.csrfField(csrf))
            \(organisationFields(m.fields, catalogue: m.catalogue, errors: errors, l: l))
            <h2 class="heading-m">\(l("organisations.first-administrator"))</h2>
            \(Components.textInput(name: "name", label: l("organisations.full-name"), value: m.name, errors: errors, l: l))
            \(Components.textInput(name: "email", label: l("organisations.work-email"), value: m.email, type: "email", errors: errors,
                                   extra: " spellcheck=\"false\"", l: l))
            \(Components.button(l("organisations.add-button")))
            </form>
            """, status: errors.isEmpty ? .ok : .unprocessableEntity, hasErrors: !errors.isEmpty,
            backLink: (Href.organisations, l("organisations.back-to-organisations")), language: l.language)
    }

    /// The organisation part of a form (here and on the set-up page): name, kind, boroughs.
    static func organisationFields(_ fields: OrganisationFields, catalogue: BoroughCatalogue, errors: FormErrors, l: Localiser) -> HTML {
        """
        \(Components.textInput(name: "organisation-name", label: l("organisations.organisation-name"), value: fields.name, errors: errors, l: l))
        \(Components.select(name: "organisation-kind", label: l("organisations.organisation-kind"),
                            options: [("", l("organisations.select"))] + OrganisationKind.allCases.map { ($0.rawValue, $0.label) },
                            selected: fields.kind, errors: errors, l: l))
        \(Components.checkboxes(name: "boroughs", legend: l("organisations.boroughs"),
                                options: catalogue.all.map { ($0.onsCode, $0.name) }, checked: Set(fields.boroughs),
                                hint: l("organisations.boroughs-hint"), errors: errors, l: l))
        """
    }

    // MARK: following an invitation

    struct Acceptance {
        var organisationName: String
        var name: String
        var email: String
        /// The invitation's own address (its token is in the path).
        var action: String
    }

    static func acceptance(_ m: Acceptance, errors: FormErrors, csrf: String, l: Localiser) -> Page {
        Page(title: l("organisations.accept-title"), content: """
            \(Components.errorSummary(errors, l))
            <h1 class="heading-l">\(l("organisations.accept-title"))</h1>
            <p class="body">\(l("organisations.accept-intro", ["organisation": m.organisationName]))</p>
            \(Components.summaryList([(l("organisations.name"), HTML("\(m.name)")), (l("organisations.email-address"), HTML("\(m.email)"))]))
            <form method="post" action="\(m.action)" novalidate>
            \(Components.csrfField(csrf))
            <input type="hidden" name="username" value="\(m.email)" autocomplete="username">
            \(passwordFields(errors: errors, l: l))
            \(Components.button(l("organisations.create-account")))
            </form>
            """, status: errors.isEmpty ? .ok : .unprocessableEntity, hasErrors: !errors.isEmpty, language: l.language)
    }

    /// A new password and its confirmation (here and on the set-up page).
    static func passwordFields(errors: FormErrors, l: Localiser) -> HTML {
        """
        \(Components.textInput(name: "password", label: l("organisations.create-password"),
                               hint: l("organisations.password-hint", ["length": l.number(PasswordRules.minimumLength)]),
                               type: "password", autocomplete: "new-password", errors: errors, l: l))
        \(Components.textInput(name: "password-confirmation", label: l("organisations.confirm-password"), type: "password",
                               autocomplete: "new-password", errors: errors, l: l))
        """
    }
}
