import Foundation

/// Where a meeting's minutes are: drafted by the secretariat, circulated to the members,
/// approved at a later meeting (by the chair or the secretariat), then published. A published
/// version is never changed: a correction is a new version that supersedes it.
public enum MinutesState: String, Sendable, CaseIterable, Codable {
    case draft
    case circulated
    case approved
    case published
}

/// One step of the minutes' life, from the state it needs to the state it leaves.
public enum MinutesStep: String, Sendable, CaseIterable {
    case circulate
    case approve
    case publish

    /// The only state the step starts from: the database's conditional update names it, so of
    /// many requests at once exactly one finds the minutes still there.
    public var from: MinutesState {
        switch self {
        case .circulate: .draft
        case .approve: .circulated
        case .publish: .approved
        }
    }

    public var to: MinutesState {
        switch self {
        case .circulate: .circulated
        case .approve: .approved
        case .publish: .published
        }
    }

    /// Who may take it: the secretariat runs the group; approval is the chair's or the secretariat's.
    public var action: Action {
        switch self {
        case .circulate, .publish: .manageGroup
        case .approve: .approveMinutes
        }
    }

    /// The step that can be taken from a state, if any (published minutes take none).
    public static func next(from state: MinutesState) -> MinutesStep? {
        allCases.first { $0.from == state }
    }
}

/// The text of one version of a meeting's minutes: general notes and a minute per agenda item.
/// Stored as JSON; each item keeps whether it was confidential when written, and the public
/// version withholds it if it was then or is now.
public struct MinutesDocument: Sendable, Equatable, Codable {
    public struct Item: Sendable, Equatable, Codable {
        public var agendaItemID: String
        public var title: String
        public var isConfidential: Bool
        public var text: String

        public init(agendaItemID: String, title: String, isConfidential: Bool, text: String) {
            self.agendaItemID = agendaItemID
            self.title = title
            self.isConfidential = isConfidential
            self.text = text
        }
    }

    public var general: String
    public var items: [Item]

    public init(general: String = "", items: [Item] = []) {
        self.general = general
        self.items = items
    }
}

/// The rules around the minutes' steps and versions.
public enum MinutesRules {
    /// The longest general notes or item minute.
    public static let textLimit = 20_000
    /// The longest withheld name, and how many may be listed.
    public static let nameLimit = 100
    public static let namesLimit = 50

    /// What is wrong with an approval, if anything.
    public enum ApprovalProblem: String, Sendable, Equatable {
        /// No meeting was chosen, or it is not one of the same group.
        case meetingMissing = "meeting-missing"
        /// The approving meeting does not come after the one minuted.
        case meetingNotLater = "meeting-not-later"
        /// The approving meeting was cancelled.
        case meetingCancelled = "meeting-cancelled"
    }

    /// Minutes are approved at a later meeting of the same group that was not cancelled.
    /// Times are seconds since 1970.
    public static func approvalProblem(minutedStartsAt: Double, minutedGroupID: String,
                                       approvingStartsAt: Double?, approvingGroupID: String?,
                                       approvingCancelled: Bool) -> ApprovalProblem? {
        guard let approvingStartsAt, approvingGroupID == minutedGroupID else { return .meetingMissing }
        if approvingStartsAt <= minutedStartsAt { return .meetingNotLater }
        if approvingCancelled { return .meetingCancelled }
        return nil
    }

    /// The withheld names as typed, one per line: trimmed, empty lines and repeats (in any
    /// case) dropped, in the order given.
    public static func names(fromLines text: String) -> [String] {
        var seen = Set<String>()
        var result: [String] = []
        for line in text.split(whereSeparator: \.isNewline) {
            let name = line.trimmingCharacters(in: .whitespaces)
            guard !name.isEmpty, seen.insert(name.lowercased()).inserted else { continue }
            result.append(name)
        }
        return result
    }

    /// What is wrong with the withheld names, if anything.
    public enum NameProblem: String, Sendable, Equatable {
        case tooShort = "name-too-short"
        case tooLong = "name-too-long"
        case tooMany = "names-too-many"
        case control = "name-control"
    }

    /// A name must have at least two letters or digits (a single letter would blank half the
    /// minutes), at most `nameLimit` characters, no control characters.
    public static func nameProblem(_ names: [String]) -> NameProblem? {
        if names.count > namesLimit { return .tooMany }
        for name in names {
            if name.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) { return .control }
            if name.count > nameLimit { return .tooLong }
            if name.filter({ $0.isLetter || $0.isNumber }).count < 2 { return .tooShort }
        }
        return nil
    }

    /// What is wrong with a text of the minutes (general notes, an item's minute, a
    /// correction's note), if anything.
    public enum TextProblem: String, Sendable, Equatable {
        case tooLong = "text-too-long"
        case control = "text-control"
        case noteMissing = "note-missing"
    }

    /// At most `textLimit` characters, no control characters but line breaks and tabs.
    public static func textProblem(_ text: String) -> TextProblem? {
        if text.count > textLimit { return .tooLong }
        let control = text.unicodeScalars.contains {
            $0.properties.generalCategory == .control && $0 != "\n" && $0 != "\r" && $0 != "\t"
        }
        return control ? .control : nil
    }

    /// A correction says what was corrected: a note is required.
    public static func noteProblem(_ note: String) -> TextProblem? {
        note.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty ? .noteMissing : textProblem(note)
    }

    /// The task each member is given when minutes are circulated (no names, no text).
    public static let circulatedTaskTitle = "Minutes have been circulated to you: read them before the next meeting"

    /// The next version number for a meeting's minutes (1 for the first).
    public static func nextVersion(after versions: [Int]) -> Int { (versions.max() ?? 0) + 1 }

    /// Which versions are current: the latest of each chain. A version is superseded when
    /// a newer one names it.
    public static func superseded(_ supersedes: [String?]) -> Set<String> { Set(supersedes.compactMap { $0 }) }
}
