import Foundation
import LanternCore
import Vapor

/// Pages for an organisation's teams: the list, the new-team form, and one team (its members,
/// adding and removing them, renaming it), in the viewer's language (`l`, from
/// `TeamsPages.localiser`).
enum TeamsPages {
    /// The request's language if the catalogue has all of teams, else British English.
    static func localiser(_ request: Request) -> Localiser { request.localiser.forPage(areas: "teams", "components") }

    /// The organisation's teams with how many people are in each.
    struct List {
        var organisationName: String
        var teams: [(id: String, name: String, members: Int)]
    }

    /// One team as its administrator sees it: members, the people who could join, the rename
    /// form's value and errors, and what was just done (`done` from the redirect).
    struct Show {
        var id: String
        var name: String
        var members: [(id: String, name: String, email: String)]
        var others: [(id: String, name: String)]
        var renameValue: String
        var errors: FormErrors
        var done: Done?

        /// What the redirect after a change says was done (`?done=`).
        enum Done: String { case created, renamed, added, removed }
    }

    static func list(_ m: List, l: Localiser) -> Page {
        let rows: [[HTML]] = m.teams.map { team in
            [HTML("<a href=\"\(Href.team(team.id))\">\(team.name)</a>"), HTML("\(l.number(team.members))")]
        }
        return Page(title: l("teams.title"), content: """
            <h1 class="heading-l">\(l("teams.heading", ["organisation": m.organisationName]))</h1>
            <p class="body">\(l("teams.intro"))</p>
            <p class="body"><a href="\(Href.newTeam)" class="button">\(l("teams.create-link"))</a></p>
            \(m.teams.isEmpty ? HTML("<p class=\"body\">\(l("teams.none"))</p>")
                : Components.table(caption: l("teams.caption"), headers: [l("teams.column-team"), l("teams.column-members")], rows: rows))
            """, language: l.language)
    }

    static func new(name: String, errors: FormErrors, csrf: String, l: Localiser) -> Page {
        Page(title: l("teams.new-title"), content: """
            \(Components.errorSummary(errors, l))
            <h1 class="heading-l">\(l("teams.new-title"))</h1>
            <form method="post" action="\(Href.newTeam)" novalidate>
            \(Components.csrfField(csrf))
            \(Components.textInput(name: "name", label: l("teams.name"), value: name, hint: l("teams.name-hint"), errors: errors, l: l))
            \(Components.button(l("teams.create")))
            </form>
            """, status: errors.isEmpty ? .ok : .unprocessableEntity, hasErrors: !errors.isEmpty,
            backLink: (Href.teams, l("teams.back")), language: l.language)
    }

    static func show(_ m: Show, csrf: String, l: Localiser) -> Page {
        let notice: HTML = switch m.done {
        case .created: Components.notification(title: l("teams.created-title"), body: "\(l("teams.created-text"))")
        case .renamed: Components.notification(title: l("teams.renamed-title"), body: "\(l("teams.renamed-text"))")
        case .added: Components.notification(title: l("teams.added-title"), body: "\(l("teams.added-text"))")
        case .removed: Components.notification(title: l("teams.removed-title"), body: "\(l("teams.removed-text"))")
        case nil: .empty
        }
        let rows: [[HTML]] = m.members.map { user in
            [HTML("\(user.name)"), HTML("\(user.email)"),
             HTML("""
                <form method="post" action="\(Href.removeTeamMember(m.id, user.id))" class="inline-form">
                \(Components.csrfField(csrf))<button type="submit" class="link-button">\(l("teams.remove"))<span class="visually-hidden"> \(l("teams.remove-whom", ["name": user.name]))</span></button></form>
                """)]
        }
        let addForm: HTML = m.others.isEmpty ? HTML("<p class=\"body\">\(l("teams.everyone-in"))</p>") : """
            <form method="post" action="\(Href.addTeamMember(m.id))" novalidate>
            \(Components.csrfField(csrf))
            \(Components.select(name: "userID", label: l("teams.person-to-add"), options: [("", l("teams.choose-person"))] + m.others.map { ($0.id, $0.name) },
                                selected: nil, errors: m.errors, l: l))
            \(Components.button(l("teams.add"), secondary: true))
            </form>
            """
        return Page(title: m.name, content: """
            \(notice)
            \(Components.errorSummary(m.errors, l))
            <h1 class="heading-l">\(m.name)</h1>
            <h2 class="heading-m">\(l("teams.members-heading"))</h2>
            \(m.members.isEmpty ? HTML("<p class=\"body\">\(l("teams.no-members"))</p>")
                : Components.table(caption: l("teams.members-caption", ["team": m.name]),
                                   headers: [l("teams.column-name"), l("teams.column-email"), l("teams.column-action")], rows: rows))
            <h2 class="heading-m">\(l("teams.add-heading"))</h2>
            \(addForm)
            <h2 class="heading-m">\(l("teams.rename-heading"))</h2>
            <form method="post" action="\(Href.renameTeam(m.id))" novalidate>
            \(Components.csrfField(csrf))
            \(Components.textInput(name: "name", label: l("teams.name"), value: m.renameValue, errors: m.errors, id: "name", l: l))
            \(Components.button(l("teams.rename"), secondary: true))
            </form>
            """, status: m.errors.isEmpty ? .ok : .unprocessableEntity, hasErrors: !m.errors.isEmpty,
            backLink: (Href.teams, l("teams.back")), language: l.language)
    }
}
