import LanternCore

/// Member organisations, their users, and invitations.
extension Feature {
    static let organisations = Feature(
        name: "Organisations",
        register: { routes in
            UsersController().register(routes)
            OrganisationsAdminController().register(routes)
            InvitationAcceptance().register(routes)
        },
        navigation: [
            NavigationEntry(label: "Users", href: .users, audience: .allowed(.viewUsers), order: 50),
            NavigationEntry(label: "Organisations", href: .organisations, audience: .allowed(.manageOrganisations), order: 80),
        ],
        homeCards: [
            HomeCard(title: "Users", text: "Who has access in your organisation, and inviting colleagues.",
                     href: .users, audience: .allowed(.viewUsers), order: 50),
            HomeCard(title: "Organisations", text: "Member organisations of the partnership.",
                     href: .organisations, audience: .allowed(.manageOrganisations), order: 80),
        ])
}

enum OrganisationPaths {
    static let users = RoutePath("organisation", "users")
    static let invite = RoutePath("organisation", "users", "invite")
    static let user = RoutePath("organisation", "users", ":userID")
    static let disableUser = RoutePath("organisation", "users", ":userID", "disable")
    static let resetSecondFactor = RoutePath("organisation", "users", ":userID", "reset-second-factor")
    static let organisations = RoutePath("admin", "organisations")
    static let newOrganisation = RoutePath("admin", "organisations", "new")
    static let invitation = RoutePath("invitations", ":token")
}

extension Href {
    static let users = Href(OrganisationPaths.users)
    static let inviteUser = Href(OrganisationPaths.invite)
    static func user(_ id: String) -> Href { OrganisationPaths.user.href(id) }
    static func disableUser(_ id: String) -> Href { OrganisationPaths.disableUser.href(id) }
    static func resetSecondFactor(_ id: String) -> Href { OrganisationPaths.resetSecondFactor.href(id) }
    static let organisations = Href(OrganisationPaths.organisations)
    static let newOrganisation = Href(OrganisationPaths.newOrganisation)
    static func invitation(_ token: String) -> Href { OrganisationPaths.invitation.href(token) }
}
