import Foundation

/// What kind of note a worker writes on a case. A contact, a visit or a call reached the
/// person, so it also counts as contact for the "no contact for N days" alert.
public enum CaseNoteKind: String, Sendable, CaseIterable, Codable {
    case contact
    case visit
    case call
    case professionalDiscussion = "professional_discussion"

    /// How the contact was made, for the contact log (`case_contacts.method`); nil when the
    /// note is not contact with the person.
    public var contactMethod: ContactMethod? {
        switch self {
        case .contact, .visit: .inPerson
        case .call: .phone
        case .professionalDiscussion: nil
        }
    }

    public func label(_ l: Localiser) -> String {
        switch self {
        case .contact: l("casework.note-kind.contact")
        case .visit: l("casework.note-kind.visit")
        case .call: l("casework.note-kind.call")
        case .professionalDiscussion: l("casework.note-kind.professional-discussion")
        }
    }
}

/// The rules of casework on a case: who may be its worker, what a note and a task need.
/// Plain values in, a draft or field messages out; the app stores only a draft.
public enum CaseworkRules {
    /// The roles a case's worker (or second worker) must hold.
    public static let workerRoles: Set<Role> = [.caseWorker, .modernSlaveryLead]
    public static let noteLimit = 10_000
    public static let titleLimit = 200

    /// Whether a person with these roles, active or not, may be a case's worker.
    public static func mayBeWorker(roles: Set<Role>, active: Bool) -> Bool { active && !roles.isDisjoint(with: workerRoles) }

    // MARK: Workers

    public struct Workers: Sendable, Equatable {
        public let worker: UUID
        public let second: UUID?
        public init(worker: UUID, second: UUID?) {
            self.worker = worker
            self.second = second
        }
    }

    /// The worker (required) and the second worker (optional, someone else), each one of
    /// `eligible`: the active people of the case's organisation who may be its worker.
    public static func checkWorkers(worker: String?, second: String?, eligible: Set<UUID>,
                                    l: Localiser) -> (workers: Workers?, problems: ValidationProblems) {
        var problems = ValidationProblems()
        let workerText = trimmed(worker), secondText = trimmed(second)
        var chosen: UUID?
        if workerText.isEmpty {
            problems.add("worker", l("casework.error.worker-missing"))
        } else if let id = UUID(uuidString: workerText), eligible.contains(id) {
            chosen = id
        } else {
            problems.add("worker", l("casework.error.worker-ineligible"))
        }
        var secondChosen: UUID?
        if !secondText.isEmpty {
            if let id = UUID(uuidString: secondText), eligible.contains(id) {
                if id == chosen { problems.add("secondWorker", l("casework.error.second-same")) } else { secondChosen = id }
            } else {
                problems.add("secondWorker", l("casework.error.worker-ineligible"))
            }
        }
        guard problems.isEmpty, let chosen else { return (nil, problems) }
        return (Workers(worker: chosen, second: secondChosen), problems)
    }

    // MARK: Notes

    public struct NoteDraft: Sendable, Equatable {
        public let kind: CaseNoteKind
        public let on: Day
        public let text: String
    }

    /// A note: its kind, the day it happened (not in the future, not before `earliest`, the
    /// day the person was identified) and its text (required, at most `noteLimit` characters,
    /// no control characters but line breaks and tabs).
    public static func checkNote(kind: String?, on: String?, text: String?, earliest: Day?, today: Day,
                                 l: Localiser) -> (draft: NoteDraft?, problems: ValidationProblems) {
        var problems = ValidationProblems()
        let kind = CaseNoteKind(rawValue: trimmed(kind))
        if kind == nil { problems.add("kind", l("casework.error.note-kind")) }
        let day = day(on, field: "on", missing: l("casework.error.note-on-missing"), l: l, into: &problems)
        if let day, day > today { problems.add("on", l("casework.error.note-on-future")) }
        if let day, let earliest, day < earliest {
            problems.add("on", l("casework.error.note-on-early", ["date": l.day(earliest)]))
        }
        let text = self.text(text, field: "note", limit: noteLimit, multiline: true, l: l, into: &problems)
        if text == nil { problems.add("note", l("casework.error.note-missing")) }
        guard problems.isEmpty, let kind, let day, let text else { return (nil, problems) }
        return (NoteDraft(kind: kind, on: day, text: text), problems)
    }

    // MARK: Tasks

    public struct TaskDraft: Sendable, Equatable {
        public let title: String
        public let owner: UUID
        public let due: Day
    }

    /// A task on a case: a title (one line), an owner among `eligible` (the active people of
    /// the case's organisation) and a due date from today on.
    public static func checkTask(title: String?, owner: String?, due: String?, eligible: Set<UUID>, today: Day,
                                 l: Localiser) -> (draft: TaskDraft?, problems: ValidationProblems) {
        var problems = ValidationProblems()
        let title = text(title, field: "title", limit: titleLimit, multiline: false, l: l, into: &problems)
        if title == nil { problems.add("title", l("casework.error.task-title-missing")) }
        let ownerText = trimmed(owner)
        var ownerID: UUID?
        if ownerText.isEmpty {
            problems.add("owner", l("casework.error.task-owner-missing"))
        } else if let id = UUID(uuidString: ownerText), eligible.contains(id) {
            ownerID = id
        } else {
            problems.add("owner", l("casework.error.task-owner-ineligible"))
        }
        let due = day(due, field: "due", missing: l("casework.error.task-due-missing"), l: l, into: &problems)
        if let due, due < today { problems.add("due", l("casework.error.task-due-past")) }
        guard problems.isEmpty, let title, let ownerID, let due else { return (nil, problems) }
        return (TaskDraft(title: title, owner: ownerID, due: due), problems)
    }

    // MARK: Contact

    /// The last day the person was reached: the latest contact that was not only an attempt,
    /// up to today (a date typed in the future never counts).
    public static func lastContact(_ contacts: [(on: Day, method: ContactMethod)], today: Day) -> Day? {
        contacts.filter { $0.method.isContact && $0.on <= today }.map(\.on).max()
    }

    // MARK: helpers

    static func trimmed(_ value: String?) -> String { (value ?? "").trimmingCharacters(in: .whitespacesAndNewlines) }

    static func day(_ value: String?, field: String, missing: String, l: Localiser, into problems: inout ValidationProblems) -> Day? {
        let value = trimmed(value)
        guard !value.isEmpty else {
            problems.add(field, missing)
            return nil
        }
        guard let day = Day(iso: value) else {
            problems.add(field, l("casework.error.date-invalid"))
            return nil
        }
        return day
    }

    static func text(_ value: String?, field: String, limit: Int, multiline: Bool, l: Localiser,
                     into problems: inout ValidationProblems) -> String? {
        let value = trimmed(value)
        guard !value.isEmpty else { return nil }
        if value.count > limit { problems.add(field, l("casework.error.too-long", ["limit": l.number(limit)])) }
        let allowed: Set<Unicode.Scalar> = multiline ? ["\n", "\r", "\t"] : []
        if value.unicodeScalars.contains(where: { $0.properties.generalCategory == .control && !allowed.contains($0) }) {
            problems.add(field, l("casework.error.control"))
        }
        return value
    }
}
