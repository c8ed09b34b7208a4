/// Everything a person can ask Lantern to do to a record. Each route names exactly one.
public enum Action: String, Sendable, CaseIterable, Codable {
    case manageOwnAccount = "manage_own_account"
    case viewOrganisation = "view_organisation"
    case manageOrganisations = "manage_organisations"
    case viewUsers = "view_users"
    case inviteUser = "invite_user"
    case disableUser = "disable_user"
    case resetUserSecondFactor = "reset_user_second_factor"
    case viewAuditTrail = "view_audit_trail"
    case viewCase = "view_case"
    case createCase = "create_case"
    case editCase = "edit_case"
    case shareCase = "share_case"
    case viewStatistics = "view_statistics"
    case importStatistics = "import_statistics"
    /// Soft intelligence reports: graded notes about an area, kept beside the figures.
    case viewIntelligence = "view_intelligence"
    case recordIntelligence = "record_intelligence"
    /// The retention rules at work: what will be erased soon, and legal holds that stop it.
    case manageRetention = "manage_retention"
    /// Emails Lantern could not deliver: see them and try again.
    case manageNotifications = "manage_notifications"
    /// An organisation's teams and who belongs to them.
    case manageTeams = "manage_teams"
    // Defined ahead of the modules that use them, so the table and its tests cover the
    // relations those modules bring (conference member, action owner, board member).
    /// A case conference's record: who attended, what was agreed.
    case viewCaseConference = "view_case_conference"
    /// Recording progress on an action (a task with an owner and a due date).
    case progressAction = "progress_action"
    /// A board's or sub-group's papers and minutes.
    case viewBoardPapers = "view_board_papers"
    /// Running a board or group: its members, terms of reference, meetings, agendas, papers,
    /// attendance, minutes (drafting, circulating, publishing), actions and strategy. Granted
    /// by the secretariat relation (and, for groups hosted by one's organisation, the board
    /// secretariat role).
    case manageGroup = "manage_group"
    /// Starting a new board, network or sub-group, hosted by one's own organisation.
    case createGroup = "create_group"
    /// Approving a group's minutes: its chair or its secretariat.
    case approveMinutes = "approve_minutes"
    /// The contacts directory: adding, changing and confirming entries.
    case manageContacts = "manage_contacts"
    // After the decision (issue 11).
    /// Raising a safeguarding concern (on a case or on its own), routed through the directory.
    case raiseConcern = "raise_concern"
    /// Reading a safeguarding concern: the raiser's organisation, and the team (or
    /// organisation) it is routed to.
    case viewConcern = "view_concern"
    /// Acknowledging, re-routing and recording the outcome of a concern routed to one's team;
    /// the receiving organisation's lead for every concern routed to it (escalations).
    case handleConcern = "handle_concern"
    /// Answering another council's request under a reciprocal housing arrangement, routed to
    /// one's organisation (or its housing team).
    case answerHousingRequest = "answer_housing_request"
    // Working together on a case (issue 12).
    /// Setting up a borough's case conference series (MACC, MARAM), its meetings, chairs and
    /// members by agency: the hosting organisation's lead.
    case manageConferences = "manage_conferences"
    /// Putting one of one's own organisation's cases forward to a case conference, with a
    /// reason and a risk level (the chair then accepts it onto an agenda).
    case nominateToConference = "nominate_to_conference"
    /// Accepting or declining a case shared with one's organisation (or team), with a reason.
    case answerShare = "answer_share"
    // Training (issue 13).
    /// Courses and sessions: the organisation's trainers keep them; the trainers named on a
    /// session (wherever they work) record who came.
    case manageTraining = "manage_training"
    /// Asking for a place on a session (and giving it up): every member, for themselves.
    case registerForTraining = "register_for_training"
    /// The partnership's training picture: the Train-the-Trainer cascade, coverage and figures.
    case viewTrainingCoverage = "view_training_coverage"
    /// Exempting one of the organisation's people from a training requirement until a day
    /// (and ending it early): its administrators, never for themselves.
    case grantTrainingExemption = "grant_training_exemption"
    /// The partnership's events: seeing the calendar, booking a place, giving feedback.
    case joinEvents = "join_events"
    /// Adding an event for one's organisation, recording who came and cancelling it.
    case manageEvents = "manage_events"
    /// The network's member surveys: writing one for a group the organisation hosts, sending
    /// it to the group's members, reminding them, closing it and reading its results.
    case runSurveys = "run_surveys"
    /// Survivor voice: reading the anonymous messages sent from the public site, filing them
    /// under themes, keeping or discarding them, publishing an excerpt when the sender agreed.
    case moderateVoice = "moderate_voice"
    /// Survivor voice as the board sees it: themes and counts per quarter, and the excerpts
    /// published with consent; never a message's own words.
    case viewVoiceThemes = "view_voice_themes"
    // The data sub-group's workbench (issue 14).
    /// Recording a data-sharing agreement (parties, purpose, lawful basis, term, the named
    /// analysts and what it covers) and ending one early: the partnership's secretariat.
    case recordDataSharingAgreements = "record_data_sharing_agreements"
    /// Seeing exact, unprotected figures under an agreement in force that names the person:
    /// the role is necessary, being named is what lets them in.
    case viewExactFigures = "view_exact_figures"
    /// Writing the annual report's narrative (foreword, context, achievements, challenges,
    /// next steps) around its figures: the partnership's secretariat.
    case editAnnualReport = "edit_annual_report"
}
