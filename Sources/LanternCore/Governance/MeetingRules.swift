import Foundation

/// A meeting's state.
public enum MeetingStatus: String, Sendable, CaseIterable, Codable {
    case scheduled, held, cancelled
}

/// A meeting as its form gives it, before it is stored: the rules check it field by field.
public struct MeetingDraft: Sendable, Equatable {
    public var title: String
    /// `YYYY-MM-DD`, London's calendar.
    public var date: String
    /// `HH:MM`, 24-hour, London time.
    public var startTime: String
    public var endTime: String
    public var place: String
    public var link: String
    public var isPublic: Bool
    public var status: String

    public init(title: String, date: String, startTime: String, endTime: String, place: String, link: String,
                isPublic: Bool, status: String) {
        self.title = title
        self.date = date
        self.startTime = startTime
        self.endTime = endTime
        self.place = place
        self.link = link
        self.isPublic = isPublic
        self.status = status
    }
}

/// A meeting that passed the rules: the instants its times mean in London.
public struct CheckedMeeting: Sendable, Equatable {
    public var title: String
    public var startsAt: Date
    public var endsAt: Date
    public var place: String?
    public var link: String?
    public var isPublic: Bool
    public var status: MeetingStatus

    public init(title: String, startsAt: Date, endsAt: Date, place: String?, link: String?, isPublic: Bool, status: MeetingStatus) {
        self.title = title
        self.startsAt = startsAt
        self.endsAt = endsAt
        self.place = place
        self.link = link
        self.isPublic = isPublic
        self.status = status
    }
}

/// The rules for meetings and their agenda items.
public enum MeetingRules {
    /// A field's problem; the app words it in the reader's language.
    public enum Problem: Sendable, Equatable {
        case titleMissing, titleTooLong(Int), controlCharacters
        case dateInvalid, timeInvalid, timeNotInLondon, endNotAfterStart
        case whereMissing, placeTooLong(Int), linkNotHTTPS, linkInvalid
        case statusInvalid
    }

    public static let titleLimit = 200
    public static let placeLimit = 300

    /// Checks a meeting's form; the problems by field (`title`, `date`, `startTime`, `endTime`,
    /// `place`, `link`, `status`), or the meeting.
    /// The problems found, by field, in the order of the form.
    public struct Problems: Error, Sendable {
        public var items: [(field: String, problem: Problem)]
    }

    public static func check(_ draft: MeetingDraft) -> Result<CheckedMeeting, Problems> {
        var problems: [(field: String, problem: Problem)] = []
        let title = draft.title.trimmingCharacters(in: .whitespacesAndNewlines)
        if let problem = textProblem(title, limit: titleLimit, required: true) { problems.append(("title", problem)) }
        let day = Day(iso: draft.date.trimmingCharacters(in: .whitespaces))
        if day == nil { problems.append(("date", .dateInvalid)) }
        let start = clockTime(draft.startTime), end = clockTime(draft.endTime)
        if start == nil { problems.append(("startTime", .timeInvalid)) }
        if end == nil { problems.append(("endTime", .timeInvalid)) }
        var startsAt: Date?, endsAt: Date?
        if let day, let start, let end {
            startsAt = LondonTime.instant(day: day, hour: start.hour, minute: start.minute)
            endsAt = LondonTime.instant(day: day, hour: end.hour, minute: end.minute)
            if startsAt == nil { problems.append(("startTime", .timeNotInLondon)) }
            if endsAt == nil { problems.append(("endTime", .timeNotInLondon)) }
            if let s = startsAt, let e = endsAt, e <= s { problems.append(("endTime", .endNotAfterStart)) }
        }
        let place = draft.place.trimmingCharacters(in: .whitespacesAndNewlines)
        let link = draft.link.trimmingCharacters(in: .whitespacesAndNewlines)
        if place.isEmpty && link.isEmpty { problems.append(("place", .whereMissing)) }
        if let problem = textProblem(place, limit: placeLimit, required: false) {
            problems.append(("place", problem == .titleTooLong(placeLimit) ? .placeTooLong(placeLimit) : problem))
        }
        if !link.isEmpty, let problem = linkProblem(link) { problems.append(("link", problem)) }
        let status = MeetingStatus(rawValue: draft.status)
        if status == nil { problems.append(("status", .statusInvalid)) }
        guard problems.isEmpty, let startsAt, let endsAt, let status else { return .failure(Problems(items: problems)) }
        return .success(CheckedMeeting(title: title, startsAt: startsAt, endsAt: endsAt, place: place.isEmpty ? nil : place,
                                       link: link.isEmpty ? nil : link, isPublic: draft.isPublic, status: status))
    }

    /// A meeting link must be an https address with a host and no credentials.
    public static func linkProblem(_ link: String) -> Problem? {
        guard let url = URLComponents(string: link), let scheme = url.scheme?.lowercased() else { return .linkInvalid }
        guard scheme == "https" else { return .linkNotHTTPS }
        guard let host = url.host, !host.isEmpty, url.user == nil, url.password == nil, link.count <= 500,
              !link.unicodeScalars.contains(where: { $0.properties.generalCategory == .control || $0 == " " }) else { return .linkInvalid }
        return nil
    }

    /// An agenda item's title (and presenter, with `required: false`): given, within the
    /// limit, no control characters.
    public static func textProblem(_ text: String, limit: Int, required: Bool) -> Problem? {
        if text.isEmpty { return required ? .titleMissing : nil }
        if text.count > limit { return .titleTooLong(limit) }
        if text.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) { return .controlCharacters }
        return nil
    }

    /// "HH:MM" (or "H:MM"), 00:00–23:59.
    public static func clockTime(_ text: String) -> (hour: Int, minute: Int)? {
        let parts = text.trimmingCharacters(in: .whitespaces).split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, (1...2).contains(parts[0].count), parts[1].count == 2,
              parts.allSatisfy({ $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }),
              let hour = Int(parts[0]), let minute = Int(parts[1]), (0...23).contains(hour), (0...59).contains(minute) else { return nil }
        return (hour, minute)
    }

    /// The positions after moving the item at `index` one place up (`-1`) or down (`+1`);
    /// nil when it is already first or last.
    public static func moved<T>(_ items: [T], from index: Int, by step: Int) -> [T]? {
        let target = index + step
        guard items.indices.contains(index), items.indices.contains(target), abs(step) == 1 else { return nil }
        var copy = items
        copy.swapAt(index, target)
        return copy
    }
}

/// Clock times in London (GMT in winter, BST in summer).
public enum LondonTime {
    public static let zone = TimeZone(identifier: "Europe/London") ?? .gmt

    /// The instant a London wall-clock time means; nil for a time the clocks skip (the hour
    /// lost in March).
    public static func instant(day: Day, hour: Int, minute: Int) -> Date? {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let c = day.components
        let parts = DateComponents(year: c.year, month: c.month, day: c.day, hour: hour, minute: minute)
        guard let date = calendar.date(from: parts) else { return nil }
        let back = calendar.dateComponents([.year, .month, .day, .hour, .minute], from: date)
        guard back.hour == hour, back.minute == minute, back.day == c.day else { return nil }
        return date
    }

    /// The London day and "HH:MM" of an instant (for a form's values).
    public static func wallClock(_ date: Date) -> (day: Day, time: String) {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute], from: date)
        let day = Day(year: parts.year ?? 1970, month: parts.month ?? 1, day: parts.day ?? 1) ?? Day(daysSinceEpoch: 0)
        let hour = parts.hour ?? 0, minute = parts.minute ?? 0
        return (day, (hour < 10 ? "0" : "") + String(hour) + ":" + (minute < 10 ? "0" : "") + String(minute))
    }
}

/// Whether an outstanding action is overdue: due before today and still open or in progress.
public enum ActionDue {
    public static func isOverdue(dueOn: Day?, today: Day) -> Bool { dueOn.map { $0 < today } ?? false }
}
