import Foundation

/// An email as a sendmail-compatible command reads it on standard input (`sendmail -t`,
/// `msmtp -t`): headers naming the recipient, a blank line, the body; lines end with LF and
/// the command converts them. Headers are built only from checked values, so no header can be
/// added by what is in one.
public struct MailMessage: Sendable, Equatable {
    public let recipient: String
    public let notification: ComposedNotification
    /// Unique per message (the outbox row's id), so a retried message is recognisably the same.
    public let messageID: String
    public let date: Date
    /// The host of the public URL, for the Message-ID's right-hand side.
    public let domain: String

    public enum Problem: Error, Equatable { case recipient, header }

    public init(recipient: String, notification: ComposedNotification, messageID: String, date: Date, domain: String) throws {
        guard MailMessage.isDeliverable(recipient) else { throw Problem.recipient }
        for value in [notification.subject, messageID, domain] where !MailMessage.isSafeHeaderValue(value) {
            throw Problem.header
        }
        self.recipient = recipient
        self.notification = notification
        self.messageID = messageID
        self.date = date
        self.domain = domain
    }

    /// One plain address (`local@domain`): no display name, no list, no spaces or line
    /// breaks, nothing a `-t` reader could take as a second recipient.
    public static func isDeliverable(_ address: String) -> Bool {
        let parts = address.split(separator: "@", omittingEmptySubsequences: false)
        guard address.count <= 254, parts.count == 2, !parts[0].isEmpty, parts[1].contains("."),
              !parts[1].hasPrefix("."), !parts[1].hasSuffix(".") else { return false }
        let local = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.!#$%&'*+-/=?^_`{|}~")
        let domain = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-")
        return parts[0].allSatisfy(local.contains) && parts[1].allSatisfy(domain.contains)
    }

    static func isSafeHeaderValue(_ value: String) -> Bool {
        value.unicodeScalars.allSatisfy { $0.value >= 0x20 && $0.value < 0x7F }
    }

    /// The text handed to the mail command.
    public var rendered: String {
        let body = notification.body.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
        return [
            "To: \(recipient)",
            "Subject: \(notification.subject)",
            "Date: \(MailMessage.rfc5322(date))",
            "Message-ID: <\(messageID)@\(domain)>",
            "MIME-Version: 1.0",
            "Content-Type: text/plain; charset=utf-8",
            "Content-Transfer-Encoding: 8bit",
            "Auto-Submitted: auto-generated",
            "",
            body,
            "",
        ].joined(separator: "\n")
    }

    /// `Mon, 30 Nov 2026 09:15:00 +0000`, in UTC, without a shared formatter.
    public static func rfc5322(_ date: Date) -> String {
        let seconds = Int(date.timeIntervalSince1970.rounded(.down))
        let day = Day(daysSinceEpoch: Int((Double(seconds) / 86_400).rounded(.down)))
        let inDay = seconds - day.daysSinceEpoch * 86_400
        let (y, m, d) = day.components
        let weekdays = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
        return "\(weekdays[day.weekday - 1]), \(two(d)) \(months[m - 1]) \(y) \(two(inDay / 3600)):\(two(inDay / 60 % 60)):\(two(inDay % 60)) +0000"
    }
}
