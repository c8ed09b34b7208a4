/// What the codes in the audit log mean, in words a person reads on the audit trail and on a
/// case page, in the reader's language (the messages `audit.*` of the catalogues). The log
/// keeps the stable codes (they are chained and exported); pages show these words. A test
/// checks that every action Lantern writes has words here.
public enum AuditWords {
    /// Every action Lantern records, in British English, in the order the filter lists them.
    public static var actions: [(code: String, words: String)] { actions(in: .englishGB) }

    /// Every action Lantern records with its words in `l`'s language, in the order the audit
    /// trail's filter lists them.
    public static func actions(in l: Localiser) -> [(code: String, words: String)] { [
        // Signing in and accounts
        ("sign_in.password", l("audit.action.sign-in.password")),
        ("sign_in.second_factor", l("audit.action.sign-in.second-factor")),
        ("sign_in.completed", l("audit.action.sign-in.completed")),
        ("sign_in.locked", l("audit.action.sign-in.locked")),
        ("account.locked", l("audit.action.account.locked")),
        ("sign_out", l("audit.action.sign-out")),
        ("second_factor.enrolled", l("audit.action.second-factor.enrolled")),
        ("password.changed", l("audit.action.password.changed")),
        ("api_token.created", l("audit.action.api-token.created")),
        ("api_token.revoked", l("audit.action.api-token.revoked")),
        // Organisations and people
        ("setup.completed", l("audit.action.setup.completed")),
        ("organisation.created", l("audit.action.organisation.created")),
        ("user.invited", l("audit.action.user.invited")),
        ("invitation.accepted", l("audit.action.invitation.accepted")),
        ("users.listed", l("audit.action.users.listed")),
        ("user.viewed", l("audit.action.user.viewed")),
        ("user.disabled", l("audit.action.user.disabled")),
        ("user.second_factor_reset", l("audit.action.user.second-factor-reset")),
        ("audit_trail.viewed", l("audit.action.audit-trail.viewed")),
        ("teams.listed", l("audit.action.teams.listed")),
        ("team.created", l("audit.action.team.created")),
        ("team.viewed", l("audit.action.team.viewed")),
        ("team.renamed", l("audit.action.team.renamed")),
        ("team.member_added", l("audit.action.team.member-added")),
        ("team.member_removed", l("audit.action.team.member-removed")),
        ("task.done", l("audit.action.task.done")),
        ("notifications.failed_listed", l("audit.action.notifications.failed-listed")),
        ("notification.retried", l("audit.action.notification.retried")),
        // Cases
        ("cases.listed", l("audit.action.cases.listed")),
        ("case.created", l("audit.action.case.created")),
        ("case.viewed", l("audit.action.case.viewed")),
        ("case.decision_viewed", l("audit.action.case.decision-viewed")),
        ("case.identity_viewed", l("audit.action.case.identity-viewed")),
        ("case.story_viewed", l("audit.action.case.story-viewed")),
        ("case.access_denied", l("audit.action.case.access-denied")),
        ("case.possible_match_shown", l("audit.action.case.possible-match-shown")),
        ("case.searched", l("audit.action.case.searched")),
        ("case.referral_viewed", l("audit.action.case.referral-viewed")),
        ("case.referral_updated", l("audit.action.case.referral-updated")),
        ("case.referral_exported", l("audit.action.case.referral-exported")),
        ("case.referral_decision", l("audit.action.case.referral-decision")),
        ("case.referral_marked_ready", l("audit.action.case.referral-marked-ready")),
        ("case.referral_submitted", l("audit.action.case.referral-submitted")),
        ("case.reasonable_grounds_decision", l("audit.action.case.reasonable-grounds-decision")),
        ("case.conclusive_grounds_decision", l("audit.action.case.conclusive-grounds-decision")),
        ("case.reconsideration_requested", l("audit.action.case.reconsideration-requested")),
        ("case.recovery_needs_assessment", l("audit.action.case.recovery-needs-assessment")),
        ("case.closed", l("audit.action.case.closed")),
        ("case.children_viewed", l("audit.action.case.children-viewed")),
        ("case.children_refused", l("audit.action.case.children-refused")),
        ("case.child_contact_recorded", l("audit.action.case.child-contact-recorded")),
        ("case.child_checklist_recorded", l("audit.action.case.child-checklist-recorded")),
        ("case.child_missing_recorded", l("audit.action.case.child-missing-recorded")),
        ("case.child_missing_updated", l("audit.action.case.child-missing-updated")),
        ("case.child_markers_recorded", l("audit.action.case.child-markers-recorded")),
        ("case.child_turns_18_recorded", l("audit.action.case.child-turns-18-recorded")),
        ("consent.recorded", l("audit.action.consent.recorded")),
        ("consent.withdrawn", l("audit.action.consent.withdrawn")),
        ("case.shared", l("audit.action.case.shared")),
        ("case.share_revoked", l("audit.action.case.share-revoked")),
        ("case.share_opened", l("audit.action.case.share-opened")),
        ("case.share_answered", l("audit.action.case.share-answered")),
        ("job.share_answers", l("audit.action.job.share-answers")),
        ("case.legal_hold_placed", l("audit.action.case.legal-hold-placed")),
        ("case.legal_hold_released", l("audit.action.case.legal-hold-released")),
        ("case.erased", l("audit.action.case.erased")),
        ("case.accommodation_viewed", l("audit.action.case.accommodation-viewed")),
        ("case.accommodation_added", l("audit.action.case.accommodation-added")),
        ("case.accommodation_ended", l("audit.action.case.accommodation-ended")),
        ("case.support_viewed", l("audit.action.case.support-viewed")),
        ("case.support_added", l("audit.action.case.support-added")),
        ("case.support_ended", l("audit.action.case.support-ended")),
        ("case.contact_log_viewed", l("audit.action.case.contact-log-viewed")),
        ("case.contact_logged", l("audit.action.case.contact-logged")),
        ("case.notes_viewed", l("audit.action.case.notes-viewed")),
        ("case.note_added", l("audit.action.case.note-added")),
        ("case.task_added", l("audit.action.case.task-added")),
        ("case.workers_changed", l("audit.action.case.workers-changed")),
        ("cases.mine_listed", l("audit.action.cases.mine-listed")),
        ("retention.viewed", l("audit.action.retention.viewed")),
        ("retention.erase_due", l("audit.action.retention.erase-due")),
        // Intelligence and statistics
        ("intelligence.listed", l("audit.action.intelligence.listed")),
        ("intelligence.viewed", l("audit.action.intelligence.viewed")),
        ("intelligence.recorded", l("audit.action.intelligence.recorded")),
        ("profile.exported", l("audit.action.profile.exported")),
        ("dataset.imported", l("audit.action.dataset.imported")),
        ("dataset.replaced", l("audit.action.dataset.replaced")),
        ("dataset.removed", l("audit.action.dataset.removed")),
        ("dataset.uploaded", l("audit.action.dataset.uploaded")),
        ("dataset.upload_discarded", l("audit.action.dataset.upload-discarded")),
        ("analyst_trail.viewed", l("audit.action.analyst-trail.viewed")),
        ("data_sharing_agreement.recorded", l("audit.action.data-sharing-agreement.recorded")),
        ("data_sharing_agreement.ended", l("audit.action.data-sharing-agreement.ended")),
        ("profile.exact_viewed", l("audit.action.profile.exact-viewed")),
        ("annual_report.narrative_saved", l("audit.action.annual-report.narrative-saved")),
        // Meetings, agendas, attendance and papers
        ("meeting.created", l("audit.action.meeting.created")),
        ("meeting.viewed", l("audit.action.meeting.viewed")),
        ("meeting.changed", l("audit.action.meeting.changed")),
        ("agenda_item.added", l("audit.action.agenda-item.added")),
        ("agenda_item.changed", l("audit.action.agenda-item.changed")),
        ("agenda_item.moved", l("audit.action.agenda-item.moved")),
        ("agenda_item.removed", l("audit.action.agenda-item.removed")),
        ("meeting.attendance_recorded", l("audit.action.meeting.attendance-recorded")),
        ("meeting.guest_added", l("audit.action.meeting.guest-added")),
        ("meeting.guest_removed", l("audit.action.meeting.guest-removed")),
        ("paper.added", l("audit.action.paper.added")),
        ("paper.downloaded", l("audit.action.paper.downloaded")),
        ("paper.removed", l("audit.action.paper.removed")),
        // Minutes and actions
        ("minutes.drafted", l("audit.action.minutes.drafted")),
        ("minutes.edited", l("audit.action.minutes.edited")),
        ("minutes.viewed", l("audit.action.minutes.viewed")),
        ("minutes.circulated", l("audit.action.minutes.circulated")),
        ("minutes.approved", l("audit.action.minutes.approved")),
        ("minutes.published", l("audit.action.minutes.published")),
        ("minutes.corrected", l("audit.action.minutes.corrected")),
        ("partnership_action.created", l("audit.action.partnership-action.created")),
        ("partnership_action.viewed", l("audit.action.partnership-action.viewed")),
        ("partnership_action.updated", l("audit.action.partnership-action.updated")),
        ("partnership_action.changed", l("audit.action.partnership-action.changed")),
        // Partnership groups and terms of reference
        ("groups.listed", l("audit.action.groups.listed")),
        ("group.created", l("audit.action.group.created")),
        ("group.viewed", l("audit.action.group.viewed")),
        ("group.changed", l("audit.action.group.changed")),
        ("group.member_added", l("audit.action.group.member-added")),
        ("group.member_ended", l("audit.action.group.member-ended")),
        ("terms.added", l("audit.action.terms.added")),
        ("terms.viewed", l("audit.action.terms.viewed")),
        ("terms.compared", l("audit.action.terms.compared")),
        // The contacts directory
        ("contacts.listed", l("audit.action.contacts.listed")),
        ("contacts.exported", l("audit.action.contacts.exported")),
        ("contact.created", l("audit.action.contact.created")),
        ("contact.changed", l("audit.action.contact.changed")),
        ("contact.confirmed", l("audit.action.contact.confirmed")),
        ("contact.retired", l("audit.action.contact.retired")),
        // Status and housing
        ("case.housing_status_viewed", l("audit.action.case.housing-status-viewed")),
        ("case.status_recorded", l("audit.action.case.status-recorded")),
        ("case.pillar_recorded", l("audit.action.case.pillar-recorded")),
        ("case.pillar_decided", l("audit.action.case.pillar-decided")),
        ("case.homelessness_recorded", l("audit.action.case.homelessness-recorded")),
        ("case.homelessness_updated", l("audit.action.case.homelessness-updated")),
        ("case.housing_request_sent", l("audit.action.case.housing-request-sent")),
        ("case.housing_request_withdrawn", l("audit.action.case.housing-request-withdrawn")),
        ("housing_requests.listed", l("audit.action.housing-requests.listed")),
        ("housing_request.viewed", l("audit.action.housing-request.viewed")),
        ("housing_request.answered", l("audit.action.housing-request.answered")),
        // Strategy
        ("strategy.priority_added", l("audit.action.strategy.priority-added")),
        ("strategy.objective_added", l("audit.action.strategy.objective-added")),
        ("strategy.indicator_added", l("audit.action.strategy.indicator-added")),
        ("strategy.value_recorded", l("audit.action.strategy.value-recorded")),
        ("strategy.action_linked", l("audit.action.strategy.action-linked")),
        ("strategy.action_unlinked", l("audit.action.strategy.action-unlinked")),
        // Lantern itself
        ("job.stage_deadlines", l("audit.action.job.stage-deadlines")),
        ("job.housekeeping", l("audit.action.job.housekeeping")),
        ("job.retention", l("audit.action.job.retention")),
        ("job.deadline_tasks", l("audit.action.job.deadline-tasks")),
        ("job.training_commitments", l("audit.action.job.training-commitments")),
        ("job.survey_closings", l("audit.action.job.survey-closings")),
        ("job.notifications", l("audit.action.job.notifications")),
        ("job.contact_verification", l("audit.action.job.contact-verification")),
        ("job.terms_reviews", l("audit.action.job.terms-reviews")),
        ("job.partnership_action_tasks", l("audit.action.job.partnership-action-tasks")),
        // Alerts nobody may miss
        ("job.case_alerts", l("audit.action.job.case-alerts")),
        ("case.alerts_viewed", l("audit.action.case.alerts-viewed")),
        ("case.alert_viewed", l("audit.action.case.alert-viewed")),
        ("case.alert_acknowledged", l("audit.action.case.alert-acknowledged")),
        ("case.alert_resolved", l("audit.action.case.alert-resolved")),
        ("alerts.listed", l("audit.action.alerts.listed")),
        ("organisation.alert_settings_viewed", l("audit.action.organisation.alert-settings-viewed")),
        ("organisation.alert_settings_changed", l("audit.action.organisation.alert-settings-changed")),
        // Safeguarding concerns and Duty to Notify reports
        ("case.concern_form", l("audit.action.case.concern-form")),
        ("case.concern_raised", l("audit.action.case.concern-raised")),
        ("case.concerns_viewed", l("audit.action.case.concerns-viewed")),
        ("case.duty_to_notify_recorded", l("audit.action.case.duty-to-notify-recorded")),
        ("case.duty_to_notify_refused", l("audit.action.case.duty-to-notify-refused")),
        ("case.duty_to_notify_summary_viewed", l("audit.action.case.duty-to-notify-summary-viewed")),
        ("case.duty_to_notify_viewed", l("audit.action.case.duty-to-notify-viewed")),
        ("concern.access_denied", l("audit.action.concern.access-denied")),
        ("concern.acknowledged", l("audit.action.concern.acknowledged")),
        ("concern.closed", l("audit.action.concern.closed")),
        ("concern.escalated", l("audit.action.concern.escalated")),
        ("concern.raised", l("audit.action.concern.raised")),
        ("concern.rerouted", l("audit.action.concern.rerouted")),
        ("concern.viewed", l("audit.action.concern.viewed")),
        ("concerns.listed", l("audit.action.concerns.listed")),
        ("job.concern_escalations", l("audit.action.job.concern-escalations")),
        // Case conference outcomes, actions and minutes
        ("conference.outcome_viewed", l("audit.action.conference.outcome-viewed")),
        ("conference.outcome_recorded", l("audit.action.conference.outcome-recorded")),
        ("conference.action_agreed", l("audit.action.conference.action-agreed")),
        ("conference.action_viewed", l("audit.action.conference.action-viewed")),
        ("conference.action_done", l("audit.action.conference.action-done")),
        ("conference.minutes_viewed", l("audit.action.conference.minutes-viewed")),
        ("conference.minutes_drafted", l("audit.action.conference.minutes-drafted")),
        ("conference.minutes_approved", l("audit.action.conference.minutes-approved")),
        ("job.conference_actions", l("audit.action.job.conference-actions")),
        // The referral's own follow-up
        ("case.referral_followup_viewed", l("audit.action.case.referral-followup-viewed")),
        ("case.referral_followup_recorded", l("audit.action.case.referral-followup-recorded")),
        ("case.rg_chase_recorded", l("audit.action.case.rg-chase-recorded")),
        ("job.rg_chases", l("audit.action.job.rg-chases")),
        // Case conferences: series, meetings, members, agenda, access
        ("conferences.listed", l("audit.action.conferences.listed")),
        ("conference_series.created", l("audit.action.conference-series.created")),
        ("conference_meeting.created", l("audit.action.conference-meeting.created")),
        ("conference_meeting.viewed", l("audit.action.conference-meeting.viewed")),
        ("conference_meeting.member_added", l("audit.action.conference-meeting.member-added")),
        ("conference_meeting.member_removed", l("audit.action.conference-meeting.member-removed")),
        ("conference_meeting.case_viewed", l("audit.action.conference-meeting.case-viewed")),
        ("conference_agenda.nominated", l("audit.action.conference-agenda.nominated")),
        ("conference_agenda.decided", l("audit.action.conference-agenda.decided")),
        ("case.conferences_viewed", l("audit.action.case.conferences-viewed")),
        ("case.viewed_for_conference", l("audit.action.case.viewed-for-conference")),
        // Training
        ("training_course.created", l("audit.action.training-course.created")),
        ("training_session.created", l("audit.action.training-session.created")),
        ("training_session.register_viewed", l("audit.action.training-session.register-viewed")),
        ("training_session.cancelled", l("audit.action.training-session.cancelled")),
        ("training_place.booked", l("audit.action.training-place.booked")),
        ("training_place.waiting", l("audit.action.training-place.waiting")),
        ("training_place.given_up", l("audit.action.training-place.given-up")),
        ("training_place.external_added", l("audit.action.training-place.external-added")),
        ("training_place.booked_publicly", l("audit.action.training-place.booked-publicly")),
        ("training_place.link_renewed", l("audit.action.training-place.link-renewed")),
        ("training_place.viewed_by_link", l("audit.action.training-place.viewed-by-link")),
        ("training_place.given_up_by_link", l("audit.action.training-place.given-up-by-link")),
        ("training_attendance.recorded", l("audit.action.training-attendance.recorded")),
        ("training_certificate.viewed", l("audit.action.training-certificate.viewed")),
        ("training_cascade.viewed", l("audit.action.training-cascade.viewed")),
        ("training_evaluation.answered", l("audit.action.training-evaluation.answered")),
        ("training_evaluations.viewed", l("audit.action.training-evaluations.viewed")),
        ("training_coverage.viewed", l("audit.action.training-coverage.viewed")),
        ("training_coverage.exported", l("audit.action.training-coverage.exported")),
        ("training_exemption.granted", l("audit.action.training-exemption.granted")),
        ("training_exemption.revoked", l("audit.action.training-exemption.revoked")),
        // Events
        ("event.created", l("audit.action.event.created")),
        ("event.register_viewed", l("audit.action.event.register-viewed")),
        ("event.booked", l("audit.action.event.booked")),
        ("event.given_up", l("audit.action.event.given-up")),
        ("event.attendance_recorded", l("audit.action.event.attendance-recorded")),
        ("event.cancelled", l("audit.action.event.cancelled")),
        ("event.feedback_given", l("audit.action.event.feedback-given")),
        // Surveys
        ("survey.created", l("audit.action.survey.created")),
        ("survey.viewed", l("audit.action.survey.viewed")),
        ("survey.sent", l("audit.action.survey.sent")),
        ("survey.reminded", l("audit.action.survey.reminded")),
        ("survey.closed", l("audit.action.survey.closed")),
        ("survey.answered", l("audit.action.survey.answered")),
        ("survey.results_exported", l("audit.action.survey.results-exported")),
        // Survivor voice (a message's sending is never audited: see VoiceFormController)
        ("voice.list_read", l("audit.action.voice.list-read")),
        ("voice.read", l("audit.action.voice.read")),
        ("voice.moderated", l("audit.action.voice.moderated")),
        ("voice.themes_viewed", l("audit.action.voice.themes-viewed")),
        ("training_figures.viewed", l("audit.action.training-figures.viewed")),
        ("training_figures.exported", l("audit.action.training-figures.exported")),
        ("demo.seeded", l("audit.action.demo.seeded")),
    ] }

    /// The words for an action in `l`'s language, or nil for a code this version does not
    /// know (an entry written by a newer version, say).
    public static func known(_ code: String, in l: Localiser = .englishGB) -> String? {
        actions(in: l).first { $0.code == code }?.words
    }

    /// The words for an action; an unknown code is shown as it is, so nothing is hidden.
    public static func action(_ code: String, in l: Localiser = .englishGB) -> String { known(code, in: l) ?? code }

    /// The outcome column in words.
    public static func outcome(_ code: String, in l: Localiser = .englishGB) -> String {
        switch code {
        case "succeeded": l("audit.outcome.succeeded")
        case "failed": l("audit.outcome.failed")
        default: code
        }
    }

    /// What kind of record an entry is about, when there is no better name for it.
    public static func recordKind(_ code: String, in l: Localiser = .englishGB) -> String {
        switch code {
        case "case": l("audit.kind.case")
        case "user": l("audit.kind.user")
        case "organisation": l("audit.kind.organisation")
        case "invitation": l("audit.kind.invitation")
        case "api_token": l("audit.kind.api-token")
        case "dataset": l("audit.kind.dataset")
        case "dataset_upload": l("audit.kind.dataset-upload")
        case "data_sharing_agreement": l("audit.kind.data-sharing-agreement")
        case "annual_report": l("audit.kind.annual-report")
        case "intelligence": l("audit.kind.intelligence")
        case "profile": l("audit.kind.profile")
        case "job_run": l("audit.kind.job-run")
        case "team": l("audit.kind.team")
        case "meeting": l("audit.kind.meeting")
        case "paper": l("audit.kind.paper")
        case "task": l("audit.kind.task")
        case "outbox_message": l("audit.kind.outbox-message")
        case "directory_entry": l("audit.kind.directory-entry")
        case "group": l("audit.kind.group")
        case "housing_request": l("audit.kind.housing-request")
        case "safeguarding_concern": l("audit.kind.safeguarding-concern")
        case "voice_message": l("audit.kind.voice-message")
        case "voice_themes": l("audit.kind.voice-themes")
        default: code
        }
    }
}
