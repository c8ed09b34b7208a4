/// What a person does in their organisation. A user holds one or more roles; what each role
/// may do is decided by `AccessPolicy`, never by checks scattered through the app.
public enum Role: String, Sendable, CaseIterable, Codable, Comparable {
    case platformAdmin = "platform_admin"
    case organisationAdmin = "organisation_admin"
    case modernSlaveryLead = "modern_slavery_lead"
    case caseWorker = "case_worker"
    case analyst
    case boardSecretariat = "board_secretariat"
    case trainer
    /// Reads survivor voice (the public site's anonymous feedback) first: files it under
    /// themes, keeps or discards it, and publishes an excerpt only with the sender's consent.
    case voiceModerator = "voice_moderator"
    case readOnly = "read_only"

    public var label: String {
        switch self {
        case .platformAdmin: "Platform administrator"
        case .organisationAdmin: "Organisation administrator"
        case .modernSlaveryLead: "Modern slavery lead"
        case .caseWorker: "Case worker"
        case .analyst: "Analyst"
        case .boardSecretariat: "Board secretariat"
        case .trainer: "Trainer"
        case .voiceModerator: "Voice moderator"
        case .readOnly: "Read only"
        }
    }

    /// Roles an organisation admin may hand out. Platform admin is granted only from the
    /// command line, so no web form can escalate to it; so is voice moderator, the one role that
    /// reads what survivors wrote, whichever organisation employs its holder: an organisation's
    /// admin must not be able to make themselves, or anyone, a reader of every survivor's words.
    public static let assignableByOrganisationAdmin: [Role] = allCases.filter { $0 != .platformAdmin && $0 != .voiceModerator }

    public static func < (lhs: Role, rhs: Role) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}
