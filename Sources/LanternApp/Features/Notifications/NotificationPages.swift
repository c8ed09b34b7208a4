import Foundation
import LanternCore

/// The markup of the failed emails page.
enum NotificationPages {
    enum RetryOutcome: String { case sent, failedAgain = "failed-again", queued }

    static func failed(_ messages: [OutboxMessage], waiting: Int, mailConfigured: Bool, csrf: String, outcome: RetryOutcome?) -> Page {
        let notice: HTML = switch outcome {
        case .sent: Components.notification(title: "Email sent", body: "The mail command accepted it.")
        case .failedAgain: Components.notification(title: "The email failed again", body: "Its reason is shown below.", success: false)
        case .queued: Components.notification(title: "Email queued", body: "It will be sent on the next delivery run.")
        case nil: .empty
        }
        let rows: [[HTML]] = messages.map { message in
            [HTML("\(NotificationKind(rawValue: message.kind)?.label ?? message.kind)"),
             HTML("\(message.recipient)"),
             HTML("\(DisplayDate.dateTime(message.createdAt))"),
             HTML("\(message.attempts)"),
             HTML("\(message.lastError ?? "Unknown")"),
             HTML("""
                 <form method="post" action="\(Href.retryMessage)" class="inline-form">
                 \(Components.csrfField(csrf))
                 <input type="hidden" name="message" value="\(message.id?.uuidString ?? "")">
                 <button type="submit" class="button button--secondary button--small">Retry now<span class="visually-hidden">: \(message.recipient)</span></button>
                 </form>
                 """)]
        }
        return Page(title: "Emails not delivered", content: """
            \(notice)
            <h1 class="heading-l">Emails not delivered</h1>
            \(mailConfigured ? HTML("<p class=\"body\">\(waiting) email\(waiting == 1 ? " is" : "s are") waiting to be sent or tried again.</p>")
                : HTML("<p class=\"body\">Email is not set up (LANTERN_MAIL_COMMAND), so Lantern shows links on screen instead of sending them.</p>"))
            <p class="body">Lantern tries each email up to 8 times, waiting longer each time (1 minute, then 2, 4, 8 and so on). These are the ones it gave up on.
            Emails never contain details about the people Lantern supports, only what happened and a link.</p>
            \(messages.isEmpty ? HTML("<p class=\"body\">No emails have failed.</p>")
                : Components.table(caption: "Failed emails, newest first", headers: ["Kind", "To", "Created", "Tries", "Last error", "Action"], rows: rows))
            """)
    }
}
