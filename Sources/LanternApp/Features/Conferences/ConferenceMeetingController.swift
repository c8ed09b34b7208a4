import Fluent
import Foundation
import LanternCore
import SQLKit
import Vapor

/// A series' meetings: the host's lead plans one (a day and a chair, an active person of the
/// host organisation, who becomes its first member) and keeps its members by agency (a person
/// of any organisation); members, the chair and the host's lead read its page: members by
/// agency and the agenda of cases, with the chair's accept and decline buttons.
struct ConferenceMeetingController {
    func register(_ routes: LanternRoutes) {
        routes.get(ConferencePaths.newMeeting, access: .action(.manageConferences), use: newForm)
        routes.post(ConferencePaths.newMeeting, access: .action(.manageConferences), use: create)
        routes.get(ConferencePaths.meeting, access: .anyAction([.viewCaseConference, .manageConferences]), use: show)
        routes.post(ConferencePaths.addMember, access: .action(.manageConferences), use: addMember)
        routes.post(ConferencePaths.removeMember, access: .action(.manageConferences), use: removeMember)
    }

    struct MeetingForm: Content { var heldOn: String?; var chair: String? }
    struct MemberForm: Content { var userID: String?; var agencyRole: String? }

    /// Active people of the host organisation who may chair.
    static func chairs(of series: ConferenceSeries, on db: any Database) async throws -> [User] {
        try await User.query(on: db).filter(\.$organisation.$id == series.organisationID).filter(\.$disabledAt == nil).sort(\.$displayName).all()
    }

    private func form(_ request: Request, series: ConferenceSeries, _ input: MeetingForm, errors: FormErrors) async throws -> Page {
        let chairs = try await Self.chairs(of: series, on: request.db)
        return ConferencePages.newMeeting(.init(seriesID: series.id?.uuidString ?? "", seriesName: series.name, heldOn: input.heldOn ?? "",
                                                chair: input.chair, chairs: chairs.compactMap { u in u.id.map { ($0.uuidString, u.displayName) } },
                                                errors: errors),
                                          csrf: request.csrfToken, l: ConferenceAccess.localiser(request))
    }

    @Sendable func newForm(_ request: Request) async throws -> Response {
        let (series, _) = try await ConferenceAccess.managedSeries(request)
        return request.render(try await form(request, series: series, MeetingForm(), errors: FormErrors()))
    }

    @Sendable func create(_ request: Request) async throws -> Response {
        let (series, context) = try await ConferenceAccess.managedSeries(request)
        let input = try request.content.decode(MeetingForm.self)
        let l = ConferenceAccess.localiser(request)
        var errors = FormErrors()
        let day = input.heldOn.flatMap { Day(iso: $0.trimmingCharacters(in: .whitespaces)) }
        if day == nil { errors.add("heldOn", l("conferences.meeting.error.day")) }
        else if let day, day < request.today { errors.add("heldOn", l("conferences.meeting.error.day-past")) }
        let chairs = try await Self.chairs(of: series, on: request.db)
        let chair = input.chair.flatMap(UUID.init(exactly:)).flatMap { id in chairs.first { $0.id == id } }
        if chair.flatMap({ user in
            ConferenceRules.mayChair(isActiveUser: !user.isDisabled, isMember: false, organisationIsHost: user.$organisation.id == series.organisationID)
        }) != true {
            errors.add("chair", l("conferences.meeting.error.chair"))
        }
        guard errors.isEmpty, let day, let chair, let chairID = chair.id else {
            return request.render(try await form(request, series: series, input, errors: errors))
        }
        let meeting = try await Self.create(series: series, heldOn: day, chair: chair, chairID: chairID, context: context, request: request)
        return request.redirect(to: Href.conferenceMeeting(meeting.id?.uuidString ?? ""))
    }

    /// Creates the meeting with its chair as its first member, and opens its agenda with what
    /// earlier meetings left (outstanding actions, reviews due), in one transaction.
    static func create(series: ConferenceSeries, heldOn day: Day, chair: User, chairID: UUID, context: SignInContext,
                       request: Request) async throws -> ConferenceMeeting {
        let services = request.application.lantern
        let meeting = ConferenceMeeting(seriesID: try series.requireID(), heldOn: day, chairUserID: chairID, createdBy: context.userID, createdAt: services.now)
        try await request.db.transaction { tx in
            try await meeting.create(on: tx)
            try await ConferenceMember(meetingID: try meeting.requireID(), userID: chairID, organisationID: chair.$organisation.id, agencyRole: nil).create(on: tx)
            _ = try await ConferenceActionCarry.open(meeting, services: services, on: tx)
            try await request.audit(AuditEvent(action: "conference_meeting.created", recordType: "conference_meeting", recordID: meeting.id?.uuidString), on: tx)
        }
        return meeting
    }

    /// Everything the meeting's page shows this viewer.
    static func model(_ loaded: (record: ConferenceMeetingRecord, context: SignInContext, manages: Bool), request: Request,
                      errors: FormErrors = FormErrors(), done: String? = nil) async throws -> ConferencePages.MeetingShow {
        let (record, context, manages) = loaded
        let db = request.db
        let meetingID = record.meetingID
        let isChair = record.isChair(context.userID)
        // The chair and the host's lead see every nomination; other members see the accepted
        // cases while the meeting's reading window is open, and their own organisation's
        // nominations: who holds which case, at what risk, is not told before the chair accepts it.
        let items = try await ConferenceAgendaItem.query(on: db).filter(\.$meetingID == meetingID).sort(\.$position).sort(\.$createdAt).all()
            .filter { item in
                isChair || manages || item.nominatedByOrganisationID == context.organisationID
                    || ConferenceRules.memberMayRead(state: item.agendaState, heldOn: record.meeting.heldDay,
                                                     accessDaysAfter: record.series.accessDaysAfter, today: request.today)
            }
        let cases = Dictionary(try await CaseRecord.query(on: db).filter(\.$id ~~ items.map(\.caseID)).all().compactMap { c in c.id.map { ($0, c.reference) } },
                               uniquingKeysWith: { a, _ in a })
        let orgs = try await ConferenceAccess.organisationNames(on: db)
        let people = try await ConferenceAccess.names(users: record.members.map(\.userID) + [record.meeting.chairUserID] + items.map(\.nominatedBy), on: db)
        // The nomination's reason is read by the chair and the nominating organisation.
        var reasons: [UUID: String] = [:]
        for item in items where isChair || item.nominatedByOrganisationID == context.organisationID {
            guard let id = item.id, let cipher = try await request.application.lantern.caseKeys.cipher(for: item.caseID, on: db) else { continue }
            reasons[id] = try cipher.open(item.sealedReason, context: ConferenceAgendaController.reasonContext(id))
        }
        var candidates: [(String, String)] = []
        if manages {
            let present = Set(record.members.map(\.userID))
            candidates = try await User.query(on: db).filter(\.$disabledAt == nil).sort(\.$displayName).limit(2000).all()
                .filter { !present.contains($0.id ?? UUID()) }
                .compactMap { u in u.id.map { ($0.uuidString, "\(u.displayName), \(orgs[u.$organisation.id] ?? "")") } }
        }
        let accessEnds = ConferenceRules.accessEnds(heldOn: record.meeting.heldDay, accessDaysAfter: record.series.accessDaysAfter)
        return ConferencePages.MeetingShow(
            id: meetingID.uuidString, seriesName: record.series.name, kind: record.series.kind, heldOn: record.meeting.heldDay,
            state: record.meeting.meetingState, chair: people[record.meeting.chairUserID] ?? "", accessEnds: accessEnds,
            isChair: isChair, manages: manages,
            members: record.members.map { m in
                .init(id: m.id?.uuidString ?? "", name: people[m.userID] ?? "", organisation: orgs[m.organisationID] ?? "", agencyRole: m.agencyRole ?? "",
                      isChair: m.userID == record.meeting.chairUserID)
            }.sorted { ($0.organisation, $0.name) < ($1.organisation, $1.name) },
            items: items.map { item in
                .init(id: item.id?.uuidString ?? "", reference: cases[item.caseID] ?? "", state: item.agendaState, risk: item.risk,
                      nominatedBy: people[item.nominatedBy] ?? "", organisation: orgs[item.nominatedByOrganisationID] ?? "",
                      reason: item.id.flatMap { reasons[$0] }, carried: item.carriedFromItemID != nil)
            },
            candidates: candidates, errors: errors, done: done)
    }

    @Sendable func show(_ request: Request) async throws -> Response {
        let loaded = try await ConferenceAccess.meeting(request)
        try await request.audit(AuditEvent(action: "conference_meeting.viewed", recordType: "conference_meeting", recordID: loaded.record.meetingID.uuidString))
        let model = try await Self.model(loaded, request: request, done: request.query[String.self, at: "done"])
        var page = ConferencePages.meeting(model, csrf: request.csrfToken, l: ConferenceAccess.localiser(request))
        // The conference's record (outcomes, actions, minutes): ConferenceOutcomeSection, for its readers.
        if let outcomes = try await ConferenceOutcomeSection.render(meetingID: loaded.record.meetingID, request: request) {
            page.content = HTML("\(page.content)\(outcomes)")
        }
        return request.render(page)
    }

    private func managed(_ request: Request) async throws -> (record: ConferenceMeetingRecord, context: SignInContext, manages: Bool) {
        let loaded = try await ConferenceAccess.meeting(request)
        guard loaded.manages else { throw LanternError.notFound }
        return loaded
    }

    @Sendable func addMember(_ request: Request) async throws -> Response {
        let loaded = try await managed(request)
        let input = try request.content.decode(MemberForm.self)
        let l = ConferenceAccess.localiser(request)
        var errors = FormErrors()
        let user = try await input.userID.flatMap(UUID.init(exactly:)).asyncFlatMap { try await User.find($0, on: request.db) }
        if user == nil || user?.isDisabled == true { errors.add("userID", l("conferences.member.error.person")) }
        else if loaded.record.members.contains(where: { $0.userID == user?.id }) { errors.add("userID", l("conferences.member.error.already")) }
        let role = (input.agencyRole ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        if role.count > 80 || role.unicodeScalars.contains(where: { CharacterSet.controlCharacters.contains($0) }) {
            errors.add("agencyRole", l("conferences.member.error.role"))
        }
        guard errors.isEmpty, let user, let userID = user.id else {
            let model = try await Self.model(loaded, request: request, errors: errors)
            return request.render(ConferencePages.meeting(model, csrf: request.csrfToken, l: l))
        }
        let member = ConferenceMember(meetingID: loaded.record.meetingID, userID: userID, organisationID: user.$organisation.id,
                                      agencyRole: role.isEmpty ? nil : role)
        do {
            try await request.db.transaction { tx in
                try await member.create(on: tx)
                try await request.audit(AuditEvent(action: "conference_meeting.member_added", recordType: "conference_meeting",
                                                   recordID: loaded.record.meetingID.uuidString), on: tx)
            }
        } catch let error as any DatabaseError where error.isConstraintFailure {
            // Added twice at once: the unique index kept one.
        }
        return request.redirect(to: Href.conferenceMeeting(loaded.record.meetingID.uuidString).query("done", ConferencePages.Done.memberAdded.rawValue))
    }

    @Sendable func removeMember(_ request: Request) async throws -> Response {
        let loaded = try await managed(request)
        let memberID = try ConferenceAccess.uuid(request, "memberID")
        guard let member = loaded.record.members.first(where: { $0.id == memberID }) else { throw LanternError.notFound }
        guard member.userID != loaded.record.meeting.chairUserID else {
            throw LanternError.conflict(ConferenceAccess.localiser(request)("conferences.member.error.chair"))
        }
        try await request.db.transaction { tx in
            try await ConferenceMember.query(on: tx).filter(\.$id == memberID).delete()
            try await request.audit(AuditEvent(action: "conference_meeting.member_removed", recordType: "conference_meeting",
                                               recordID: loaded.record.meetingID.uuidString), on: tx)
        }
        return request.redirect(to: Href.conferenceMeeting(loaded.record.meetingID.uuidString).query("done", ConferencePages.Done.memberRemoved.rawValue))
    }
}

extension Optional {
    fileprivate func asyncFlatMap<U>(_ transform: (Wrapped) async throws -> U?) async rethrows -> U? {
        guard let value = self else { return nil }
        return try await transform(value)
    }
}
