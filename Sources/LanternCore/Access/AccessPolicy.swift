/// Who may do what to which record: one table of role × action → scopes. Anything not in
/// the table is denied. Every route, page and API endpoint asks this table, and list
/// queries are narrowed in SQL to the scopes it returns.
///
/// Some grants carry a training condition (`requirements`): for a signed-in person the app
/// asks `standing(_:)`, the table without the grants whose condition they do not meet.
public struct AccessPolicy: Sendable {
    public typealias Grants = [Action: Set<Scope>]
    public let table: [Role: Grants]
    /// The training each role needs for some of its grants (none by default).
    public let requirements: TrainingRequirements

    public init(table: [Role: Grants], requirements: TrainingRequirements = .none) {
        self.table = table
        self.requirements = requirements
    }

    /// Whether any of the roles permits the action on a record with the given relation.
    public func permits(_ roles: Set<Role>, _ action: Action, on relation: Relation) -> Bool {
        scopes(for: roles, action).contains { $0.covers(relation) }
    }

    /// Whether any of the roles permits the action on a record with any of the relations
    /// (a record can relate to a person in several ways at once: see `Relation.all(of:to:)`).
    public func permits(_ roles: Set<Role>, _ action: Action, onAny relations: Set<Relation>) -> Bool {
        relations.contains { permits(roles, action, on: $0) }
    }

    /// What the roles may see for an action, as relations: the one question every list asks
    /// before it becomes a query condition.
    public func reach(of roles: Set<Role>, _ action: Action) -> Reach {
        let scopes = scopes(for: roles, action)
        if scopes.contains(.anyOrganisation) { return .everything }
        return .only(Set(Relation.allCases.filter { relation in scopes.contains { $0.covers(relation) } }))
    }

    /// The union of scopes the roles hold for an action: empty means denied outright.
    public func scopes(for roles: Set<Role>, _ action: Action) -> Set<Scope> {
        roles.reduce(into: Set<Scope>()) { result, role in
            result.formUnion(table[role]?[action] ?? [])
        }
    }

    /// Whether the roles may perform the action on anything at all (used for navigation).
    public func allowsSome(_ roles: Set<Role>, _ action: Action) -> Bool {
        !scopes(for: roles, action).isEmpty
    }
}

/// How far a person's sight reaches for one action: everything, or records with one of the
/// relations (none: nothing at all).
public enum Reach: Sendable, Equatable {
    case everything
    case only(Set<Relation>)
}

extension AccessPolicy {
    /// Lantern's policy. Read it as a table: each role lists its actions and how far each reaches.
    public static let lantern = AccessPolicy(table: [
        .platformAdmin: [
            .manageOwnAccount: [.own],
            .viewOrganisation: [.anyOrganisation],
            .manageOrganisations: [.anyOrganisation],
            .viewUsers: [.anyOrganisation],
            .inviteUser: [.anyOrganisation],
            .manageNotifications: [.anyOrganisation],
            .manageGroup: [.anyOrganisation],
            .createGroup: [.anyOrganisation],
            .manageContacts: [.anyOrganisation],
            .registerForTraining: [.anyOrganisation],
            .joinEvents: [.anyOrganisation],
            .recordDataSharingAgreements: [.anyOrganisation],
        ],
        .organisationAdmin: [
            .manageOwnAccount: [.own],
            .viewOrganisation: [.organisation],
            .viewUsers: [.organisation],
            .inviteUser: [.organisation],
            .disableUser: [.organisation],
            .resetUserSecondFactor: [.organisation],
            .viewAuditTrail: [.organisation],
            .manageRetention: [.organisation],
            .manageNotifications: [.organisation],
            .manageTeams: [.organisation],
            .progressAction: [.actionOwner],
            .manageGroup: [.boardSecretariat],
            .approveMinutes: [.boardChair, .boardSecretariat],
            .viewBoardPapers: [.board],
            .manageContacts: [.organisation],
            .registerForTraining: [.anyOrganisation],
            .joinEvents: [.anyOrganisation],
            .viewTrainingCoverage: [.anyOrganisation],
            .grantTrainingExemption: [.organisation],
        ],
        .modernSlaveryLead: [
            .manageOwnAccount: [.own],
            .viewOrganisation: [.organisation],
            .viewUsers: [.organisation],
            .viewCase: [.organisation, .shared, .conference],
            .createCase: [.organisation],
            .editCase: [.organisation],
            .shareCase: [.organisation],
            .viewStatistics: [.anyOrganisation],
            .viewIntelligence: [.organisation],
            .recordIntelligence: [.organisation],
            .manageRetention: [.organisation],
            .viewCaseConference: [.organisation, .conference],
            .progressAction: [.organisation, .actionOwner],
            .viewBoardPapers: [.board],
            .manageGroup: [.boardSecretariat],
            .approveMinutes: [.boardChair, .boardSecretariat],
            .manageContacts: [.organisation],
            // Concerns: raised by their organisation, or routed to it (any of its teams: escalations).
            .raiseConcern: [.organisation],
            .viewConcern: [.organisation, .shared],
            .handleConcern: [.organisation],
            .answerHousingRequest: [.organisation],
            .manageConferences: [.organisation],
            .nominateToConference: [.organisation],
            .answerShare: [.shared],
            .registerForTraining: [.anyOrganisation],
            .joinEvents: [.anyOrganisation],
            .viewTrainingCoverage: [.anyOrganisation],
            .manageEvents: [.organisation],
            .runSurveys: [.organisation],
            .viewVoiceThemes: [.anyOrganisation],
            .viewExactFigures: [.own],
        ],
        .caseWorker: [
            .manageOwnAccount: [.own],
            .viewOrganisation: [.organisation],
            .viewCase: [.organisation, .shared, .conference],
            .createCase: [.organisation],
            .editCase: [.organisation],
            .shareCase: [.organisation],
            .viewStatistics: [.anyOrganisation],
            .viewIntelligence: [.organisation],
            .recordIntelligence: [.organisation],
            .viewCaseConference: [.conference],
            // Actions routed to their team, as well as their own.
            .progressAction: [.team, .actionOwner],
            .viewBoardPapers: [.board],
            .manageGroup: [.boardSecretariat],
            .approveMinutes: [.boardChair, .boardSecretariat],
            // Concerns routed to their own team (or to their organisation as a whole).
            .raiseConcern: [.organisation],
            .viewConcern: [.team, .shared],
            .handleConcern: [.team],
            .answerHousingRequest: [.team],
            .nominateToConference: [.organisation],
            .answerShare: [.shared],
            .registerForTraining: [.anyOrganisation],
            .joinEvents: [.anyOrganisation],
        ],
        .analyst: [
            .manageOwnAccount: [.own],
            .viewOrganisation: [.organisation],
            .viewStatistics: [.anyOrganisation],
            .importStatistics: [.anyOrganisation],
            // Analysts build the pan-London picture, so they read every partner's reports.
            .viewIntelligence: [.anyOrganisation],
            .recordIntelligence: [.organisation],
            .progressAction: [.actionOwner],
            .viewBoardPapers: [.board],
            .manageGroup: [.boardSecretariat],
            .approveMinutes: [.boardChair, .boardSecretariat],
            .registerForTraining: [.anyOrganisation],
            .joinEvents: [.anyOrganisation],
            .viewTrainingCoverage: [.anyOrganisation],
            .viewVoiceThemes: [.anyOrganisation],
            // Exact figures only under an agreement in force that names them (checked per agreement).
            .viewExactFigures: [.own],
        ],
        .boardSecretariat: [
            .manageOwnAccount: [.own],
            .viewOrganisation: [.organisation],
            .viewStatistics: [.anyOrganisation],
            .progressAction: [.organisation, .actionOwner],
            .viewBoardPapers: [.organisation, .board],
            // Groups hosted by their organisation, and groups they are secretariat of.
            .manageGroup: [.organisation, .boardSecretariat],
            .createGroup: [.organisation],
            .approveMinutes: [.boardChair, .boardSecretariat],
            // The directory is the partnership's: its secretariat keeps every entry.
            .manageContacts: [.anyOrganisation],
            .registerForTraining: [.anyOrganisation],
            .joinEvents: [.anyOrganisation],
            .viewTrainingCoverage: [.anyOrganisation],
            .manageEvents: [.organisation],
            .runSurveys: [.organisation],
            .viewVoiceThemes: [.anyOrganisation],
            // Agreements are the partnership's: its secretariat records them for every member.
            .recordDataSharingAgreements: [.anyOrganisation],
            // So is the annual report: its secretariat writes the words around the figures.
            .editAnnualReport: [.anyOrganisation],
        ],
        .trainer: [
            .manageOwnAccount: [.own],
            .viewOrganisation: [.organisation],
            .progressAction: [.actionOwner],
            .viewBoardPapers: [.board],
            .manageGroup: [.boardSecretariat],
            .approveMinutes: [.boardChair, .boardSecretariat],
            // Their organisation's courses and sessions, and sessions they are named on (wherever held).
            .manageTraining: [.organisation, .actionOwner],
            .registerForTraining: [.anyOrganisation],
            .joinEvents: [.anyOrganisation],
            .viewTrainingCoverage: [.anyOrganisation],
            .manageEvents: [.organisation],
        ],
        // Survivor voice is the partnership's, not one organisation's: its moderators read
        // every message, whichever organisation employs them.
        .voiceModerator: [
            .manageOwnAccount: [.own],
            .viewOrganisation: [.organisation],
            .progressAction: [.actionOwner],
            .viewBoardPapers: [.board],
            .registerForTraining: [.anyOrganisation],
            .joinEvents: [.anyOrganisation],
            .moderateVoice: [.anyOrganisation],
            .viewVoiceThemes: [.anyOrganisation],
        ],
        .readOnly: [
            .manageOwnAccount: [.own],
            .viewOrganisation: [.organisation],
            .viewCase: [.organisation, .shared, .conference],
            .viewCaseConference: [.conference],
            .viewBoardPapers: [.board],
            .registerForTraining: [.anyOrganisation],
            .joinEvents: [.anyOrganisation],
        ],
    ])
}
