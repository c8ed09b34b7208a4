import Fluent
import Foundation
import LanternCore
import Vapor

/// A group's minutes. The secretariat (`manageGroup`) drafts, circulates, publishes and
/// corrects; the chair or secretariat (`approveMinutes`) approves; members (`viewBoardPapers`)
/// read minutes once circulated. A draft is the secretariat's alone: to anyone else it is
/// not there (404), as are the minutes of a group the person may not see.
struct MinutesController {
    func register(_ routes: LanternRoutes) {
        routes.get(MinutesPaths.groupMinutes, access: .anyAction(Self.readers), use: groupList)
        routes.get(MinutesPaths.meetingMinutes, access: .anyAction(Self.readers), use: meeting)
        routes.post(MinutesPaths.meetingMinutes, access: .action(.manageGroup), use: start)
        routes.get(MinutesPaths.version, access: .anyAction(Self.readers), use: version)
        routes.get(MinutesPaths.edit, access: .action(.manageGroup), use: editForm)
        routes.post(MinutesPaths.edit, access: .action(.manageGroup), use: save)
        routes.post(MinutesPaths.circulate, access: .action(.manageGroup), use: circulate)
        routes.post(MinutesPaths.approve, access: .action(.approveMinutes), use: approve)
        routes.post(MinutesPaths.publish, access: .action(.manageGroup), use: publish)
        routes.get(MinutesPaths.correct, access: .action(.manageGroup), use: correctForm)
        routes.post(MinutesPaths.correct, access: .action(.manageGroup), use: correct)
    }

    static let readers: [Action] = [.manageGroup, .viewBoardPapers]

    // MARK: loading

    private func meetingTarget(_ request: Request, for actions: [Action]) async throws -> (Meeting, Authorised<PartnershipGroup>) {
        guard let id = request.parameters.get("meetingID", as: UUID.self), let meeting = try await Meeting.find(id, on: request.db) else {
            throw LanternError.notFound
        }
        let group = actions.count == 1 ? try await request.authoriseGroup(meeting.$group.id, for: actions[0])
            : try await request.authoriseGroup(meeting.$group.id, forAnyOf: actions)
        return (meeting, group)
    }

    /// The minutes named in the path, their meeting and group, for `actions`; a draft only
    /// for those who run the group.
    private func minutesTarget(_ request: Request, for actions: [Action]) async throws -> (GovernanceMinutes, Meeting, Authorised<PartnershipGroup>) {
        guard let id = request.parameters.get("minutesID", as: UUID.self), let minutes = try await GovernanceMinutes.find(id, on: request.db),
              let meeting = try await Meeting.find(minutes.meetingID, on: request.db) else { throw LanternError.notFound }
        let group = actions.count == 1 ? try await request.authoriseGroup(meeting.$group.id, for: actions[0])
            : try await request.authoriseGroup(meeting.$group.id, forAnyOf: actions)
        if minutes.minutesState == .draft && group.action != .manageGroup { throw LanternError.notFound }
        return (minutes, meeting, group)
    }

    private func can(_ action: Action, _ group: Authorised<PartnershipGroup>, _ request: Request) -> Bool {
        group.action == action || (try? group.also(action, policy: request.accessPolicy)) != nil
    }

    // MARK: pages

    @Sendable func groupList(_ request: Request) async throws -> Response {
        guard let groupID = request.parameters.get("groupID", as: UUID.self) else { throw LanternError.notFound }
        let group = try await request.authoriseGroup(groupID, forAnyOf: Self.readers)
        let meetings = try await Meeting.query(on: request.db).filter(\.$group.$id == groupID).sort(\.$startsAt, .descending).all()
        let minutes = try await GovernanceMinutes.query(on: request.db).filter(\.$groupID == groupID).all()
        let manages = group.action == .manageGroup
        var latest: [UUID: GovernanceMinutes] = [:]
        for m in minutes where manages || m.minutesState != .draft {
            if (latest[m.meetingID]?.version ?? 0) < m.version { latest[m.meetingID] = m }
        }
        let model = MinutesPages.GroupList(groupID: groupID.uuidString, groupName: group.record.name, meetings: meetings.map {
            (id: $0.id?.uuidString ?? "", title: $0.title, startsAt: $0.startsAt, state: $0.id.flatMap { latest[$0]?.minutesState })
        })
        return request.render(MinutesPages.groupList(model, l: MinutesPages.localiser(request)))
    }

    @Sendable func meeting(_ request: Request) async throws -> Response {
        let (meeting, group) = try await meetingTarget(request, for: Self.readers)
        let done = request.query[String.self, at: "done"].flatMap(MinutesPages.Meeting.Done.init(rawValue:))
        return request.render(try await meetingPage(meeting, group, request: request, done: done))
    }

    private func meetingPage(_ meeting: Meeting, _ group: Authorised<PartnershipGroup>, request: Request, done: MinutesPages.Meeting.Done? = nil,
                             errors: FormErrors = FormErrors(), approvalChoice: String = "") async throws -> Page {
        let l = MinutesPages.localiser(request)
        let meetingID = try meeting.requireID()
        let canManage = can(.manageGroup, group, request)
        let all = try await GovernanceMinutes.query(on: request.db).filter(\.$meetingID == meetingID).sort(\.$version).all()
        let visible = all.filter { canManage || $0.minutesState != .draft }
        var current: MinutesPages.Version?
        if let last = visible.last { current = try await versionModel(last, meeting: meeting, all: all, on: request.db) }
        let later = try await Meeting.query(on: request.db).filter(\.$group.$id == meeting.$group.id)
            .filter(\.$startsAt > meeting.startsAt).filter(\.$status != MeetingStatus.cancelled.rawValue).sort(\.$startsAt).all()
        let superseded = MinutesRules.superseded(all.map { $0.supersedesID?.uuidString })
        let model = MinutesPages.Meeting(
            groupID: meeting.$group.id.uuidString, groupName: group.record.name, meetingID: meetingID.uuidString,
            meetingTitle: meeting.title, meetingStartsAt: meeting.startsAt, current: current,
            history: visible.reversed().map { .init(id: $0.id?.uuidString ?? "", version: $0.version, state: $0.minutesState,
                                                    publishedOn: $0.publishedOn.map(Day.init(daysSinceEpoch:)), correctionNote: $0.correctionNote,
                                                    superseded: superseded.contains($0.id?.uuidString ?? "")) },
            canManage: canManage, canApprove: can(.approveMinutes, group, request),
            approvalMeetings: later.map { (id: $0.id?.uuidString ?? "", title: $0.title, startsAt: $0.startsAt) },
            approvalChoice: approvalChoice.isEmpty ? (later.first?.id?.uuidString ?? "") : approvalChoice,
            errors: errors, done: done)
        return MinutesPages.meeting(model, csrf: request.csrfToken, l: l)
    }

    private func versionModel(_ m: GovernanceMinutes, meeting: Meeting, all: [GovernanceMinutes], on db: any Database) async throws -> MinutesPages.Version {
        var approver: User?, approvingMeeting: Meeting?
        if let id = m.approvedBy { approver = try await User.find(id, on: db) }
        if let id = m.approvedAtMeetingID { approvingMeeting = try await Meeting.find(id, on: db) }
        var publicVersion: MinutesRedaction.PublicMinutes?
        if m.minutesState == .published {
            let confidential = try await AgendaItem.query(on: db).filter(\.$meeting.$id == m.meetingID).filter(\.$isConfidential == true).all()
            publicVersion = MinutesRedaction.publicVersion(of: m.document, withheldNames: m.withheldNames,
                                                           confidentialNow: Set(confidential.compactMap { $0.id?.uuidString }))
        }
        return MinutesPages.Version(
            id: m.id?.uuidString ?? "", meetingID: m.meetingID.uuidString, meetingTitle: meeting.title, version: m.version,
            state: m.minutesState, document: m.document, withheldNames: m.withheldNames,
            circulatedOn: m.circulatedOn.map(Day.init(daysSinceEpoch:)), approvedOn: m.approvedOn.map(Day.init(daysSinceEpoch:)),
            approvedBy: approver?.displayName, approvedAt: approvingMeeting?.title,
            publishedOn: m.publishedOn.map(Day.init(daysSinceEpoch:)), correctionNote: m.correctionNote,
            supersedesVersion: all.first { $0.id == m.supersedesID }?.version,
            supersededByVersion: all.first { $0.supersedesID != nil && $0.supersedesID == m.id }?.version,
            publicVersion: publicVersion)
    }

    @Sendable func version(_ request: Request) async throws -> Response {
        let (minutes, meeting, _) = try await minutesTarget(request, for: Self.readers)
        let all = try await GovernanceMinutes.query(on: request.db).filter(\.$meetingID == minutes.meetingID).all()
        let model = try await versionModel(minutes, meeting: meeting, all: all, on: request.db)
        try await request.audit(AuditEvent(action: "minutes.viewed", recordType: "governance_minutes", recordID: minutes.id?.uuidString))
        return request.render(MinutesPages.versionPage(model, l: MinutesPages.localiser(request)))
    }

    // MARK: drafting

    @Sendable func start(_ request: Request) async throws -> Response {
        let (meeting, group) = try await meetingTarget(request, for: [.manageGroup])
        let meetingID = try meeting.requireID()
        guard try await GovernanceMinutes.query(on: request.db).filter(\.$meetingID == meetingID).first() == nil,
              let minutes = try await MinutesService.startDraft(meeting: meeting, group: group, services: request.application.lantern, request: request)
        else {
            return request.render(try await meetingPage(meeting, group, request: request, done: .stale))
        }
        return request.redirect(to: Href.editMinutes(minutes.id?.uuidString ?? ""))
    }

    @Sendable func editForm(_ request: Request) async throws -> Response {
        let (minutes, meeting, _) = try await minutesTarget(request, for: [.manageGroup])
        guard minutes.minutesState == .draft else { return request.redirect(to: Href.meetingMinutes(meeting.id?.uuidString ?? "")) }
        return request.render(MinutesPages.form(Self.form(minutes, meeting: meeting, isCorrection: false), csrf: request.csrfToken,
                                                l: MinutesPages.localiser(request)))
    }

    static func form(_ minutes: GovernanceMinutes, meeting: Meeting, isCorrection: Bool) -> MinutesPages.Form {
        let document = minutes.document
        return MinutesPages.Form(minutesID: minutes.id?.uuidString ?? "", meetingID: minutes.meetingID.uuidString, meetingTitle: meeting.title,
                                 isCorrection: isCorrection, general: document.general,
                                 items: document.items.map { ($0.agendaItemID, $0.title, $0.isConfidential, $0.text) },
                                 names: minutes.withheldNames.joined(separator: "\n"), note: "", errors: FormErrors())
    }

    /// The form as typed, checked: the document, the names, and the problems by field.
    private func read(_ request: Request, into form: inout MinutesPages.Form, l: Localiser) -> (MinutesDocument, [String]) {
        func field(_ name: String) -> String { (request.content[String.self, at: name] ?? "").replacingOccurrences(of: "\r\n", with: "\n") }
        form.general = field("general")
        form.names = field("names")
        form.note = field("note")
        var errors = FormErrors()
        if let problem = MinutesRules.textProblem(form.general) { errors.add("general", MinutesPages.errorMessage(problem.rawValue, l: l)) }
        for index in form.items.indices {
            let name = "item-\(form.items[index].agendaItemID)"
            form.items[index].text = field(name)
            if let problem = MinutesRules.textProblem(form.items[index].text) { errors.add(name, MinutesPages.errorMessage(problem.rawValue, l: l)) }
        }
        let names = MinutesRules.names(fromLines: form.names)
        if let problem = MinutesRules.nameProblem(names) { errors.add("names", MinutesPages.errorMessage(problem.rawValue, l: l)) }
        if form.isCorrection, let problem = MinutesRules.noteProblem(form.note) { errors.add("note", MinutesPages.errorMessage(problem.rawValue, l: l)) }
        form.errors = errors
        let document = MinutesDocument(general: form.general.trimmingCharacters(in: .whitespacesAndNewlines), items: form.items.map {
            .init(agendaItemID: $0.agendaItemID, title: $0.title, isConfidential: $0.isConfidential, text: $0.text.trimmingCharacters(in: .whitespacesAndNewlines))
        })
        return (document, names)
    }

    @Sendable func save(_ request: Request) async throws -> Response {
        let (minutes, meeting, group) = try await minutesTarget(request, for: [.manageGroup])
        let l = MinutesPages.localiser(request)
        var form = Self.form(minutes, meeting: meeting, isCorrection: false)
        let (document, names) = read(request, into: &form, l: l)
        guard form.errors.isEmpty else { return request.render(MinutesPages.form(form, csrf: request.csrfToken, l: l)) }
        guard try await MinutesService.saveDraft(try minutes.requireID(), document: document, names: names, request: request) else {
            return request.render(try await meetingPage(meeting, group, request: request, done: .stale))
        }
        return request.redirect(to: Href.meetingMinutes(minutes.meetingID.uuidString).query("done", MinutesPages.Meeting.Done.saved.rawValue))
    }

    // MARK: steps

    @Sendable func circulate(_ request: Request) async throws -> Response {
        let (minutes, meeting, group) = try await minutesTarget(request, for: [.manageGroup])
        let context = try group.context(for: .manageGroup)
        let services = request.application.lantern
        let minutesID = try minutes.requireID(), groupID = meeting.$group.id, meetingID = try meeting.requireID()
        let taken = try await MinutesService.take(.circulate, minutesID: minutesID, by: context.userID, services: services, request: request) { tx in
            try await MinutesService.tellMembers(minutesID: minutesID, groupID: groupID, meetingID: meetingID, services: services, on: tx)
        }
        return try await after(taken, .circulated, meeting, group, request)
    }

    @Sendable func approve(_ request: Request) async throws -> Response {
        let (minutes, meeting, group) = try await minutesTarget(request, for: [.approveMinutes])
        let context = try group.context(for: .approveMinutes)
        let choice = request.content[String.self, at: "meetingID"] ?? ""
        var approving: Meeting?
        if let id = UUID(exactly: choice) { approving = try await Meeting.find(id, on: request.db) }
        if let problem = MinutesRules.approvalProblem(
            minutedStartsAt: meeting.startsAt.timeIntervalSince1970, minutedGroupID: meeting.$group.id.uuidString,
            approvingStartsAt: approving?.startsAt.timeIntervalSince1970, approvingGroupID: approving?.$group.id.uuidString,
            approvingCancelled: approving?.meetingStatus == .cancelled) {
            var errors = FormErrors()
            errors.add("meetingID", MinutesPages.errorMessage(problem.rawValue, l: MinutesPages.localiser(request)))
            return request.render(try await meetingPage(meeting, group, request: request, errors: errors, approvalChoice: choice))
        }
        let taken = try await MinutesService.take(.approve, minutesID: try minutes.requireID(), by: context.userID, approvingMeetingID: approving?.id,
                                                  services: request.application.lantern, request: request)
        return try await after(taken, .approved, meeting, group, request)
    }

    @Sendable func publish(_ request: Request) async throws -> Response {
        let (minutes, meeting, group) = try await minutesTarget(request, for: [.manageGroup])
        let context = try group.context(for: .manageGroup)
        let taken = try await MinutesService.take(.publish, minutesID: try minutes.requireID(), by: context.userID,
                                                  services: request.application.lantern, request: request)
        return try await after(taken, .published, meeting, group, request)
    }

    /// The step's answer: back to the meeting's minutes, or, when another request took the
    /// step first, the page as it now is with 409 Conflict.
    private func after(_ taken: Bool, _ done: MinutesPages.Meeting.Done, _ meeting: Meeting, _ group: Authorised<PartnershipGroup>,
                       _ request: Request) async throws -> Response {
        guard taken else { return request.render(try await meetingPage(meeting, group, request: request, done: .stale)) }
        return request.redirect(to: Href.meetingMinutes(meeting.id?.uuidString ?? "").query("done", done.rawValue))
    }

    // MARK: corrections

    private func correctable(_ request: Request) async throws -> (GovernanceMinutes, Meeting, Authorised<PartnershipGroup>) {
        let (minutes, meeting, group) = try await minutesTarget(request, for: [.manageGroup])
        let id = try minutes.requireID()
        let newer = try await GovernanceMinutes.query(on: request.db).filter(\.$supersedesID == id).first()
        // The minutes are the person's to see: a draft, or a version already corrected, is in
        // the wrong state for a correction (409 with words), not missing (404).
        guard minutes.minutesState == .published, newer == nil else {
            throw LanternError.conflict(MinutesPages.localiser(request)("minutes.error-not-correctable"))
        }
        return (minutes, meeting, group)
    }

    @Sendable func correctForm(_ request: Request) async throws -> Response {
        let (minutes, meeting, _) = try await correctable(request)
        return request.render(MinutesPages.form(Self.form(minutes, meeting: meeting, isCorrection: true), csrf: request.csrfToken,
                                                l: MinutesPages.localiser(request)))
    }

    @Sendable func correct(_ request: Request) async throws -> Response {
        let (minutes, meeting, group) = try await correctable(request)
        let l = MinutesPages.localiser(request)
        var form = Self.form(minutes, meeting: meeting, isCorrection: true)
        let (document, names) = read(request, into: &form, l: l)
        guard form.errors.isEmpty else { return request.render(MinutesPages.form(form, csrf: request.csrfToken, l: l)) }
        guard try await MinutesService.correct(minutes, document: document, names: names, note: form.note.trimmingCharacters(in: .whitespacesAndNewlines),
                                               group: group, services: request.application.lantern, request: request) != nil else {
            return request.render(try await meetingPage(meeting, group, request: request, done: .stale))
        }
        return request.redirect(to: Href.meetingMinutes(minutes.meetingID.uuidString).query("done", MinutesPages.Meeting.Done.corrected.rawValue))
    }
}
