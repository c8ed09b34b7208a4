import LanternCore

/// Email: the outbox and its delivery job, and for administrators the emails that could not
/// be delivered.
extension Feature {
    static let notifications = Feature(
        name: "Notifications",
        register: { routes in FailedMessagesController().register(routes) },
        homeCards: [HomeCard(title: "Emails not delivered", text: "Emails Lantern gave up sending, and trying them again.",
                             href: .failedMessages, audience: .allowed(.manageNotifications), order: 75)])
}

enum NotificationPaths {
    static let failed = RoutePath("notifications", "failed")
    /// The message is named in the form: the same list decides who may retry it.
    static let retry = RoutePath("notifications", "failed", "retry")
}

extension Href {
    static let failedMessages = Href(NotificationPaths.failed)
    static let retryMessage = Href(NotificationPaths.retry)
}
