import Foundation
import Testing
@testable import LanternCore

/// The wording of messages, the mail format handed to the command, retries and the task list's
/// order: rules in plain Swift, checked without a server.
@Suite struct NotificationTests {
    let link = try! NotificationLink(base: "https://lantern.example.org/", path: "/invitations/abcDEF123-_")

    @Test func everyKindSaysWhatHappenedAndGivesTheLink() {
        for kind in NotificationKind.allCases {
            let message = ComposedNotification.compose(kind, link: link)
            #expect(message.body.contains("https://lantern.example.org/invitations/abcDEF123-_"), "\(kind)")
            #expect(!message.subject.isEmpty && message.subject.allSatisfy { $0.isASCII }, "\(kind)")
            #expect(message.body.contains("never puts details"), "\(kind)")
        }
    }

    @Test func aLinkCarriesOnlyAPathNeverWords() throws {
        #expect(throws: NotificationLink.Invalid.self) { try NotificationLink(base: "https://x.org", path: "/cases/Jane Doe") }
        #expect(throws: NotificationLink.Invalid.self) { try NotificationLink(base: "https://x.org", path: "/tasks?name=Jane") }
        #expect(throws: NotificationLink.Invalid.self) { try NotificationLink(base: "https://x.org", path: "tasks") }
        #expect(throws: NotificationLink.Invalid.self) { try NotificationLink(base: "ftp://x.org", path: "/tasks") }
        #expect(throws: NotificationLink.Invalid.self) { try NotificationLink(base: "https://x.org\n", path: "/tasks") }
        #expect(try NotificationLink(base: "http://127.0.0.1:18283//", path: "/tasks").url == "http://127.0.0.1:18283/tasks")
    }

    @Test func theMailNamesOneRecipientAndNoHeaderCanBeSmuggledIn() throws {
        let date = Date(timeIntervalSince1970: 1_796_030_100) // Mon, 30 Nov 2026 09:15:00 UTC
        let mail = try MailMessage(recipient: "sam.jones@camden.example.org", notification: ComposedNotification.compose(.invitation, link: link),
                                   messageID: "0f5e", date: date, domain: "lantern.example.org")
        let text = mail.rendered
        #expect(text.hasPrefix("To: sam.jones@camden.example.org\nSubject: You are invited to Lantern\nDate: Mon, 30 Nov 2026 09:15:00 +0000\n"))
        #expect(text.contains("Message-ID: <0f5e@lantern.example.org>\n"))
        #expect(text.contains("Content-Type: text/plain; charset=utf-8\n"))
        #expect(!text.contains("\r"))
        for bad in ["a@b.org\nBcc: x@y.org", "a@b.org, c@d.org", "Sam <a@b.org>", "a b@c.org", "nobody", "a@b", "a@.org", ""] {
            #expect(throws: MailMessage.Problem.recipient) {
                try MailMessage(recipient: bad, notification: ComposedNotification.compose(.invitation, link: link), messageID: "1", date: date, domain: "x.org")
            }
        }
        #expect(throws: MailMessage.Problem.header) {
            try MailMessage(recipient: "a@b.org", notification: ComposedNotification.compose(.invitation, link: link), messageID: "1\nBcc: x@y.org",
                            date: date, domain: "x.org")
        }
    }

    @Test func datesFollowRFC5322() {
        #expect(MailMessage.rfc5322(Date(timeIntervalSince1970: 0)) == "Thu, 01 Jan 1970 00:00:00 +0000")
        #expect(MailMessage.rfc5322(Date(timeIntervalSince1970: 951_782_400 + 3_723)) == "Tue, 29 Feb 2000 01:02:03 +0000")
    }

    @Test func retriesBackOffExponentiallyAndStop() {
        let backoff = DeliveryBackoff()
        let delays = (1...8).map { backoff.delay(afterFailedAttempts: $0) }
        #expect(delays == [60, 120, 240, 480, 960, 1_920, 3_840, nil])
        var capped = DeliveryBackoff()
        capped.maximumAttempts = 40
        #expect(capped.delay(afterFailedAttempts: 30) == TimeInterval(21_600))
        #expect(backoff.delay(afterFailedAttempts: 0) == nil)
    }

    @Test func failuresAreDescribedWithoutWhatTheCommandPrinted() {
        #expect(MailFailure.exited(status: 69).description == "the mail command exited with status 69 (service unavailable)")
        #expect(MailFailure.exited(status: 1).description == "the mail command exited with status 1")
        #expect(MailFailure.timedOut(seconds: 30).description.contains("30 seconds"))
    }

    @Test func theMailCommandIsSplitLikeASimpleShellCommand() throws {
        #expect(try MailCommand.words("msmtp --host=127.0.0.1 --port=2525 --from=lantern@example.org -t")
                == ["msmtp", "--host=127.0.0.1", "--port=2525", "--from=lantern@example.org", "-t"])
        #expect(try MailCommand.words("  /usr/sbin/sendmail  -t -oi ") == ["/usr/sbin/sendmail", "-t", "-oi"])
        #expect(try MailCommand.words(#"msmtp --logfile="/var/log/lantern mail.log" -t 'a b' c\ d"#)
                == ["msmtp", "--logfile=/var/log/lantern mail.log", "-t", "a b", "c d"])
        for bad in ["", "   ", "msmtp -t | tee x", "msmtp $HOME", "msmtp 'open", "msmtp -t\nrm x", "msmtp; rm x"] {
            #expect(throws: MailCommand.Invalid.self) { try MailCommand.words(bad) }
        }
    }

    @Test func overdueTasksComeFirstThenByDueDateThenUndated() {
        let today = Day(daysSinceEpoch: 20_000)
        let tasks = [
            TaskRules.Listed(id: "undated", due: nil, createdOrder: 1),
            TaskRules.Listed(id: "next week", due: today.adding(days: 7), createdOrder: 2),
            TaskRules.Listed(id: "overdue 1", due: today.adding(days: -1), createdOrder: 3),
            TaskRules.Listed(id: "today", due: today, createdOrder: 4),
            TaskRules.Listed(id: "overdue 5", due: today.adding(days: -5), createdOrder: 5),
        ]
        #expect(TaskRules.ordered(tasks, today: today).map(\.id) == ["overdue 5", "overdue 1", "today", "next week", "undated"])
        #expect(TaskRules.isOverdue(today.adding(days: -1), today: today))
        #expect(!TaskRules.isOverdue(today, today: today))
        #expect(TaskRules.isApproaching(today.adding(days: 7), today: today))
        #expect(!TaskRules.isApproaching(today.adding(days: 8), today: today))
        #expect(!TaskRules.isApproaching(today.adding(days: -1), today: today))
    }

    @Test func aDeadlineTaskNamesTheStageAndTheReferenceOnly() {
        let deadline = StageDeadline(due: Day(daysSinceEpoch: 20_000), description: "Reasonable Grounds decision expected")
        #expect(TaskRules.stageDeadlineTitle(deadline, reference: "LNT-ABCD-EFGH-JKLM")
                == "Reasonable Grounds decision expected for case LNT-ABCD-EFGH-JKLM")
    }
}
