import LanternCore

/// A group's minutes (drafted, circulated, approved at a later meeting, published, corrected
/// by a new version) and its actions (owned, dated, chased by tasks, logged). Members read;
/// the secretariat writes; the chair or secretariat approves; an action's owner posts updates.
extension Feature {
    static let minutesAndActions = Feature(
        name: "Minutes and actions",
        register: { routes in
            MinutesController().register(routes)
            PartnershipActionsController().register(routes)
        })
}

enum MinutesPaths {
    static let groupMinutes = RoutePath("groups", ":groupID", "minutes")
    static let meetingMinutes = RoutePath("meetings", ":meetingID", "minutes")
    static let version = RoutePath("minutes", ":minutesID")
    static let edit = RoutePath("minutes", ":minutesID", "edit")
    static let circulate = RoutePath("minutes", ":minutesID", "circulate")
    static let approve = RoutePath("minutes", ":minutesID", "approve")
    static let publish = RoutePath("minutes", ":minutesID", "publish")
    static let correct = RoutePath("minutes", ":minutesID", "correct")
}

enum PartnershipActionPaths {
    static let groupActions = RoutePath("groups", ":groupID", "actions")
    static let newAction = RoutePath("groups", ":groupID", "actions", "new")
    static let action = RoutePath("partnership-actions", ":actionID")
    static let edit = RoutePath("partnership-actions", ":actionID", "edit")
    static let addUpdate = RoutePath("partnership-actions", ":actionID", "updates")
}

extension Href {
    static func groupMinutes(_ groupID: String) -> Href { MinutesPaths.groupMinutes.href(groupID) }
    static func meetingMinutes(_ meetingID: String) -> Href { MinutesPaths.meetingMinutes.href(meetingID) }
    static func minutesVersion(_ id: String) -> Href { MinutesPaths.version.href(id) }
    static func editMinutes(_ id: String) -> Href { MinutesPaths.edit.href(id) }
    static func circulateMinutes(_ id: String) -> Href { MinutesPaths.circulate.href(id) }
    static func approveMinutes(_ id: String) -> Href { MinutesPaths.approve.href(id) }
    static func publishMinutes(_ id: String) -> Href { MinutesPaths.publish.href(id) }
    static func correctMinutes(_ id: String) -> Href { MinutesPaths.correct.href(id) }
    static func groupActions(_ groupID: String) -> Href { PartnershipActionPaths.groupActions.href(groupID) }
    static func newPartnershipAction(_ groupID: String) -> Href { PartnershipActionPaths.newAction.href(groupID) }
    static func partnershipAction(_ id: String) -> Href { PartnershipActionPaths.action.href(id) }
    static func editPartnershipAction(_ id: String) -> Href { PartnershipActionPaths.edit.href(id) }
    static func addPartnershipActionUpdate(_ id: String) -> Href { PartnershipActionPaths.addUpdate.href(id) }
}
