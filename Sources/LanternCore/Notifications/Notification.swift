/// What Lantern tells a person by email, and the words it uses. A message says only what
/// happened and gives a link: its parts are typed (a kind and a link into Lantern), never free
/// text, so nothing about a survivor, a case or the recipient can find its way into one.
public enum NotificationKind: String, Sendable, CaseIterable, Codable {
    /// An invitation to set up an account (the link is the single-use invitation).
    case invitation
    /// An administrator reset the person's authenticator; they set up a new one at sign-in.
    case secondFactorReset = "second_factor_reset"
    /// A new task is waiting in "Your tasks".
    case taskAssigned = "task_assigned"
    /// A safeguarding concern waits for the recipient's team (routed to it, or escalated to its lead).
    case concernWaiting = "concern_waiting"
    /// A reminder that a member survey of the partnership is waiting for the person's answer.
    case surveyReminder = "survey_reminder"
    /// Someone outside the partnership's accounts booked a place on a training session on the
    /// public site (the link is their place's own: see it, or give it up).
    case trainingPlace = "training_place"
    /// A session someone outside the partnership's accounts had a place on was cancelled (the
    /// link is their place's own).
    case trainingSessionCancelled = "training_session_cancelled"

    /// How the kind is named to administrators (the failed messages list).
    public var label: String {
        switch self {
        case .invitation: "Invitation"
        case .secondFactorReset: "Authenticator reset"
        case .taskAssigned: "New task"
        case .concernWaiting: "Safeguarding concern waiting"
        case .surveyReminder: "Survey reminder"
        case .trainingPlace: "Training place booked"
        case .trainingSessionCancelled: "Training session cancelled"
        }
    }
}

/// An address in Lantern built from the configured public URL and a path of Lantern's own.
/// Only characters a URL path needs are accepted, so a link cannot carry words.
public struct NotificationLink: Sendable, Equatable, CustomStringConvertible {
    public let url: String

    public struct Invalid: Error, Equatable {}

    /// `base` is `LANTERN_PUBLIC_URL` (http or https, checked at start-up); `path` starts with
    /// `/` and holds only unreserved characters and `/`.
    public init(base: String, path: String) throws {
        let allowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~/")
        let lowered = base.lowercased()
        guard lowered.hasPrefix("http://") || lowered.hasPrefix("https://"),
              !base.contains(where: { $0.isWhitespace || $0 == "\"" || $0 == "<" || $0 == ">" }),
              path.hasPrefix("/"), path.allSatisfy(allowed.contains) else { throw Invalid() }
        var trimmed = Substring(base)
        while trimmed.hasSuffix("/") { trimmed = trimmed.dropLast() }
        url = String(trimmed) + path
    }

    public var description: String { url }
}

/// A message ready to send: a subject and a plain-text body, both fixed wording around a link.
public struct ComposedNotification: Sendable, Equatable {
    public let kind: NotificationKind
    public let subject: String
    public let body: String

    public init(kind: NotificationKind, subject: String, body: String) {
        self.kind = kind
        self.subject = subject
        self.body = body
    }

    /// The one place the wording lives. `validDays` is how long an invitation link works.
    public static func compose(_ kind: NotificationKind, link: NotificationLink, validDays: Int = 7) -> ComposedNotification {
        let closing = """

            You are receiving this because you have, or are being given, an account on Lantern,
            London's shared working system against modern slavery. Lantern never puts details
            about the people it supports in email: sign in to see them.
            """
        switch kind {
        case .trainingPlace:
            return ComposedNotification(kind: kind, subject: "Your place on a training session", body: """
                You asked for a place on a training session of London's partnership against modern
                slavery. See your place, where and when the session is, or give the place up:

                \(link)

                Keep this link to yourself: anyone who has it can give your place up. If you did not
                ask for a place, open the link and give it up.

                You are receiving this because this email address was given when the place was booked
                on the partnership's public site. Lantern, the partnership's shared working system,
                never puts details about the people it supports in email.
                """)
        case .trainingSessionCancelled:
            return ComposedNotification(kind: kind, subject: "A training session you had a place on was cancelled", body: """
                A training session of London's partnership against modern slavery that you had a
                place on (or were waiting for) was cancelled. See your place:

                \(link)

                This link replaces any you were sent before. Look for another session on the
                partnership's public site.

                You are receiving this because this email address was given for a place on the
                session. Lantern, the partnership's shared working system, never puts details about
                the people it supports in email.
                """)
        case .invitation:
            return ComposedNotification(kind: kind, subject: "You are invited to Lantern", body: """
                You have been invited to set up an account on Lantern.

                Open this link to choose a password and set up an authenticator app:

                \(link)

                The link works once and expires in \(validDays) days. If you did not expect this
                invitation, do nothing and it will expire.
                \(closing)
                """)
        case .secondFactorReset:
            return ComposedNotification(kind: kind, subject: "Your Lantern authenticator was reset", body: """
                An administrator in your organisation reset the authenticator app for your Lantern account.
                You have been signed out everywhere. Next time you sign in you will set up a new one:

                \(link)

                If you did not ask for this, tell your organisation's Lantern administrator.
                \(closing)
                """)
        case .taskAssigned:
            return ComposedNotification(kind: kind, subject: "You have a new task in Lantern", body: """
                A new task is waiting for you in Lantern. See your tasks:

                \(link)
                \(closing)
                """)
        case .surveyReminder:
            return ComposedNotification(kind: kind, subject: "A survey is waiting for your answer in Lantern", body: """
                A member survey of the partnership is still waiting for your answer in Lantern.
                Your answers are anonymous. Answer it:

                \(link)
                \(closing)
                """)
        case .concernWaiting:
            return ComposedNotification(kind: kind, subject: "A safeguarding concern is waiting in Lantern", body: """
                A safeguarding concern is waiting for your team in Lantern. See it:

                \(link)
                \(closing)
                """)
        }
    }
}
