import Foundation

/// Whom a safeguarding concern is about.
public enum ConcernSubject: String, Sendable, CaseIterable, Codable {
    case adult, child

    public func label(_ l: Localiser) -> String {
        switch self {
        case .adult: l("concerns.subject.adult")
        case .child: l("concerns.subject.child")
        }
    }
}

/// What kind of harm the concern is about.
public enum ConcernKind: String, Sendable, CaseIterable, Codable {
    case neglect, physical, sexual, financial
    case modernSlavery = "modern_slavery"
    case criminalExploitation = "criminal_exploitation"
    case domesticAbuse = "domestic_abuse"
    case selfNeglect = "self_neglect"
    case other

    public func label(_ l: Localiser) -> String {
        switch self {
        case .neglect: l("concerns.kind.neglect")
        case .physical: l("concerns.kind.physical")
        case .sexual: l("concerns.kind.sexual")
        case .financial: l("concerns.kind.financial")
        case .modernSlavery: l("concerns.kind.modern-slavery")
        case .criminalExploitation: l("concerns.kind.criminal-exploitation")
        case .domesticAbuse: l("concerns.kind.domestic-abuse")
        case .selfNeglect: l("concerns.kind.self-neglect")
        case .other: l("concerns.kind.other")
        }
    }
}

/// How soon the receiving team must acknowledge the concern.
public enum ConcernUrgency: String, Sendable, CaseIterable, Codable {
    case urgent, standard

    public func label(_ l: Localiser) -> String {
        switch self {
        case .urgent: l("concerns.urgency.urgent")
        case .standard: l("concerns.urgency.standard")
        }
    }
}

/// What the receiving team recorded as the concern's outcome (closing it).
public enum ConcernOutcome: String, Sendable, CaseIterable, Codable {
    /// An adult safeguarding enquiry (Care Act 2014, section 42).
    case section42Enquiry = "section_42_enquiry"
    /// A child protection enquiry (Children Act 1989, section 47).
    case section47Enquiry = "section_47_enquiry"
    case strategyDiscussion = "strategy_discussion"
    case policeInvestigation = "police_investigation"
    case supportArranged = "support_arranged"
    case referredElsewhere = "referred_elsewhere"
    case noFurtherAction = "no_further_action"

    public func label(_ l: Localiser) -> String {
        switch self {
        case .section42Enquiry: l("concerns.outcome.section-42")
        case .section47Enquiry: l("concerns.outcome.section-47")
        case .strategyDiscussion: l("concerns.outcome.strategy-discussion")
        case .policeInvestigation: l("concerns.outcome.police-investigation")
        case .supportArranged: l("concerns.outcome.support-arranged")
        case .referredElsewhere: l("concerns.outcome.referred-elsewhere")
        case .noFurtherAction: l("concerns.outcome.no-further-action")
        }
    }
}

/// The directory entry kinds a concern goes to. Written once, here:
///
/// - An adult's concern goes to the borough's **adult safeguarding** SPOC
///   (`council_adult_safeguarding_spoc`); a child's to the **children's services** front door
///   (`council_childrens_services_spoc`). That council team always receives it: it owns the
///   statutory enquiry (Care Act s.42, Children Act s.47).
/// - **The police must know as well** (the borough's BCU SPOC, `met_bcu_spoc`, receives its own
///   copy, routed and acknowledged separately) when the kind is criminal exploitation or
///   modern slavery (both are crimes the Met's modern slavery teams investigate), or when the
///   person raising it says a crime is being committed or someone is in danger now (the
///   police box). The council is never replaced by the police: a concern is never only the
///   police's, because the safeguarding duty stays with the council.
public enum ConcernRouting {
    public struct Target: Sendable, Equatable {
        public let kind: DirectoryEntryKind
        /// True for the copy the police receive.
        public let isPoliceCopy: Bool
    }

    public static func councilKind(for subject: ConcernSubject) -> DirectoryEntryKind {
        subject == .adult ? .councilAdultSafeguarding : .councilChildrensServices
    }

    /// Whether the borough's police SPOC also receives the concern.
    public static func policeMustKnow(kind: ConcernKind, policeBox: Bool) -> Bool {
        policeBox || kind == .criminalExploitation || kind == .modernSlavery
    }

    /// Every entry kind the concern goes to, the council's first.
    public static func targets(subject: ConcernSubject, kind: ConcernKind, policeBox: Bool) -> [Target] {
        var targets = [Target(kind: councilKind(for: subject), isPoliceCopy: false)]
        if policeMustKnow(kind: kind, policeBox: policeBox) { targets.append(Target(kind: .metBCU, isPoliceCopy: true)) }
        return targets
    }

    /// The kinds a concern may be re-routed to: the council's for its subject and the police's.
    public static func reroutableKinds(for subject: ConcernSubject) -> Set<DirectoryEntryKind> {
        [councilKind(for: subject), .metBCU]
    }
}

/// When the receiving team must acknowledge a concern: a number of working days (weekends
/// and bank holidays skipped) after the working day it arrived, at 17:00 London time. A
/// concern that arrives after 17:00, at a weekend or on a bank holiday arrives, for this
/// count, on the next working day. Zero days: by 17:00 of the working day it arrives.
public enum ConcernDeadline {
    public static let endOfDayHour = 17

    /// The working day a concern routed at `instant` counts from.
    public static func arrivalDay(of instant: Date, holidays: Set<Day>) -> Day {
        let (day, time) = LondonTime.wallClock(instant)
        let hour = Int(time.prefix(2)) ?? 0
        let isWorking = !day.isWeekend && !holidays.contains(day)
        if isWorking && hour < endOfDayHour { return day }
        return day.adding(workingDays: 1, holidays: holidays)
    }

    /// The day by whose end (17:00 London) the concern must be acknowledged.
    public static func acknowledgeDay(routedAt instant: Date, workingDays: Int, holidays: Set<Day>) -> Day {
        arrivalDay(of: instant, holidays: holidays).adding(workingDays: max(0, workingDays), holidays: holidays)
    }

    /// The moment by which the concern must be acknowledged.
    public static func acknowledgeBy(routedAt instant: Date, workingDays: Int, holidays: Set<Day>) -> Date {
        let day = acknowledgeDay(routedAt: instant, workingDays: workingDays, holidays: holidays)
        // 17:00 always exists in London (the clocks change at 01:00 and 02:00).
        return LondonTime.instant(day: day, hour: endOfDayHour, minute: 0)
            ?? Date(timeIntervalSince1970: Double(day.daysSinceEpoch) * 86_400 + Double(endOfDayHour) * 3_600)
    }

    public static func workingDays(for urgency: ConcernUrgency, urgent: Int, standard: Int) -> Int {
        urgency == .urgent ? urgent : standard
    }
}

/// Where a concern stands. Worked out from its timestamps: the database keeps the facts, the
/// state follows from them.
public enum ConcernState: String, Sendable, Equatable, CaseIterable {
    /// Routed, not yet acknowledged, deadline not passed.
    case awaitingAcknowledgement = "awaiting_acknowledgement"
    /// Not acknowledged by the deadline: escalated to the receiving organisation's leads.
    case escalated
    /// Acknowledged by the receiving team; outcome not yet recorded.
    case acknowledged
    /// Outcome recorded: closed.
    case closed

    public static func of(acknowledgedAt: Date?, escalatedAt: Date?, closedAt: Date?) -> ConcernState {
        if closedAt != nil { return .closed }
        if acknowledgedAt != nil { return .acknowledged }
        if escalatedAt != nil { return .escalated }
        return .awaitingAcknowledgement
    }

    /// Whether the concern is past its deadline and still waits (as the escalation job reads it).
    public static func isOverdue(acknowledgeBy: Date, acknowledgedAt: Date?, closedAt: Date?, now: Date) -> Bool {
        acknowledgedAt == nil && closedAt == nil && acknowledgeBy < now
    }

    public enum Step: Sendable, Equatable { case acknowledge, reroute, recordOutcome }

    /// Why a step cannot be taken now; nil when it can.
    public enum Refusal: String, Sendable, Equatable, Error {
        case alreadyAcknowledged = "already_acknowledged"
        case notAcknowledged = "not_acknowledged"
        case closed
    }

    /// The state machine: acknowledging needs a waiting (or escalated) concern; re-routing any
    /// open concern (it then waits again, for the new team, with a new deadline); recording the
    /// outcome an acknowledged one. Nothing changes a closed concern.
    public func refusal(of step: Step) -> Refusal? {
        switch (self, step) {
        case (.closed, _): .closed
        case (.acknowledged, .acknowledge): .alreadyAcknowledged
        case (.awaitingAcknowledgement, .recordOutcome), (.escalated, .recordOutcome): .notAcknowledged
        default: nil
        }
    }

    public func label(_ l: Localiser) -> String {
        switch self {
        case .awaitingAcknowledgement: l("concerns.state.awaiting")
        case .escalated: l("concerns.state.escalated")
        case .acknowledged: l("concerns.state.acknowledged")
        case .closed: l("concerns.state.closed")
        }
    }
}

/// Checks of a concern's free text: what was seen (required), notes (optional).
public enum ConcernText {
    public static let maxLength = 5_000

    public enum Problem: Sendable, Equatable { case missing, tooLong, controlCharacters }

    /// The trimmed text, or the problem with it. Line breaks and tabs are allowed; other
    /// control characters are not.
    public static func check(_ text: String?, required: Bool) -> Result<String?, ProblemBox> {
        let trimmed = (text ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmed.isEmpty { return required ? .failure(ProblemBox(.missing)) : .success(nil) }
        if trimmed.count > maxLength { return .failure(ProblemBox(.tooLong)) }
        if trimmed.unicodeScalars.contains(where: { $0.properties.generalCategory == .control && !["\n", "\r", "\t"].contains($0) }) {
            return .failure(ProblemBox(.controlCharacters))
        }
        return .success(trimmed)
    }

    public struct ProblemBox: Error, Equatable { public let problem: Problem; init(_ p: Problem) { problem = p } }
}
