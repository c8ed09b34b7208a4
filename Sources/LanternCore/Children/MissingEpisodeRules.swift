import Foundation

/// A period a child was missing: from when, until when they came back (nil while missing), and
/// the return home interview offered and held after it.
public struct MissingEpisodeTimes: Sendable, Equatable {
    public var id: String
    public var from: Date
    public var until: Date?
    public var interviewOffered: Date?
    public var interviewHeld: Date?

    public init(id: String, from: Date, until: Date? = nil, interviewOffered: Date? = nil, interviewHeld: Date? = nil) {
        self.id = id
        self.from = from
        self.until = until
        self.interviewOffered = interviewOffered
        self.interviewHeld = interviewHeld
    }
}

/// The rules for missing episodes: dates in order and not in the future, no two episodes of one
/// child overlapping, one open (still missing) episode at a time, and the return home interview
/// offered and held within 72 hours of the child's return.
public enum MissingEpisodeRules {
    public static let interviewWindow: TimeInterval = 72 * 3600

    /// What is wrong with an episode, field by field (the fields of the form: `from`, `until`,
    /// `offered`, `held`), in the order they are shown.
    public enum Problem: Sendable, Equatable {
        case fromInFuture
        case untilInFuture
        case untilBeforeFrom
        case overlaps(otherFrom: Date)
        case anotherOpen(since: Date)
        case offeredWithoutReturn
        case offeredBeforeReturn
        case offeredInFuture
        case heldWithoutReturn
        case heldBeforeReturn
        case heldInFuture

        public var field: String {
            switch self {
            case .fromInFuture, .anotherOpen: "from"
            case .overlaps: "from"
            case .untilInFuture, .untilBeforeFrom: "until"
            case .offeredWithoutReturn, .offeredBeforeReturn, .offeredInFuture: "offered"
            case .heldWithoutReturn, .heldBeforeReturn, .heldInFuture: "held"
            }
        }
    }

    /// The problems with `episode` among the child's `others` (every other episode, not this
    /// one), at `now`. Empty: it may be stored.
    public static func problems(_ episode: MissingEpisodeTimes, others: [MissingEpisodeTimes], now: Date) -> [Problem] {
        var problems: [Problem] = []
        if episode.from > now { problems.append(.fromInFuture) }
        if let until = episode.until {
            if until > now { problems.append(.untilInFuture) }
            if until < episode.from { problems.append(.untilBeforeFrom) }
        }
        if episode.until == nil, let open = others.first(where: { $0.until == nil }) {
            problems.append(.anotherOpen(since: open.from))
        } else if episode.until.map({ $0 >= episode.from }) ?? true,
                  let other = others.first(where: { overlap(episode, $0) }) {
            problems.append(other.until == nil ? .anotherOpen(since: other.from) : .overlaps(otherFrom: other.from))
        }
        for (at, missing, before, future) in [
            (episode.interviewOffered, Problem.offeredWithoutReturn, Problem.offeredBeforeReturn, Problem.offeredInFuture),
            (episode.interviewHeld, .heldWithoutReturn, .heldBeforeReturn, .heldInFuture),
        ] {
            guard let at else { continue }
            if let until = episode.until {
                if at < until { problems.append(before) } else if at > now { problems.append(future) }
            } else {
                problems.append(missing)
            }
        }
        return problems
    }

    /// Whether two episodes share any moment (an open one runs on for ever; touching ends, one
    /// coming back at the moment the next begins, do not overlap).
    static func overlap(_ a: MissingEpisodeTimes, _ b: MissingEpisodeTimes) -> Bool {
        let aEnd = a.until ?? .distantFuture, bEnd = b.until ?? .distantFuture
        return a.from < bEnd && b.from < aEnd
    }

    /// When the return home interview is due: 72 hours after the child came back.
    public static func interviewDue(returnedAt: Date) -> Date { returnedAt.addingTimeInterval(interviewWindow) }

    /// Where the return home interview stands.
    public enum InterviewStanding: Sendable, Equatable {
        /// The child is still missing: no interview yet.
        case stillMissing
        case heldInTime
        case heldLate
        /// Not held yet: the countdown to its deadline (overdue once past).
        case waiting(Countdown)
    }

    public static func interview(_ episode: MissingEpisodeTimes, now: Date) -> InterviewStanding {
        guard let until = episode.until else { return .stillMissing }
        let due = interviewDue(returnedAt: until)
        if let held = episode.interviewHeld { return held <= due ? .heldInTime : .heldLate }
        return .waiting(Countdown.until(due, now: now))
    }
}
