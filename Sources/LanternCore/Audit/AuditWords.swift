/// What the codes in the audit log mean, in words a person reads on the audit trail and on a
/// case page. The log keeps the stable codes (they are chained and exported); pages show
/// these words. A test checks that every action Lantern writes has words here.
public enum AuditWords {
    /// Every action Lantern records, in the order the audit trail's filter lists them.
    public static let actions: [(code: String, words: String)] = [
        // Signing in and accounts
        ("sign_in.password", "Signing in: entered a password"),
        ("sign_in.second_factor", "Signing in: entered a security code"),
        ("sign_in.completed", "Signed in"),
        ("sign_in.locked", "Tried to sign in to a locked account"),
        ("account.locked", "Account locked after repeated failed sign-ins"),
        ("sign_out", "Signed out"),
        ("second_factor.enrolled", "Set up an authenticator app"),
        ("password.changed", "Changed their password"),
        ("api_token.created", "Created an API token"),
        ("api_token.revoked", "Revoked an API token"),
        // Organisations and people
        ("setup.completed", "Set up Lantern: the first organisation and its administrator"),
        ("organisation.created", "Added an organisation"),
        ("user.invited", "Invited a person"),
        ("invitation.accepted", "Accepted an invitation"),
        ("users.listed", "Viewed the list of people"),
        ("user.viewed", "Viewed a person's account"),
        ("user.disabled", "Disabled a person's account"),
        ("user.second_factor_reset", "Reset a person's authenticator"),
        ("audit_trail.viewed", "Viewed the audit trail"),
        ("teams.listed", "Viewed the list of teams"),
        ("team.created", "Created a team"),
        ("team.viewed", "Viewed a team"),
        ("team.renamed", "Renamed a team"),
        ("team.member_added", "Added a person to a team"),
        ("team.member_removed", "Removed a person from a team"),
        ("task.done", "Marked a task done"),
        ("notifications.failed_listed", "Viewed the messages that could not be sent"),
        ("notification.retried", "Sent a failed message again"),
        // Cases
        ("cases.listed", "Viewed the list of cases"),
        ("case.created", "Created the case"),
        ("case.viewed", "Viewed the case"),
        ("case.decision_viewed", "Viewed the case's decision status"),
        ("case.access_denied", "Was refused access to the case"),
        ("case.possible_match_shown", "Was shown a possible earlier case for the same person"),
        ("case.referral_viewed", "Viewed the referral"),
        ("case.referral_updated", "Updated the referral details"),
        ("case.referral_exported", "Exported the referral"),
        ("case.referral_decision", "Recorded the decision to refer"),
        ("case.referral_marked_ready", "Marked the referral ready to submit"),
        ("case.referral_submitted", "Recorded that the referral was submitted"),
        ("case.reasonable_grounds_decision", "Recorded the Reasonable Grounds decision"),
        ("case.conclusive_grounds_decision", "Recorded the Conclusive Grounds decision"),
        ("case.reconsideration_requested", "Recorded a request for reconsideration"),
        ("case.recovery_needs_assessment", "Recorded the Recovery Needs Assessment"),
        ("case.closed", "Closed the case"),
        ("consent.recorded", "Recorded consent"),
        ("consent.withdrawn", "Recorded that consent was withdrawn"),
        ("case.shared", "Shared the case with another organisation"),
        ("case.share_revoked", "Stopped sharing the case"),
        ("case.legal_hold_placed", "Placed a legal hold on the case"),
        ("case.legal_hold_released", "Released the legal hold on the case"),
        ("case.erased", "Erased the case's identifying details"),
        ("retention.viewed", "Viewed the retention overview"),
        ("retention.erase_due", "Erased the cases due for erasure (command line)"),
        // Intelligence and statistics
        ("intelligence.listed", "Viewed the list of intelligence reports"),
        ("intelligence.viewed", "Viewed an intelligence report"),
        ("intelligence.recorded", "Recorded an intelligence report"),
        ("profile.exported", "Exported the problem profile"),
        ("dataset.imported", "Imported a statistics dataset"),
        ("dataset.replaced", "Replaced a statistics dataset"),
        ("dataset.removed", "Removed a statistics dataset"),
        // Lantern itself
        ("job.stage_deadlines", "Scheduled job: checked stage deadlines"),
        ("job.housekeeping", "Scheduled job: removed ended sessions"),
        ("job.retention", "Scheduled job: erased cases past their retention period"),
        ("job.deadline_tasks", "Scheduled job: gave tasks for coming stage deadlines"),
        ("job.notifications", "Scheduled job: sent waiting emails"),
        ("demo.seeded", "Created the demo data"),
    ]

    private static let byCode = Dictionary(actions.map { ($0.code, $0.words) }, uniquingKeysWith: { first, _ in first })

    /// The words for an action, or nil for a code this version does not know (an entry
    /// written by a newer version, say).
    public static func known(_ code: String) -> String? { byCode[code] }

    /// The words for an action; an unknown code is shown as it is, so nothing is hidden.
    public static func action(_ code: String) -> String { byCode[code] ?? code }

    /// The outcome column in words.
    public static func outcome(_ code: String) -> String {
        switch code {
        case "succeeded": "Done"
        case "failed": "Refused or failed"
        default: code
        }
    }

    /// What kind of record an entry is about, when there is no better name for it.
    public static func recordKind(_ code: String) -> String {
        switch code {
        case "case": "Case"
        case "user": "Person"
        case "organisation": "Organisation"
        case "invitation": "Invitation"
        case "api_token": "API token"
        case "dataset": "Statistics dataset"
        case "intelligence": "Intelligence report"
        case "profile": "Problem profile"
        case "job_run": "Scheduled job"
        case "team": "Team"
        case "task": "Task"
        case "outbox_message": "Email message"
        default: code
        }
    }
}
