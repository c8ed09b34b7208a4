import Fluent
import Foundation
import LanternCore
import SQLKit
import Vapor

/// An agenda item with everything its checks need: the meeting, the series (its host), the
/// meeting's members and the case.
struct ConferenceItemRecord: Sendable {
    let item: ConferenceAgendaItem
    let meeting: ConferenceMeeting
    let series: ConferenceSeries
    let members: [ConferenceMember]
    let caseRecord: CaseRecord

    /// Who reads the conference's record of the case (its decisions, actions): the case's own
    /// organisation, and the meeting's members and chair while the case's access window is open
    /// (`ConferenceRules.memberMayRead`, checked now); afterwards, like the case, it is closed to them.
    func readers(today: Day) -> RecordPlacement {
        let open = ConferenceRules.memberMayRead(state: item.agendaState, heldOn: meeting.heldDay,
                                                 accessDaysAfter: series.accessDaysAfter, today: today)
        return RecordPlacement(organisationID: caseRecord.$organisation.id.uuidString,
                               conferenceMemberIDs: open ? Set(members.map(\.userID.uuidString) + [meeting.chairUserID.uuidString]) : [])
    }
}

/// The conference's record of a case: loading it for the viewer, the chair's outcome and
/// actions (with their tasks), the owner marking an action done, and the minutes. Pages and
/// the API call the same functions; every write and its audit entry are one transaction, every
/// one-time change one guarded UPDATE.
enum ConferenceOutcomeService {
    static func localiser(_ request: Request) -> Localiser { request.localiser.forPage(areas: "conference-outcomes", "components") }

    // MARK: loading

    static func meetingRecord(_ meetingID: UUID, on db: any Database) async throws -> (ConferenceMeeting, ConferenceSeries, [ConferenceMember]) {
        guard let meeting = try await ConferenceMeeting.find(meetingID, on: db),
              let series = try await ConferenceSeries.find(meeting.seriesID, on: db) else { throw LanternError.notFound }
        let members = try await ConferenceMember.query(on: db).filter(\.$meetingID == meetingID).all()
        return (meeting, series, members)
    }

    /// The accepted agenda item in the path, readable by the meeting's members and the host's
    /// lead (`viewCaseConference`); anything else, or a bad id, answers 404.
    static func item(_ request: Request) async throws -> (ConferenceItemRecord, Authorised<ConferenceItemRecord>) {
        guard let id = request.parameters.get("itemID").flatMap(UUID.init(exactly:)),
              let item = try await ConferenceAgendaItem.find(id, on: request.db),
              item.agendaState == .accepted,
              let caseRecord = try await CaseRecord.find(item.caseID, on: request.db) else { throw LanternError.notFound }
        let (meeting, series, members) = try await meetingRecord(item.meetingID, on: request.db)
        let record = ConferenceItemRecord(item: item, meeting: meeting, series: series, members: members, caseRecord: caseRecord)
        let authorised = try await request.authorise(.viewCaseConference, record, placedAt: record.readers(today: request.today))
        return (record, authorised)
    }

    /// The meeting in the path for its readers (members, chair, host lead).
    static func meeting(_ request: Request) async throws -> Authorised<(ConferenceMeeting, ConferenceSeries, [ConferenceMember])> {
        guard let id = request.parameters.get("meetingID").flatMap(UUID.init(exactly:)) else { throw LanternError.notFound }
        let loaded = try await meetingRecord(id, on: request.db)
        // The minutes are the members' and the chair's only (not the hosting organisation's as such).
        let placement = RecordPlacement(conferenceMemberIDs: Set(loaded.2.map(\.userID.uuidString) + [loaded.0.chairUserID.uuidString]))
        return try await request.authorise(.viewCaseConference, loaded, placedAt: placement)
    }

    static func isChair(_ context: SignInContext, of meeting: ConferenceMeeting) -> Bool { context.userID == meeting.chairUserID }

    /// Who may own an action of this meeting: its members, and the teams of its attending organisations.
    struct Owners: Sendable {
        var people: [(userID: UUID, name: String, organisationID: UUID, organisationName: String)]
        var teams: [(teamID: UUID, name: String, organisationID: UUID, organisationName: String)]

        var eligible: ConferenceActionRules.Eligible {
            .init(memberUserIDs: Set(people.map(\.userID.uuidString)), teamIDs: Set(teams.map(\.teamID.uuidString)))
        }

        func options(_ l: Localiser) -> [(value: String, label: String)] {
            [(value: "", label: l("conference-outcomes.owner-choose"))]
                + people.map { (ConferenceActionOwner.person($0.userID.uuidString).formValue,
                                l("conference-outcomes.owner-person", ["person": $0.name, "organisation": $0.organisationName])) }
                + teams.map { (ConferenceActionOwner.team($0.teamID.uuidString).formValue,
                               l("conference-outcomes.owner-team", ["team": $0.name, "organisation": $0.organisationName])) }
        }
    }

    static func owners(of members: [ConferenceMember], on db: any Database) async throws -> Owners {
        let attending = ConferenceActionRules.attendingOrganisations(members.map { ($0.organisationID.uuidString, $0.attended) })
        let attendingIDs = attending.compactMap(UUID.init(exactly:))
        let users = try await User.query(on: db).filter(\.$id ~~ members.map(\.userID)).filter(\.$disabledAt == nil).all()
        let organisations = try await Organisation.query(on: db).filter(\.$id ~~ Array(Set(members.map(\.organisationID)))).all()
        let orgName = { (id: UUID) in organisations.first { $0.id == id }?.name ?? "" }
        let teams = attendingIDs.isEmpty ? [] : try await Team.query(on: db).filter(\.$organisation.$id ~~ attendingIDs).sort(\.$name).all()
        let people = members.compactMap { member -> (UUID, String, UUID, String)? in
            guard let user = users.first(where: { $0.id == member.userID }) else { return nil }
            return (member.userID, user.displayName, member.organisationID, orgName(member.organisationID))
        }.sorted { $0.1 < $1.1 }
        return Owners(people: people.map { (userID: $0.0, name: $0.1, organisationID: $0.2, organisationName: $0.3) },
                      teams: teams.compactMap { team in
                          guard let id = team.id else { return nil }
                          return (teamID: id, name: team.name, organisationID: team.$organisation.id, organisationName: orgName(team.$organisation.id))
                      })
    }

    // MARK: the outcome

    static func decisionsContext(_ id: UUID) -> String { "conference_case_outcomes.decisions:\(id.uuidString)" }
    static func whatContext(_ id: UUID) -> String { "conference_actions.what:\(id.uuidString)" }
    static func minutesContext(_ id: UUID) -> String { "conference_meetings.minutes:\(id.uuidString)" }
    /// The same context the agenda seals a nomination's reason with (`conference_agenda.reason:<id>`).
    static func reasonContext(_ id: UUID) -> String { "conference_agenda.reason:\(id.uuidString)" }

    static func errors(_ problems: ConferenceActionRules.Problems, l: Localiser) -> FormErrors {
        var errors = FormErrors()
        for item in problems.items { errors.add(item.field, message(item.problem, l: l)) }
        return errors
    }

    static func message(_ problem: ConferenceActionRules.Problem, l: Localiser) -> String {
        switch problem {
        case .riskMissing: l("conference-outcomes.error.risk-missing")
        case .decisionsMissing: l("conference-outcomes.error.decisions-missing")
        case .decisionsTooLong: l("conference-outcomes.error.decisions-too-long")
        case .reviewInvalid: l("conference-outcomes.error.review-invalid")
        case .reviewBeforeMeeting: l("conference-outcomes.error.review-before-meeting")
        case .whatMissing: l("conference-outcomes.error.what-missing")
        case .whatTooLong: l("conference-outcomes.error.what-too-long")
        case .ownerMissing: l("conference-outcomes.error.owner-missing")
        case .ownerOutside: l("conference-outcomes.error.owner-outside")
        case .dueMissing: l("conference-outcomes.error.due-missing")
        case .dueInvalid: l("conference-outcomes.error.due-invalid")
        case .dueBeforeMeeting: l("conference-outcomes.error.due-before-meeting")
        case .minutesMissing: l("conference-outcomes.error.minutes-missing")
        case .minutesTooLong: l("conference-outcomes.error.minutes-too-long")
        case .control: l("conference-outcomes.error.control")
        }
    }

    /// The chair records (or changes) the outcome: one row per item, decisions sealed with the case's key.
    @discardableResult
    static func recordOutcome(_ record: ConferenceItemRecord, context: SignInContext, risk: String?, decisions: String?, review: String?,
                              request: Request) async throws -> Result<ConferenceCaseOutcome, ConferenceActionRules.Problems> {
        guard isChair(context, of: record.meeting) else { throw LanternError.notFound }
        let checked = ConferenceActionRules.checkOutcome(risk: risk, decisions: decisions, review: review, meetingDay: record.meeting.heldDay)
        guard case .success(let ok) = checked else {
            if case .failure(let problems) = checked { return .failure(problems) }
            throw LanternError.notFound
        }
        guard let cipher = try await request.application.lantern.caseKeys.cipher(for: record.item.caseID, on: request.db) else {
            throw LanternError.erased(record.caseRecord.erasedAt)
        }
        let itemID = try record.item.requireID()
        let now = request.application.lantern.now
        let existing = try await ConferenceCaseOutcome.query(on: request.db).filter(\.$agendaItemID == itemID).first()
        let outcome = existing ?? ConferenceCaseOutcome()
        if existing == nil { outcome.id = UUID(); outcome.agendaItemID = itemID }
        let outcomeID = try outcome.requireID()
        outcome.riskLevel = ok.riskLevel
        outcome.sealedDecisions = try cipher.seal(ok.decisions, context: decisionsContext(outcomeID))
        outcome.reviewOn = ok.reviewOn?.daysSinceEpoch
        outcome.recordedBy = context.userID
        outcome.recordedAt = now
        do {
            try await request.db.transaction { tx in
                try await outcome.save(on: tx)
                try await request.audit(AuditEvent(action: "conference.outcome_recorded", recordType: "case", recordID: record.item.caseID.uuidString), on: tx)
            }
        } catch let error as any DatabaseError where error.isConstraintFailure {
            // Two first outcomes at once: the other was saved first (one per item); say so, never a 500.
            throw LanternError.conflict(localiser(request)("conference-outcomes.error.recorded-meanwhile"))
        }
        return .success(outcome)
    }

    // MARK: actions

    /// The chair agrees an action: the owner must be within the conference (a member, or a team
    /// of an attending organisation), otherwise nothing is written. Each owner (a team: each of
    /// its active members) gets a task, once.
    static func addAction(_ record: ConferenceItemRecord, context: SignInContext, what: String?, owner: String?, due: String?,
                          request: Request) async throws -> Result<ConferenceAction, ConferenceActionRules.Problems> {
        guard isChair(context, of: record.meeting) else { throw LanternError.notFound }
        let owners = try await owners(of: record.members, on: request.db)
        let checked = ConferenceActionRules.checkAction(what: what, owner: owner, due: due, meetingDay: record.meeting.heldDay, eligible: owners.eligible)
        guard case .success(let ok) = checked else {
            if case .failure(let problems) = checked { return .failure(problems) }
            throw LanternError.notFound
        }
        let services = request.application.lantern
        guard let cipher = try await services.caseKeys.cipher(for: record.item.caseID, on: request.db) else {
            throw LanternError.erased(record.caseRecord.erasedAt)
        }
        var ownerUserID: UUID?, ownerTeamID: UUID?
        let ownerOrganisationID: UUID
        switch ok.owner {
        case .person(let id):
            guard let person = owners.people.first(where: { $0.userID.uuidString == id }) else { throw LanternError.notFound }
            ownerUserID = person.userID
            ownerOrganisationID = person.organisationID
        case .team(let id):
            guard let team = owners.teams.first(where: { $0.teamID.uuidString == id }) else { throw LanternError.notFound }
            ownerTeamID = team.teamID
            ownerOrganisationID = team.organisationID
        }
        let id = UUID()
        let action = ConferenceAction(id: id, agendaItemID: try record.item.requireID(), meetingID: record.item.meetingID,
                                      caseID: record.item.caseID, sealedWhat: try cipher.seal(ok.what, context: whatContext(id)),
                                      ownerUserID: ownerUserID, ownerTeamID: ownerTeamID, ownerOrganisationID: ownerOrganisationID,
                                      dueOn: ok.due, createdBy: context.userID, createdAt: services.now)
        let people: [UUID]
        if let ownerUserID { people = [ownerUserID] } else if let ownerTeamID { people = try await activeMembers(of: ownerTeamID, on: request.db) } else { people = [] }
        let title = Localiser.englishGB("conference-outcomes.task.action", ["reference": record.caseRecord.reference, "due": ok.due.iso])
        try await request.db.transaction { tx in
            try await action.create(on: tx)
            for person in people {
                try await TaskService.create(ownerID: person, title: title, link: .conferenceAction(id.uuidString), due: ok.due,
                                             sourceKey: ConferenceActionRules.taskSourceKey(actionID: id.uuidString, userID: person.uuidString),
                                             services: services, on: tx)
            }
            try await request.audit(AuditEvent(action: "conference.action_agreed", recordType: "case", recordID: record.item.caseID.uuidString), on: tx)
        }
        return .success(action)
    }

    static func activeMembers(of teamID: UUID, on db: any Database) async throws -> [UUID] {
        try await TeamMember.query(on: db).join(User.self, on: \TeamMember.$user.$id == \User.$id)
            .filter(\.$team.$id == teamID).filter(User.self, \.$disabledAt == nil).all().map { $0.$user.id }
    }

    /// The action in the path, for its owner (the person, a member of the owning team, the
    /// owning organisation's lead) or the meeting's readers. `progressAction` reaches a whole
    /// organisation for its board secretariat too (the partnership's actions are the
    /// organisation's); a conference action is about a case, so across the organisation only
    /// the lead who runs its conferences (`manageConferences`) may take it up.
    static func action(_ request: Request) async throws -> (ConferenceAction, ConferenceItemRecord, canRead: Bool, canMarkDone: Bool) {
        guard let id = request.parameters.get("actionID").flatMap(UUID.init(exactly:)),
              let action = try await ConferenceAction.find(id, on: request.db),
              let item = try await ConferenceAgendaItem.find(action.agendaItemID, on: request.db),
              let caseRecord = try await CaseRecord.find(action.caseID, on: request.db) else { throw LanternError.notFound }
        let (meeting, series, members) = try await meetingRecord(action.meetingID, on: request.db)
        let record = ConferenceItemRecord(item: item, meeting: meeting, series: series, members: members, caseRecord: caseRecord)
        let owner = RecordPlacement(actionOwnerID: action.ownerUserID?.uuidString, organisationID: action.ownerOrganisationID.uuidString,
                                    teamID: action.ownerTeamID?.uuidString)
        let canMarkDone: Bool
        if let progress = try? await request.authorise(.progressAction, action, placedAt: owner) {
            canMarkDone = !progress.relations.isDisjoint(with: [.actionOwner, .sameTeam])
                || (try? request.authorise(.manageConferences, forOrganisation: action.ownerOrganisationID)) != nil
        } else {
            canMarkDone = false
        }
        let canRead = (try? await request.authorise(.viewCaseConference, record, placedAt: record.readers(today: request.today))) != nil
        guard canMarkDone || canRead else { throw LanternError.notFound }
        return (action, record, canRead, canMarkDone)
    }

    /// Marks the action done: one UPDATE that leaves only `open`, so of many presses one wins
    /// (true) and the others learn it was already done (false). Its tasks are done with it.
    static func markDone(_ action: ConferenceAction, request: Request) async throws -> Bool {
        let id = try action.requireID()
        let now = request.application.lantern.now
        return try await request.db.transaction { tx -> Bool in
            guard let sql = tx as? any SQLDatabase else { throw LanternError.notFound }
            let won = try await sql.update(ConferenceAction.schema).set("state", to: ConferenceActionState.done.rawValue).set("done_at", to: now)
                .where("id", .equal, id).where("state", .equal, ConferenceActionState.open.rawValue).returning("id").first() != nil
            guard won else { return false }
            let own = ConferenceActionRules.taskSourceKey(actionID: id.uuidString, userID: "")
            let chase = ConferenceActionRules.chaseSourcePrefix + id.uuidString.lowercased() + ":"
            try await sql.update(PersonTask.schema).set("done_at", to: now)
                .where("done_at", .is, SQLLiteral.null)
                .where { $0.where("source_key", .like, own + "%").orWhere("source_key", .like, chase + "%") }.run()
            try await request.audit(AuditEvent(action: "conference.action_done", recordType: "case", recordID: action.caseID.uuidString), on: tx)
            return true
        }
    }

    // MARK: minutes

    /// The chair writes the draft (sealed with the field key); approved minutes are not changed
    /// (the UPDATE names the states it may leave). False when they were approved meanwhile.
    static func saveMinutes(_ meeting: ConferenceMeeting, text: String, request: Request) async throws -> Bool {
        let id = try meeting.requireID()
        let sealed = try request.application.lantern.cipher.seal(text, context: minutesContext(id))
        return try await request.db.transaction { tx -> Bool in
            guard let sql = tx as? any SQLDatabase else { throw LanternError.notFound }
            let won = try await sql.update(ConferenceMeeting.schema).set("minutes_sealed", to: sealed)
                .set("minutes_state", to: ConferenceMinutesState.draft.rawValue).where("id", .equal, id)
                .where { $0.where("minutes_state", .is, SQLLiteral.null).orWhere("minutes_state", .equal, ConferenceMinutesState.draft.rawValue) }
                .returning("id").first() != nil
            if won { try await request.audit(AuditEvent(action: "conference.minutes_drafted", recordType: "conference_meeting", recordID: id.uuidString), on: tx) }
            return won
        }
    }

    /// Approves the draft, once.
    static func approveMinutes(_ meeting: ConferenceMeeting, request: Request) async throws -> Bool {
        let id = try meeting.requireID()
        return try await request.db.transaction { tx -> Bool in
            guard let sql = tx as? any SQLDatabase else { throw LanternError.notFound }
            let won = try await sql.update(ConferenceMeeting.schema).set("minutes_state", to: ConferenceMinutesState.approved.rawValue)
                .where("id", .equal, id).where("minutes_state", .equal, ConferenceMinutesState.draft.rawValue).returning("id").first() != nil
            if won { try await request.audit(AuditEvent(action: "conference.minutes_approved", recordType: "conference_meeting", recordID: id.uuidString), on: tx) }
            return won
        }
    }

    static func minutesText(_ meeting: ConferenceMeeting, services: LanternServices) throws -> String? {
        guard let sealed = meeting.minutesSealed, let id = meeting.id else { return nil }
        return try services.cipher.open(sealed, context: minutesContext(id))
    }
}
