import Foundation
import LanternCore

/// Pages for an organisation's teams: the list, the new-team form, and one team (its members,
/// adding and removing them, renaming it).
enum TeamsPages {
    static func list(_ teams: [Team], memberCounts: [UUID: Int], organisationName: String) -> Page {
        let rows: [[HTML]] = teams.map { team in
            [HTML("<a href=\"\(Href.team(team.id?.uuidString ?? ""))\">\(team.name)</a>"),
             HTML("\(memberCounts[team.id ?? UUID()] ?? 0)")]
        }
        return Page(title: "Teams", content: """
            <h1 class="heading-l">Teams in \(organisationName)</h1>
            <p class="body">A case can be shared with one team of a partner organisation instead of the whole organisation:
            then only that team's members see it.</p>
            <p class="body"><a href="\(Href.newTeam)" class="button">Create a team</a></p>
            \(teams.isEmpty ? HTML("<p class=\"body\">No teams yet.</p>")
                : Components.table(caption: "Teams", headers: ["Team", "Members"], rows: rows))
            """)
    }

    static func new(name: String, errors: FormErrors, csrf: String) -> Page {
        Page(title: "Create a team", content: """
            \(Components.errorSummary(errors))
            <h1 class="heading-l">Create a team</h1>
            <form method="post" action="\(Href.newTeam)" novalidate>
            \(Components.csrfField(csrf))
            \(Components.textInput(name: "name", label: "Team name", value: name,
                                   hint: "For example Adult safeguarding, Housing, or Modern slavery SPOC", errors: errors))
            \(Components.button("Create team"))
            </form>
            """, status: errors.isEmpty ? .ok : .unprocessableEntity, hasErrors: !errors.isEmpty,
            backLink: (Href.teams, "Back to teams"))
    }

    static func show(_ team: Team, members: [User], others: [User], renameValue: String, errors: FormErrors, done: String?,
                     csrf: String) -> Page {
        let teamID = team.id?.uuidString ?? ""
        let notice: HTML = switch done {
        case "created": Components.notification(title: "Team created", body: "Add the people who work in it.")
        case "renamed": Components.notification(title: "Team renamed", body: "Shares to this team now show its new name.")
        case "added": Components.notification(title: "Member added", body: "They now see what is shared with this team.")
        case "removed": Components.notification(title: "Member removed", body: "They no longer see what is shared with this team.")
        default: .empty
        }
        let rows: [[HTML]] = members.map { user in
            [HTML("\(user.displayName)"), HTML("\(user.email)"),
             HTML("""
                <form method="post" action="\(Href.removeTeamMember(teamID, user.id?.uuidString ?? ""))" class="inline-form">
                \(Components.csrfField(csrf))<button type="submit" class="link-button">Remove<span class="visually-hidden"> \(user.displayName) from the team</span></button></form>
                """)]
        }
        let addForm: HTML = others.isEmpty ? HTML("<p class=\"body\">Everyone in your organisation is in this team.</p>") : """
            <form method="post" action="\(Href.addTeamMember(teamID))" novalidate>
            \(Components.csrfField(csrf))
            \(Components.select(name: "userID", label: "Person to add", options: [("", "Choose a person")] + others.map { ($0.id?.uuidString ?? "", $0.displayName) },
                                selected: nil, errors: errors))
            \(Components.button("Add to team", secondary: true))
            </form>
            """
        return Page(title: team.name, content: """
            \(notice)
            \(Components.errorSummary(errors))
            <h1 class="heading-l">\(team.name)</h1>
            <h2 class="heading-m">Members</h2>
            \(members.isEmpty ? HTML("<p class=\"body\">Nobody is in this team yet.</p>")
                : Components.table(caption: "Members of \(team.name)", headers: ["Name", "Email", "Action"], rows: rows))
            <h2 class="heading-m">Add a member</h2>
            \(addForm)
            <h2 class="heading-m">Rename the team</h2>
            <form method="post" action="\(Href.renameTeam(teamID))" novalidate>
            \(Components.csrfField(csrf))
            \(Components.textInput(name: "name", label: "Team name", value: renameValue, errors: errors, id: "name"))
            \(Components.button("Rename", secondary: true))
            </form>
            """, backLink: (Href.teams, "Back to teams"))
    }
}
