import LanternCore

/// The partnership's groups: boards, networks and sub-groups, their members (person,
/// organisation represented, role, from, until) and their versioned terms of reference.
/// Members read a group's pages; its secretariat (and the board secretariat of its host
/// organisation, and platform administrators) run it.
extension Feature {
    static let groups = Feature(
        name: "Groups",
        register: { routes in
            GroupsController().register(routes)
            TermsController().register(routes)
        },
        navigation: [NavigationEntry(label: "Groups", href: .groups, audience: .allowed(.viewBoardPapers), order: 60)],
        homeCards: [HomeCard(title: "Boards and groups", text: "The partnership's boards, networks and sub-groups: members and terms of reference.",
                             href: .groups, audience: .allowed(.createGroup), order: 60)])
}

enum GroupPaths {
    static let list = RoutePath("groups")
    static let new = RoutePath("groups", "new")
    static let group = RoutePath("groups", ":groupID")
    static let edit = RoutePath("groups", ":groupID", "edit")
    static let addMember = RoutePath("groups", ":groupID", "members")
    static let endMember = RoutePath("groups", ":groupID", "members", ":memberID", "end")
    static let newTerms = RoutePath("groups", ":groupID", "terms", "new")
    static let terms = RoutePath("groups", ":groupID", "terms", ":version")
    static let compareTerms = RoutePath("groups", ":groupID", "terms-compare")
}

extension Href {
    static let groups = Href(GroupPaths.list)
    static let newGroup = Href(GroupPaths.new)
    static func group(_ id: String) -> Href { GroupPaths.group.href(id) }
    static func editGroup(_ id: String) -> Href { GroupPaths.edit.href(id) }
    static func addGroupMember(_ id: String) -> Href { GroupPaths.addMember.href(id) }
    static func endGroupMember(_ id: String, _ memberID: String) -> Href { GroupPaths.endMember.href(id, memberID) }
    static func newTerms(_ id: String) -> Href { GroupPaths.newTerms.href(id) }
    static func terms(_ id: String, version: Int) -> Href { GroupPaths.terms.href(id, String(version)) }
    static func compareTerms(_ id: String) -> Href { GroupPaths.compareTerms.href(id) }
}
