import Foundation
import LanternCore
import Vapor

/// The failed emails page, in the viewer's language (`l`, from `NotificationPages.localiser`).
/// Kind names are LanternCore's.
enum NotificationPages {
    /// The request's language if the catalogue has all of notifications, else British English.
    static func localiser(_ request: Request) -> Localiser { request.localiser.forPage(areas: "notifications", "components") }

    enum RetryOutcome: String { case sent, failedAgain = "failed-again", queued }

    struct Failed {
        /// Emails given up on, newest first.
        var messages: [OutboxMessage]
        /// How many are still queued or waiting to be tried again.
        var waiting: Int
        var mailConfigured: Bool
        var outcome: RetryOutcome?
    }

    static func failed(_ m: Failed, csrf: String, l: Localiser) -> Page {
        let notice: HTML = switch m.outcome {
        case .sent: Components.notification(title: l("notifications.sent-title"), body: "\(l("notifications.sent-text"))")
        case .failedAgain: Components.notification(title: l("notifications.failed-again-title"), body: "\(l("notifications.failed-again-text"))",
                                                   success: false)
        case .queued: Components.notification(title: l("notifications.queued-title"), body: "\(l("notifications.queued-text"))")
        case nil: .empty
        }
        let rows: [[HTML]] = m.messages.map { message in
            [HTML("\(NotificationKind(rawValue: message.kind)?.label ?? message.kind)"),
             HTML("\(message.recipient)"),
             HTML("\(l.dateTime(message.createdAt))"),
             HTML("\(l.number(message.attempts))"),
             HTML("\(message.lastError ?? l("notifications.error-unknown"))"),
             HTML("""
                 <form method="post" action="\(Href.retryMessage)" class="inline-form">
                 \(Components.csrfField(csrf))
                 <input type="hidden" name="message" value="\(message.id?.uuidString ?? "")">
                 <button type="submit" class="button button--secondary button--small">\(l("notifications.retry"))<span class="visually-hidden">: \(message.recipient)</span></button>
                 </form>
                 """)]
        }
        return Page(title: l("notifications.failed-title"), content: """
            \(notice)
            <h1 class="heading-l">\(l("notifications.failed-title"))</h1>
            <p class="body">\(m.mailConfigured ? l.plural("notifications.waiting", count: m.waiting) : l("notifications.not-configured"))</p>
            <p class="body">\(l("notifications.retries")) \(l("notifications.no-personal-data"))</p>
            \(m.messages.isEmpty ? HTML("<p class=\"body\">\(l("notifications.none-failed"))</p>")
                : Components.table(caption: l("notifications.failed-caption"),
                                   headers: [l("notifications.column-kind"), l("notifications.column-to"), l("notifications.column-created"),
                                             l("notifications.column-tries"), l("notifications.column-error"), l("notifications.column-action")],
                                   rows: rows))
            """, language: l.language)
    }
}
