import Foundation

/// A dated episode as the rules see it: from its first day until the day it ended (nil while
/// it goes on). Episodes are half-open, `[from, until)`: one that ends on the day the next
/// starts does not overlap it, so a move is recorded with the same date on both.
public struct EpisodeSpan: Sendable, Equatable {
    public var id: String
    public var from: Day
    public var until: Day?
    /// The accommodation's or support's kind (raw value), for messages and same-kind checks.
    public var kind: String

    public init(id: String, from: Day, until: Day?, kind: String) {
        self.id = id
        self.from = from
        self.until = until
        self.kind = kind
    }

    /// Whether two episodes share a day: each starts before the other ends.
    public func overlaps(_ other: EpisodeSpan) -> Bool {
        let selfEnd = until?.daysSinceEpoch ?? Int.max, otherEnd = other.until?.daysSinceEpoch ?? Int.max
        return from.daysSinceEpoch < otherEnd && other.from.daysSinceEpoch < selfEnd
    }

    /// Whether the episode goes on on `today`: started and not yet ended.
    public func isCurrent(on today: Day) -> Bool { from <= today && (until.map { $0 > today } ?? true) }
}

/// The rules for a case's accommodation episodes, support episodes and contact log: dates
/// that exist, never in the future (except a support episode's planned end), never running
/// backwards; a person is in one place at a time (accommodation episodes never overlap); one
/// support episode of a kind at a time; short, printable text. Each check returns what to
/// write, or the problems field by field in the form's order.
public enum EpisodeRules {
    public static let providerLimit = 150
    public static let noteLimit = 2000

    // MARK: accommodation

    public struct AccommodationInput: Sendable, Equatable {
        public var kind: String?
        public var provider: String?
        public var borough: String?
        public var from: String?
        public var until: String?
        /// "End the current stay on the day this one starts" was ticked.
        public var endCurrent: Bool
        public var note: String?

        public init(kind: String? = nil, provider: String? = nil, borough: String? = nil, from: String? = nil, until: String? = nil,
                    endCurrent: Bool = false, note: String? = nil) {
            self.kind = kind
            self.provider = provider
            self.borough = borough
            self.from = from
            self.until = until
            self.endCurrent = endCurrent
            self.note = note
        }
    }

    public struct AccommodationDraft: Sendable, Equatable {
        public var kind: AccommodationKind
        public var provider: String?
        public var boroughCode: String?
        public var from: Day
        public var until: Day?
        public var note: String?
        /// The open episode to end on `from`, when asked to and there is one.
        public var endsEpisodeID: String?
    }

    /// Checks a new accommodation episode against the case's others (`existing`, read inside
    /// the same transaction that writes it).
    public static func checkAccommodation(_ input: AccommodationInput, existing: [EpisodeSpan], today: Day,
                                          boroughs: BoroughCatalogue, l: Localiser) -> (draft: AccommodationDraft?, problems: ValidationProblems) {
        var problems = ValidationProblems()
        let kind = AccommodationKind(rawValue: trimmed(input.kind))
        if kind == nil { problems.add("kind", l("aftercare.accommodation.error.kind")) }
        let provider = text(input.provider, field: "provider", limit: providerLimit, multiline: false, l: l, into: &problems)
        let borough = trimmed(input.borough)
        if !borough.isEmpty && boroughs.borough(code: borough) == nil { problems.add("borough", l("aftercare.accommodation.error.borough")) }
        let from = day(input.from, field: "from", missing: l("aftercare.accommodation.error.from-missing"), future: l("aftercare.accommodation.error.from-future"),
                       today: today, l: l, into: &problems)
        let until = day(input.until, field: "until", missing: nil, future: l("aftercare.accommodation.error.until-future"), today: today, l: l, into: &problems)
        if let from, let until, until < from { problems.add("until", l("aftercare.accommodation.error.until-before-from")) }
        let note = text(input.note, field: "note", limit: noteLimit, multiline: true, l: l, into: &problems)
        guard problems.isEmpty, let kind, let from else { return (nil, problems) }

        var others = existing
        var ending: String?
        if input.endCurrent, let index = others.firstIndex(where: { $0.until == nil }) {
            let open = others[index]
            if from < open.from {
                problems.add("endCurrent", l("aftercare.accommodation.error.end-current-before", ["from": l.day(open.from)]))
                return (nil, problems)
            }
            others[index].until = from
            ending = open.id
        }
        let new = EpisodeSpan(id: "", from: from, until: until, kind: kind.rawValue)
        if let clash = others.first(where: { $0.overlaps(new) }) {
            let clashKind = AccommodationKind(rawValue: clash.kind)?.label(l) ?? clash.kind
            if clash.until == nil && clash.from <= from {
                problems.add("from", l("aftercare.accommodation.error.overlap-open", ["kind": clashKind, "from": l.day(clash.from)]))
            } else {
                problems.add("from", l("aftercare.accommodation.error.overlap", ["kind": clashKind, "from": l.day(clash.from),
                                                                    "until": clash.until.map { l.day($0) } ?? l("aftercare.accommodation.now")]))
            }
            return (nil, problems)
        }
        return (AccommodationDraft(kind: kind, provider: provider, boroughCode: borough.isEmpty ? nil : borough, from: from, until: until,
                                   note: note, endsEpisodeID: ending), problems)
    }

    // MARK: support

    public struct SupportInput: Sendable, Equatable {
        public var kind: String?
        public var provider: String?
        public var from: String?
        /// The planned or actual end; may be in the future (a planned end).
        public var until: String?
        public var note: String?

        public init(kind: String? = nil, provider: String? = nil, from: String? = nil, until: String? = nil, note: String? = nil) {
            self.kind = kind
            self.provider = provider
            self.from = from
            self.until = until
            self.note = note
        }
    }

    public struct SupportDraft: Sendable, Equatable {
        public var kind: SupportKind
        public var provider: String?
        public var from: Day
        public var until: Day?
        public var note: String?
    }

    /// Checks a new support episode: one of each kind at a time.
    public static func checkSupport(_ input: SupportInput, existing: [EpisodeSpan], today: Day,
                                    l: Localiser) -> (draft: SupportDraft?, problems: ValidationProblems) {
        var problems = ValidationProblems()
        let kind = SupportKind(rawValue: trimmed(input.kind))
        if kind == nil { problems.add("kind", l("aftercare.accommodation.error.support-kind")) }
        let provider = text(input.provider, field: "provider", limit: providerLimit, multiline: false, l: l, into: &problems)
        let from = day(input.from, field: "from", missing: l("aftercare.accommodation.error.from-missing"), future: l("aftercare.accommodation.error.from-future"),
                       today: today, l: l, into: &problems)
        let until = day(input.until, field: "until", missing: nil, future: nil, today: today, l: l, into: &problems)
        if let from, let until, until < from { problems.add("until", l("aftercare.accommodation.error.until-before-from")) }
        let note = text(input.note, field: "note", limit: noteLimit, multiline: true, l: l, into: &problems)
        guard problems.isEmpty, let kind, let from else { return (nil, problems) }
        let new = EpisodeSpan(id: "", from: from, until: until, kind: kind.rawValue)
        if let clash = existing.first(where: { $0.kind == kind.rawValue && $0.overlaps(new) }) {
            problems.add("from", l("aftercare.accommodation.error.support-overlap", ["kind": kind.label(l), "from": l.day(clash.from)]))
            return (nil, problems)
        }
        return (SupportDraft(kind: kind, provider: provider, from: from, until: until, note: note), problems)
    }

    // MARK: ending an episode

    public struct Ending: Sendable, Equatable {
        public var on: Day
        public var reason: String
        public var note: String?
    }

    /// Checks ending `episode` on `on` for `reason` (one of `reasons`, the raw values of the
    /// episode's end reasons). Only an episode still going on today (or, for support, planned
    /// to end later) can be ended; the end is never in the future nor before the start. Ending
    /// only shortens an episode, so it cannot make an overlap.
    public static func checkEnd(_ episode: EpisodeSpan, on: String?, reason: String?, note: String?, reasons: [String], today: Day,
                                l: Localiser) -> (ending: Ending?, problems: ValidationProblems) {
        var problems = ValidationProblems()
        if let until = episode.until, until <= today {
            problems.add("on", l("aftercare.accommodation.error.already-ended", ["date": l.day(until)]))
            return (nil, problems)
        }
        let day = day(on, field: "on", missing: l("aftercare.accommodation.error.end-missing"), future: l("aftercare.accommodation.error.end-future"),
                      today: today, l: l, into: &problems)
        if let day, day < episode.from { problems.add("on", l("aftercare.accommodation.error.end-before-from", ["from": l.day(episode.from)])) }
        let reason = trimmed(reason)
        if !reasons.contains(reason) { problems.add("reason", l("aftercare.accommodation.error.end-reason")) }
        let note = text(note, field: "note", limit: noteLimit, multiline: true, l: l, into: &problems)
        guard problems.isEmpty, let day else { return (nil, problems) }
        return (Ending(on: day, reason: reason, note: note), problems)
    }

    // MARK: the contact log

    public struct ContactDraft: Sendable, Equatable {
        public var on: Day
        public var method: ContactMethod
        public var note: String?
    }

    public static func checkContact(on: String?, method: String?, note: String?, today: Day,
                                    l: Localiser) -> (draft: ContactDraft?, problems: ValidationProblems) {
        var problems = ValidationProblems()
        let day = day(on, field: "on", missing: l("aftercare.accommodation.error.contact-on-missing"), future: l("aftercare.accommodation.error.contact-future"),
                      today: today, l: l, into: &problems)
        let method = ContactMethod(rawValue: trimmed(method))
        if method == nil { problems.add("method", l("aftercare.accommodation.error.method")) }
        let note = text(note, field: "note", limit: noteLimit, multiline: true, l: l, into: &problems)
        guard problems.isEmpty, let day, let method else { return (nil, problems) }
        return (ContactDraft(on: day, method: method, note: note), problems)
    }

    /// Whole days from `from` to `today` (0 on the day itself).
    public static func days(from: Day, to today: Day) -> Int { max(0, today.daysSinceEpoch - from.daysSinceEpoch) }

    // MARK: helpers

    static func trimmed(_ value: String?) -> String { (value ?? "").trimmingCharacters(in: .whitespacesAndNewlines) }

    /// A date as a date field sends it (`YYYY-MM-DD`); nil when empty or not a real date.
    static func day(_ value: String?, field: String, missing: String?, future: String?, today: Day, l: Localiser,
                    into problems: inout ValidationProblems) -> Day? {
        let value = trimmed(value)
        if value.isEmpty {
            if let missing { problems.add(field, missing) }
            return nil
        }
        guard let day = Day(iso: value) else {
            problems.add(field, l("aftercare.accommodation.error.date-invalid"))
            return nil
        }
        if let future, day > today {
            problems.add(field, future)
            return nil
        }
        return day
    }

    /// Optional text: trimmed, at most `limit` characters, no control characters (a note may
    /// hold line breaks and tabs). Empty is nil.
    static func text(_ value: String?, field: String, limit: Int, multiline: Bool, l: Localiser,
                     into problems: inout ValidationProblems) -> String? {
        let value = trimmed(value)
        guard !value.isEmpty else { return nil }
        if value.count > limit { problems.add(field, l("aftercare.accommodation.error.too-long", ["limit": l.number(limit)])) }
        let allowed: Set<Unicode.Scalar> = multiline ? ["\n", "\r", "\t"] : []
        if value.unicodeScalars.contains(where: { $0.properties.generalCategory == .control && !allowed.contains($0) }) {
            problems.add(field, l("aftercare.accommodation.error.control"))
        }
        return value
    }
}
