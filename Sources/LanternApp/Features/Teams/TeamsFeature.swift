import LanternCore

/// Teams within an organisation, kept by its user administrators: who belongs to which team,
/// so shares (and later routing and tasks) can address a team instead of a whole organisation.
extension Feature {
    static let teams = Feature(
        name: "Teams",
        register: { routes in TeamsController().register(routes) },
        homeCards: [HomeCard(title: "Teams", text: "Your organisation's teams and who belongs to each.",
                             href: .teams, audience: .allowed(.manageTeams), order: 55)])
}

enum TeamPaths {
    static let teams = RoutePath("organisation", "teams")
    static let newTeam = RoutePath("organisation", "teams", "new")
    static let team = RoutePath("organisation", "teams", ":teamID")
    static let rename = RoutePath("organisation", "teams", ":teamID", "rename")
    static let addMember = RoutePath("organisation", "teams", ":teamID", "members")
    static let removeMember = RoutePath("organisation", "teams", ":teamID", "members", ":userID", "remove")
}

extension Href {
    static let teams = Href(TeamPaths.teams)
    static let newTeam = Href(TeamPaths.newTeam)
    static func team(_ id: String) -> Href { TeamPaths.team.href(id) }
    static func renameTeam(_ id: String) -> Href { TeamPaths.rename.href(id) }
    static func addTeamMember(_ id: String) -> Href { TeamPaths.addMember.href(id) }
    static func removeTeamMember(_ id: String, _ userID: String) -> Href { TeamPaths.removeMember.href(id, userID) }
}
