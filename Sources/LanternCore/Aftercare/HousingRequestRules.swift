import Foundation

/// Where a reciprocal housing request stands. Raw values are stored.
public enum HousingRequestStatus: String, Sendable, CaseIterable, Codable {
    case sent, accepted, declined, withdrawn

    public func label(_ l: Localiser) -> String {
        switch self {
        case .sent: l("aftercare.housing-request.status.sent")
        case .accepted: l("aftercare.housing-request.status.accepted")
        case .declined: l("aftercare.housing-request.status.declined")
        case .withdrawn: l("aftercare.housing-request.status.withdrawn")
        }
    }
}

/// A request from one council (or partner) to another under a reciprocal housing arrangement:
/// routed through the contacts directory to the receiving borough's housing point of contact,
/// answered once by the receiving side.
public enum HousingRequestRules {
    /// A directory entry as routing sees it.
    public struct Candidate: Sendable, Equatable {
        public let id: String
        public let boroughCode: String
        public let kind: DirectoryEntryKind
        public let retired: Bool
        public let verifiedAt: Double
        public let organisationID: String
        public let teamID: String?
        public init(id: String, boroughCode: String, kind: DirectoryEntryKind, retired: Bool, verifiedAt: Double,
                    organisationID: String, teamID: String?) {
            self.id = id; self.boroughCode = boroughCode; self.kind = kind; self.retired = retired; self.verifiedAt = verifiedAt
            self.organisationID = organisationID; self.teamID = teamID
        }
    }

    /// The entry a request to `borough` goes to: the borough's housing point of contact that is
    /// not retired, one naming a team before one that does not, then the most recently checked
    /// (then by id, so the choice never depends on the order rows come back in). Nil: there is
    /// nobody to send it to, and nothing is written.
    public static func route(to borough: String, among candidates: [Candidate]) -> Candidate? {
        candidates.filter { $0.boroughCode == borough && $0.kind == .councilHousing && !$0.retired }
            .max { a, b in
                ((a.teamID == nil ? 0 : 1), a.verifiedAt, a.id) < ((b.teamID == nil ? 0 : 1), b.verifiedAt, b.id)
            }
    }

    /// Only a request still waiting can be answered or withdrawn.
    public static func isOpen(_ status: HousingRequestStatus) -> Bool { status == .sent }

    /// The new request as typed.
    public struct RequestInput: Sendable {
        public var borough: String?, note: String?
        public init(borough: String?, note: String?) { self.borough = borough; self.note = note }
    }

    /// A London borough and what is needed (required; sealed by the app; the hint asks for no names).
    public static func check(_ input: RequestInput, boroughs: BoroughCatalogue, l: Localiser) -> (borough: String?, note: String?, problems: ValidationProblems) {
        var problems = ValidationProblems()
        let borough = StatusFormText.trimmed(input.borough)
        if boroughs.borough(code: borough) == nil { problems.add("borough", l("aftercare.housing-request.error.borough")) }
        let note = StatusFormText.note(input.note, field: "note", l: l, into: &problems)
        if note == nil { problems.add("note", l("aftercare.housing-request.error.note-missing")) }
        guard problems.isEmpty else { return (nil, nil, problems) }
        return (borough, note, problems)
    }

    /// The answer as typed.
    public struct AnswerInput: Sendable {
        public var answer: String?, note: String?
        public init(answer: String?, note: String?) { self.answer = answer; self.note = note }
    }

    /// Accepted or declined; a decline says why.
    public static func check(_ input: AnswerInput, l: Localiser) -> (answer: HousingRequestStatus?, note: String?, problems: ValidationProblems) {
        var problems = ValidationProblems()
        let answer = HousingRequestStatus(rawValue: StatusFormText.trimmed(input.answer)).flatMap { [.accepted, .declined].contains($0) ? $0 : nil }
        if answer == nil { problems.add("answer", l("aftercare.housing-request.error.answer")) }
        let note = StatusFormText.note(input.note, field: "note", l: l, into: &problems)
        if answer == .declined, note == nil { problems.add("note", l("aftercare.housing-request.error.why-declined")) }
        guard problems.isEmpty else { return (nil, nil, problems) }
        return (answer, note, problems)
    }
}

extension HousingRequestRules {
    /// The receiving side's task: that a request is waiting, nothing about the person.
    public static let waitingTaskTitle = "A reciprocal housing request is waiting for your answer"

    /// The sender's task when the request is answered: the case's reference at most.
    public static func answeredTaskTitle(reference: String) -> String { "The reciprocal housing request for case \(reference) has been answered" }
}
