import Foundation

/// When a message that could not be sent is tried again, and when Lantern stops trying.
public struct DeliveryBackoff: Sendable, Equatable {
    /// Tries in all before a message is listed as failed for administrators.
    public var maximumAttempts = 8
    public var firstDelay: TimeInterval = 60
    public var longestDelay: TimeInterval = 6 * 60 * 60

    public init() {}

    /// The wait after the `attempts`-th failed try (1, 2, 4, 8… minutes, at most six hours),
    /// or nil when no try is left.
    public func delay(afterFailedAttempts attempts: Int) -> TimeInterval? {
        guard attempts >= 1, attempts < maximumAttempts else { return nil }
        let doubled = firstDelay * Double(1 << min(attempts - 1, 30))
        return min(doubled, longestDelay)
    }
}

/// Why a mail command failed, in words without personal data: its exit status (with the
/// meaning sysexits.h gives it) or that it could not be started or took too long. What the
/// command printed is never kept, since it may quote the address or the message.
public enum MailFailure: Error, Equatable, Sendable, CustomStringConvertible {
    case couldNotStart
    case timedOut(seconds: Int)
    case exited(status: Int32)
    case refusedRecipient

    public var description: String {
        switch self {
        case .couldNotStart: "the mail command could not be started (check LANTERN_MAIL_COMMAND)"
        case .timedOut(let seconds): "the mail command did not finish within \(seconds) seconds"
        case .refusedRecipient: "the recipient is not a single plain email address"
        case .exited(let status):
            "the mail command exited with status \(status)" + (Self.meanings[status].map { " (\($0))" } ?? "")
        }
    }

    /// sysexits.h, which sendmail and msmtp follow.
    static let meanings: [Int32: String] = [
        64: "command line usage error", 65: "data format error", 67: "addressee unknown", 68: "host name unknown",
        69: "service unavailable", 70: "internal software error", 71: "system error", 72: "critical OS file missing",
        73: "cannot create output file", 74: "input/output error", 75: "temporary failure, try again later",
        76: "remote error in protocol", 77: "permission denied", 78: "configuration error",
    ]
}

/// `LANTERN_MAIL_COMMAND` split into a program and its arguments, as a shell would split a
/// simple command: spaces separate words, single or double quotes keep spaces in one, a
/// backslash escapes the next character. No variables, globs or pipes: the command runs
/// without a shell.
public enum MailCommand {
    public struct Invalid: Error, Equatable { public let reason: String }

    public static func words(_ text: String) throws -> [String] {
        var words: [String] = []
        var current = ""
        var inWord = false
        var quote: Character?
        var escaped = false
        for character in text {
            if escaped { current.append(character); escaped = false; inWord = true; continue }
            if let open = quote {
                if character == open { quote = nil }
                else if character == "\\" && open == "\"" { escaped = true }
                else { current.append(character) }
                continue
            }
            switch character {
            case "\\": escaped = true; inWord = true
            case "'", "\"": quote = character; inWord = true
            case " ", "\t": if inWord { words.append(current); current = ""; inWord = false }
            case "\n", "\r": throw Invalid(reason: "it must be one line")
            case "|", ";", "&", "<", ">", "`", "$": throw Invalid(reason: "it runs without a shell, so \(character) cannot be used")
            default: current.append(character); inWord = true
            }
        }
        if quote != nil || escaped { throw Invalid(reason: "a quote is not closed") }
        if inWord { words.append(current) }
        guard !words.isEmpty else { throw Invalid(reason: "it is empty") }
        return words
    }
}
